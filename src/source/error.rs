//! Why a source could not be enumerated at all.

use std::path::PathBuf;

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
