//! `pilotbench estimate RUN_DIR [--scenario FILE] [--migration-list FILE]`: fits the cost
//! model on a finished run, projects it onto the migration list, writes `estimate.csv` into
//! the run folder and prints the estimate. Malformed list rows are printed as
//! `file:line: message` on stderr; the good rows still count.

use std::path::{Path, PathBuf};

use super::EvidenceRequest;
use super::evidence::load_run;
use super::{AppError, Exit};
use crate::estimate::{self, Estimate};
use crate::inputs::migration_list::{self, MigrationList};
use crate::report::estimate_csv;
use crate::run_folder::ESTIMATE_FILE;
use crate::run_folder::RunEvidence;
use crate::scenario::Scenario;

/// Runs `pilotbench estimate`.
pub(super) fn estimate(request: EvidenceRequest) -> Result<Exit, AppError> {
    let loaded = load_run(&request)?;
    let from_scenario = loaded
        .scenario
        .readiness
        .as_ref()
        .and_then(|readiness| readiness.migration_list.clone());
    let Some(list_path) = request.migration_list.clone().or(from_scenario) else {
        return Err(AppError::usage(format!(
            "pilotbench estimate needs the migration list: set [readiness] migration_list in {} or pass --migration-list FILE.csv (a CSV with the columns site,workload,items,bytes,owner,destination,status and optionally the size profile items_under_64k,…,items_from_100m)",
            loaded.scenario.path.display()
        )));
    };
    let list = load_list(&list_path)?;
    let (estimate, path) = estimate_into_run(&loaded.run, &loaded.scenario, &list)?;
    print!(
        "{}",
        estimate::render(&estimate, &list.path.display().to_string())
    );
    println!("Wrote {}", path.display());
    Ok(Exit::Success)
}

/// Reads the migration list, printing each malformed row as `file:line: message` on stderr.
pub(crate) fn load_list(path: &Path) -> Result<MigrationList, AppError> {
    let list = migration_list::load(path).map_err(|error| AppError::usage(error.to_string()))?;
    for line in list.problem_lines() {
        eprintln!("{line}");
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
