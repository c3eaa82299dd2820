//! What `estimate`, `decide`, `report` and the end of `run` share: a finished run's folder
//! loaded with the scenario it used (or the one the user names instead), and the evidence
//! built from it — estimate, Go/No-Go decision, report.html — by one path, so a rebuilt report
//! is the report the run wrote.
//!
//! Each step is a file (`loaded_run.rs`, `readiness_files.rs`, `estimation.rs`,
//! `decision.rs`); this file puts them together for `run` and `report`.

mod decision;
mod estimation;
mod loaded_run;
mod readiness_files;

use std::path::{Path, PathBuf};

use super::exit::AppError;
use crate::estimate::Estimate;
use crate::gonogo::Decision;
use crate::report;

pub(super) use decision::decide_and_write;
pub(super) use estimation::{estimate_for, estimate_into_run, load_list};
pub(super) use loaded_run::{LoadedRun, load_run};
pub(super) use readiness_files::{ReadinessFiles, load_readiness_files};

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
    let mut files = load_readiness_files(&readiness)?.named_within(&loaded.run.dir);
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
