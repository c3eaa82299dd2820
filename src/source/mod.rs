//! Enumerating and reading a site's source items: a local folder tree, a deterministic
//! synthetic generator, or a drive of a tenant (the one use of `graph`). Knows nothing of the
//! destination: it yields relative paths, sizes, timestamps and byte streams
//! ([`crate::vocab::chunk_read::ChunkRead`]).

mod folder;
mod graph_drive;
mod synthetic;

use std::cmp::Ordering;
use std::path::PathBuf;
use std::time::SystemTime;

use bytes::Bytes;

use crate::scenario::{SizeDistribution, SourceSpec};
use crate::vocab::units::human_bytes;

pub use graph_drive::{ListedDrive, list_graph_drive};
pub use synthetic::MAX_SYNTHETIC_FOLDERS;

/// Everything a source holds, enumerated up front (paths and sizes only, never content).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct SourceTree {
    /// Folder paths relative to the source root, `/`-separated, every parent listed before its
    /// children; the root itself is not listed.
    pub folders: Vec<String>,
    /// Files, in a stable order: sorted by path component by component (`a/z` before `a b`),
    /// which is the order of a depth-first walk with each folder's names sorted.
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
    /// An item of a drive in the tenant (a graph-drive source), read by downloading it.
    Remote {
        /// The source drive.
        drive_id: String,
        /// The item.
        item_id: String,
        /// The quickXorHash (base64) the source listing gave, if any.
        quick_xor_hash: Option<String>,
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
///
/// A graph-drive source is listed through the Graph client once the target is reached
/// ([`list_graph_drive`]); here it gives its seed's tree (what the simulated tenant will hold),
/// or an empty tree for a real tenant's drive.
pub fn enumerate(spec: &SourceSpec) -> Result<SourceTree, SourceError> {
    match spec {
        SourceSpec::Folder { path } => folder::enumerate(path),
        SourceSpec::Synthetic(spec) => Ok(synthetic::enumerate(spec)),
        SourceSpec::GraphDrive(spec) => match &spec.seed {
            Some(seed) => enumerate(seed),
            None => Ok(SourceTree::default()),
        },
    }
}

/// One line naming a source for reports: `folder /abs/path` or `synthetic: 400 files,
/// lognormal median 256.0 KiB sigma 1.2 max 64.0 MiB, depth 3, fan-out 4, seed 1`.
pub fn describe(spec: &SourceSpec) -> String {
    match spec {
        SourceSpec::GraphDrive(spec) => graph_drive::describe(spec),
        SourceSpec::Folder { path } => format!("folder {}", path.display()),
        SourceSpec::Synthetic(spec) => {
            let sizes = match spec.size {
                SizeDistribution::Fixed { value } => format!("fixed {}", human_bytes(value)),
                SizeDistribution::Uniform { min, max } => {
                    format!("uniform {} to {}", human_bytes(min), human_bytes(max))
                }
                SizeDistribution::LogNormal { median, sigma, max } => format!(
                    "lognormal median {} sigma {sigma} max {}",
                    human_bytes(median),
                    human_bytes(max)
                ),
            };
            format!(
                "synthetic: {} files, {sizes}, depth {}, fan-out {}, seed {}",
                spec.files, spec.depth, spec.fan_out, spec.seed
            )
        }
    }
}

/// The order of [`SourceTree`] paths: component by component, each compared by its bytes, so
/// a folder's contents stay together (`a/z` before `a b`) and a parent precedes its children.
/// Equivalent to comparing the bytes with `/` ranked below every other byte.
pub(crate) fn path_order(a: &str, b: &str) -> Ordering {
    let rank = |byte: u8| if byte == b'/' { 0 } else { u16::from(byte) + 1 };
    let (a, b) = (a.as_bytes(), b.as_bytes());
    match a.iter().zip(b).position(|(x, y)| x != y) {
        Some(at) => rank(a[at]).cmp(&rank(b[at])),
        None => a.len().cmp(&b.len()),
    }
}

/// A file's bytes, read sequentially in chunks; content is streamed, never held whole.
pub struct SourceReader {
    inner: ReaderKind,
}

enum ReaderKind {
    Local(folder::LocalReader),
    Synthetic(synthetic::SyntheticReader),
    Chunks(Box<dyn crate::vocab::chunk_read::ChunkRead>),
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
            FileOrigin::Remote { .. } => {
                return Err(std::io::Error::new(
                    std::io::ErrorKind::Unsupported,
                    "an item of a tenant's drive is read by downloading it through the Graph client",
                ));
            }
        };
        Ok(SourceReader { inner })
    }

    /// A reader over bytes that arrive in chunks from elsewhere (a download).
    pub fn from_chunks(chunks: Box<dyn crate::vocab::chunk_read::ChunkRead>) -> SourceReader {
        SourceReader {
            inner: ReaderKind::Chunks(chunks),
        }
    }

    /// Reads up to `max` bytes; an empty result means end of file.
    pub async fn read_chunk(&mut self, max: usize) -> std::io::Result<Bytes> {
        match &mut self.inner {
            ReaderKind::Local(r) => r.read_chunk(max).await,
            ReaderKind::Synthetic(r) => Ok(r.read_chunk(max)),
            ReaderKind::Chunks(r) => r.read_chunk(max).await,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::SyntheticSpec;

    #[test]
    fn paths_order_by_component() {
        let mut paths = vec!["a b", "a/z", "a", "b", "a/b/c", "a-b", "a/b"];
        paths.sort_by(|x, y| path_order(x, y));
        assert_eq!(paths, ["a", "a/b", "a/b/c", "a/z", "a b", "a-b", "b"]);
    }

    #[test]
    fn describe_names_the_source() {
        let folder = SourceSpec::Folder {
            path: PathBuf::from("/data/site one"),
        };
        assert_eq!(describe(&folder), "folder /data/site one");
        let synthetic = SourceSpec::Synthetic(SyntheticSpec {
            files: 400,
            depth: 3,
            fan_out: 4,
            seed: 1,
            size: SizeDistribution::LogNormal {
                median: 256 * 1024,
                sigma: 1.2,
                max: 64 * 1024 * 1024,
            },
        });
        assert_eq!(
            describe(&synthetic),
            "synthetic: 400 files, lognormal median 256.0 KiB sigma 1.2 max 64.0 MiB, depth 3, \
             fan-out 4, seed 1"
        );
        let fixed = SourceSpec::Synthetic(SyntheticSpec {
            files: 1,
            depth: 0,
            fan_out: 0,
            seed: 9,
            size: SizeDistribution::Uniform { min: 0, max: 2048 },
        });
        assert!(describe(&fixed).contains("uniform 0 B to 2.0 KiB"));
    }

    #[tokio::test]
    async fn readers_open_by_origin() {
        let invalid = SourceFile {
            rel_path: "link".to_string(),
            size: 0,
            created: None,
            modified: None,
            origin: FileOrigin::Invalid {
                reason: "symbolic link to /x, not followed".to_string(),
            },
        };
        let error = SourceReader::open(&invalid)
            .await
            .err()
            .map(|e| e.to_string());
        assert_eq!(error.as_deref(), Some("symbolic link to /x, not followed"));

        let synthetic = SourceFile {
            origin: FileOrigin::Synthetic { seed: 3, index: 9 },
            size: 10,
            ..invalid
        };
        let mut reader = SourceReader::open(&synthetic).await.expect("open");
        assert_eq!(reader.read_chunk(6).await.expect("read").len(), 6);
        assert_eq!(reader.read_chunk(6).await.expect("read").len(), 4);
        assert!(reader.read_chunk(6).await.expect("read").is_empty());
    }
}
