//! One exchange with the simulated tenant, free of any HTTP library: the parts of a request a
//! route looks at ([`Incoming`]), the success it answers ([`Reply`], its body serialised after
//! the tenant's lock is released), and the error it answers instead ([`SimFailure`], in Graph's
//! JSON error shape:
//! `{"error":{"code","message","innerError":{"code"?,"date","request-id","client-request-id"}}}`,
//! built from the shared payload types so the client parses exactly what we send). At the
//! bottom of `sim` with the views it serialises: every layer above speaks it.

use super::file_bytes::FileBytes;
use super::request_log::LoggedRequest;
use super::views::{
    DrivePage, DriveView, ItemPage, ItemView, Select, SiteView, UnservedProperty, render,
};
use crate::graph::{ErrorBody, ErrorDetail, InnerError, UploadSession};
use crate::vocab::conflict::ConflictBehavior;

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
    /// `Range` header (of a download).
    pub(crate) range: Option<&'a str>,
    /// `If-Match` header: the eTag (or cTag) a conditional change expects the item to have.
    pub(crate) if_match: Option<&'a str>,
    /// `If-None-Match` header: the eTag (or cTag) a download already has (`304` if current).
    pub(crate) if_none_match: Option<&'a str>,
    /// `deltaExcludeParent` header present: a delta feed lists changed items without their
    /// parents.
    pub(crate) delta_exclude_parent: bool,
    /// Body.
    pub(crate) body: &'a [u8],
    /// The body of a simple upload, already kept in the tenant's spool (written before the
    /// tenant's lock was taken), if the responder staged it.
    pub(crate) staged: Option<&'a FileBytes>,
}

impl Incoming<'_> {
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
    /// A driveItem, projected by `$select`.
    Item(Box<ItemView>, Select),
    /// A page of driveItems (children, delta), each projected by `$select`.
    Items(ItemPage, Select),
    /// A site, projected by `$select`.
    Site(Box<SiteView>, Select),
    /// A drive, projected by `$select`.
    Drive(Box<DriveView>, Select),
    /// A page of drives, each projected by `$select`.
    Drives(DrivePage, Select),
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
    /// A file's bytes (or one range of them), streamed by the server from their origin.
    Stream(Download),
    /// A body built as JSON: a `$batch` answer (`{"responses":[...]}`), a list of channels.
    Json(serde_json::Value),
}

impl Payload {
    /// The JSON body, if any.
    pub(crate) fn to_json(&self) -> Option<Vec<u8>> {
        let all = Select::all();
        Some(match self {
            Payload::Empty | Payload::Location(_) | Payload::Stream(_) => return None,
            Payload::Item(item, select) => render(item, select, false),
            Payload::Items(page, select) => render(page, select, true),
            Payload::Site(site, select) => render(site, select, false),
            Payload::Drive(drive, select) => render(drive, select, false),
            Payload::Drives(page, select) => render(page, select, true),
            Payload::Session(session) => render(session, &all, false),
            Payload::Requests(entries) => render(entries, &all, false),
            Payload::Monitor { body, .. } | Payload::Json(body) => render(body, &all, false),
        })
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

/// A download as it is streamed: the file's bytes, whole or one range of them.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Download {
    /// The file's bytes.
    pub(crate) bytes: FileBytes,
    /// The part asked for with `Range` (answered `206 Partial Content`), if any.
    pub(crate) range: Option<ByteRange>,
}

/// Bytes `first` to `last` (inclusive) of a file, as `Range` and `Content-Range` count them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct ByteRange {
    /// First byte.
    pub(crate) first: u64,
    /// Last byte, inclusive.
    pub(crate) last: u64,
}

impl Download {
    /// How many bytes the body carries.
    pub(crate) fn len(&self) -> u64 {
        self.range
            .map_or(self.bytes.size(), |range| range.last - range.first + 1)
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
    /// A `Location` header the error carries (410 on a delta token: where to start again).
    pub(crate) location: Option<String>,
    /// A `Content-Range` header the error carries (416 on a download: the file's size).
    pub(crate) content_range: Option<String>,
}

impl SimFailure {
    /// A failure with no inner code.
    pub(crate) fn new(status: u16, code: &'static str, message: impl Into<String>) -> SimFailure {
        SimFailure {
            status,
            code,
            inner_code: None,
            message: message.into(),
            location: None,
            content_range: None,
        }
    }

    /// Adds the inner code.
    pub(crate) fn with_inner(mut self, inner: &'static str) -> SimFailure {
        self.inner_code = Some(inner);
        self
    }

    /// Adds a `Location` header.
    pub(crate) fn with_location(mut self, location: String) -> SimFailure {
        self.location = Some(location);
        self
    }

    /// Adds `Content-Range: bytes */{size}`, as a 416 to a `Range` says how large the file is.
    pub(crate) fn with_content_range(mut self, size: u64) -> SimFailure {
        self.content_range = Some(format!("bytes */{size}"));
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

impl From<UnservedProperty> for SimFailure {
    /// A `$select` property the resource does not serve: 400 invalidRequest naming it.
    fn from(unserved: UnservedProperty) -> SimFailure {
        SimFailure::invalid_request(unserved.0)
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
