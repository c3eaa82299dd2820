//! `pilotbench report RUN_DIR`: every report of a finished run rebuilt from its files
//! (`estimate.csv`, `go-no-go.md`, `report.html`), by the same path the end of a run takes.

use crate::app::command_request::EvidenceRequest;
use crate::app::console::shown;
use crate::app::evidence::{build_and_write, load_run};
use crate::app::exit::{AppError, Exit};

/// Runs `pilotbench report`.
pub(super) fn report(request: EvidenceRequest) -> Result<Exit, AppError> {
    let loaded = load_run(&request)?;
    for path in build_and_write(&loaded, request.migration_list.as_deref())?.files {
        println!("Written {}", shown(path.display()));
    }
    Ok(Exit::Success)
}
