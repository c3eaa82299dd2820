//! What `estimate`, `decide`, `report` and the end of `run` share: a finished run's folder
//! loaded with the scenario it used (or the one the user names instead), and the evidence
//! built from it — estimate, Go/No-Go decision, report.html — by one path, so a rebuilt report
//! is the report the run wrote.

use std::path::{Path, PathBuf};

use super::AppError;
use super::EvidenceRequest;
use super::decide::{decide_and_write, load_readiness_files};
use super::estimate::{estimate_into_run, load_list};
use crate::estimate::Estimate;
use crate::gonogo::Decision;
use crate::inputs::migration_list::MigrationList;
use crate::report;
use crate::run_folder::{self, RunEvidence};
use crate::scenario::{self, Scenario};

/// A run folder and its scenario.
pub(super) struct LoadedRun {
    /// The run's files.
    pub run: RunEvidence,
    /// The scenario.
    pub scenario: Scenario,
}

/// Loads the run folder and its scenario.
pub(super) fn load_run(request: &EvidenceRequest) -> Result<LoadedRun, AppError> {
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
            scenario_path.display()
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

/// What a run's folder yields beyond its measurements: the estimate (when there is a
/// migration list), the Go/No-Go decision (when the scenario has `[readiness]`), and the files
/// written for them.
pub(super) struct Evidence {
    /// The estimate, when a migration list with usable rows was given and the pilot copied
    /// something to fit on.
    pub estimate: Option<Estimate>,
    /// The decision, when the scenario has a `[readiness]` section.
    pub decision: Option<Decision>,
    /// `estimate.csv`, `go-no-go.md` and `report.html`, those written.
    pub files: Vec<PathBuf>,
}

/// Builds the estimate, the decision and `report.html` from `loaded` and writes them into the
/// run folder — at the end of `pilotbench run` and in `pilotbench report RUN_DIR` alike.
/// `migration_list` overrides the scenario's `[readiness] migration_list`.
pub(super) fn build_and_write(
    loaded: &LoadedRun,
    migration_list: Option<&Path>,
) -> Result<Evidence, AppError> {
    let readiness = loaded.scenario.readiness.clone().unwrap_or_default();
    let mut files = load_readiness_files(&readiness)?;
    if let Some(path) = migration_list {
        files.migration_list = Some(load_list(path)?);
    }
    let mut written = Vec::new();

    let estimate = estimate_for(loaded, files.migration_list.as_ref()).map(|(estimate, path)| {
        written.push(path);
        estimate
    });

    let decision = match loaded.scenario.readiness.as_ref() {
        Some(readiness) => {
            let decided = decide_and_write(
                &loaded.run,
                &loaded.scenario,
                readiness,
                &files,
                estimate.as_ref(),
            )?;
            written.push(decided.path);
            Some(decided.decision)
        }
        None => None,
    };

    let html = report::write_html(
        &loaded.run.dir,
        &loaded.run,
        estimate.as_ref(),
        decision.as_ref(),
    )
    .map_err(|error| AppError::target(error.to_string()))?;
    written.push(html);
    Ok(Evidence {
        estimate,
        decision,
        files: written,
    })
}

/// The estimate of the run onto `list`, with `estimate.csv` written into the run folder; `None`
/// (with a warning on stderr) when there is no list, no usable row, or nothing to fit on.
pub(super) fn estimate_for(
    loaded: &LoadedRun,
    list: Option<&MigrationList>,
) -> Option<(Estimate, PathBuf)> {
    let list = list?;
    if list.rows.is_empty() {
        eprintln!(
            "warning: no estimate: {} has no usable rows",
            list.path.display()
        );
        return None;
    }
    match estimate_into_run(&loaded.run, &loaded.scenario, list) {
        Ok(done) => Some(done),
        // A pilot that copied nothing cannot be projected; the reports say so.
        Err(error) => {
            eprintln!("warning: no estimate: {}", error.message);
            None
        }
    }
}
