//! The record of one HTTP attempt, and the sink that receives it: the measurement vocabulary.
//! The Graph client produces attempts, `metrics` aggregates them and the reports name their
//! operations, so the record lives below all three and none depends on another for it.

use std::time::Instant;

use super::units::Micros;

/// What an HTTP attempt was for. Reports group latencies by this.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Operation {
    /// `GET /sites/{host}:/{path}`.
    ResolveSite,
    /// `GET /sites/{id}/drives`.
    ListDrives,
    /// `GET /users/{upn}/drive`.
    UserDrive,
    /// `GET /drives/{id}/items/{id}` or `/root:/{path}`.
    GetItem,
    /// `GET .../children` (one page).
    ListChildren,
    /// `POST .../children` with a folder facet.
    CreateFolder,
    /// `PUT .../{parent}:/{name}:/content`.
    UploadSimple,
    /// `POST .../createUploadSession`.
    CreateUploadSession,
    /// `PUT {uploadUrl}` with a `Content-Range`.
    UploadChunk,
    /// `GET {uploadUrl}`.
    UploadStatus,
    /// `DELETE {uploadUrl}`.
    UploadCancel,
    /// `POST {authority}/{tenant}/oauth2/v2.0/token`: an app-only token fetch.
    Token,
    /// `POST .../items/{id}/copy`: start a server-side copy job.
    CopyItem,
    /// `GET {monitor}`: one poll of a copy job's monitor URL (no bearer token).
    CopyMonitor,
    /// `GET .../items/{id}/content`: answered 302 with the download URL.
    DownloadRedirect,
    /// `GET {downloadUrl}`: the file's bytes from the pre-authenticated URL.
    Download,
    /// `GET /teams/{team}/channels/{channel}/filesFolder`: a channel's folder in its team's
    /// document library.
    ChannelFilesFolder,
    /// `DELETE /drives/{id}/items/{id}`: `pilotbench clean` removing what a run created.
    DeleteItem,
}

impl Operation {
    /// Every operation, in report order.
    pub const ALL: [Operation; 18] = [
        Operation::ResolveSite,
        Operation::ListDrives,
        Operation::UserDrive,
        Operation::GetItem,
        Operation::ListChildren,
        Operation::CreateFolder,
        Operation::UploadSimple,
        Operation::CreateUploadSession,
        Operation::UploadChunk,
        Operation::UploadStatus,
        Operation::UploadCancel,
        Operation::Token,
        Operation::CopyItem,
        Operation::CopyMonitor,
        Operation::DownloadRedirect,
        Operation::Download,
        Operation::ChannelFilesFolder,
        Operation::DeleteItem,
    ];

    /// Stable kebab-case name used in reports.
    pub fn as_str(self) -> &'static str {
        match self {
            Operation::ResolveSite => "resolve-site",
            Operation::ListDrives => "list-drives",
            Operation::UserDrive => "user-drive",
            Operation::GetItem => "get-item",
            Operation::ListChildren => "list-children",
            Operation::CreateFolder => "create-folder",
            Operation::UploadSimple => "upload-simple",
            Operation::CreateUploadSession => "create-upload-session",
            Operation::UploadChunk => "upload-chunk",
            Operation::UploadStatus => "upload-status",
            Operation::UploadCancel => "upload-cancel",
            Operation::Token => "token",
            Operation::CopyItem => "copy-item",
            Operation::CopyMonitor => "copy-monitor",
            Operation::DownloadRedirect => "download-redirect",
            Operation::Download => "download",
            Operation::ChannelFilesFolder => "channel-files-folder",
            Operation::DeleteItem => "delete-item",
        }
    }

    /// Requests that carry file bytes: the latency columns of `pilot-results.csv` are over these.
    pub fn is_transfer(self) -> bool {
        matches!(self, Operation::UploadSimple | Operation::UploadChunk)
    }
}

/// One HTTP attempt, as measured by the client.
#[derive(Debug, Clone, PartialEq)]
pub struct Attempt {
    /// What it was for.
    pub op: Operation,
    /// Index of the site in the scenario.
    pub site: usize,
    /// When the request was sent (after any wait at the throttle gate).
    pub started: Instant,
    /// From send to the end of the response body (or the error). Never includes
    /// [`gate_wait_us`](Self::gate_wait_us).
    pub latency_us: Micros,
    /// How long the request was held back before `started` because the tenant had throttled
    /// this client (any request's 429/503 pauses all of them). Zero when the gate was open.
    pub gate_wait_us: Micros,
    /// HTTP status; `None` when no response arrived (timeout, connection error).
    pub status: Option<u16>,
    /// Request body bytes.
    pub bytes_sent: u64,
    /// Response body bytes.
    pub bytes_received: u64,
    /// The wait the response asked for: its `Retry-After`, raised to its `RateLimit-Reset`
    /// when that is larger (see [`RateLimit`]), uncapped.
    pub retry_after_us: Option<Micros>,
    /// The response's `RateLimit-*` headers, when it carried any.
    pub rate_limit: Option<RateLimit>,
    /// Set when no response arrived because the request timed out.
    pub timed_out: bool,
    /// Set when this attempt repeats an earlier attempt of the same request.
    pub retry: bool,
}

/// Receives every attempt. Implemented by the metrics collector; must be cheap and never block
/// for long, because it runs on the request path.
pub trait AttemptSink: Send + Sync {
    /// Called once per HTTP attempt, after it ended.
    fn record(&self, attempt: &Attempt);
}

/// A sink that drops everything (for tools that only need the client).
#[derive(Debug, Default, Clone, Copy)]
pub struct NullSink;

impl AttemptSink for NullSink {
    fn record(&self, _attempt: &Attempt) {}
}

/// The `RateLimit-*` headers of one response; each part is `None` when absent or not a
/// non-negative integer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct RateLimit {
    /// `RateLimit-Limit`: resource units allowed in the window.
    pub limit: Option<u64>,
    /// `RateLimit-Remaining`: resource units left in the window.
    pub remaining: Option<u64>,
    /// `RateLimit-Reset`: time until the window resets (sent in seconds).
    pub reset_us: Option<Micros>,
}
