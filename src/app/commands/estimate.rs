//! `pilotbench estimate RUN_DIR [--scenario FILE] [--migration-list FILE]`: fits the cost
//! model on a finished run, projects it onto the migration list, writes `estimate.csv` into
//! the run folder and prints the estimate. Malformed list rows are printed as
//! `file:line: message` on stderr; the good rows still count.

use crate::app::command_request::EvidenceRequest;
use crate::app::console::shown;
use crate::app::evidence::{estimate_into_run, load_list, load_run};
use crate::app::exit::{AppError, Exit};
use crate::estimate;

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
    println!("Wrote {}", shown(path.display()));
    Ok(Exit::Success)
}
