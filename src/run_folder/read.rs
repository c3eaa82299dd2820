//! A finished run's folder read back: `summary.json` and `items.csv`. The estimate, the
//! Go/No-Go decision and the reports are built from these files — at the end of a run and by
//! `pilotbench estimate|decide|report RUN_DIR` alike — so a rebuilt report is the same report,
//! and a run's evidence needs nothing but its folder (and the scenario it names).
//!
//! Only the fields those consumers need are typed; the rest of `summary.json` is ignored, so
//! older and newer run folders still load.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use super::{ITEMS_FILE, PilotResultRow, SUMMARY_FILE};

/// A run folder, loaded.
#[derive(Debug, Clone)]
pub struct RunEvidence {
    /// The folder.
    pub dir: PathBuf,
    /// `summary.json`.
    pub summary: RunSummary,
    /// `items.csv`, in file order.
    pub items: Vec<ItemEntry>,
}

/// The parts of `summary.json` that the evidence uses.
#[derive(Debug, Clone, Deserialize)]
pub struct RunSummary {
    /// pilotbench version that wrote it.
    pub pilotbench_version: String,
    /// The scenario the run used.
    pub scenario: ScenarioRef,
    /// Pilot name and organisation.
    pub pilot: PilotRef,
    /// Target kind and description.
    pub target: TargetRef,
    /// Engine settings.
    pub engine: EngineRef,
    /// Start, RFC 3339 UTC.
    pub started_utc: String,
    /// End, RFC 3339 UTC.
    pub ended_utc: String,
    /// Whether Ctrl-C stopped the run.
    pub interrupted: bool,
    /// One entry per site.
    pub sites: Vec<SiteSummary>,
    /// All sites together.
    pub total: SiteSummary,
}

/// `summary.json` → `scenario`.
#[derive(Debug, Clone, Deserialize)]
pub struct ScenarioRef {
    /// The scenario path as the run saw it.
    pub path: String,
    /// SHA-256 of the scenario text.
    pub sha256: String,
}

/// `summary.json` → `pilot`.
#[derive(Debug, Clone, Deserialize)]
pub struct PilotRef {
    /// Pilot name.
    pub name: String,
    /// Organisation.
    pub organisation: String,
}

/// `summary.json` → `target`.
#[derive(Debug, Clone, Deserialize)]
pub struct TargetRef {
    /// `simulated` or `graph`.
    pub kind: String,
    /// Human description.
    pub description: String,
}

/// `summary.json` → `engine` (the fields the estimate needs).
#[derive(Debug, Clone, Deserialize)]
pub struct EngineRef {
    /// Requests in flight at most.
    pub concurrency: usize,
    /// `parallel` or `sequential`.
    pub sites: String,
}

/// One site (or `TOTAL`) of `summary.json`.
#[derive(Debug, Clone, Deserialize)]
pub struct SiteSummary {
    /// The `pilot-results.csv` figures of the site, as the run wrote them.
    #[serde(flatten)]
    pub results: PilotResultRow,
    /// Latency per operation.
    pub operations: BTreeMap<String, OperationRef>,
    /// Items per failure class.
    pub failure_classes: BTreeMap<String, u64>,
    /// Throttled share and waits.
    pub throttling: ThrottlingRef,
    /// Bytes and files finished per second of the run.
    pub throughput_series: Vec<SeriesRef>,
    /// Why the site stopped early, if it did.
    pub error: Option<String>,
}

/// Latency figures of one operation.
#[derive(Debug, Clone, Deserialize)]
pub struct OperationRef {
    /// Attempts.
    pub count: u64,
    /// Attempts that ended in an error.
    pub errors: u64,
    /// Median, ms.
    pub p50_ms: f64,
    /// 90th percentile, ms.
    pub p90_ms: f64,
    /// 99th percentile, ms.
    pub p99_ms: f64,
    /// Maximum, ms.
    pub max_ms: f64,
    /// Mean, ms (0 in run folders written before it was recorded).
    #[serde(default)]
    pub mean_ms: f64,
}

/// The throttling block of one site.
#[derive(Debug, Clone, Deserialize)]
pub struct ThrottlingRef {
    /// Responses received.
    pub responses: u64,
    /// Throttled among them.
    pub throttled_responses: u64,
    /// Throttled share (0–1).
    pub throttled_share: f64,
    /// Microsoft's escalation level (0.30).
    pub escalation_share: f64,
    /// Whether the share is above it.
    pub above_escalation: bool,
    /// Seconds held at the client's gate.
    pub gate_wait_s: f64,
}

/// One second of the throughput series.
#[derive(Debug, Clone, Deserialize)]
pub struct SeriesRef {
    /// Seconds since the run started.
    pub second: u64,
    /// Bytes finished in that second.
    pub bytes: u64,
    /// Files finished in that second.
    pub files: u64,
}

/// One row of `items.csv`.
#[derive(Debug, Clone, Deserialize, PartialEq)]
pub struct ItemEntry {
    /// Site name.
    pub site: String,
    /// Source path.
    pub source_path: String,
    /// Destination path.
    pub destination_path: String,
    /// Size.
    pub size_bytes: u64,
    /// `verified`, `copied-unverified`, `failed`, `skipped` or `not-run`.
    pub outcome: String,
    /// Failure class or skip rule; empty when none.
    pub failure_class: String,
    /// Attempts.
    pub attempts: u32,
    /// From the item's first request to its end, ms.
    pub duration_ms: f64,
}

/// A run folder could not be read.
#[derive(Debug, thiserror::Error)]
pub enum RunDirError {
    /// A file is missing or unreadable.
    #[error("cannot read {}: {reason}; give the folder a `pilotbench run` wrote (it holds {SUMMARY_FILE} and {ITEMS_FILE})", path.display())]
    Read {
        /// The file.
        path: PathBuf,
        /// Why.
        reason: String,
    },
    /// A file is not what pilotbench writes.
    #[error("{}{}: {reason}; was it edited? Run the pilot again or restore the file", path.display(), line.map(|l| format!(":{l}")).unwrap_or_default())]
    Malformed {
        /// The file.
        path: PathBuf,
        /// The line, where known.
        line: Option<u64>,
        /// Why.
        reason: String,
    },
}

/// Loads `summary.json` and `items.csv` from `dir`.
pub fn load(dir: &Path) -> Result<RunEvidence, RunDirError> {
    let summary_path = dir.join(SUMMARY_FILE);
    let text = std::fs::read_to_string(&summary_path).map_err(|error| RunDirError::Read {
        path: summary_path.clone(),
        reason: error.to_string(),
    })?;
    let summary: RunSummary =
        serde_json::from_str(&text).map_err(|error| RunDirError::Malformed {
            path: summary_path.clone(),
            line: Some(error.line() as u64),
            reason: error.to_string(),
        })?;

    let items_path = dir.join(ITEMS_FILE);
    let bytes = std::fs::read(&items_path).map_err(|error| RunDirError::Read {
        path: items_path.clone(),
        reason: error.to_string(),
    })?;
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes);
    let mut reader = csv::Reader::from_reader(bytes);
    let mut items = Vec::new();
    for record in reader.deserialize::<ItemEntry>() {
        let item = record.map_err(|error| RunDirError::Malformed {
            path: items_path.clone(),
            line: error.position().map(|position| position.line()),
            reason: error.to_string(),
        })?;
        items.push(item);
    }
    Ok(RunEvidence {
        dir: dir.to_path_buf(),
        summary,
        items,
    })
}
