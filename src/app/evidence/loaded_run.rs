//! A finished run's folder loaded with the scenario it used — its own copy in `inputs/`, so a
//! folder moved or sent elsewhere rebuilds the same reports — or the one the user names instead
//! (with a note when the scenario changed since the run).

use std::path::Path;

use crate::vocab::printable::printable;

use crate::app::command_request::EvidenceRequest;
use crate::app::exit::AppError;
use crate::run_folder::{self, InputRole, RunEvidence};
use crate::scenario::{self, Scenario};

/// A run folder and its scenario.
pub(crate) struct LoadedRun {
    /// The run's files.
    pub run: RunEvidence,
    /// The scenario.
    pub scenario: Scenario,
}

/// Loads the run folder and its scenario: the one the user names, else the run's own copy
/// (`inputs/`, with the migration list and issues log copied beside it), else — for folders of
/// earlier versions — the path `summary.json` recorded.
pub(crate) fn load_run(request: &EvidenceRequest) -> Result<LoadedRun, AppError> {
    let run =
        run_folder::load(&request.run_dir).map_err(|error| AppError::usage(error.to_string()))?;
    let copy_of = |role: InputRole| {
        run.summary
            .inputs
            .iter()
            .find(|copy| copy.role == role)
            .map(|copy| copy.path_in(&run.dir))
    };
    let (scenario_path, scenario) = match (&request.scenario, copy_of(InputRole::Scenario)) {
        (Some(path), _) => (path.clone(), load_scenario(path, false)?),
        (None, Some(copy)) => {
            let mut scenario = scenario::load_for_evidence(&copy).map_err(|error| {
                AppError::usage(format!("{error} (the run's copy of its scenario)"))
            })?;
            if let Some(readiness) = scenario.readiness.as_mut() {
                if let Some(list) = copy_of(InputRole::MigrationList) {
                    readiness.migration_list = Some(list);
                }
                if let Some(log) = copy_of(InputRole::IssuesLog) {
                    readiness.issues_log = Some(log);
                }
            }
            (copy, scenario)
        }
        (None, None) => {
            let path = run.dir.join(&run.summary.scenario.path);
            (path.clone(), load_scenario(&path, true)?)
        }
    };
    if scenario.sha256 != run.summary.scenario.sha256 {
        eprintln!(
            "Note: {} has changed since the run (SHA-256 differs); its current settings are used.",
            printable(&scenario_path.display().to_string())
        );
    }
    Ok(LoadedRun { run, scenario })
}

fn load_scenario(path: &Path, from_run: bool) -> Result<Scenario, AppError> {
    scenario::load(path).map_err(|error| {
        let hint = if from_run {
            " (the path recorded in the run's summary.json; pass --scenario FILE if it moved)"
        } else {
            ""
        };
        AppError::usage(format!("{error}{hint}"))
    })
}
