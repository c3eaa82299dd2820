//! Enumerating and reading a site's source items: a local folder tree or a deterministic
//! synthetic generator. Knows nothing of the destination: it yields relative paths, sizes,
//! timestamps and byte streams.

mod folder;
mod synthetic;

use std::path::PathBuf;
use std::time::SystemTime;

use bytes::Bytes;

use crate::scenario::SourceSpec;

/// Everything a source holds, enumerated up front (paths and sizes only, never content).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct SourceTree {
    /// Folder paths relative to the source root, `/`-separated, every parent listed before its
    /// children; the root itself is not listed.
    pub folders: Vec<String>,
    /// Files, in a stable order (sorted by path).
    pub files: Vec<SourceFile>,
}

impl SourceTree {
    /// Sum of file sizes.
    pub fn total_bytes(&self) -> u64 {
        self.files.iter().map(|f| f.size).sum()
    }
}

/// One file of a source.
#[derive(Debug, Clone, PartialEq)]
pub struct SourceFile {
    /// Path relative to the source root, `/`-separated. For a name that is not valid UTF-8, the
    /// lossy form (with U+FFFD), and `origin` is [`FileOrigin::Invalid`].
    pub rel_path: String,
    /// Bytes.
    pub size: u64,
    /// Creation time, if the source knows it.
    pub created: Option<SystemTime>,
    /// Modification time, if the source knows it.
    pub modified: Option<SystemTime>,
    /// How to read it.
    pub origin: FileOrigin,
}

/// How a file's bytes are obtained.
#[derive(Debug, Clone, PartialEq)]
pub enum FileOrigin {
    /// A local file.
    Local(PathBuf),
    /// Generated: the synthetic source's seed and this file's index.
    Synthetic {
        /// The source's seed.
        seed: u64,
        /// The file's index in the source.
        index: u64,
    },
    /// Enumerated but cannot be copied (e.g. a name that is not UTF-8); the reason says why.
    Invalid {
        /// What is wrong, for `last_error`.
        reason: String,
    },
}

/// A source could not be enumerated at all (its root is missing or unreadable).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SourceError {
    /// The root folder cannot be read.
    #[error("cannot read source folder {}: {reason}", path.display())]
    Root {
        /// The folder.
        path: PathBuf,
        /// The I/O error.
        reason: String,
    },
}

/// Lists a source's folders and files. Unreadable subfolders and files do not fail the
/// enumeration: they are reported as files with [`FileOrigin::Invalid`] or fail when opened.
pub fn enumerate(spec: &SourceSpec) -> Result<SourceTree, SourceError> {
    match spec {
        SourceSpec::Folder { path } => folder::enumerate(path),
        SourceSpec::Synthetic(spec) => Ok(synthetic::enumerate(spec)),
    }
}

/// A file's bytes, read sequentially in chunks; content is streamed, never held whole.
pub struct SourceReader {
    inner: ReaderKind,
}

enum ReaderKind {
    Local(folder::LocalReader),
    Synthetic(synthetic::SyntheticReader),
}

impl SourceReader {
    /// Opens a file for reading. Fails with the I/O error (for `source-unreadable`).
    pub async fn open(file: &SourceFile) -> std::io::Result<SourceReader> {
        let inner = match &file.origin {
            FileOrigin::Local(path) => ReaderKind::Local(folder::LocalReader::open(path).await?),
            FileOrigin::Synthetic { seed, index } => {
                ReaderKind::Synthetic(synthetic::SyntheticReader::new(*seed, *index, file.size))
            }
            FileOrigin::Invalid { reason } => {
                return Err(std::io::Error::new(
                    std::io::ErrorKind::InvalidData,
                    reason.clone(),
                ));
            }
        };
        Ok(SourceReader { inner })
    }

    /// Reads up to `max` bytes; an empty result means end of file.
    pub async fn read_chunk(&mut self, max: usize) -> std::io::Result<Bytes> {
        match &mut self.inner {
            ReaderKind::Local(r) => r.read_chunk(max).await,
            ReaderKind::Synthetic(r) => Ok(r.read_chunk(max)),
        }
    }
}

/// A one-line description of a source for reports.
pub fn describe(spec: &SourceSpec) -> String {
    let _ = spec;
    todo!()
}
