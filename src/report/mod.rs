//! Reporting a run: the sink over a finished [`RunReport`] that turns the engine's records and
//! metrics into the run folder's rows (`pilot_results.rs`, `items.rs`, `summary.rs`) and hands
//! them to the run folder's writers, the short table on stdout, `scan.csv`, `estimate.csv`,
//! `go-no-go.md` and `report.html`; and, while the run copies, the journal (`journal.rs`, an
//! observer of the engine). None knows HTTP.
//!
//! The run folder's files — their names, rows, spellings and readers — are
//! `crate::run_folder`'s, so what a run writes is what `estimate`, `decide` and
//! `report RUN_DIR` read back. `report.html` and `go-no-go.md` are built from the folder read
//! back, so a run and `pilotbench report RUN_DIR` write the same page. Every CSV starts with a
//! UTF-8 byte-order mark and writes numbers with fixed decimals and a '.' separator
//! (`crate::vocab::csv_writer`), so Excel opens them with non-ASCII names and figures intact.

pub mod estimate_csv;
mod go_no_go;
mod html;
mod items;
mod journal;
mod pilot_results;
mod scan;
mod summary;
mod table;
mod throttling;

#[cfg(test)]
mod tests;

pub use go_no_go::{GoNoGoDocument, render_go_no_go, write_go_no_go};
pub use html::{CHART_IDS, render_html, write_html};
pub use journal::JournalSink;
pub use pilot_results::pilot_result_rows;
pub use scan::{SCAN_HEADER, render_scan_summary, scan_counts, scan_totals, write_scan};
pub use throttling::{THROTTLED_COUNTED, throttling_warnings};

use std::path::{Path, PathBuf};

use crate::engine::RunReport;
use crate::run_folder::{
    ITEMS_FILE, InputCopy, PILOT_RESULTS_FILE, SUMMARY_FILE, write_items, write_pilot_results,
    write_summary,
};
use crate::vocab::csv_writer::{WriteError, write_error};

/// The files written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Written {
    /// Every file written, in order.
    pub files: Vec<PathBuf>,
}

/// Writes `pilot-results.csv`, `items.csv` and `summary.json` into `out_dir` (created if needed).
pub fn write_all(report: &RunReport, out_dir: &Path) -> Result<Written, WriteError> {
    write_run(report, &[], out_dir)
}

/// As [`write_all`], with `summary.json` listing the copies of the run's inputs (`inputs/`).
pub fn write_run(
    report: &RunReport,
    inputs: &[InputCopy],
    out_dir: &Path,
) -> Result<Written, WriteError> {
    std::fs::create_dir_all(out_dir).map_err(|error| write_error(out_dir, error))?;
    let rows = pilot_result_rows(report);

    let pilot_results = out_dir.join(PILOT_RESULTS_FILE);
    write_pilot_results(&pilot_results, &rows)?;

    let items = out_dir.join(ITEMS_FILE);
    write_items(&items, items::item_rows(report))?;

    let summary = out_dir.join(SUMMARY_FILE);
    let mut document = summary::build(report, &rows);
    document.inputs = inputs.to_vec();
    write_summary(&summary, &document)?;

    Ok(Written {
        files: vec![pilot_results, items, summary],
    })
}

/// The short per-site table printed at the end of a run: site, workload, item counts, MiB
/// copied, duration, files/s, MiB/s, p50/p99 transfer latency, throttled responses, a `TOTAL`
/// line, the retry policy, the throttled share (with a warning above Microsoft's escalation
/// level) and a last line naming the failure rate. Plain text, no colours.
pub fn render_table(report: &RunReport) -> String {
    table::render(report)
}
