//! `pilot-results.csv`: one row per site and a `TOTAL` row, the headline evidence of a pilot.
//! [`pilot_result_rows`] is the one computation of those figures; `summary.json` and the
//! stdout table reuse it.

use std::path::Path;

use serde::{Deserialize, Serialize, Serializer};

use crate::engine::{OutcomeCounts, RunReport, SiteReport};
use crate::metrics::SiteMetrics;
use crate::vocab::outcome::Outcome;
use crate::vocab::units::{GIB, MIB, Micros, us_to_ms, us_to_s};

use crate::inputs::csv_writer::{WriteError, csv_writer, finish_csv, fixed, write_error};

/// The name of the row (and of the `summary.json` entry) that covers every site.
pub const TOTAL_SITE: &str = "TOTAL";

/// The columns of `pilot-results.csv`, in order.
pub const PILOT_RESULTS_HEADER: [&str; 24] = [
    "site",
    "workload",
    "source",
    "files_planned",
    "files_verified",
    "files_unverified",
    "files_failed",
    "files_skipped",
    "files_not_run",
    "folders_created",
    "bytes_copied",
    "duration_s",
    "files_per_s",
    "mib_per_s",
    "gib_per_hour",
    "latency_p50_ms",
    "latency_p90_ms",
    "latency_p99_ms",
    "latency_max_ms",
    "requests",
    "retries",
    "throttled_responses",
    "throttled_wait_s",
    "failure_rate",
];

/// One row of `pilot-results.csv`: the figures of one site, or of all sites (`TOTAL`).
///
/// Numbers are kept at full precision here; the CSV writes them with fixed decimals (3 for
/// seconds, milliseconds and rates, 4 for `failure_rate`) and `summary.json` rounds them the
/// same way. Every rate is 0 when the duration is 0 (never NaN or infinity).
///
/// It reads back from `summary.json` too (`rundir`); a column a run folder lacks reads as 0.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct PilotResultRow {
    /// Site name from the scenario, or `TOTAL`.
    pub site: String,
    /// Workload (`sharepoint`, `files`, `teams`, `onedrive`); `all` on the `TOTAL` row.
    pub workload: String,
    /// The source, described; empty on the `TOTAL` row.
    pub source: String,
    /// Files the run planned to copy (the engine's plan; by contract equal to the sum of the
    /// five outcome columns).
    pub files_planned: u64,
    /// Items whose outcome is `verified`: copied, and the tenant's quickXorHash matched.
    pub files_verified: u64,
    /// Items whose outcome is `copied-unverified`: copied, but the tenant returned no hash.
    pub files_unverified: u64,
    /// Items whose outcome is `failed`.
    pub files_failed: u64,
    /// Items whose outcome is `skipped` (a pre-flight rule).
    pub files_skipped: u64,
    /// Items whose outcome is `not-run` (the run was interrupted first).
    pub files_not_run: u64,
    /// Folders the run created in the destination.
    pub folders_created: u64,
    /// Sum of `size_bytes` of the items that were copied (`verified` or `copied-unverified`).
    pub bytes_copied: u64,
    /// Wall time of the site, seconds. On `TOTAL`: from the earliest site start to the latest
    /// site end, so sites that ran in parallel are not counted twice.
    #[serde(serialize_with = "round3")]
    pub duration_s: f64,
    /// Copied files (`verified` + `copied-unverified`) per second of `duration_s`.
    #[serde(serialize_with = "round3")]
    pub files_per_s: f64,
    /// `bytes_copied` in MiB (2^20 bytes) per second of `duration_s`.
    #[serde(serialize_with = "round3")]
    pub mib_per_s: f64,
    /// `bytes_copied` in GiB (2^30 bytes) per hour of `duration_s`.
    #[serde(serialize_with = "round3")]
    pub gib_per_hour: f64,
    /// Median latency of file-transfer requests (simple upload PUTs and upload-session chunk
    /// PUTs, every attempt including retries), milliseconds.
    #[serde(serialize_with = "round3")]
    pub latency_p50_ms: f64,
    /// 90th percentile of the same, milliseconds.
    #[serde(serialize_with = "round3")]
    pub latency_p90_ms: f64,
    /// 99th percentile of the same, milliseconds.
    #[serde(serialize_with = "round3")]
    pub latency_p99_ms: f64,
    /// Slowest file-transfer request, milliseconds.
    #[serde(serialize_with = "round3")]
    pub latency_max_ms: f64,
    /// HTTP attempts of every kind (retries included).
    pub requests: u64,
    /// Attempts that repeated an earlier attempt of the same request.
    pub retries: u64,
    /// Responses with status 429 or 503 (the tenant asked to slow down).
    pub throttled_responses: u64,
    /// Sum of the `Retry-After` of those responses, seconds.
    #[serde(serialize_with = "round3")]
    pub throttled_wait_s: f64,
    /// `files_failed` / (`files_verified` + `files_unverified` + `files_failed`); skipped and
    /// not-run items are not attempts. 0 when nothing was attempted.
    #[serde(serialize_with = "round4")]
    pub failure_rate: f64,
}

