//! The run folder: what a finished `pilotbench run` leaves behind, named once. The reports
//! write these files, and the estimate, the decision and `pilotbench report RUN_DIR` read them
//! back, so the file names and the rows that are both written and read live here, below both
//! sides, and no reader depends on the writers.
//!
//! `read.rs` loads `summary.json` and `items.csv`; `pilot_result_row.rs` is the per-site row
//! `pilot-results.csv` and `summary.json` carry.

mod pilot_result_row;
mod read;

pub use pilot_result_row::{PilotResultRow, round_to};
pub use read::{
    EngineRef, ItemEntry, OperationRef, PilotRef, RunDirError, RunEvidence, RunSummary,
    ScenarioRef, SeriesRef, SiteSummary, TargetRef, ThrottlingRef, load,
};

/// File name of the per-site results.
pub const PILOT_RESULTS_FILE: &str = "pilot-results.csv";
/// File name of the per-item results.
pub const ITEMS_FILE: &str = "items.csv";
/// File name of the run summary.
pub const SUMMARY_FILE: &str = "summary.json";
/// File name of the scan's findings, in a scan folder or a run folder.
pub const SCAN_FILE: &str = "scan.csv";
/// File name of the estimate, written into the run folder.
pub const ESTIMATE_FILE: &str = "estimate.csv";
/// File name of the decision document.
pub const GO_NO_GO_FILE: &str = "go-no-go.md";
/// File name of the HTML report.
pub const REPORT_HTML_FILE: &str = "report.html";
