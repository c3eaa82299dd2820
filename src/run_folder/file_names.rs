//! The names of the files a run folder holds, written once: the run writes them, and every
//! later command (`estimate`, `decide`, `report`) finds them by these names.

/// File name of the per-site results.
pub const PILOT_RESULTS_FILE: &str = "pilot-results.csv";
/// File name of the per-item results.
pub const ITEMS_FILE: &str = "items.csv";
/// File name of the run's journal, written as it goes.
pub const JOURNAL_FILE: &str = "journal.jsonl";
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
