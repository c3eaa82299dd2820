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
use super::inputs::InputCopy;
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
    /// The run's id ([`RunId`](super::RunId)); empty in files of earlier versions.
    #[serde(default)]
    pub run_id: String,
    /// The folder below each site's destination folder the run wrote into; `None` when it
    /// wrote straight into the destination folder (`[engine] run_folder = false`).
    #[serde(default)]
    pub tenant_run_folder: Option<String>,
    /// The copies of the files the evidence rests on, in `inputs/`; empty in files of earlier
    /// versions, whose reports read the scenario from `scenario.path`.
    #[serde(default)]
    pub inputs: Vec<InputCopy>,
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

impl RunSummary {
    /// The run's id and where its items are in the tenant, in one line for the reports.
    pub fn run_and_tenant_folder(&self) -> String {
        let id = if self.run_id.is_empty() {
            "(no id: written by an earlier pilotbench)"
        } else {
            self.run_id.as_str()
        };
        match &self.tenant_run_folder {
            Some(folder) => {
                format!("{id}; its items are in the folder {folder} of each destination folder")
            }
            None => format!("{id}; its items are straight in the destination folders"),
        }
    }
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
    /// Each run below a folder of its own in the destination (`[engine] run_folder`); files of
    /// earlier versions, which had no such folder, read as `false`.
    #[serde(default)]
    pub run_folder: bool,
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::run_folder::pilot_results::RowWorkload;
    use crate::run_folder::spelling::Spelled;
    use crate::run_folder::temp_dir::TempDir;
    use crate::scenario::Workload;

    /// A site whose every operation and every failure class has an entry.
    fn site(name: &str, workload: RowWorkload, error: Option<&str>) -> SiteSummary {
        SiteSummary {
            results: PilotResultRow {
                site: name.to_string(),
                workload,
                files_planned: 3,
                duration_s: 1.5,
                ..PilotResultRow::default()
            },
            operations: Operation::every()
                .enumerate()
                .map(|(index, op)| {
                    let n = index as u64;
                    let summary = OperationSummary {
                        count: n + 1,
                        errors: n % 2,
                        p50_ms: 1.5 * n as f64,
                        p90_ms: 2.25,
                        p99_ms: 3.125,
                        max_ms: 10.0,
                        mean_ms: 1.75,
                        bytes_sent: 1_000 * n,
                        bytes_received: 10 * n,
                        statuses: BTreeMap::from([(0, 1), (200, n), (429, 2)]),
                    };
                    (op, summary)
                })
                .collect(),
            failure_classes: FailureClass::every()
                .enumerate()
                .map(|(index, class)| (class, index as u64 + 1))
                .collect(),
            throttling: ThrottlingSummary {
                counted: "429, and 503 with Retry-After".to_string(),
                responses: 10,
                throttled_responses: 3,
                throttled_share: 0.3,
                escalation_share: 0.3,
                above_escalation: false,
                throttled_wait_s: 6.0,
                gate_wait_s: 1.235,
            },
            throughput_series: vec![
                SeriesPoint {
                    second: 0,
                    bytes: 1_048_576,
                    files: 1,
                },
                SeriesPoint {
                    second: 1,
                    bytes: 0,
                    files: 0,
                },
            ],
            error: error.map(str::to_string),
        }
    }

    fn summary(sites: SiteMode, conflict: Option<ConflictBehavior>) -> RunSummary {
        RunSummary {
            pilotbench_version: "0.1.0".to_string(),
            run_id: String::new(),
            tenant_run_folder: None,
            inputs: Vec::new(),
            scenario: ScenarioInfo {
                path: "C:\\pilots\\Trust \"north\"\\pilot.toml".to_string(),
                sha256: "ab".repeat(32),
            },
            pilot: PilotInfo {
                name: "Pilot <one> & \"two\"".to_string(),
                organisation: "NHS Trust — Ünïcødé".to_string(),
            },
            target: TargetInfo {
                kind: "simulated".to_string(),
                description: "simulated tenant at http://127.0.0.1:1/v1.0".to_string(),
            },
            engine: EngineInfo {
                concurrency: 8,
                simple_upload_max_bytes: 4_194_304,
                chunk_size_bytes: 10_485_760,
                conflict,
                sites,
                request_timeout_s: 120.0,
                retry: RetryInfo {
                    attempts: 4,
                    base_s: 0.5,
                    cap_s: 30.0,
                    retry_after_honoured_up_to_s: 600.0,
                },
                pacing: true,
                run_folder: false,
            },
            started_utc: "2026-01-05T09:00:00.000Z".to_string(),
            ended_utc: "2026-01-05T09:10:00.125Z".to_string(),
            interrupted: true,
            peak_rss_bytes: None,
            sites: Workload::every()
                .map(|workload| site(workload.as_str(), RowWorkload::Site(workload), None))
                .chain([site(
                    "stopped\nearly",
                    RowWorkload::Site(Workload::Files),
                    Some("token refused"),
                )])
                .collect(),
            total: site("TOTAL", RowWorkload::AllSites, None),
            latency_clamped: 2,
        }
    }

