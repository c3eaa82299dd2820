//! The Go/No-Go decision on NHS England's five criteria — pilot results, outstanding issues,
//! migration list completion, licensing, technical readiness — each `Go`, `No Go` or
//! `Unknown` with its evidence and reasons. The organisation is "Good to Go" only when all
//! five are Go; missing evidence is `Unknown`, never a quiet Go.
//!
//! [`decide`] judges each criterion in its own file from [`DecisionInputs`]: the run's files,
//! the estimate, the migration list, the issues log and the scenario's `[readiness]`. The
//! verdicts and the decision they make are in `decision.rs`, the inputs in
//! `decision_inputs.rs`, and `judgement.rs` is how every criterion turns its evidence and
//! reasons into a verdict.

mod decision;
mod decision_inputs;
mod judgement;
mod licensing;
mod list_completion;
mod outstanding_issues;
mod pilot_results_criterion;
mod technical_readiness;

#[cfg(test)]
pub(crate) mod tests;

pub use decision::{Criterion, CriterionKind, Decision, Verdict};
pub use decision_inputs::{DecisionInputs, run_start_date};

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
