//! `summary.json` built from a finished run: who ran it, against what, with which settings,
//! and per site the pilot-results figures plus latency per operation, failure classes,
//! throttling and the per-second throughput series. The document and its file are the run
//! folder's ([`RunSummary`]); this is where the engine's figures become its fields.

use std::collections::BTreeMap;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use crate::engine::RunReport;
use crate::metrics::{OperationStats, SiteMetrics};
use crate::run_folder::{
    ByName, EngineInfo, OperationSummary, PilotInfo, PilotResultRow, RetryInfo, RunSummary,
    ScenarioInfo, SeriesPoint, SiteSummary, TargetInfo, round_to,
};
use crate::vocab::outcome::FailureClass;
use crate::vocab::throttling::MAX_HONOURED_WAIT_US;
use crate::vocab::units::{us_to_ms, us_to_s};

use super::throttling::throttling_summary;

/// The figures of one operation, rounded as the file holds them.
fn operation_summary(stats: &OperationStats) -> OperationSummary {
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

/// One site (or `TOTAL`): its pilot-results row and the detail behind it.
fn site_summary(
    results: &PilotResultRow,
    metrics: &SiteMetrics,
    failure_classes: ByName<FailureClass, u64>,
    error: Option<&str>,
) -> SiteSummary {
    SiteSummary {
        results: results.clone(),
        operations: metrics
            .operations
            .iter()
            .map(|(op, stats)| (*op, operation_summary(stats)))
            .collect(),
        failure_classes,
        throttling: throttling_summary(metrics),
        throughput_series: metrics
            .series
            .iter()
            .map(|sample| SeriesPoint {
                second: sample.second,
                bytes: sample.bytes,
                files: sample.files,
            })
            .collect(),
        error: error.map(str::to_string),
    }
}

/// Items per failure class, for one site or (with `None`) all.
fn failure_classes(report: &RunReport, site: Option<usize>) -> ByName<FailureClass, u64> {
    let mut classes = BTreeMap::new();
    for item in report
        .items
        .iter()
        .filter(|item| site.is_none_or(|site| item.site == site))
    {
        if let Some(class) = item.failure_class {
            *classes.entry(class).or_insert(0) += 1;
        }
    }
    classes.into_iter().collect()
}

/// RFC 3339 UTC with milliseconds. Times humantime cannot format (before 1970 or after the
/// year 9999; its `Display` would panic or fail) are clamped into its range.
pub(super) fn rfc3339(time: SystemTime) -> String {
    const LAST_FORMATTABLE_S: u64 = 253_402_300_799;
    let since_epoch = time.duration_since(UNIX_EPOCH).unwrap_or(Duration::ZERO);
    let clamped = since_epoch.min(Duration::from_secs(LAST_FORMATTABLE_S));
    humantime::format_rfc3339_millis(UNIX_EPOCH + clamped).to_string()
}

/// The document for `report`, over the already computed `rows` (sites, then `TOTAL`).
pub(super) fn build(report: &RunReport, rows: &[PilotResultRow]) -> RunSummary {
    let meta = &report.meta;
    let no_metrics = SiteMetrics::default();
    let no_row = PilotResultRow::default();
    let (site_rows, total_row) = match rows.split_last() {
        Some((total, sites)) => (sites, total),
        // Never from `write_all`, which always passes a `TOTAL` row.
        None => (rows, &no_row),
    };
    let sites = site_rows
        .iter()
        .enumerate()
        .map(|(index, row)| {
            site_summary(
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
    let total = site_summary(
        total_row,
        &report.metrics.total,
        failure_classes(report, None),
        None,
    );
    RunSummary {
        pilotbench_version: meta.version.clone(),
        run_id: meta.run_id.clone(),
        tenant_run_folder: meta.tenant_run_folder.clone(),
        inputs: Vec::new(),
        scenario: ScenarioInfo {
            path: meta.scenario_path.clone(),
            sha256: meta.scenario_sha256.clone(),
        },
        pilot: PilotInfo {
            name: meta.pilot_name.clone(),
            organisation: meta.organisation.clone(),
        },
        target: TargetInfo {
            kind: meta.target_kind.clone(),
            description: meta.target.clone(),
        },
        engine: EngineInfo {
            concurrency: meta.engine.concurrency,
            simple_upload_max_bytes: meta.engine.simple_upload_max,
            chunk_size_bytes: meta.engine.chunk_size,
            conflict: Some(meta.engine.conflict),
            sites: meta.engine.sites,
            request_timeout_s: us_to_s(meta.engine.request_timeout_us),
            retry: RetryInfo {
                attempts: meta.engine.retry_attempts,
                base_s: us_to_s(meta.engine.retry_base_us),
                cap_s: us_to_s(meta.engine.retry_cap_us),
                retry_after_honoured_up_to_s: us_to_s(MAX_HONOURED_WAIT_US),
            },
            pacing: meta.engine.pacing,
            run_folder: meta.engine.run_folder,
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
