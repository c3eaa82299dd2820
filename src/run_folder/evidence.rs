//! A finished run's folder read back: `summary.json` and `items.csv`. The estimate, the
//! Go/No-Go decision and the reports are built from these files — at the end of a run and by
//! `pilotbench estimate|decide|report RUN_DIR` alike — so a rebuilt report is the same report,
//! and a run's evidence needs nothing but its folder (and the scenario it names).

use std::path::{Path, PathBuf};

use super::error::RunFolderError;
use super::file_names::{ITEMS_FILE, SUMMARY_FILE};
use super::items::{ItemRow, read_items};
use super::summary::{RunSummary, read_summary};

/// A run folder, loaded.
#[derive(Debug, Clone, PartialEq)]
pub struct RunEvidence {
    /// The folder.
    pub dir: PathBuf,
    /// `summary.json`.
    pub summary: RunSummary,
    /// `items.csv`, in file order.
    pub items: Vec<ItemRow>,
}

/// Loads `summary.json` and `items.csv` from `dir`.
pub fn load(dir: &Path) -> Result<RunEvidence, RunFolderError> {
    Ok(RunEvidence {
        dir: dir.to_path_buf(),
        summary: read_summary(&dir.join(SUMMARY_FILE))?,
        items: read_items(&dir.join(ITEMS_FILE))?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::run_folder::temp_dir::TempDir;

    #[test]
    fn a_folder_without_its_files_says_what_it_needs() {
        let dir = TempDir::new("evidence-empty");
        let error = load(dir.path()).unwrap_err().to_string();
        assert!(error.starts_with("cannot read "), "{error}");
        assert!(error.contains(SUMMARY_FILE), "{error}");
        assert!(
            error.ends_with(
                "give the folder a `pilotbench run` wrote (it holds summary.json and items.csv)"
            ),
            "{error}"
        );
    }
}
