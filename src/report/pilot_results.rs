//! The figures of `pilot-results.csv` computed from a finished run: one row per site and a
//! `TOTAL` row. [`pilot_result_rows`] is the one computation of those figures; the CSV,
//! `summary.json` and the stdout table all reuse it. The row and its file are the run
//! folder's ([`PilotResultRow`]).

use crate::engine::{OutcomeCounts, RunReport, SiteReport};
use crate::metrics::SiteMetrics;
use crate::run_folder::{PilotResultRow, RowWorkload, TOTAL_SITE};
use crate::vocab::outcome::Outcome;
use crate::vocab::units::{GIB, MIB, Micros, us_to_ms, us_to_s};

/// `amount` per `seconds`; 0 when `seconds` is 0.
fn rate(amount: f64, seconds: f64) -> f64 {
    if seconds > 0.0 {
        let value = amount / seconds;
        if value.is_finite() { value } else { 0.0 }
    } else {
        0.0
    }
}

/// What identifies a row and what the engine planned, before the measured figures.
struct RowInputs<'a> {
    site: String,
    workload: RowWorkload,
    source: String,
    files_planned: u64,
    folders_created: u64,
    counts: OutcomeCounts,
    bytes_copied: u64,
    duration_us: Micros,
    metrics: &'a SiteMetrics,
}

impl RowInputs<'_> {
    fn into_row(self) -> PilotResultRow {
        let duration_s = us_to_s(self.duration_us);
        let copied_files = self.counts.verified + self.counts.unverified;
        let bytes = self.bytes_copied as f64;
        let transfer = &self.metrics.transfer;
        PilotResultRow {
            site: self.site,
            workload: self.workload,
            source: self.source,
            files_planned: self.files_planned,
            files_verified: self.counts.verified,
            files_unverified: self.counts.unverified,
            files_failed: self.counts.failed,
            files_skipped: self.counts.skipped,
            files_not_run: self.counts.not_run,
            files_interrupted: self.counts.interrupted,
            folders_created: self.folders_created,
            bytes_copied: self.bytes_copied,
            duration_s,
            files_per_s: rate(copied_files as f64, duration_s),
            mib_per_s: rate(bytes / MIB as f64, duration_s),
            gib_per_hour: rate(bytes / GIB as f64, duration_s / 3_600.0),
            latency_p50_ms: us_to_ms(transfer.quantile_us(0.5)),
            latency_p90_ms: us_to_ms(transfer.quantile_us(0.9)),
            latency_p99_ms: us_to_ms(transfer.quantile_us(0.99)),
            latency_max_ms: us_to_ms(transfer.max_us()),
            requests: self.metrics.requests,
            retries: self.metrics.retries,
            throttled_responses: self.metrics.throttled_responses,
            throttled_wait_s: us_to_s(self.metrics.throttled_wait_us),
            failure_rate: self.counts.failure_rate(),
        }
    }
}

/// Bytes of copied items (`verified` or `copied-unverified`) per site index; items of an
/// unknown site count only towards the total.
fn bytes_copied_per_site(report: &RunReport) -> (Vec<u64>, u64) {
    let mut per_site = vec![0u64; report.sites.len()];
    let mut total = 0u64;
    for item in &report.items {
        if matches!(item.outcome, Outcome::Verified | Outcome::CopiedUnverified) {
            total = total.saturating_add(item.size_bytes);
            if let Some(bytes) = per_site.get_mut(item.site) {
                *bytes = bytes.saturating_add(item.size_bytes);
            }
        }
    }
    (per_site, total)
}

/// From the earliest site start to the latest site end; 0 without sites.
fn span_us(sites: &[SiteReport]) -> Micros {
    let start = sites.iter().map(|site| site.started_us).min();
    let end = sites.iter().map(|site| site.ended_us).max();
    match (start, end) {
        (Some(start), Some(end)) => end.saturating_sub(start),
        _ => 0,
    }
}

/// The rows of `pilot-results.csv`: one per site in scenario order, then `TOTAL`.
pub fn pilot_result_rows(report: &RunReport) -> Vec<PilotResultRow> {
    let (bytes_per_site, bytes_total) = bytes_copied_per_site(report);
    let no_metrics = SiteMetrics::default();
    let mut rows: Vec<PilotResultRow> = report
        .sites
        .iter()
        .enumerate()
        .map(|(index, site)| {
            RowInputs {
                site: site.name.clone(),
                workload: RowWorkload::Site(site.workload),
                source: site.source.clone(),
                files_planned: site.files_planned,
                folders_created: site.folders_created,
                counts: OutcomeCounts::of(&report.items, Some(index)),
                bytes_copied: bytes_per_site.get(index).copied().unwrap_or(0),
                duration_us: site.duration_us(),
                metrics: report.metrics.sites.get(index).unwrap_or(&no_metrics),
            }
            .into_row()
        })
        .collect();
    let total = RowInputs {
        site: TOTAL_SITE.to_string(),
        workload: RowWorkload::AllSites,
        source: String::new(),
        files_planned: report
            .sites
            .iter()
            .map(|site| site.files_planned)
            .fold(0, u64::saturating_add),
        folders_created: report
            .sites
            .iter()
            .map(|site| site.folders_created)
            .fold(0, u64::saturating_add),
        counts: OutcomeCounts::of(&report.items, None),
        bytes_copied: bytes_total,
        duration_us: span_us(&report.sites),
        metrics: &report.metrics.total,
    }
    .into_row();
    rows.push(total);
    rows
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::run_folder::round_to;

    #[test]
    fn rates_are_zero_without_duration() {
        assert_eq!(rate(10.0, 0.0), 0.0);
        assert_eq!(rate(10.0, 4.0), 2.5);
        assert_eq!(round_to(f64::NAN, 1_000.0), 0.0);
        assert_eq!(round_to(0.123_456, 1_000.0), 0.123);
    }
}
