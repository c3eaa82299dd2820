//! `summary.json`: the whole run in one typed document — who ran it, against what, with which
//! settings, and per site the pilot-results figures plus latency per operation, failure
//! classes and the per-second throughput series. Built from serde structs so the shape is
//! fixed by types, not by ad-hoc JSON.

use std::collections::BTreeMap;
use std::path::Path;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use serde::Serialize;

use crate::engine::RunReport;
use crate::metrics::{OperationStats, SiteMetrics};
use crate::scenario::SiteMode;
use crate::vocab::throttling::MAX_HONOURED_WAIT_US;
use crate::vocab::units::{us_to_ms, us_to_s};

use super::throttling::ThrottlingSummary;
use crate::run_folder::{PilotResultRow, round_to};
use crate::vocab::csv_writer::{WriteError, create, finish, write_error};

/// The document.
#[derive(Debug, Serialize)]
pub(super) struct Summary<'a> {
    pilotbench_version: &'a str,
    scenario: ScenarioInfo<'a>,
    pilot: PilotInfo<'a>,
    target: TargetInfo<'a>,
    engine: EngineInfo,
    started_utc: String,
    ended_utc: String,
    interrupted: bool,
    peak_rss_bytes: Option<u64>,
    sites: Vec<SiteSummary<'a>>,
    total: SiteSummary<'a>,
    /// Latency values outside 1 µs to 1 h, clamped into the histograms.
    latency_clamped: u64,
}

#[derive(Debug, Serialize)]
struct ScenarioInfo<'a> {
    path: &'a str,
    sha256: &'a str,
}

#[derive(Debug, Serialize)]
struct PilotInfo<'a> {
    name: &'a str,
    organisation: &'a str,
}

#[derive(Debug, Serialize)]
struct TargetInfo<'a> {
    kind: &'a str,
    description: &'a str,
}

#[derive(Debug, Serialize)]
struct EngineInfo {
    concurrency: usize,
    simple_upload_max_bytes: u64,
    chunk_size_bytes: u64,
    conflict: &'static str,
    sites: &'static str,
    request_timeout_s: f64,
    retry: RetryInfo,
    /// Proactive pacing on `RateLimit-*` headers.
    pacing: bool,
}

/// The retry policy in force (`[engine]` retry keys).
#[derive(Debug, Serialize)]
struct RetryInfo {
    /// Attempts per request, the first included.
    attempts: u32,
    /// First backoff step when no `Retry-After` is given, seconds.
    base_s: f64,
    /// Longest backoff, seconds.
    cap_s: f64,
    /// A `Retry-After` is waited out in full up to this many seconds.
    retry_after_honoured_up_to_s: f64,
}

/// One site (or `TOTAL`): the pilot-results columns, then the detail behind them.
#[derive(Debug, Serialize)]
struct SiteSummary<'a> {
    #[serde(flatten)]
    results: &'a PilotResultRow,
    operations: BTreeMap<&'static str, OperationSummary>,
    /// Items per failure class (failed items, and skipped items naming their rule).
    failure_classes: BTreeMap<&'static str, u64>,
    /// Throttled share against Microsoft's escalation level, and the time held at the gate.
    throttling: ThrottlingSummary,
    throughput_series: Vec<SeriesPoint>,
    error: Option<&'a str>,
}

#[derive(Debug, Serialize)]
struct OperationSummary {
    count: u64,
    errors: u64,
    p50_ms: f64,
    p90_ms: f64,
    p99_ms: f64,
    max_ms: f64,
    mean_ms: f64,
    bytes_sent: u64,
    bytes_received: u64,
    /// Status code (as a string key) to count; "0" = no response.
    statuses: BTreeMap<u16, u64>,
}

#[derive(Debug, Serialize)]
struct SeriesPoint {
    second: u64,
    bytes: u64,
    files: u64,
}

impl OperationSummary {
    fn of(stats: &OperationStats) -> OperationSummary {
        let ms = |us| round_to(us_to_ms(us), 1_000.0);
        OperationSummary {
            count: stats.count,
            errors: stats.errors,
            p50_ms: ms(stats.latency.quantile_us(0.5)),
            p90_ms: ms(stats.latency.quantile_us(0.9)),
            p99_ms: ms(stats.latency.quantile_us(0.99)),
            max_ms: ms(stats.latency.max_us()),
            mean_ms: round_to(stats.latency.mean_us() / 1_000.0, 1_000.0),
            bytes_sent: stats.bytes_sent,
            bytes_received: stats.bytes_received,
            statuses: stats.statuses.clone(),
        }
    }
}

impl<'a> SiteSummary<'a> {
    fn of(
        results: &'a PilotResultRow,
        metrics: &SiteMetrics,
        failure_classes: BTreeMap<&'static str, u64>,
        error: Option<&'a str>,
    ) -> SiteSummary<'a> {
        SiteSummary {
            results,
            operations: metrics
                .operations
                .iter()
                .map(|(op, stats)| (op.as_str(), OperationSummary::of(stats)))
                .collect(),
            failure_classes,
            throttling: ThrottlingSummary::of(metrics),
            throughput_series: metrics
                .series
                .iter()
                .map(|sample| SeriesPoint {
                    second: sample.second,
                    bytes: sample.bytes,
                    files: sample.files,
                })
                .collect(),
            error,
        }
    }
}

