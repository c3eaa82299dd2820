//! `pilotbench decide RUN_DIR`.

use super::evidence::load_run;
use super::{AppError, Exit};
use crate::cli::EvidenceRequest;

/// Runs `pilotbench decide`.
pub(super) fn decide(request: EvidenceRequest) -> Result<Exit, AppError> {
    let loaded = load_run(&request)?;
    let _ = (&loaded.run, &loaded.scenario);
    Err(AppError::usage("pilotbench decide is not built yet"))
}
