//! Measurements: HdrHistograms of attempt latency in microseconds (1 µs to 1 h, 3 significant
//! figures; out-of-range values clamped and counted, never a panic), one per operation per
//! site, merged for totals; request and throttling counters; a per-second throughput series
//! per site. Knows nothing of HTTP beyond the [`Attempt`] records it is handed.
//!
//! Recording takes one short per-site mutex and, once an operation has been seen, allocates
//! nothing; [`Metrics::snapshot`] builds the map-shaped copy the reporters read.
//!
//! [`Metrics`] (here) hands each attempt to its site's collector (`collector.rs`); both build
//! the snapshot types of `snapshot.rs`, which the engine and the reports read.

mod collector;
mod histogram;
mod snapshot;

pub use histogram::{HIGHEST_US, LOWEST_US, LatencyHistogram, SIGFIG};
pub use snapshot::{MetricsSnapshot, OperationStats, SecondSample, SiteMetrics};

use std::sync::{Mutex, MutexGuard};
use std::time::Instant;

use crate::vocab::attempt::Attempt;
use crate::vocab::attempt::AttemptSink;
use crate::vocab::units::Micros;

use collector::SiteCollector;

/// Collects attempts and item completions during a run. Shared by all tasks (`Arc`).
pub struct Metrics {
    epoch: Instant,
    /// One collector per site, each behind its own lock so parallel sites do not contend.
    sites: Vec<Mutex<SiteCollector>>,
}

impl std::fmt::Debug for Metrics {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Metrics")
            .field("epoch", &self.epoch)
            .field("sites", &self.sites.len())
            .finish()
    }
}

/// Locks a collector, taking it over even if a panicking thread poisoned the lock: the counters
/// are plain numbers and stay meaningful.
fn lock(site: &Mutex<SiteCollector>) -> MutexGuard<'_, SiteCollector> {
    site.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

impl Metrics {
    /// A collector for `site_count` sites; time zero is now.
    pub fn new(site_count: usize) -> Metrics {
        Metrics::with_epoch(site_count, Instant::now())
    }

    /// A collector for `site_count` sites with a given time zero (tests, replays).
    pub fn with_epoch(site_count: usize, epoch: Instant) -> Metrics {
        Metrics {
            epoch,
            sites: (0..site_count)
                .map(|_| Mutex::new(SiteCollector::default()))
                .collect(),
        }
    }

    /// Time zero of the run.
    pub fn epoch(&self) -> Instant {
        self.epoch
    }

    /// Microseconds from time zero to `at`.
    pub fn offset_us(&self, at: Instant) -> Micros {
        crate::vocab::units::micros(at.saturating_duration_since(self.epoch))
    }

    /// A file finished copying at `at` with `bytes` transferred: feeds the throughput series,
    /// in the whole second `(at − epoch)` (a time before the epoch counts as second 0). An
    /// unknown site index is ignored.
    pub fn record_file_done(&self, site: usize, bytes: u64, at: Instant) {
        let Some(collector) = self.sites.get(site) else {
            return;
        };
        let second = at.saturating_duration_since(self.epoch).as_secs();
        lock(collector).record_file_done(second, bytes);
    }

    /// A copy of everything measured so far: per site, and all sites merged.
    pub fn snapshot(&self) -> MetricsSnapshot {
        let sites: Vec<SiteMetrics> = self
            .sites
            .iter()
            .map(|collector| lock(collector).snapshot())
            .collect();
        MetricsSnapshot::from_sites(sites)
    }
}

