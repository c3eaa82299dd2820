//! What the decision looks at, gathered by the caller: the run folder read back, the estimate,
//! the migration list, the issues log and the scenario's `[readiness]`.

use crate::estimate::Estimate;
use crate::inputs::issues_log::IssuesLog;
use crate::inputs::migration_list::MigrationList;
use crate::run_folder::RunEvidence;
use crate::scenario::{CalendarDate, Readiness};

/// Everything the decision looks at. What is `None` was not given; the criteria that need it
/// are `Unknown` and say so.
#[derive(Debug, Clone, Copy)]
pub struct DecisionInputs<'a> {
    /// The run folder read back.
    pub run: &'a RunEvidence,
    /// The projection of the pilot onto the migration list.
    pub estimate: Option<&'a Estimate>,
    /// The migration list.
    pub migration_list: Option<&'a MigrationList>,
    /// The issues log.
    pub issues_log: Option<&'a IssuesLog>,
    /// The scenario's `[readiness]` (defaults when it has none).
    pub readiness: &'a Readiness,
    /// The run's start day, from which `window_days` count ([`run_start_date`]).
    pub run_start: Option<CalendarDate>,
}

/// The day a run started (UTC), from `summary.json`'s `started_utc`.
pub fn run_start_date(run: &RunEvidence) -> Option<CalendarDate> {
    CalendarDate::of_timestamp(&run.summary.started_utc)
}
