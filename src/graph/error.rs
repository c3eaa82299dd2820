//! Typed Graph failures. What one means for an item (its class in `items.csv`) is the
//! engine's to say (`crate::engine::GraphFailureClass`); the client only reports what happened.

use std::time::Duration;

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
    /// A write (a simple upload, a session's final fragment, a copy request) got no clear answer
    /// and the looks that would have told whether it was stored failed too: the item may be in
    /// the tenant. `clean` and `--resume` look at it again; it is never counted as copied.
    #[error(
        "the write may be stored: it got no clear answer ({write}), and looking for it failed \
         ({look})"
    )]
    MaybeStored {
        /// The write's own last failure.
        write: String,
        /// Why the look that followed failed.
        look: String,
    },
    /// The run was interrupted (Ctrl-C) while this request waited (a `Retry-After`, a backoff,
    /// the throttle gate, a copy monitor's next poll): the wait was cut short and nothing more
    /// was sent.
    #[error("interrupted by Ctrl-C while waiting to send it again")]
    Interrupted,
}

impl GraphError {
    /// The HTTP status, if the service answered.
    pub fn status(&self) -> Option<u16> {
        match self {
            GraphError::Status { status, .. } => Some(*status),
            _ => None,
        }
    }
}
