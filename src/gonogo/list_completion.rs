//! Migration List Completion: every row of the estate mapped to a destination, and enough of
//! them signed off by their owners (`[readiness] min_signed_off_share`, default all). Rows
//! that could not be read make the list incomplete; no list at all is Unknown.

use super::decision::{Criterion, CriterionKind};
use super::decision_inputs::DecisionInputs;
use super::judgement::{Judgement, counted, listed, percent, rows_not_read};
use crate::inputs::migration_list::RowStatus;
use crate::vocab::units::grouped;
use crate::vocab::units::human_bytes;

/// How many rows a line names before "and N more".
const NAMED: usize = 8;

/// Judges Migration List Completion.
pub(super) fn judge(inputs: &DecisionInputs<'_>) -> Criterion {
    let mut judgement = Judgement::new(CriterionKind::MigrationListCompletion);
    let Some(list) = inputs.migration_list else {
        judgement.unknown(
            "no migration list: set [readiness] migration_list to the estate's CSV \
             (site,workload,items,bytes,owner,destination,status)",
        );
        return judgement.finish();
    };
    let file = list.path.display();
    let rows = &list.rows;
    let count = |status: RowStatus| rows.iter().filter(|row| row.status == status).count() as u64;
    let (unmapped, mapped, signed_off) = (
        count(RowStatus::Unmapped),
        count(RowStatus::Mapped),
        count(RowStatus::SignedOff),
    );
    judgement.evidence(format!(
        "Migration list {file}: {}, {} items, {}; {} unmapped, {} mapped, {} signed off",
        counted(rows.len() as u64, "row"),
        grouped(list.total_items()),
        human_bytes(list.total_bytes()),
        grouped(unmapped),
        grouped(mapped),
        grouped(signed_off),
    ));
    if rows.is_empty() && list.problems.is_empty() {
        judgement.fails("the migration list has no rows; list every site, library, share and OneDrive to migrate");
        return judgement.finish();
    }
    let name = |row: &crate::inputs::migration_list::MigrationRow| {
        format!("{} (line {})", row.site, row.line)
    };
    if unmapped > 0 {
        let names: Vec<String> = rows
            .iter()
            .filter(|row| row.status == RowStatus::Unmapped)
            .map(name)
            .collect();
        judgement.fails(format!(
            "{} row(s) have no destination mapped: {}; agree where each goes",
            unmapped,
            listed(&names, NAMED)
        ));
    }
    if !rows.is_empty() {
        let share = signed_off as f64 / rows.len() as f64;
        judgement.evidence(format!(
            "Signed off: {} of {} rows = {} (threshold at least {}, [readiness] min_signed_off_share)",
            grouped(signed_off),
            grouped(rows.len() as u64),
            percent(share),
            percent(inputs.readiness.min_signed_off_share),
        ));
        if share < inputs.readiness.min_signed_off_share {
            let names: Vec<String> = rows
                .iter()
                .filter(|row| row.status != RowStatus::SignedOff)
                .map(name)
                .collect();
            judgement.fails(format!(
                "only {} of the rows are signed off, below {}; not yet signed off: {}",
                percent(share),
                percent(inputs.readiness.min_signed_off_share),
                listed(&names, NAMED)
            ));
        }
    }
    let without_owner: Vec<String> = rows
        .iter()
        .filter(|row| row.owner.is_empty())
        .map(name)
        .collect();
    if !without_owner.is_empty() {
        judgement.evidence(format!(
            "Rows with no owner: {}",
            listed(&without_owner, NAMED)
        ));
    }
    if !list.problems.is_empty() {
        rows_not_read(&mut judgement, &list.problem_lines(), NAMED);
        judgement.fails(format!(
            "{} row(s) of the migration list could not be read (lines {}); the list is not \
             complete until they are fixed",
            list.problems.len(),
            list.problems
                .iter()
                .map(|problem| problem.line.to_string())
                .collect::<Vec<_>>()
                .join(", ")
        ));
    }
    judgement.finish()
}
