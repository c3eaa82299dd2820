//! One file per command, and the dispatch from a [`Request`] to its command. Each command
//! composes the layers below it (plan, connection, evidence, console text) and says how it
//! ended.

mod decide;
mod estimate;
mod out_dir;
mod report;
mod run;
mod scan;
mod simulate;
mod validate;

use super::command_request::Request;
use super::exit::{AppError, Exit};

/// Runs one command.
pub async fn execute(request: Request) -> Result<Exit, AppError> {
    match request {
        Request::Run(run) => run::run(run).await,
        Request::Validate { scenario } => validate::validate(&scenario),
        Request::Simulate(request) => simulate::simulate(request).await,
        Request::Scan(scan) => scan::scan(scan).await,
        Request::Estimate(request) => estimate::estimate(request),
        Request::Decide(request) => decide::decide(request),
        Request::Report(request) => report::report(request),
    }
}
