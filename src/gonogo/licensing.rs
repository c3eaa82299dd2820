//! Licensing: licences available against the users to migrate (by default, the OneDrive rows
//! of the migration list), and each OneDrive's data against the licensed quota (F3: 2 GB by
//! default) where the migration list gives its size.

use super::decision::{Criterion, CriterionKind};
use super::decision_inputs::DecisionInputs;
use super::judgement::{Judgement, listed};
use crate::inputs::migration_list::ListWorkload;
use crate::vocab::units::grouped;
use crate::vocab::units::human_bytes;

/// How many OneDrives a line names before "and N more".
const NAMED: usize = 8;

/// Judges Licensing.
pub(super) fn judge(inputs: &DecisionInputs<'_>) -> Criterion {
    let mut judgement = Judgement::new(CriterionKind::Licensing);
    let licensing = inputs.readiness.licensing;
    let onedrives: Vec<_> = inputs
        .migration_list
        .map(|list| {
            list.rows
                .iter()
                .filter(|row| row.workload == ListWorkload::OneDrive)
                .collect()
        })
        .unwrap_or_default();

    let users = match (licensing.users_to_migrate, inputs.migration_list) {
        (Some(users), _) => {
            judgement.evidence(format!(
                "Users to migrate: {} ([readiness.licensing] users_to_migrate)",
                grouped(users)
            ));
            Some(users)
        }
        (None, Some(list)) => {
            let users = onedrives.len() as u64;
            judgement.evidence(format!(
                "Users to migrate: {} (the onedrive rows of {})",
                grouped(users),
                list.path.display()
            ));
            if !list.problems.is_empty() {
                judgement.unknown(format!(
                    "{} row(s) of the migration list could not be read, so OneDrive users may be \
                     missing from the count; fix them or set [readiness.licensing] users_to_migrate",
                    list.problems.len()
                ));
            }
            Some(users)
        }
        (None, None) => {
            judgement.unknown(
                "users to migrate not known: set [readiness.licensing] users_to_migrate, or give \
                 [readiness] migration_list with one onedrive row per user",
            );
            None
        }
    };
    match licensing.licences_available {
        Some(licences) => {
            judgement.evidence(format!(
                "Licences available: {} ([readiness.licensing] licences_available)",
                grouped(licences)
            ));
            if let Some(users) = users
                && licences < users
            {
                judgement.fails(format!(
                    "{} licences for {} users: {} short; obtain the licences or migrate fewer users",
                    grouped(licences),
                    grouped(users),
                    grouped(users - licences)
                ));
            }
        }
        None => judgement
            .unknown("licences available not known: set [readiness.licensing] licences_available"),
    }

    let quota = licensing.onedrive_quota;
    if inputs.migration_list.is_none() {
        judgement
            .evidence("OneDrive sizes not known (no migration list): the quota was not checked");
        return judgement.finish();
    }
    let over: Vec<String> = onedrives
        .iter()
        .filter(|row| row.bytes > quota)
        .map(|row| {
            format!(
                "{} ({}, line {})",
                row.site,
                human_bytes(row.bytes),
                row.line
            )
        })
        .collect();
    let largest = onedrives.iter().max_by_key(|row| row.bytes);
    judgement.evidence(format!(
        "OneDrive quota: {} bytes ({}) per user ([readiness.licensing] onedrive_quota); {} OneDrive row(s) checked{}",
        grouped(quota),
        human_bytes(quota),
        onedrives.len(),
        largest
            .map(|row| format!(", largest {} ({})", row.site, human_bytes(row.bytes)))
            .unwrap_or_default()
    ));
    if !over.is_empty() {
        judgement.fails(format!(
            "{} OneDrive(s) hold more than the licensed quota: {}; clean them up, archive, or \
             licence those users for more storage",
            over.len(),
            listed(&over, NAMED)
        ));
    }
    judgement.finish()
}
