//! Measurements: HdrHistograms of attempt latency in microseconds (1 µs to 1 h, 3 significant
//! figures; out-of-range values clamped and counted, never a panic), one per operation per
//! site, merged for totals; request and throttling counters; a per-second throughput series
//! per site. Knows nothing of HTTP beyond the [`Attempt`] records it is handed.

mod histogram;

pub use histogram::LatencyHistogram;

use std::collections::BTreeMap;
use std::time::Instant;

use crate::graph::{Attempt, AttemptSink, Operation};
use crate::units::Micros;

/// Collects attempts and item completions during a run. Shared by all tasks (`Arc`).
pub struct Metrics {
    epoch: Instant,
    #[allow(dead_code)]
    inner: std::sync::Mutex<Vec<SiteMetrics>>,
}

impl Metrics {
    /// A collector for `site_count` sites; time zero is now.
    pub fn new(site_count: usize) -> Metrics {
        let _ = site_count;
        todo!()
    }

    /// Time zero of the run.
    pub fn epoch(&self) -> Instant {
        self.epoch
    }

    /// Microseconds from time zero to `at`.
    pub fn offset_us(&self, at: Instant) -> Micros {
        crate::units::micros(at.saturating_duration_since(self.epoch))
    }

    /// A file finished copying at `at` with `bytes` transferred: feeds the throughput series.
    pub fn record_file_done(&self, site: usize, bytes: u64, at: Instant) {
        let _ = (site, bytes, at);
        todo!()
    }

    /// A copy of everything measured so far.
    pub fn snapshot(&self) -> MetricsSnapshot {
        todo!()
    }
}

impl AttemptSink for Metrics {
    fn record(&self, attempt: &Attempt) {
        let _ = attempt;
        todo!()
    }
}

/// Everything measured, per site and merged.
#[derive(Debug, Clone)]
pub struct MetricsSnapshot {
    /// Per site, in scenario order.
    pub sites: Vec<SiteMetrics>,
    /// All sites merged.
    pub total: SiteMetrics,
}

/// Measurements of one site (or of all, merged).
#[derive(Debug, Clone, Default)]
pub struct SiteMetrics {
    /// Per operation.
    pub operations: BTreeMap<Operation, OperationStats>,
    /// All file-transfer attempts (simple PUTs and chunk PUTs) merged.
    pub transfer: LatencyHistogram,
    /// HTTP attempts of every kind.
    pub requests: u64,
    /// Attempts that repeated an earlier one.
    pub retries: u64,
    /// 429 and 503 responses.
    pub throttled_responses: u64,
    /// Sum of the `Retry-After` of throttled responses.
    pub throttled_wait_us: Micros,
    /// Per second from time zero: bytes and files completed in that second.
    pub series: Vec<SecondSample>,
}

/// Attempts of one operation.
#[derive(Debug, Clone, Default)]
pub struct OperationStats {
    /// Latencies.
    pub latency: LatencyHistogram,
    /// Attempts.
    pub count: u64,
    /// Attempts without a response or with a status ≥ 400.
    pub errors: u64,
    /// Request body bytes.
    pub bytes_sent: u64,
    /// Response body bytes.
    pub bytes_received: u64,
    /// Count per HTTP status (0 = no response).
    pub statuses: BTreeMap<u16, u64>,
}

/// One second of the throughput series.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct SecondSample {
    /// Seconds since time zero (the sample covers `[second, second + 1)`).
    pub second: u64,
    /// File bytes completed in that second.
    pub bytes: u64,
    /// Files completed in that second.
    pub files: u64,
}
