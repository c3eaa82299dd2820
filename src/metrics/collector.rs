//! The mutable per-site state behind [`super::Metrics`]: what one attempt or one finished file
//! changes, kept in fixed slots so that recording in the steady state allocates nothing.

use crate::vocab::attempt::Attempt;
use crate::vocab::attempt::Operation;

use super::snapshot::{OperationStats, SecondSample, SiteMetrics};

/// Longest throughput series kept, in seconds (7 days). A completion stamped later than this
/// (which a real run cannot produce) lands in the last second instead of growing the series
/// without bound.
pub(super) const MAX_SERIES_SECONDS: u64 = 7 * 24 * 3600;

/// One site's running totals. Lives inside a mutex; every method is short.
#[derive(Debug, Default)]
pub(super) struct SiteCollector {
    /// Per operation, indexed by the operation's position in [`Operation::ALL`]; `None`
    /// until the first attempt of that operation (a histogram is ~184 KiB).
    operations: [Option<OperationStats>; Operation::ALL.len()],
    /// Everything except `operations`, kept in the shape of the snapshot.
    totals: SiteMetrics,
}

/// Position of `op` in [`Operation::ALL`].
fn slot(op: Operation) -> Option<usize> {
    Operation::ALL.iter().position(|candidate| *candidate == op)
}

/// A 429, or a 503 with a `Retry-After`: the tenant asked us to slow down (the client's
/// retry policy classifies them the same way). A 503 without one is a server error.
fn is_throttle(attempt: &Attempt) -> bool {
    match attempt.status {
        Some(429) => true,
        Some(503) => attempt.retry_after_us.is_some(),
        _ => false,
    }
}

impl SiteCollector {
    /// Accounts one attempt.
    pub(super) fn record(&mut self, attempt: &Attempt) {
        let Some(index) = slot(attempt.op) else {
            return;
        };
        let Some(entry) = self.operations.get_mut(index) else {
            return;
        };
        let stats = entry.get_or_insert_with(OperationStats::default);
        stats.latency.record(attempt.latency_us);
        stats.count = stats.count.saturating_add(1);
        if attempt.status.is_none_or(|status| status >= 400) {
            stats.errors = stats.errors.saturating_add(1);
        }
        stats.bytes_sent = stats.bytes_sent.saturating_add(attempt.bytes_sent);
        stats.bytes_received = stats.bytes_received.saturating_add(attempt.bytes_received);
        let status_count = stats
            .statuses
            .entry(attempt.status.unwrap_or(0))
            .or_insert(0);
        *status_count = status_count.saturating_add(1);

        let totals = &mut self.totals;
        if attempt.op.is_transfer() {
            totals.transfer.record(attempt.latency_us);
        }
        totals.requests = totals.requests.saturating_add(1);
        if attempt.retry {
            totals.retries = totals.retries.saturating_add(1);
        }
        if attempt.status.is_some() {
            totals.responses = totals.responses.saturating_add(1);
        }
        totals.gate_wait_us = totals.gate_wait_us.saturating_add(attempt.gate_wait_us);
        if is_throttle(attempt) {
            totals.throttled_responses = totals.throttled_responses.saturating_add(1);
            totals.throttled_wait_us = totals
                .throttled_wait_us
                .saturating_add(attempt.retry_after_us.unwrap_or(0));
        }
    }

    /// Accounts one finished file in the second `second` (from time zero).
    pub(super) fn record_file_done(&mut self, second: u64, bytes: u64) {
        let second = second.min(MAX_SERIES_SECONDS);
        let series = &mut self.totals.series;
        let Ok(index) = usize::try_from(second) else {
            return;
        };
        if series.len() <= index {
            let start = series.len();
            series.extend((start..=index).map(|s| SecondSample {
                second: s as u64,
                ..SecondSample::default()
            }));
        }
        if let Some(sample) = series.get_mut(index) {
            sample.bytes = sample.bytes.saturating_add(bytes);
            sample.files = sample.files.saturating_add(1);
        }
    }

    /// A copy in the snapshot's shape.
    pub(super) fn snapshot(&self) -> SiteMetrics {
        let mut metrics = self.totals.clone();
        metrics.operations = Operation::ALL
            .iter()
            .zip(&self.operations)
            .filter_map(|(op, stats)| stats.as_ref().map(|stats| (*op, stats.clone())))
            .collect();
        metrics
    }
}
