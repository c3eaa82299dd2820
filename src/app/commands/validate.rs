//! `pilotbench validate SCENARIO`: the scenario checked and its plan printed (sites, files,
//! bytes, destinations), with the Go/No-Go inputs read too, so a wrong path or header shows
//! before the pilot; or every problem, each at its `file:line:column`.

use std::path::Path;

use crate::app::console::{render_plan, render_readiness, shown};
use crate::app::evidence::load_readiness_files;
use crate::app::exit::{AppError, Exit};
use crate::app::plan::load_plan;

/// `pilotbench validate SCENARIO`: print the plan, or the errors.
pub(super) fn validate(path: &Path) -> Result<Exit, AppError> {
    let (scenario, plans) = load_plan(path)?;
    println!("{}", shown(render_plan(&scenario, &plans)));
    // The Go/No-Go inputs are read now too, so a wrong path or header shows before the pilot.
    if let Some(readiness) = &scenario.readiness {
        let files = load_readiness_files(readiness)?;
        println!("{}", shown(render_readiness(readiness, &files)));
    }
    Ok(Exit::Success)
}
