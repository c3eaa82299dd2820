//! A finished run's folder loaded with the scenario it used, or the one the user names
//! instead (with a note when the scenario changed since the run).

use crate::vocab::printable::printable;
use std::path::{Path, PathBuf};

use crate::app::command_request::EvidenceRequest;
use crate::app::exit::AppError;
use crate::run_folder::{self, RunEvidence};
use crate::scenario::{self, Scenario};

/// A run folder and its scenario.
pub(crate) struct LoadedRun {
    /// The run's files.
    pub run: RunEvidence,
    /// The scenario.
    pub scenario: Scenario,
}

/// Loads the run folder and its scenario.
pub(crate) fn load_run(request: &EvidenceRequest) -> Result<LoadedRun, AppError> {
    let run =
        run_folder::load(&request.run_dir).map_err(|error| AppError::usage(error.to_string()))?;
    let scenario_path = request
        .scenario
        .clone()
        .unwrap_or_else(|| PathBuf::from(&run.summary.scenario.path));
    let scenario = load_scenario(&scenario_path, request.scenario.is_none())?;
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
