//! The Go/No-Go decision of a finished run, judged and written to `go-no-go.md` in its folder.
//! `pilotbench decide` and the end of `pilotbench run` (through `build_and_write`) take it alike.

use std::path::PathBuf;

use super::readiness_files::ReadinessFiles;
use crate::app::exit::AppError;
use crate::estimate::Estimate;
use crate::gonogo::{self, Decision, DecisionInputs};
use crate::report::{GoNoGoDocument, write_go_no_go};
use crate::run_folder::RunEvidence;
use crate::run_folder::{GO_NO_GO_FILE, ITEMS_FILE, SUMMARY_FILE};
use crate::scenario::{Readiness, Scenario};

/// A decision taken and written.
#[derive(Debug)]
pub(crate) struct Decided {
    /// The five criteria.
    pub decision: Decision,
    /// Where `go-no-go.md` was written.
    pub path: PathBuf,
}

/// Judges the five criteria and writes `go-no-go.md` into the run folder. `pilotbench run`
/// can call this at its end with the same inputs.
pub(crate) fn decide_and_write(
    run: &RunEvidence,
    scenario: &Scenario,
    readiness: &Readiness,
    files: &ReadinessFiles,
    estimate: Option<&Estimate>,
) -> Result<Decided, AppError> {
    let decision = gonogo::decide(&DecisionInputs {
        run,
        estimate,
        migration_list: files.migration_list.as_ref(),
        issues_log: files.issues_log.as_ref(),
        readiness,
        run_start: gonogo::run_start_date(run),
    });
    // Files of the run folder by their names in it (the folder reads the same wherever it is
    // moved); a scenario named from outside (`--scenario`) by its full path.
    let scenario_source = match scenario.path.strip_prefix(&run.dir) {
        Ok(inside) => inside.to_path_buf(),
        Err(_) => std::path::absolute(&scenario.path).unwrap_or_else(|_| scenario.path.clone()),
    };
    let mut sources = vec![
        std::path::PathBuf::from(SUMMARY_FILE),
        std::path::PathBuf::from(ITEMS_FILE),
        scenario_source,
    ];
    sources.extend(files.migration_list.iter().map(|list| list.path.clone()));
    sources.extend(files.issues_log.iter().map(|log| log.path.clone()));
    let path = run.dir.join(GO_NO_GO_FILE);
    write_go_no_go(
        &path,
        &GoNoGoDocument {
            decision: &decision,
            run,
            estimate,
            sources: &sources,
        },
    )
    .map_err(|error| AppError::usage(error.to_string()))?;
    Ok(Decided { decision, path })
}
