//! Graph's JSON error bodies as the simulated tenant sends them:
//! `{"error":{"code","message","innerError":{"code"?,"date","request-id","client-request-id"}}}`,
//! built from the shared payload types so the client parses exactly what we send.

use crate::graph::{ErrorBody, ErrorDetail, InnerError};

/// An error answer: status, Graph code, optional inner code and a human message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct SimFailure {
    /// HTTP status.
    pub(crate) status: u16,
    /// Top-level Graph code (`itemNotFound`, ...).
    pub(crate) code: &'static str,
    /// More specific code (`fragmentOverlap`, ...), sent inside `innerError`.
    pub(crate) inner_code: Option<&'static str>,
    /// Human text.
    pub(crate) message: String,
}

impl SimFailure {
    /// A failure with no inner code.
    pub(crate) fn new(status: u16, code: &'static str, message: impl Into<String>) -> SimFailure {
        SimFailure {
            status,
            code,
            inner_code: None,
            message: message.into(),
        }
    }

    /// Adds the inner code.
    pub(crate) fn with_inner(mut self, inner: &'static str) -> SimFailure {
        self.inner_code = Some(inner);
        self
    }

    /// 400 invalidRequest.
    pub(crate) fn invalid_request(message: impl Into<String>) -> SimFailure {
        SimFailure::new(400, "invalidRequest", message)
    }

    /// 404 itemNotFound.
    pub(crate) fn not_found(message: impl Into<String>) -> SimFailure {
        SimFailure::new(404, "itemNotFound", message)
    }

    /// 405 for a known resource asked with the wrong method.
    pub(crate) fn method_not_allowed(method: &str) -> SimFailure {
        SimFailure::new(
            405,
            "notSupported",
            format!("The HTTP method '{method}' is not allowed on this resource."),
        )
    }

    /// 409 nameAlreadyExists.
    pub(crate) fn name_exists(name: &str) -> SimFailure {
        SimFailure::new(
            409,
            "nameAlreadyExists",
            format!("The specified item name already exists: '{name}'."),
        )
    }

    /// 401 on a Graph call without the right bearer token.
    pub(crate) fn invalid_token() -> SimFailure {
        SimFailure::new(
            401,
            "InvalidAuthenticationToken",
            "Access token is empty or invalid.",
        )
    }

    /// The upload session is gone (never existed, expired, cancelled or completed).
    pub(crate) fn session_not_found() -> SimFailure {
        SimFailure::not_found("The upload session was not found.")
            .with_inner("uploadSessionNotFound")
    }

    /// The body Graph would send.
    pub(crate) fn body(&self, request_id: &str, client_request_id: &str, date: &str) -> ErrorBody {
        ErrorBody {
            error: ErrorDetail {
                code: self.code.to_owned(),
                message: self.message.clone(),
                inner_error: Some(Box::new(InnerError {
                    code: self.inner_code.map(str::to_owned),
                    request_id: Some(request_id.to_owned()),
                    client_request_id: Some(client_request_id.to_owned()),
                    date: Some(date.to_owned()),
                    innererror: None,
                })),
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn body_has_graph_shape_and_innermost_code() {
        let failure = SimFailure::new(416, "invalidRange", "overlap").with_inner("fragmentOverlap");
        let body = failure.body("rid", "cid", "2024-01-01T00:00:00Z");
        let json = serde_json::to_value(&body).expect("serialises");
        assert_eq!(json["error"]["code"], "invalidRange");
        assert_eq!(json["error"]["innerError"]["request-id"], "rid");
        assert_eq!(json["error"]["innerError"]["client-request-id"], "cid");
        assert_eq!(json["error"]["innerError"]["date"], "2024-01-01T00:00:00Z");
        assert_eq!(body.error.innermost_code(), "fragmentOverlap");
    }
}