impl AttemptSink for Metrics {
    /// Accounts one attempt under its site; an unknown site index is ignored.
    fn record(&self, attempt: &Attempt) {
        if let Some(collector) = self.sites.get(attempt.site) {
            lock(collector).record(attempt);
        }
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;
    use std::time::Duration;

    use super::*;
    use crate::vocab::attempt::Operation;

    fn attempt(site: usize, op: Operation, status: Option<u16>, latency_us: Micros) -> Attempt {
        Attempt {
            op,
            site,
            started: Instant::now(),
            latency_us,
            status,
            bytes_sent: 100,
            bytes_received: 10,
            gate_wait_us: 0,
            retry_after_us: None,
            rate_limit: None,
            timed_out: status.is_none(),
            retry: false,
        }
    }

    #[test]
    fn attempts_are_accounted_per_site_and_operation() {
        let metrics = Metrics::new(2);
        metrics.record(&attempt(0, Operation::UploadSimple, Some(201), 2_000));
        metrics.record(&attempt(0, Operation::UploadSimple, Some(500), 4_000));
        metrics.record(&attempt(0, Operation::UploadSimple, None, 120_000_000));
        metrics.record(&attempt(0, Operation::CreateFolder, Some(201), 1_000));
        metrics.record(&Attempt {
            retry: true,
            retry_after_us: Some(3_000_000),
            ..attempt(0, Operation::UploadChunk, Some(429), 500)
        });
        metrics.record(&Attempt {
            retry_after_us: Some(1_000_000),
            gate_wait_us: 250_000,
            ..attempt(0, Operation::GetItem, Some(503), 700)
        });
        // A 503 without Retry-After is a server error, not throttling.
        metrics.record(&Attempt {
            gate_wait_us: 50_000,
            ..attempt(0, Operation::GetItem, Some(503), 700)
        });
        metrics.record(&attempt(1, Operation::GetItem, Some(200), 300));
        // Out of range: ignored, no panic.
        metrics.record(&attempt(7, Operation::GetItem, Some(200), 300));

        let snapshot = metrics.snapshot();
        assert_eq!(snapshot.sites.len(), 2);
        let site = &snapshot.sites[0];
        let upload = &site.operations[&Operation::UploadSimple];
        assert_eq!(upload.count, 3);
        assert_eq!(upload.errors, 2);
        assert_eq!(upload.bytes_sent, 300);
        assert_eq!(upload.bytes_received, 30);
        assert_eq!(
            upload.statuses,
            BTreeMap::from([(0, 1), (201, 1), (500, 1)])
        );
        assert_eq!(upload.latency.count(), 3);
        assert_eq!(site.operations[&Operation::CreateFolder].errors, 0);
        assert!(!site.operations.contains_key(&Operation::ListDrives));
        // Transfer = simple + chunk attempts only.
        assert_eq!(site.transfer.count(), 4);
        assert_eq!(site.requests, 7);
        assert_eq!(site.responses, 6, "the timed-out attempt got none");
        assert_eq!(site.retries, 1);
        assert_eq!(site.throttled_responses, 2);
        assert_eq!(site.throttled_wait_us, 4_000_000);
        assert_eq!(site.gate_wait_us, 300_000);
        assert_eq!(snapshot.sites[1].requests, 1);
        assert_eq!(snapshot.sites[1].transfer.count(), 0);
        assert_eq!(snapshot.total.requests, 8);
        assert_eq!(snapshot.total.responses, 7);
        assert_eq!(snapshot.total.gate_wait_us, 300_000);
        assert_eq!(snapshot.total.operations[&Operation::GetItem].count, 3);
    }

    #[test]
    fn finished_files_fill_the_per_second_series() {
        let epoch = Instant::now();
        let metrics = Metrics::with_epoch(2, epoch);
        metrics.record_file_done(0, 100, epoch + Duration::from_millis(200));
        metrics.record_file_done(0, 50, epoch + Duration::from_millis(999));
        metrics.record_file_done(0, 7, epoch + Duration::from_millis(3_000));
        metrics.record_file_done(1, 1_000, epoch + Duration::from_millis(4_500));
        metrics.record_file_done(9, 1, epoch);

        let snapshot = metrics.snapshot();
        let series = &snapshot.sites[0].series;
        assert_eq!(series.len(), 4);
        assert_eq!(
            series[0],
            SecondSample {
                second: 0,
                bytes: 150,
                files: 2
            }
        );
        assert_eq!(series[1].files, 0);
        assert_eq!(series[2].second, 2);
        assert_eq!((series[3].bytes, series[3].files), (7, 1));
        assert_eq!(snapshot.sites[1].series.len(), 5);

        let total = &snapshot.total.series;
        assert_eq!(total.len(), 5);
        assert_eq!((total[0].bytes, total[0].files), (150, 2));
        assert_eq!((total[3].bytes, total[3].files), (7, 1));
        assert_eq!(
            total[4],
            SecondSample {
                second: 4,
                bytes: 1_000,
                files: 1
            }
        );
    }

    #[test]
    fn snapshot_total_merges_histograms_and_counters() {
        let metrics = Metrics::new(3);
        for site in 0..3 {
            for ms in 1..=10u64 {
                metrics.record(&attempt(
                    site,
                    Operation::UploadChunk,
                    Some(202),
                    ms * 1_000 * (site as u64 + 1),
                ));
            }
        }
        metrics.record(&attempt(2, Operation::UploadChunk, Some(202), 0));
        let snapshot = metrics.snapshot();
        assert_eq!(snapshot.total.transfer.count(), 31);
        assert_eq!(snapshot.total.requests, 31);
        let chunks = &snapshot.total.operations[&Operation::UploadChunk];
        assert_eq!(chunks.count, 31);
        assert_eq!(chunks.statuses[&202], 31);
        assert!(snapshot.total.transfer.max_us() >= 30_000);
        assert!(snapshot.total.transfer.max_us() < 30_100);
        assert_eq!(snapshot.latency_clamped(), 1);
        assert_eq!(snapshot.total.transfer.clamped(), 1);
    }

    #[test]
    fn a_far_future_completion_does_not_grow_the_series_without_bound() {
        let epoch = Instant::now();
        let metrics = Metrics::with_epoch(1, epoch);
        let far = epoch + Duration::from_secs(10 * collector::MAX_SERIES_SECONDS);
        metrics.record_file_done(0, 1, far);
        let snapshot = metrics.snapshot();
        assert_eq!(
            snapshot.sites[0].series.len() as u64,
            collector::MAX_SERIES_SECONDS + 1
        );
    }
}
