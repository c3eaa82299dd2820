//! Typed Graph failures, and their mapping to the failure classes of `items.csv`.

use std::time::Duration;

use crate::vocab::outcome::FailureClass;

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
    /// The token endpoint refused the app's credential (Entra's `error` and AADSTS code).
    #[error(
        "the token endpoint refused the app's credential: HTTP {status} {error} {code}: {message}"
    )]
    AuthRejected {
        /// HTTP status (400 or 401 usually).
        status: u16,
        /// The OAuth error (`invalid_client`, `unauthorized_client`, `invalid_scope`, ...).
        error: String,
        /// Entra's `AADSTSnnnn` code, empty if the answer had none.
        code: String,
        /// The first line of `error_description` without the code (never holds the secret).
        message: String,
    },
    /// The destination name holds something that is not ours and may not be overwritten
    /// (found when looking after an upload that got no clear answer).
    #[error("name conflict: {0}")]
    Conflict(String),
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
            GraphError::Status {
                status,
                code,
                retry_after,
                ..
            } => match (*status, code.as_str()) {
                (409, _) | (_, "nameAlreadyExists") => FailureClass::NameConflict,
                (507, _) | (_, "quotaLimitReached") => FailureClass::Quota,
                (429, _) | (509, _) => FailureClass::Throttled,
                // 503 is throttling when it says when to come back; without, a server error.
                (503, _) if retry_after.is_some() => FailureClass::Throttled,
                (500..=599, _) => FailureClass::ServerError,
                _ => FailureClass::ClientError,
            },
            GraphError::Timeout(_) => FailureClass::Timeout,
            GraphError::Connection(_) => FailureClass::Connection,
            GraphError::Protocol(_) => FailureClass::Protocol,
            GraphError::Source(_) => FailureClass::SourceUnreadable,
            GraphError::Auth(_) | GraphError::AuthRejected { .. } => FailureClass::ClientError,
            GraphError::Conflict(_) => FailureClass::NameConflict,
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

#[cfg(test)]
mod tests {
    use super::*;

    fn status(status: u16, code: &str, retry_after: Option<Duration>) -> GraphError {
        GraphError::Status {
            status,
            code: code.into(),
            message: String::new(),
            retry_after,
        }
    }

    #[test]
    fn every_final_failure_gets_its_class() {
        let after = Some(Duration::from_secs(2));
        assert_eq!(
            status(429, "", None).failure_class(),
            FailureClass::Throttled
        );
        assert_eq!(
            status(503, "", after).failure_class(),
            FailureClass::Throttled
        );
        // A 503 that says nothing about coming back is a server error, not throttling.
        assert_eq!(
            status(503, "", None).failure_class(),
            FailureClass::ServerError
        );
        for code in [500, 502, 504] {
            assert_eq!(
                status(code, "", None).failure_class(),
                FailureClass::ServerError
            );
        }
        assert_eq!(
            status(401, "InvalidAuthenticationToken", None).failure_class(),
            FailureClass::ClientError
        );
        assert_eq!(
            status(404, "uploadSessionNotFound", None).failure_class(),
            FailureClass::ClientError
        );
        assert_eq!(
            status(409, "nameAlreadyExists", None).failure_class(),
            FailureClass::NameConflict
        );
        assert_eq!(
            GraphError::Conflict("x".into()).failure_class(),
            FailureClass::NameConflict
        );
        assert_eq!(
            GraphError::Timeout(Duration::from_secs(1)).failure_class(),
            FailureClass::Timeout
        );
        assert_eq!(
            GraphError::Connection("closed".into()).failure_class(),
            FailureClass::Connection
        );
    }
}