/// Items per failure class, for one site or (with `None`) all.
fn failure_classes(report: &RunReport, site: Option<usize>) -> BTreeMap<&'static str, u64> {
    let mut classes = BTreeMap::new();
    for item in report
        .items
        .iter()
        .filter(|item| site.is_none_or(|site| item.site == site))
    {
        if let Some(class) = item.failure_class {
            *classes.entry(class.as_str()).or_insert(0) += 1;
        }
    }
    classes
}

/// RFC 3339 UTC with milliseconds. Times humantime cannot format (before 1970 or after the
/// year 9999; its `Display` would panic or fail) are clamped into its range.
pub(super) fn rfc3339(time: SystemTime) -> String {
    const LAST_FORMATTABLE_S: u64 = 253_402_300_799;
    let since_epoch = time.duration_since(UNIX_EPOCH).unwrap_or(Duration::ZERO);
    let clamped = since_epoch.min(Duration::from_secs(LAST_FORMATTABLE_S));
    humantime::format_rfc3339_millis(UNIX_EPOCH + clamped).to_string()
}

fn site_mode(mode: SiteMode) -> &'static str {
    match mode {
        SiteMode::Sequential => "sequential",
        SiteMode::Parallel => "parallel",
    }
}

/// The document for `report`, over the already computed `rows` (sites, then `TOTAL`).
pub(super) fn build<'a>(report: &'a RunReport, rows: &'a [PilotResultRow]) -> Summary<'a> {
    let meta = &report.meta;
    let no_metrics = SiteMetrics::default();
    let (site_rows, total_row) = match rows.split_last() {
        Some((total, sites)) => (sites, Some(total)),
        None => (rows, None),
    };
    let sites = site_rows
        .iter()
        .enumerate()
        .map(|(index, row)| {
            SiteSummary::of(
                row,
                report.metrics.sites.get(index).unwrap_or(&no_metrics),
                failure_classes(report, Some(index)),
                report
                    .sites
                    .get(index)
                    .and_then(|site| site.error.as_deref()),
            )
        })
        .collect();
    let total = SiteSummary::of(
        total_row.unwrap_or(&EMPTY_ROW),
        &report.metrics.total,
        failure_classes(report, None),
        None,
    );
    Summary {
        pilotbench_version: &meta.version,
        scenario: ScenarioInfo {
            path: &meta.scenario_path,
            sha256: &meta.scenario_sha256,
        },
        pilot: PilotInfo {
            name: &meta.pilot_name,
            organisation: &meta.organisation,
        },
        target: TargetInfo {
            kind: &meta.target_kind,
            description: &meta.target,
        },
        engine: EngineInfo {
            concurrency: meta.engine.concurrency,
            simple_upload_max_bytes: meta.engine.simple_upload_max,
            chunk_size_bytes: meta.engine.chunk_size,
            conflict: meta.engine.conflict.as_str(),
            sites: site_mode(meta.engine.sites),
            request_timeout_s: us_to_s(meta.engine.request_timeout_us),
            retry: RetryInfo {
                attempts: meta.engine.retry_attempts,
                base_s: us_to_s(meta.engine.retry_base_us),
                cap_s: us_to_s(meta.engine.retry_cap_us),
                retry_after_honoured_up_to_s: us_to_s(MAX_HONOURED_WAIT_US),
            },
            pacing: meta.engine.pacing,
        },
        started_utc: rfc3339(meta.started),
        ended_utc: rfc3339(meta.ended),
        interrupted: meta.interrupted,
        peak_rss_bytes: meta.peak_rss_bytes,
        sites,
        total,
        latency_clamped: report.metrics.latency_clamped(),
    }
}

/// Writes `summary` to `path`, pretty-printed.
pub(super) fn write(path: &Path, summary: &Summary<'_>) -> Result<(), WriteError> {
    let mut file = create(path)?;
    serde_json::to_writer_pretty(&mut file, summary).map_err(|error| write_error(path, error))?;
    std::io::Write::write_all(&mut file, b"\n").map_err(|error| write_error(path, error))?;
    finish(path, file)
}

/// Stands in for the `TOTAL` row if a caller passes no rows (never from [`super::write_all`]).
static EMPTY_ROW: std::sync::LazyLock<PilotResultRow> =
    std::sync::LazyLock::new(PilotResultRow::default);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timestamps_are_rfc3339_and_never_panic() {
        let time = UNIX_EPOCH + Duration::from_millis(1_700_000_000_123);
        assert_eq!(rfc3339(time), "2023-11-14T22:13:20.123Z");
        assert_eq!(
            rfc3339(UNIX_EPOCH - Duration::from_secs(10)),
            "1970-01-01T00:00:00.000Z"
        );
        assert!(rfc3339(UNIX_EPOCH + Duration::from_secs(400_000_000_000)).starts_with("9999-"));
    }
}
