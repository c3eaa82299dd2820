//! How a command ends: an exit code for scripts and, when it failed, a message for the user.
//! Every command returns these; this is the edge where typed library errors become words.

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
    /// 129: interrupted by SIGHUP (outputs written).
    HungUp = 129,
    /// 130: interrupted by Ctrl-C (outputs written).
    Interrupted = 130,
    /// 143: interrupted by SIGTERM (outputs written).
    Terminated = 143,
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
