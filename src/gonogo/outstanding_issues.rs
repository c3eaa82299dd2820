//! Outstanding Issues: the issues log read for open or in-progress issues. An outstanding
//! critical or high issue is a No Go; no log is Unknown; rows that could not be read are
//! named, and leave the criterion Unknown (an unread row may be a critical issue) unless it is
//! already a No Go.

use super::decision::{Criterion, CriterionKind};
use super::decision_inputs::DecisionInputs;
use super::judgement::{Judgement, counted, listed, rows_not_read};
use crate::vocab::units::grouped;

/// How many rows or issues a line names before "and N more".
const NAMED: usize = 8;

/// Judges Outstanding Issues.
pub(super) fn judge(inputs: &DecisionInputs<'_>) -> Criterion {
    let mut judgement = Judgement::new(CriterionKind::OutstandingIssues);
    let Some(log) = inputs.issues_log else {
        judgement.unknown(
            "no issues log: set [readiness] issues_log to the project's issues CSV \
             (id,title,severity,status,owner)",
        );
        return judgement.finish();
    };
    let file = log.path.display();
    let outstanding: Vec<_> = log.outstanding().collect();
    judgement.evidence(format!(
        "Issues log {file}: {} read, {} outstanding (open or in progress), {} closed or resolved",
        counted(log.issues.len() as u64, "issue"),
        grouped(outstanding.len() as u64),
        grouped((log.issues.len() - outstanding.len()) as u64),
    ));
    let describe = |issue: &&crate::inputs::issues_log::Issue| {
        let owner = if issue.owner.is_empty() {
            "no owner".to_string()
        } else {
            format!("owner {}", issue.owner)
        };
        format!(
            "{} \"{}\" ({}, {}, {owner}; line {})",
            issue.id,
            issue.title,
            issue.severity.as_str(),
            issue.status.as_str(),
            issue.line
        )
    };
    let blocking: Vec<String> = outstanding
        .iter()
        .filter(|issue| issue.severity.blocks())
        .map(describe)
        .collect();
    let minor: Vec<String> = outstanding
        .iter()
        .filter(|issue| !issue.severity.blocks())
        .map(describe)
        .collect();
    if blocking.is_empty() {
        judgement.evidence("Outstanding critical or high issues: none");
    } else {
        judgement.evidence(format!(
            "Outstanding critical or high issues: {}",
            listed(&blocking, NAMED)
        ));
        judgement.fails(format!(
            "{} critical or high issue(s) outstanding: {}; resolve or close them (or agree a lower \
             severity) before go-live",
            blocking.len(),
            listed(&blocking, NAMED)
        ));
    }
    if !minor.is_empty() {
        judgement.evidence(format!(
            "Outstanding medium or low issues (not blocking): {}",
            listed(&minor, NAMED)
        ));
    }
    if !log.problems.is_empty() {
        rows_not_read(&mut judgement, &log.problem_lines(), NAMED);
        judgement.unknown(format!(
            "{} row(s) of the issues log could not be read (lines {}); an unread row may be a \
             critical issue, so fix them",
            log.problems.len(),
            log.problems
                .iter()
                .map(|problem| problem.line.to_string())
                .collect::<Vec<_>>()
                .join(", ")
        ));
    }
    judgement.finish()
}
