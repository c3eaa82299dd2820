//! One exchange with the simulated tenant, free of any HTTP library: the parts of a request a
//! route looks at ([`Incoming`]), the success it answers ([`Reply`], its body serialised after
//! the tenant's lock is released), and the error it answers instead ([`SimFailure`], in Graph's
//! JSON error shape:
//! `{"error":{"code","message","innerError":{"code"?,"date","request-id","client-request-id"}}}`,
//! built from the shared payload types so the client parses exactly what we send). At the
//! bottom of `sim`: every layer above speaks it.

use super::request_log::LoggedRequest;
use crate::graph::{
    Drive, DriveItem, ErrorBody, ErrorDetail, InnerError, Page, Site, UploadSession,
};
use crate::source::SourceFile;
use crate::vocab::conflict::ConflictBehavior;

/// The query parameter carrying the conflict behaviour of a simple upload or a copy.
const CONFLICT_PARAM: &str = "@microsoft.graph.conflictBehavior";

/// The parts of a request the tenant looks at.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Incoming<'a> {
    /// `GET`, `PUT`, ...
    pub(crate) method: &'a str,
    /// Raw (percent-encoded) path.
    pub(crate) path: &'a str,
    /// Raw query, without `?`.
    pub(crate) query: Option<&'a str>,
    /// `Authorization` header.
    pub(crate) authorization: Option<&'a str>,
    /// `Content-Range` header.
    pub(crate) content_range: Option<&'a str>,
    /// `If-Match` header: the eTag (or cTag) a conditional change expects the item to have.
    pub(crate) if_match: Option<&'a str>,
    /// Body.
    pub(crate) body: &'a [u8],
}

impl Incoming<'_> {
    /// The query's `key=value` pairs, decoded, in order.
    pub(crate) fn query_pairs(&self) -> impl Iterator<Item = (String, String)> + '_ {
        url::form_urlencoded::parse(self.query.unwrap_or_default().as_bytes())
            .map(|(k, v)| (k.into_owned(), v.into_owned()))
    }

    /// The value of query parameter `key` (the first, if repeated).
    pub(crate) fn query_value(&self, key: &str) -> Option<String> {
        self.query_pairs().find(|(k, _)| k == key).map(|(_, v)| v)
    }

    /// The conflict behaviour in the query (the last one given; each must be valid), or
    /// `default` when there is none.
    pub(crate) fn conflict_in_query(
        &self,
        default: ConflictBehavior,
    ) -> Result<ConflictBehavior, SimFailure> {
        let mut conflict = default;
        for (key, value) in self.query_pairs() {
            if key == CONFLICT_PARAM {
                conflict = conflict_behavior(&value)?;
            }
        }
        Ok(conflict)
    }

    /// 405 unless the request uses `method`.
    pub(crate) fn require_method(&self, method: &str) -> Result<(), SimFailure> {
        if self.method == method {
            Ok(())
        } else {
            Err(SimFailure::method_not_allowed(self.method))
        }
    }
}

/// A successful answer.
#[derive(Debug)]
pub(crate) struct Reply {
    /// HTTP status.
    pub(crate) status: u16,
    /// Body.
    pub(crate) payload: Payload,
}

/// A success body, serialised after the lock is released.
#[derive(Debug)]
pub(crate) enum Payload {
    /// No body (204).
    Empty,
    /// A driveItem.
    Item(Box<DriveItem>),
    /// A children page.
    Items(Page<DriveItem>),
    /// A site.
    Site(Site),
    /// A drive.
    Drive(Drive),
    /// A page of drives.
    Drives(Page<Drive>),
    /// An uploadSession (or its status).
    Session(UploadSession),
    /// The request log (`GET /_sim/requests`).
    Requests(Vec<LoggedRequest>),
    /// No body; the answer's `Location` (202 copy accepted, 302 download redirect).
    Location(String),
    /// A copy monitor's status, with a `Location` when it is a 303 See Other.
    Monitor {
        /// asyncJobStatus JSON.
        body: serde_json::Value,
        /// `Location`, if any.
        location: Option<String>,
    },
    /// A file's bytes, streamed by the server from their origin.
    Stream(SourceFile),
}

impl Payload {
    /// The JSON body, if any.
    pub(crate) fn to_json(&self) -> Option<Vec<u8>> {
        let bytes = match self {
            Payload::Empty => return None,
            Payload::Item(item) => serde_json::to_vec(item),
            Payload::Items(page) => serde_json::to_vec(page),
            Payload::Site(site) => serde_json::to_vec(site),
            Payload::Drive(drive) => serde_json::to_vec(drive),
            Payload::Drives(page) => serde_json::to_vec(page),
            Payload::Session(session) => serde_json::to_vec(session),
            Payload::Requests(entries) => serde_json::to_vec(entries),
            Payload::Location(_) | Payload::Stream(_) => return None,
            Payload::Monitor { body, .. } => serde_json::to_vec(body),
        };
        // Serialising these plain structs cannot fail; an empty object is the safe fallback.
        Some(bytes.unwrap_or_else(|_| b"{}".to_vec()))
    }

    /// The `Location` header the answer carries, if any.
    pub(crate) fn location(&self) -> Option<&str> {
        match self {
            Payload::Location(location) => Some(location),
            Payload::Monitor { location, .. } => location.as_deref(),
            _ => None,
        }
    }
}

/// A successful answer with `status` and `payload`.
pub(crate) fn answer(status: u16, payload: Payload) -> Result<Reply, SimFailure> {
    Ok(Reply { status, payload })
}

/// Graph's text for a conflict behaviour (`fail`, `replace`, `rename`); anything else is a 400.
pub(crate) fn conflict_behavior(value: &str) -> Result<ConflictBehavior, SimFailure> {
    match value {
        "fail" => Ok(ConflictBehavior::Fail),
        "replace" => Ok(ConflictBehavior::Replace),
        "rename" => Ok(ConflictBehavior::Rename),
        other => Err(SimFailure::invalid_request(format!(
            "Unknown conflict behavior '{other}'; use fail, replace or rename."
        ))),
    }
}

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
