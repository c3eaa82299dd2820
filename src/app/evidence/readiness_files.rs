//! The evidence files `[readiness]` names (migration list, issues log), read. `validate` and
//! `run` read them before any copy, so a wrong path or header shows before the pilot.

use std::path::{Path, PathBuf};

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

impl ReadinessFiles {
    /// Names files inside `run_dir` (the run's copies in `inputs/`) by their path relative to
    /// it in every message and report, so the evidence never names a path of the machine that
    /// ran it and reads the same wherever the folder is moved.
    pub(crate) fn named_within(mut self, run_dir: &Path) -> ReadinessFiles {
        let relative = |path: &mut PathBuf| {
            if let Ok(inside) = path.strip_prefix(run_dir) {
                *path = inside.to_path_buf();
            }
        };
        if let Some(list) = self.migration_list.as_mut() {
            relative(&mut list.path);
        }
        if let Some(log) = self.issues_log.as_mut() {
            relative(&mut log.path);
        }
        self
    }
}
