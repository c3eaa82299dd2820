//! What a run measured, as the engine and the reports read it: per site and merged, latency
//! per operation, the transfer histogram, request and throttling counters, and the per-second
//! throughput series. Plain data with the merge that builds totals, below both the live
//! collectors that fill it and everything that reads it.

use std::collections::BTreeMap;

use crate::vocab::attempt::Operation;
use crate::vocab::units::Micros;

use super::histogram::LatencyHistogram;

/// Everything measured, per site and merged.
#[derive(Debug, Clone, Default)]
pub struct MetricsSnapshot {
    /// Per site, in scenario order.
    pub sites: Vec<SiteMetrics>,
    /// All sites merged.
    pub total: SiteMetrics,
}

impl MetricsSnapshot {
    /// A snapshot of these sites, with `total` merged from them.
    pub fn from_sites(sites: Vec<SiteMetrics>) -> MetricsSnapshot {
        let mut total = SiteMetrics::default();
        for site in &sites {
            total.merge(site);
        }
        MetricsSnapshot { sites, total }
    }

    /// Latency values clamped into 1 µs to 1 h, over every operation of every site.
    pub fn latency_clamped(&self) -> u64 {
        self.total
            .operations
            .values()
            .map(|stats| stats.latency.clamped())
            .fold(0, u64::saturating_add)
    }
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
    /// Attempts that got an HTTP response (any status); the denominator of the throttled share.
    pub responses: u64,
    /// Throttled responses: 429, and 503 with a `Retry-After` (a 503 without one is a server
    /// error, not throttling).
    pub throttled_responses: u64,
    /// Sum of the `Retry-After` of throttled responses.
    pub throttled_wait_us: Micros,
    /// Time requests were held at the client's throttle gate before being sent (after a
    /// throttled answer, or paced ahead of one), summed over requests.
    pub gate_wait_us: Micros,
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

impl SiteMetrics {
    /// Adds `other` into `self`: histograms merged, counters summed, series summed per second.
    pub fn merge(&mut self, other: &SiteMetrics) {
        for (op, stats) in &other.operations {
            self.operations.entry(*op).or_default().merge(stats);
        }
        self.transfer.merge(&other.transfer);
        self.requests = self.requests.saturating_add(other.requests);
        self.retries = self.retries.saturating_add(other.retries);
        self.responses = self.responses.saturating_add(other.responses);
        self.gate_wait_us = self.gate_wait_us.saturating_add(other.gate_wait_us);
        self.throttled_responses = self
            .throttled_responses
            .saturating_add(other.throttled_responses);
        self.throttled_wait_us = self
            .throttled_wait_us
            .saturating_add(other.throttled_wait_us);
        if self.series.len() < other.series.len() {
            let start = self.series.len();
            self.series
                .extend(other.series[start..].iter().map(|sample| SecondSample {
                    bytes: 0,
                    files: 0,
                    ..*sample
                }));
        }
        for (mine, theirs) in self.series.iter_mut().zip(&other.series) {
            mine.bytes = mine.bytes.saturating_add(theirs.bytes);
            mine.files = mine.files.saturating_add(theirs.files);
        }
    }
}

impl OperationStats {
    /// Adds `other` into `self`.
    pub fn merge(&mut self, other: &OperationStats) {
        self.latency.merge(&other.latency);
        self.count = self.count.saturating_add(other.count);
        self.errors = self.errors.saturating_add(other.errors);
        self.bytes_sent = self.bytes_sent.saturating_add(other.bytes_sent);
        self.bytes_received = self.bytes_received.saturating_add(other.bytes_received);
        for (status, count) in &other.statuses {
            let mine = self.statuses.entry(*status).or_insert(0);
            *mine = mine.saturating_add(*count);
        }
    }
}
