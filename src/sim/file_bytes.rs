//! Where the bytes of a file in the simulated tenant are (`docs/graph-notes.md` §23). A file
//! keeps them with its item, as one cheaply cloned handle: a seeded file's are regenerated from
//! its source on demand (nothing stored), an uploaded file's sit in a file of the tenant's
//! spool on disk (`state::spool` writes them). A server-side copy shares its original's handle,
//! and the spooled file is removed when the last handle goes: when every item holding it was
//! deleted or got new content, and no download of it is still being streamed. So the tenant
//! holds no file's bytes in memory, and a download can outlive the item it began from.
//!
//! At the bottom of `sim` beside `exchange`, whose download answer carries a handle.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::source::{FileOrigin, SourceFile};

/// A file on disk that holds an uploaded file's bytes (whole, or as far as an upload session
/// has sent them), removed when it is dropped.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct SpooledFile {
    path: PathBuf,
    size: u64,
}

impl SpooledFile {
    /// The file at `path`, already holding `size` bytes; it is removed when this is dropped.
    pub(crate) fn adopt(path: PathBuf, size: u64) -> SpooledFile {
        SpooledFile { path, size }
    }

    /// Where it is.
    pub(crate) fn path(&self) -> &Path {
        &self.path
    }

    /// Records `added` more bytes written at its end.
    pub(crate) fn grew(&mut self, added: u64) {
        self.size += added;
    }
}

impl Drop for SpooledFile {
    fn drop(&mut self) {
        // Gone already when the tenant's spool directory went first: nothing to do.
        let _ = std::fs::remove_file(&self.path);
    }
}

#[derive(Debug)]
enum Origin {
    /// Regenerated from the seeded source file.
    Seeded(SourceFile),
    /// Read back from the spool.
    Spooled(SpooledFile),
}

/// A file's bytes: cloning shares them (a copy of the file, a download in flight).
#[derive(Debug, Clone)]
pub(crate) struct FileBytes(Arc<Origin>);

impl FileBytes {
    /// The bytes of a seeded source file, regenerated whenever they are read.
    pub(crate) fn seeded(file: SourceFile) -> FileBytes {
        FileBytes(Arc::new(Origin::Seeded(file)))
    }

    /// The bytes an upload left in the spool.
    pub(crate) fn spooled(file: SpooledFile) -> FileBytes {
        FileBytes(Arc::new(Origin::Spooled(file)))
    }

    /// How many bytes.
    pub(crate) fn size(&self) -> u64 {
        match &*self.0 {
            Origin::Seeded(file) => file.size,
            Origin::Spooled(file) => file.size,
        }
    }

    /// Where the bytes are on disk, if they are spooled.
    pub(crate) fn spooled_path(&self) -> Option<&Path> {
        match &*self.0 {
            Origin::Seeded(_) => None,
            Origin::Spooled(file) => Some(&file.path),
        }
    }

    /// The bytes as a source file, for `SourceReader` to open (a spooled one is a local
    /// file); keep this handle until reading ends, so a spooled file outlives the read.
    pub(crate) fn source_file(&self) -> SourceFile {
        match &*self.0 {
            Origin::Seeded(file) => file.clone(),
            Origin::Spooled(file) => SourceFile {
                rel_path: file.path.to_string_lossy().into_owned(),
                size: file.size,
                created: None,
                modified: None,
                origin: FileOrigin::Local(file.path.clone()),
            },
        }
    }
}

/// Two handles are equal when they share the same bytes.
impl PartialEq for FileBytes {
    fn eq(&self, other: &FileBytes) -> bool {
        Arc::ptr_eq(&self.0, &other.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_spooled_file_goes_with_its_last_handle() {
        let path =
            std::env::temp_dir().join(format!("pilotbench-file-bytes-test-{}", std::process::id()));
        std::fs::write(&path, b"abc").expect("write");
        let bytes = FileBytes::spooled(SpooledFile::adopt(path.clone(), 3));
        let copy = bytes.clone();
        assert_eq!(copy, bytes);
        assert_eq!(copy.size(), 3);
        assert_eq!(copy.source_file().origin, FileOrigin::Local(path.clone()));
        drop(bytes);
        assert!(path.exists(), "a copy still holds it");
        drop(copy);
        assert!(!path.exists(), "the last handle removes it");
    }
}
