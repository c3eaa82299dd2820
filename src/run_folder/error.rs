//! What goes wrong reading a run folder back: a file that is missing or unreadable, or one
//! that is not what pilotbench writes (edited by hand, truncated, or holding a value the
//! vocabulary does not know). Each error names the file, and the line and column where the
//! file's reader knows them, so the lead can find what to fix (contract 4).

use std::path::{Path, PathBuf};

use super::file_names::{ITEMS_FILE, SUMMARY_FILE};

/// A run folder could not be read.
#[derive(Debug, thiserror::Error)]
pub enum RunFolderError {
    /// A file is missing or unreadable.
    #[error("cannot read {}: {reason}; give the folder a `pilotbench run` wrote (it holds {SUMMARY_FILE} and {ITEMS_FILE})", path.display())]
    Read {
        /// The file.
        path: PathBuf,
        /// Why.
        reason: String,
    },
    /// A file is not what pilotbench writes.
    #[error("{}{}: {reason}; was it edited? Run the pilot again or restore the file", path.display(), line.map(|l| format!(":{l}")).unwrap_or_default())]
    Malformed {
        /// The file.
        path: PathBuf,
        /// The line, where known.
        line: Option<u64>,
        /// Why.
        reason: String,
    },
}

/// `path` could not be read.
pub(super) fn unreadable(path: &Path, error: impl std::fmt::Display) -> RunFolderError {
    RunFolderError::Read {
        path: path.to_path_buf(),
        reason: error.to_string(),
    }
}

/// `path` is not JSON of the expected shape (serde_json's message ends with the line and
/// column).
pub(super) fn malformed_json(path: &Path, error: &serde_json::Error) -> RunFolderError {
    RunFolderError::Malformed {
        path: path.to_path_buf(),
        line: Some(error.line() as u64),
        reason: error.to_string(),
    }
}

/// `path` is not CSV of the expected shape. Where the csv reader knows which cell failed (a
/// number that is not one), the cell is named by its column in the file's own `header`; a
/// value the vocabulary does not know names itself ("unknown outcome …").
pub(super) fn malformed_csv(path: &Path, header: &[String], error: &csv::Error) -> RunFolderError {
    let line = error.position().map(csv::Position::line);
    let reason = match error.kind() {
        csv::ErrorKind::Deserialize { err, .. } => match err.field() {
            Some(index) => {
                let column = usize::try_from(index)
                    .ok()
                    .and_then(|index| header.get(index))
                    .map_or_else(|| format!("{}", index + 1), |name| name.clone());
                format!("column {column}: {}", err.kind())
            }
            None => err.kind().to_string(),
        },
        _ => error.to_string(),
    };
    RunFolderError::Malformed {
        path: path.to_path_buf(),
        line,
        reason,
    }
}
