//! The commands, end to end: load the scenario, start or reach the target, run the engine,
//! write the reports. This is the edge where typed library errors become a message for the
//! user and an exit code for scripts.

mod command_request;
mod decide;
mod estimate;
mod evidence;
mod graph_target;
mod plan;
mod report;
mod run;
mod scan;
mod simulate;
mod source_tenant;
mod sources;
mod target;

pub use command_request::{EvidenceRequest, Request, RunRequest, ScanRequest};

/// How a command ended, as an exit code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exit {
    /// 0: completed within thresholds.
    Success = 0,
    /// 1: completed above `max_failure_rate` (`run`), or blocking findings (`scan`).
    ThresholdExceeded = 1,
    /// 2: usage or scenario error.
    Usage = 2,
    /// 3: the target could not be reached or the run could not start.
    Target = 3,
    /// 130: interrupted by Ctrl-C (outputs written).
    Interrupted = 130,
}

/// A command failed; the message is for the user, the exit code for scripts.
#[derive(Debug, thiserror::Error)]
#[error("{message}")]
pub struct AppError {
    /// Exit code.
    pub exit: Exit,
    /// What is wrong and what to do.
    pub message: String,
}

impl AppError {
    pub(crate) fn usage(message: impl Into<String>) -> AppError {
        AppError {
            exit: Exit::Usage,
            message: message.into(),
        }
    }

    pub(crate) fn target(message: impl Into<String>) -> AppError {
        AppError {
            exit: Exit::Target,
            message: message.into(),
        }
    }
}

/// Runs one command.
pub async fn execute(request: Request) -> Result<Exit, AppError> {
    match request {
        Request::Run(run) => run::run(run).await,
        Request::Validate { scenario } => plan::validate(&scenario),
        Request::Simulate { scenario, port } => simulate::simulate(&scenario, port).await,
        Request::Scan(scan) => scan::scan(scan).await,
        Request::Estimate(request) => estimate::estimate(request),
        Request::Decide(request) => decide::decide(request),
        Request::Report(request) => report::report(request),
    }
}