/// Serializes an f64 rounded to 3 decimals (non-finite as 0).
fn round3<S: Serializer>(value: &f64, serializer: S) -> Result<S::Ok, S::Error> {
    serializer.serialize_f64(round_to(*value, 1_000.0))
}

/// Serializes an f64 rounded to 4 decimals (non-finite as 0).
fn round4<S: Serializer>(value: &f64, serializer: S) -> Result<S::Ok, S::Error> {
    serializer.serialize_f64(round_to(*value, 10_000.0))
}

/// `value` rounded to `1/scale`; non-finite as 0.
pub(super) fn round_to(value: f64, scale: f64) -> f64 {
    let rounded = (value * scale).round() / scale;
    if rounded.is_finite() { rounded } else { 0.0 }
}

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
    workload: String,
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
                workload: site.workload.as_str().to_string(),
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
        workload: "all".to_string(),
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

/// A [`PilotResultRow`] as CSV text: numbers pre-formatted with fixed decimals so every
/// spreadsheet reads them the same way.
#[derive(Serialize)]
struct CsvRow<'a> {
    site: &'a str,
    workload: &'a str,
    source: &'a str,
    files_planned: u64,
    files_verified: u64,
    files_unverified: u64,
    files_failed: u64,
    files_skipped: u64,
    files_not_run: u64,
    folders_created: u64,
    bytes_copied: u64,
    duration_s: String,
    files_per_s: String,
    mib_per_s: String,
    gib_per_hour: String,
    latency_p50_ms: String,
    latency_p90_ms: String,
    latency_p99_ms: String,
    latency_max_ms: String,
    requests: u64,
    retries: u64,
    throttled_responses: u64,
    throttled_wait_s: String,
    failure_rate: String,
}

impl<'a> From<&'a PilotResultRow> for CsvRow<'a> {
    fn from(row: &'a PilotResultRow) -> Self {
        CsvRow {
            site: &row.site,
            workload: &row.workload,
            source: &row.source,
            files_planned: row.files_planned,
            files_verified: row.files_verified,
            files_unverified: row.files_unverified,
            files_failed: row.files_failed,
            files_skipped: row.files_skipped,
            files_not_run: row.files_not_run,
            folders_created: row.folders_created,
            bytes_copied: row.bytes_copied,
            duration_s: fixed(row.duration_s, 3),
            files_per_s: fixed(row.files_per_s, 3),
            mib_per_s: fixed(row.mib_per_s, 3),
            gib_per_hour: fixed(row.gib_per_hour, 3),
            latency_p50_ms: fixed(row.latency_p50_ms, 3),
            latency_p90_ms: fixed(row.latency_p90_ms, 3),
            latency_p99_ms: fixed(row.latency_p99_ms, 3),
            latency_max_ms: fixed(row.latency_max_ms, 3),
            requests: row.requests,
            retries: row.retries,
            throttled_responses: row.throttled_responses,
            throttled_wait_s: fixed(row.throttled_wait_s, 3),
            failure_rate: fixed(row.failure_rate, 4),
        }
    }
}

/// Writes `rows` to `path` as `pilot-results.csv`.
pub(super) fn write(path: &Path, rows: &[PilotResultRow]) -> Result<(), WriteError> {
    let mut writer = csv_writer(path, &PILOT_RESULTS_HEADER)?;
    for row in rows {
        writer
            .serialize(CsvRow::from(row))
            .map_err(|error| write_error(path, error))?;
    }
    finish_csv(path, writer)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_header_constant_matches_the_serialized_row() {
        let row = PilotResultRow {
            site: "s".into(),
            workload: "files".into(),
            ..PilotResultRow::default()
        };
        assert_eq!(
            crate::inputs::csv_writer::header_of(&CsvRow::from(&row)),
            PILOT_RESULTS_HEADER.join(",")
        );
    }

    #[test]
    fn rates_are_zero_without_duration() {
        assert_eq!(rate(10.0, 0.0), 0.0);
        assert_eq!(rate(10.0, 4.0), 2.5);
        assert_eq!(round_to(f64::NAN, 1_000.0), 0.0);
        assert_eq!(round_to(0.123_456, 1_000.0), 0.123);
    }
}
