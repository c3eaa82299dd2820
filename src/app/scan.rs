//! `pilotbench scan SCENARIO`.

use super::plan::load_plan;
use super::{AppError, Exit};
use crate::cli::ScanRequest;

/// Runs `pilotbench scan`.
pub(super) async fn scan(request: ScanRequest) -> Result<Exit, AppError> {
    let _plan = load_plan(&request.scenario)?;
    Err(AppError::usage("pilotbench scan is not built yet"))
}
