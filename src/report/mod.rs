//! Writing a run's results: `pilot-results.csv`, `items.csv`, `summary.json`, and the short
//! table on stdout. Reporters are sinks over a finished [`RunReport`]; none knows HTTP.

use std::path::{Path, PathBuf};

use crate::engine::RunReport;

/// A report could not be written.
#[derive(Debug, thiserror::Error)]
pub enum ReportError {
    /// Creating or writing a file failed.
    #[error("cannot write {}: {reason}; check that the folder is writable and has space", path.display())]
    Write {
        /// The file.
        path: PathBuf,
        /// The I/O error.
        reason: String,
    },
}

/// The files written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Written {
    /// Every file written, in order.
    pub files: Vec<PathBuf>,
}

/// Writes `pilot-results.csv`, `items.csv` and `summary.json` into `out_dir` (created if needed).
pub fn write_all(report: &RunReport, out_dir: &Path) -> Result<Written, ReportError> {
    let _ = (report, out_dir);
    todo!("report::write_all")
}

/// The short per-site table printed at the end of a run.
pub fn render_table(report: &RunReport) -> String {
    let _ = report;
    todo!("report::render_table")
}
