//! What a run produced: the inputs the reporters need, and nothing of how it ran.

use std::time::SystemTime;

use crate::metrics::MetricsSnapshot;
use crate::scenario::{EngineSettings, Workload};
use crate::vocab::outcome::{ItemRecord, Outcome};
use crate::vocab::units::Micros;

/// A finished (or interrupted) run.
#[derive(Debug, Clone)]
pub struct RunReport {
    /// Who, what, when.
    pub meta: RunMeta,
    /// Per site, in scenario order.
    pub sites: Vec<SiteReport>,
    /// One per planned item, every site.
    pub items: Vec<ItemRecord>,
    /// Every attempt, aggregated.
    pub metrics: MetricsSnapshot,
}

/// Run metadata for `summary.json`.
#[derive(Debug, Clone)]
pub struct RunMeta {
    /// pilotbench version.
    pub version: String,
    /// The run's id (`run_folder::RunId`), shown in every report.
    pub run_id: String,
    /// The folder below each site's destination folder this run wrote into
    /// (`pilotbench-run-{run id}`); `None` when `[engine] run_folder = false`.
    pub tenant_run_folder: Option<String>,
    /// The scenario file as given.
    pub scenario_path: String,
    /// SHA-256 of the scenario file.
    pub scenario_sha256: String,
    /// `[pilot] name`.
    pub pilot_name: String,
    /// `[pilot] organisation`.
    pub organisation: String,
    /// The target, described ("simulated tenant at http://127.0.0.1:41234/v1.0").
    pub target: String,
    /// Target kind ("simulated").
    pub target_kind: String,
    /// Engine settings used.
    pub engine: EngineSettings,
    /// Wall-clock start (UTC when written).
    pub started: SystemTime,
    /// Wall-clock end.
    pub ended: SystemTime,
    /// Set when Ctrl-C, SIGTERM or SIGHUP stopped the run early.
    pub interrupted: bool,
    /// Peak resident set size of the process, bytes, when the OS tells it.
    pub peak_rss_bytes: Option<u64>,
}

/// One site's run.
#[derive(Debug, Clone)]
pub struct SiteReport {
    /// Site name.
    pub name: String,
    /// Workload.
    pub workload: Workload,
    /// The source, described ("synthetic: 400 files, seed 1" or the folder path).
    pub source: String,
    /// Files planned.
    pub files_planned: u64,
    /// Folders the run created in the destination.
    pub folders_created: u64,
    /// When the site started, µs from the run's time zero.
    pub started_us: Micros,
    /// When the site ended, µs from the run's time zero.
    pub ended_us: Micros,
    /// Why the site could not run at all (destination not found ...), if so; its items are failed.
    pub error: Option<String>,
}

impl SiteReport {
    /// Wall time of the site, µs.
    pub fn duration_us(&self) -> Micros {
        self.ended_us.saturating_sub(self.started_us)
    }
}

/// Item counts by outcome.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct OutcomeCounts {
    /// `verified`.
    pub verified: u64,
    /// `copied-unverified`.
    pub unverified: u64,
    /// `failed`.
    pub failed: u64,
    /// `skipped`.
    pub skipped: u64,
    /// `not-run`.
    pub not_run: u64,
    /// `interrupted`.
    pub interrupted: u64,
}

impl OutcomeCounts {
    /// Counts the items of `site` (or of all sites when `None`).
    pub fn of(items: &[ItemRecord], site: Option<usize>) -> OutcomeCounts {
        let mut counts = OutcomeCounts::default();
        for item in items.iter().filter(|i| site.is_none_or(|s| i.site == s)) {
            match item.outcome {
                Outcome::Verified => counts.verified += 1,
                Outcome::CopiedUnverified => counts.unverified += 1,
                Outcome::Failed => counts.failed += 1,
                Outcome::Skipped => counts.skipped += 1,
                Outcome::NotRun => counts.not_run += 1,
                Outcome::Interrupted => counts.interrupted += 1,
            }
        }
        counts
    }

    /// All items.
    pub fn total(&self) -> u64 {
        self.verified
            + self.unverified
            + self.failed
            + self.skipped
            + self.not_run
            + self.interrupted
    }

    /// Failed over attempted (planned less skipped and not-run); 0 when nothing was attempted.
    pub fn failure_rate(&self) -> f64 {
        let attempted = self.verified + self.unverified + self.failed;
        if attempted == 0 {
            0.0
        } else {
            self.failed as f64 / attempted as f64
        }
    }
}
