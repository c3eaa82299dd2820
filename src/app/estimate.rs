//! `pilotbench estimate RUN_DIR`.

use super::evidence::load_run;
use super::{AppError, Exit};
use crate::cli::EvidenceRequest;

/// Runs `pilotbench estimate`.
pub(super) fn estimate(request: EvidenceRequest) -> Result<Exit, AppError> {
    let loaded = load_run(&request)?;
    let _ = (&loaded.run, &loaded.scenario);
    Err(AppError::usage("pilotbench estimate is not built yet"))
}
