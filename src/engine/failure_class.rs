//! What a Graph failure means for the item it ends: its failure class in `items.csv`. The
//! mapping is the engine's, not the client's: `graph` reports what happened on the wire, the
//! engine decides how an item that ended that way is counted.

use crate::graph::GraphError;
use crate::vocab::outcome::{FailureClass, Outcome};

/// The failure class of an item a Graph error ended.
pub trait GraphFailureClass {
    /// The failure class an item gets when this error ends it.
    fn failure_class(&self) -> FailureClass;
}

impl GraphFailureClass for GraphError {
    fn failure_class(&self) -> FailureClass {
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
            GraphError::MaybeStored { .. } => FailureClass::MaybeStored,
            // No item fails of it (see `interrupted_outcome`); should one, it is a request
            // that did not complete.
            GraphError::Interrupted => FailureClass::Connection,
        }
    }
}

/// The outcome of an item that `error` ended because the run was interrupted while one of its
/// requests waited (a `Retry-After`, a backoff, the throttle gate, a copy monitor's next poll):
/// `not-run` when none of its `attempts` was sent, `interrupted` once one was, as for an upload
/// the reader stopped. `None` for any other error: the item failed.
pub(super) fn interrupted_outcome(error: &GraphError, attempts: u32) -> Option<Outcome> {
    match (error, attempts) {
        (GraphError::Interrupted, 0) => Some(Outcome::NotRun),
        (GraphError::Interrupted, _) => Some(Outcome::Interrupted),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

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

    #[test]
    fn an_item_cut_short_by_ctrl_c_is_interrupted_or_not_run_never_failed() {
        let cut = GraphError::Interrupted;
        assert_eq!(interrupted_outcome(&cut, 0), Some(Outcome::NotRun));
        assert_eq!(interrupted_outcome(&cut, 3), Some(Outcome::Interrupted));
        assert_eq!(interrupted_outcome(&status(429, "", None), 3), None);
    }
}
