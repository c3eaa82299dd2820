//! The estimate of a finished run onto the migration list, written to `estimate.csv` in its
//! folder: read the list (malformed rows on stderr as `file:line: message`; the good rows still
//! count), fit and project, write.

use crate::vocab::printable::{printable, printable_message};
use std::path::{Path, PathBuf};

use super::loaded_run::LoadedRun;
use crate::app::exit::AppError;
use crate::estimate::{self, Estimate};
use crate::inputs::migration_list::{self, MigrationList};
use crate::report::estimate_csv;
use crate::run_folder::ESTIMATE_FILE;
use crate::run_folder::RunEvidence;
use crate::scenario::Scenario;

/// Reads the migration list, printing each malformed row as `file:line: message` on stderr.
pub(crate) fn load_list(path: &Path) -> Result<MigrationList, AppError> {
    let list = migration_list::load(path).map_err(|error| AppError::usage(error.to_string()))?;
    for line in list.problem_lines() {
        eprintln!("{}", printable_message(&line.to_string()));
    }
    if list.rows.is_empty() {
        return Err(AppError::usage(format!(
            "{}: the migration list has no usable rows; add one row per site, library or OneDrive",
            list.path.display()
        )));
    }
    Ok(list)
}

/// Estimates `run` onto `list` under the scenario's `[estimate]` settings and writes
/// `estimate.csv` into the run folder; returns the estimate and the file written.
pub(crate) fn estimate_into_run(
    run: &RunEvidence,
    scenario: &Scenario,
    list: &MigrationList,
) -> Result<(Estimate, PathBuf), AppError> {
    let ceiling = estimate::ru_ceiling_for(scenario);
    let estimate = estimate::estimate(run, list, &scenario.estimate, ceiling)
        .map_err(|error| AppError::usage(error.to_string()))?;
    let path = run.dir.join(ESTIMATE_FILE);
    estimate_csv::write(&path, &estimate).map_err(|error| AppError::usage(error.to_string()))?;
    Ok((estimate, path))
}

/// The estimate of the run onto `list`, with `estimate.csv` written into the run folder; `None`
/// (with a warning on stderr) when there is no list, no usable row, or nothing to fit on.
pub(crate) fn estimate_for(
    loaded: &LoadedRun,
    list: Option<&MigrationList>,
) -> Option<(Estimate, PathBuf)> {
    let list = list?;
    if list.rows.is_empty() {
        eprintln!(
            "warning: no estimate: {} has no usable rows",
            printable(&list.path.display().to_string())
        );
        return None;
    }
    match estimate_into_run(&loaded.run, &loaded.scenario, list) {
        Ok(done) => Some(done),
        // A pilot that copied nothing cannot be projected; the reports say so.
        Err(error) => {
            eprintln!(
                "warning: no estimate: {}",
                printable_message(&error.message)
            );
            None
        }
    }
}
