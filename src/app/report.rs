//! `pilotbench report RUN_DIR`.

use super::evidence::load_run;
use super::{AppError, Exit};
use crate::cli::EvidenceRequest;

/// Runs `pilotbench report`.
pub(super) fn report(request: EvidenceRequest) -> Result<Exit, AppError> {
    let loaded = load_run(&request)?;
    let _ = (&loaded.run, &loaded.scenario);
    Err(AppError::usage("pilotbench report is not built yet"))
}
