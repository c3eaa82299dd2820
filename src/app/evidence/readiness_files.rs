//! The evidence files `[readiness]` names (migration list, issues log), read. `validate` and
//! `run` read them before any copy, so a wrong path or header shows before the pilot.

use crate::app::exit::AppError;
use crate::inputs::issues_log::{self, IssuesLog};
use crate::inputs::migration_list::{self, MigrationList};
use crate::scenario::Readiness;
use crate::vocab::printable::printable_message;

/// The evidence files `[readiness]` names, read; each malformed row is reported on stderr as
/// `file:line: what is wrong` and still counts in the decision.
#[derive(Debug, Default)]
pub(crate) struct ReadinessFiles {
    /// `[readiness] migration_list`, when given.
    pub migration_list: Option<MigrationList>,
    /// `[readiness] issues_log`, when given.
    pub issues_log: Option<IssuesLog>,
}

/// Reads `[readiness] migration_list` and `issues_log`. A file that cannot be read at all
/// (missing, or its header lacks a column) is a usage error naming it.
pub(crate) fn load_readiness_files(readiness: &Readiness) -> Result<ReadinessFiles, AppError> {
    let migration_list = readiness
        .migration_list
        .as_deref()
        .map(migration_list::load)
        .transpose()
        .map_err(|error| AppError::usage(error.to_string()))?;
    let issues_log = readiness
        .issues_log
        .as_deref()
        .map(issues_log::load)
        .transpose()
        .map_err(|error| AppError::usage(error.to_string()))?;
    for line in migration_list
        .iter()
        .flat_map(MigrationList::problem_lines)
        .chain(issues_log.iter().flat_map(IssuesLog::problem_lines))
    {
        eprintln!("warning: {}", printable_message(&line.to_string()));
    }
    Ok(ReadinessFiles {
        migration_list,
        issues_log,
    })
}
