//! The run folder: what a finished `pilotbench run` leaves behind, in one typed shape. Each
//! file's rows are defined once, with the writer and the reader side by side in the file's own
//! module, so what the run writes and what `estimate`, `decide` and `report RUN_DIR` read back
//! cannot drift. The reports build the rows from the engine's results and call the writers;
//! every later reader goes through [`load`] and gets the vocabulary's enums, not strings.
//!
//! - `file_names.rs`: the names of the files a run folder holds.
//! - `spelling.rs`, `by_name.rs`: how the files spell outcomes, failure classes, operations,
//!   modes and workloads, and read them back (an unknown spelling is an error naming it).
//! - `pilot_results.rs`, `items.rs`, `summary.rs`: `pilot-results.csv`, `items.csv`,
//!   `summary.json` — each file's rows, writer and reader (`csv_rows.rs` reads a CSV back).
//! - `journal.rs`: `journal.jsonl`, the run's record as it goes (planned, created, ended),
//!   appended and synced while the run copies, so an interrupted run leaves what it did.
//! - `inputs.rs`: `inputs/`, the copies of the files the evidence rests on, with their SHA-256.
//! - `run_id.rs`: the id that tells runs and their items in the tenant apart.
//! - `evidence.rs`: a whole run folder loaded; `error.rs`: what goes wrong reading one.
//!
//! It sits just above the vocabulary and the scenario, below every stage that reads a run,
//! so no reader depends on the writers.

mod by_name;
mod csv_rows;
mod error;
mod evidence;
mod file_names;
mod inputs;
mod items;
mod journal;
mod pilot_results;
mod run_id;
mod spelling;
mod summary;
#[cfg(test)]
mod temp_dir;

pub use by_name::ByName;
pub use error::RunFolderError;
pub use evidence::{RunEvidence, load};
pub use file_names::{
    ESTIMATE_FILE, GO_NO_GO_FILE, ITEMS_FILE, JOURNAL_FILE, PILOT_RESULTS_FILE, REPORT_HTML_FILE,
    SCAN_FILE, SUMMARY_FILE,
};
pub use inputs::{INPUTS_DIR, InputCopy, InputRole, copy_inputs};
pub use items::{ITEMS_HEADER, ItemRow, read_items, write_items};
pub use journal::{
    CreatedEntry, EndedEntry, FLUSH_WITHIN, Journal, JournalEntry, JournalStats, JournalWriter,
    PlannedEntry, SessionEntry, read_journal,
};
pub use pilot_results::{
    PILOT_RESULTS_HEADER, PilotResultRow, RowWorkload, TOTAL_SITE, read_pilot_results, round_to,
    write_pilot_results,
};
pub use run_id::{RunId, TENANT_RUN_FOLDER_PREFIX};
pub use spelling::{Spelled, UnknownSpelling};
pub use summary::{
    EngineInfo, OperationSummary, PilotInfo, RetryInfo, RunSummary, ScenarioInfo, SeriesPoint,
    SiteSummary, TargetInfo, ThrottlingSummary, read_summary, write_summary,
};
