//! The Go/No-Go decision on NHS England's five criteria — pilot results, outstanding issues,
//! migration list completion, licensing, technical readiness — each `Go`, `No Go` or
//! `Unknown` with its evidence and reasons. The organisation is "Good to Go" only when all
//! five are Go; missing evidence is `Unknown`, never a quiet Go.
//!
//! [`decide`] judges each criterion in its own file from [`DecisionInputs`]: the run's files,
//! the estimate, the migration list, the issues log and the scenario's `[readiness]`.

mod judgement;
mod licensing;
mod list_completion;
mod outstanding_issues;
mod pilot_results_criterion;
mod technical_readiness;

#[cfg(test)]
pub(crate) mod tests;

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

/// Judges the five criteria, in [`CriterionKind::ALL`]'s order.
pub fn decide(inputs: &DecisionInputs<'_>) -> Decision {
    Decision {
        criteria: vec![
            pilot_results_criterion::judge(inputs),
            outstanding_issues::judge(inputs),
            list_completion::judge(inputs),
            licensing::judge(inputs),
            technical_readiness::judge(inputs),
        ],
    }
}

/// The verdict on one criterion, or overall.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Verdict {
    /// The evidence meets the threshold.
    Go,
    /// The evidence fails the threshold.
    NoGo,
    /// There is not enough evidence to say.
    Unknown,
}

impl Verdict {
    /// The spelling in reports: `Go`, `No Go`, `Unknown`.
    pub fn as_str(self) -> &'static str {
        match self {
            Verdict::Go => "Go",
            Verdict::NoGo => "No Go",
            Verdict::Unknown => "Unknown",
        }
    }
}

/// The five criteria, in the guidance's order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CriterionKind {
    /// Verified share, failures, throttling, projected duration against the window.
    PilotResults,
    /// The issues log: no open critical or high issue.
    OutstandingIssues,
    /// Every migration-list row mapped, enough signed off.
    MigrationListCompletion,
    /// Licences against users; OneDrive data against the licensed quota.
    Licensing,
    /// The guidance's recommendations, as a checklist.
    TechnicalReadiness,
}

impl CriterionKind {
    /// All five, in order.
    pub const ALL: [CriterionKind; 5] = [
        CriterionKind::PilotResults,
        CriterionKind::OutstandingIssues,
        CriterionKind::MigrationListCompletion,
        CriterionKind::Licensing,
        CriterionKind::TechnicalReadiness,
    ];

    /// The guidance's name for it.
    pub fn title(self) -> &'static str {
        match self {
            CriterionKind::PilotResults => "Pilot Results",
            CriterionKind::OutstandingIssues => "Outstanding Issues",
            CriterionKind::MigrationListCompletion => "Migration List Completion",
            CriterionKind::Licensing => "Licensing",
            CriterionKind::TechnicalReadiness => "Technical Readiness",
        }
    }
}

/// One criterion judged.
#[derive(Debug, Clone, PartialEq)]
pub struct Criterion {
    /// Which.
    pub kind: CriterionKind,
    /// The verdict.
    pub verdict: Verdict,
    /// The facts looked at, one line each (figures with their source).
    pub evidence: Vec<String>,
    /// Why the verdict is not Go (empty when Go).
    pub reasons: Vec<String>,
}

/// The five criteria judged.
#[derive(Debug, Clone, PartialEq)]
pub struct Decision {
    /// One per [`CriterionKind::ALL`], in order.
    pub criteria: Vec<Criterion>,
}

impl Decision {
    /// Go only when all five are Go; No Go when any is No Go; otherwise Unknown.
    pub fn overall(&self) -> Verdict {
        let verdicts = || self.criteria.iter().map(|criterion| criterion.verdict);
        if self.criteria.len() == CriterionKind::ALL.len() && verdicts().all(|v| v == Verdict::Go) {
            Verdict::Go
        } else if verdicts().any(|v| v == Verdict::NoGo) {
            Verdict::NoGo
        } else {
            Verdict::Unknown
        }
    }

    /// "Good to Go" or "Not Good to Go", the guidance's words.
    pub fn headline(&self) -> &'static str {
        if self.overall() == Verdict::Go {
            "Good to Go"
        } else {
            "Not Good to Go"
        }
    }
}
