//! `summary.json`: the whole run in one typed document — who ran it, against what, with which
//! settings, and per site the pilot-results figures plus latency per operation, failure
//! classes, throttling and the per-second throughput series. The run writes it and the
//! estimate, the decision and `pilotbench report RUN_DIR` read it back, all through
//! [`RunSummary`], so the shape is fixed by one set of types.
//!
//! Only what the readers rely on is required: who ran the pilot, when, the engine's concurrency
//! and site mode, and per site its figures, operations, failure classes, throttled share and
//! series. Every other field reads as its default (0, false, empty, none) when a file lacks it,
//! so run folders of earlier versions still load; fields a newer pilotbench adds are ignored.

use std::collections::BTreeMap;
use std::path::Path;

use serde::{Deserialize, Serialize};

use super::by_name::ByName;
use super::error::{RunFolderError, malformed_json, unreadable};
use super::pilot_results::PilotResultRow;
use super::spelling::{optional, spelled};
use crate::scenario::SiteMode;
use crate::vocab::attempt::Operation;
use crate::vocab::conflict::ConflictBehavior;
use crate::vocab::csv_writer::{WriteError, create, finish, write_error};
use crate::vocab::outcome::FailureClass;

/// The document.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RunSummary {
    /// pilotbench version that wrote it.
    pub pilotbench_version: String,
    /// The scenario the run used.
    pub scenario: ScenarioInfo,
    /// Pilot name and organisation.
    pub pilot: PilotInfo,
    /// Target kind and description.
    pub target: TargetInfo,
    /// Engine settings.
    pub engine: EngineInfo,
    /// Start, RFC 3339 UTC with milliseconds.
    pub started_utc: String,
    /// End, RFC 3339 UTC with milliseconds.
    pub ended_utc: String,
    /// Whether Ctrl-C stopped the run.
    pub interrupted: bool,
    /// The process's peak resident memory, where the platform reports it.
    #[serde(default)]
    pub peak_rss_bytes: Option<u64>,
    /// One entry per site, in scenario order.
    pub sites: Vec<SiteSummary>,
    /// All sites together.
    pub total: SiteSummary,
    /// Latency values outside 1 µs to 1 h, clamped into the histograms.
    #[serde(default)]
    pub latency_clamped: u64,
}

/// `summary.json` → `scenario`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScenarioInfo {
    /// The scenario path as the run saw it.
    pub path: String,
    /// SHA-256 of the scenario text, hex.
    pub sha256: String,
}

/// `summary.json` → `pilot`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PilotInfo {
    /// Pilot name.
    pub name: String,
    /// Organisation.
    pub organisation: String,
}

/// `summary.json` → `target`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TargetInfo {
    /// `simulated` or `graph`.
    pub kind: String,
    /// Human description.
    pub description: String,
}

/// `summary.json` → `engine`: the settings the run used.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EngineInfo {
    /// Requests in flight at most.
    pub concurrency: usize,
    /// Files up to this size go in one PUT; larger ones in an upload session.
    #[serde(default)]
    pub simple_upload_max_bytes: u64,
    /// Upload-session chunk size.
    #[serde(default)]
    pub chunk_size_bytes: u64,
    /// What an upload does when the name is taken; `None` when the file does not say.
    #[serde(default, with = "optional")]
    pub conflict: Option<ConflictBehavior>,
    /// One site after another, or all at once.
    #[serde(with = "spelled")]
    pub sites: SiteMode,
    /// Per-request timeout, seconds.
    #[serde(default)]
    pub request_timeout_s: f64,
    /// The retry policy in force.
    #[serde(default)]
    pub retry: RetryInfo,
    /// Proactive pacing on `RateLimit-*` headers.
    #[serde(default)]
    pub pacing: bool,
}

/// The retry policy in force (`[engine]` retry keys).
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize)]
pub struct RetryInfo {
    /// Attempts per request, the first included.
    pub attempts: u32,
    /// First backoff step when no `Retry-After` is given, seconds.
    pub base_s: f64,
    /// Longest backoff, seconds.
    pub cap_s: f64,
    /// A `Retry-After` is waited out in full up to this many seconds.
    pub retry_after_honoured_up_to_s: f64,
}

/// One site (or `TOTAL`): the pilot-results columns, then the detail behind them.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct SiteSummary {
    /// The `pilot-results.csv` figures of the site.
    #[serde(flatten)]
    pub results: PilotResultRow,
    /// Latency and counts per operation, in the order of the operations' names.
    pub operations: ByName<Operation, OperationSummary>,
    /// Items per failure class (failed items, and skipped items naming their rule).
    pub failure_classes: ByName<FailureClass, u64>,
    /// Throttled share against Microsoft's escalation level, and the time held at the gate.
    pub throttling: ThrottlingSummary,
    /// Bytes and files finished per second of the run.
    pub throughput_series: Vec<SeriesPoint>,
    /// Why the site stopped early, if it did.
    pub error: Option<String>,
}

/// The attempts of one operation.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct OperationSummary {
    /// Attempts.
    pub count: u64,
    /// Attempts without a response or with a status ≥ 400.
    pub errors: u64,
    /// Median latency, ms.
    pub p50_ms: f64,
    /// 90th percentile, ms.
    pub p90_ms: f64,
    /// 99th percentile, ms.
    pub p99_ms: f64,
    /// Maximum, ms.
    pub max_ms: f64,
    /// Mean, ms.
    #[serde(default)]
    pub mean_ms: f64,
    /// Request body bytes.
    #[serde(default)]
    pub bytes_sent: u64,
    /// Response body bytes.
    #[serde(default)]
    pub bytes_received: u64,
    /// Count per HTTP status (written as a string key); 0 = no response.
    #[serde(default)]
    pub statuses: BTreeMap<u16, u64>,
}

/// The throttling figures of one site, or of the whole run.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct ThrottlingSummary {
    /// Which responses count as throttled.
    #[serde(default)]
    pub counted: String,
    /// Attempts that got an HTTP response.
    pub responses: u64,
    /// Of those, throttled.
    pub throttled_responses: u64,
    /// `throttled_responses / responses`; 0 without responses.
    pub throttled_share: f64,
    /// Microsoft's escalation level (0.30).
    pub escalation_share: f64,
    /// `throttled_share` is above `escalation_share`.
    pub above_escalation: bool,
    /// Sum of the throttled responses' waits, seconds.
    #[serde(default)]
    pub throttled_wait_s: f64,
    /// Time requests were held at the client's throttle gate before being sent, summed over
    /// requests, seconds.
    pub gate_wait_s: f64,
}

/// One second of the throughput series.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct SeriesPoint {
    /// Seconds since the run started.
    pub second: u64,
    /// Bytes of files finished in that second.
    pub bytes: u64,
    /// Files finished in that second.
    pub files: u64,
}

/// Writes `summary` to `path`, pretty-printed, with a final newline.
pub fn write_summary(path: &Path, summary: &RunSummary) -> Result<(), WriteError> {
    let mut file = create(path)?;
    serde_json::to_writer_pretty(&mut file, summary).map_err(|error| write_error(path, error))?;
    std::io::Write::write_all(&mut file, b"\n").map_err(|error| write_error(path, error))?;
    finish(path, file)
}

/// Reads `summary.json` at `path` back.
pub fn read_summary(path: &Path) -> Result<RunSummary, RunFolderError> {
    let text = std::fs::read_to_string(path).map_err(|error| unreadable(path, error))?;
    serde_json::from_str(&text).map_err(|error| malformed_json(path, &error))
}
