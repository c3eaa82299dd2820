//! Typed Graph failures, and their mapping to the failure classes of `items.csv`.

use std::time::Duration;

use crate::outcome::FailureClass;

/// A failed Graph call (after its last attempt).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum GraphError {
    /// The service answered with an error status.
    #[error("HTTP {status} {code}: {message}")]
    Status {
        /// HTTP status.
        status: u16,
        /// The most specific Graph error code (innermost), empty if the body had none.
        code: String,
        /// Graph's message (for people; never branched on).
        message: String,
        /// `Retry-After`, if the response carried one.
        retry_after: Option<Duration>,
    },
    /// No response within the request timeout.
    #[error("no response within {0:?}")]
    Timeout(Duration),
    /// Connecting or talking to the service failed.
    #[error("connection failed: {0}")]
    Connection(String),
    /// The response did not have the shape Graph documents.
    #[error("unexpected response: {0}")]
    Protocol(String),
    /// Reading the source failed while uploading.
    #[error("reading the source failed: {0}")]
    Source(String),
    /// No token could be obtained.
    #[error("authentication failed: {0}")]
    Auth(String),
    /// A server-side copy job ended `failed` in its monitor (or never ended).
    #[error("copy job failed: {code}: {message}")]
    CopyJobFailed {
        /// Graph's error code from the monitor (`nameAlreadyExists`, ...), empty if none.
        code: String,
        /// Graph's message.
        message: String,
    },
}

impl GraphError {
    /// The failure class an item gets when this error ends it.
    pub fn failure_class(&self) -> FailureClass {
        match self {
            GraphError::Status { status, code, .. } => match (*status, code.as_str()) {
                (409, _) | (_, "nameAlreadyExists") => FailureClass::NameConflict,
                (507, _) | (_, "quotaLimitReached") => FailureClass::Quota,
                (429, _) | (503, _) | (509, _) => FailureClass::Throttled,
                (500..=599, _) => FailureClass::ServerError,
                _ => FailureClass::ClientError,
            },
            GraphError::Timeout(_) => FailureClass::Timeout,
            GraphError::Connection(_) => FailureClass::Connection,
            GraphError::Protocol(_) => FailureClass::Protocol,
            GraphError::Source(_) => FailureClass::SourceUnreadable,
            GraphError::Auth(_) => FailureClass::ClientError,
            GraphError::CopyJobFailed { .. } => FailureClass::CopyJobFailed,
        }
    }

    /// The HTTP status, if the service answered.
    pub fn status(&self) -> Option<u16> {
        match self {
            GraphError::Status { status, .. } => Some(*status),
            _ => None,
        }
    }
}