    #[test]
    fn every_mode_operation_and_failure_class_reads_back_as_written() {
        let dir = TempDir::new("summary");
        let path = dir.path().join("summary.json");
        for mode in SiteMode::every() {
            let conflicts = ConflictBehavior::every().map(Some).chain([None]);
            for conflict in conflicts {
                let written = summary(mode, conflict);
                write_summary(&path, &written).expect("written");
                assert_eq!(read_summary(&path).expect("read back"), written);
            }
        }
        let mut measured = summary(SiteMode::Parallel, Some(ConflictBehavior::Rename));
        measured.peak_rss_bytes = Some(52_428_800);
        measured.sites.clear();
        write_summary(&path, &measured).expect("written");
        assert_eq!(read_summary(&path).expect("read back"), measured);
    }

    #[test]
    fn maps_are_written_in_the_order_of_their_names() {
        let json = serde_json::to_string(&summary(SiteMode::Sequential, None)).expect("json");
        let at = |key: &str| json.find(&format!("\"{key}\":")).expect(key);
        assert!(at("channel-files-folder") < at("copy-item"));
        assert!(at("copy-item") < at("resolve-site"));
        assert!(at("client-error") < at("empty-file"));
        assert!(at("empty-file") < at("throttled"));
    }

    #[test]
    fn a_summary_with_only_what_the_readers_need_loads() {
        let text = r#"{
            "pilotbench_version": "0.0.9",
            "scenario": { "path": "p.toml", "sha256": "00" },
            "pilot": { "name": "P", "organisation": "O" },
            "target": { "kind": "graph", "description": "Graph" },
            "engine": { "concurrency": 2, "sites": "parallel" },
            "started_utc": "2026-01-01T09:00:00.000Z",
            "ended_utc": "2026-01-01T09:00:03.000Z",
            "interrupted": false,
            "sites": [],
            "total": {
                "site": "TOTAL", "workload": "all",
                "operations": { "upload-simple": { "count": 1, "errors": 0, "p50_ms": 1.0, "p90_ms": 1.0, "p99_ms": 1.0, "max_ms": 1.0 } },
                "failure_classes": {},
                "throttling": { "responses": 1, "throttled_responses": 0, "throttled_share": 0.0,
                                "escalation_share": 0.3, "above_escalation": false, "gate_wait_s": 0.0 },
                "throughput_series": [],
                "a_field_from_a_newer_pilotbench": true
            }
        }"#;
        let summary: RunSummary = serde_json::from_str(text).expect("loads");
        assert_eq!(summary.engine.sites, SiteMode::Parallel);
        assert_eq!(summary.engine.conflict, None);
        assert_eq!(summary.engine.retry, RetryInfo::default());
        assert_eq!(summary.total.results.workload, RowWorkload::AllSites);
        let upload = summary
            .total
            .operations
            .get(Operation::UploadSimple)
            .expect("upload");
        assert_eq!(
            (upload.count, upload.mean_ms, upload.bytes_sent),
            (1, 0.0, 0)
        );
        assert_eq!(summary.total.error, None);
    }

    #[test]
    fn an_unknown_value_names_the_file_and_the_line() {
        let dir = TempDir::new("summary-bad");
        let path = dir.path().join("summary.json");
        write_summary(&path, &summary(SiteMode::Sequential, None)).expect("written");
        let text = std::fs::read_to_string(&path).expect("read");
        let line = text
            .lines()
            .position(|line| line.contains("\"sites\": \"sequential\""))
            .expect("the engine's site mode")
            + 1;
        let edited = text.replacen("\"sites\": \"sequential\"", "\"sites\": \"diagonal\"", 1);
        std::fs::write(&path, edited).expect("written");
        let error = read_summary(&path).unwrap_err().to_string();
        assert!(
            error.starts_with(&format!(
                "{}:{line}: unknown site mode \"diagonal\"; expected one of sequential, parallel at line {line}",
                path.display()
            )),
            "{error}"
        );
        let edited = text.replacen("\"upload-simple\"", "\"upload-telepathic\"", 1);
        std::fs::write(&path, edited).expect("written");
        let error = read_summary(&path).unwrap_err().to_string();
        assert!(
            error.contains("unknown operation \"upload-telepathic\""),
            "{error}"
        );
        let edited = text.replacen("\"hash-mismatch\"", "\"gremlins\"", 1);
        std::fs::write(&path, edited).expect("written");
        let error = read_summary(&path).unwrap_err().to_string();
        assert!(
            error.contains("unknown failure class \"gremlins\""),
            "{error}"
        );
        let edited = text.replacen("\"workload\": \"teams\"", "\"workload\": \"exchange\"", 1);
        std::fs::write(&path, edited).expect("written");
        let error = read_summary(&path).unwrap_err().to_string();
        assert!(error.contains("unknown workload \"exchange\""), "{error}");
    }
}
