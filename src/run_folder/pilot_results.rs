//! `pilot-results.csv`: one row per site and a `TOTAL` row, the headline evidence of a pilot.
//! The same row is flattened into each site of `summary.json`, from which the estimate, the
//! decision and the HTML report read it back; one type both ways, so writer and readers cannot
//! disagree.
//!
//! The CSV writes numbers with fixed decimals (3 for seconds, milliseconds and rates, 4 for
//! `failure_rate`), so every spreadsheet reads them the same way; `summary.json` rounds them
//! the same way. Every rate is 0 when the duration is 0 (never NaN or infinity).

use std::path::Path;

use serde::de::Error as _;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::csv_rows::read_rows;
use super::error::RunFolderError;
use super::spelling::Spelled;
use crate::scenario::Workload;
use crate::vocab::csv_writer::{WriteError, csv_writer, finish_csv, fixed, write_error};

/// The name of the row (and of the `summary.json` entry) that covers every site.
pub const TOTAL_SITE: &str = "TOTAL";

/// The columns of `pilot-results.csv`, in order.
pub const PILOT_RESULTS_HEADER: [&str; 25] = [
    "site",
    "workload",
    "source",
    "files_planned",
    "files_verified",
    "files_unverified",
    "files_failed",
    "files_skipped",
    "files_not_run",
    "files_interrupted",
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

/// The `workload` column: a site's workload, or `all` on the `TOTAL` row.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum RowWorkload {
    /// The workload the site stands for.
    Site(Workload),
    /// Every site together (the `TOTAL` row).
    #[default]
    AllSites,
}

impl RowWorkload {
    /// The spelling in the files: the workload's, or `all`.
    pub fn as_str(self) -> &'static str {
        match self {
            RowWorkload::Site(workload) => workload.as_str(),
            RowWorkload::AllSites => "all",
        }
    }
}

impl Serialize for RowWorkload {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for RowWorkload {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        if text == RowWorkload::AllSites.as_str() {
            return Ok(RowWorkload::AllSites);
        }
        Workload::from_spelling(&text)
            .map(RowWorkload::Site)
            .map_err(D::Error::custom)
    }
}

/// One row of `pilot-results.csv`: the figures of one site, or of all sites (`TOTAL`).
///
/// Numbers are kept at full precision here; the files round them (see the module's doc). A
/// column a file lacks reads as 0.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct PilotResultRow {
    /// Site name from the scenario, or `TOTAL`.
    pub site: String,
    /// The site's workload; `all` on the `TOTAL` row.
    pub workload: RowWorkload,
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
    /// Items whose outcome is `interrupted` (started, then cancelled in flight).
    pub files_interrupted: u64,
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
pub fn round_to(value: f64, scale: f64) -> f64 {
    let rounded = (value * scale).round() / scale;
    if rounded.is_finite() { rounded } else { 0.0 }
}

/// A [`PilotResultRow`] as CSV text: numbers pre-formatted with fixed decimals.
#[derive(Serialize)]
struct CsvRow<'a> {
    site: &'a str,
    workload: RowWorkload,
    source: &'a str,
    files_planned: u64,
    files_verified: u64,
    files_unverified: u64,
    files_failed: u64,
    files_skipped: u64,
    files_not_run: u64,
    files_interrupted: u64,
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
            workload: row.workload,
            source: &row.source,
            files_planned: row.files_planned,
            files_verified: row.files_verified,
            files_unverified: row.files_unverified,
            files_failed: row.files_failed,
            files_skipped: row.files_skipped,
            files_not_run: row.files_not_run,
            files_interrupted: row.files_interrupted,
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
pub fn write_pilot_results(path: &Path, rows: &[PilotResultRow]) -> Result<(), WriteError> {
    let mut writer = csv_writer(path, &PILOT_RESULTS_HEADER)?;
    for row in rows {
        writer
            .serialize(CsvRow::from(row))
            .map_err(|error| write_error(path, error))?;
    }
    finish_csv(path, writer)
}

/// Reads `pilot-results.csv` at `path` back, in file order (sites, then `TOTAL`).
pub fn read_pilot_results(path: &Path) -> Result<Vec<PilotResultRow>, RunFolderError> {
    read_rows(path)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::run_folder::spelling::Spelled;
    use crate::run_folder::temp_dir::TempDir;
    use crate::vocab::csv_writer::header_of;

    /// A row whose figures have no more decimals than the CSV keeps.
    fn row(site: &str, workload: RowWorkload, n: u64) -> PilotResultRow {
        PilotResultRow {
            site: site.to_string(),
            workload,
            source: format!("synthetic: {n} files, \"seed\" 1"),
            files_planned: 5 * n,
            files_verified: 2 * n,
            files_unverified: n,
            files_failed: n,
            files_skipped: n,
            files_not_run: 0,
            files_interrupted: 0,
            folders_created: n + 1,
            bytes_copied: 3 * n * 1_048_576,
            duration_s: 4.25 * n as f64,
            files_per_s: 0.75,
            mib_per_s: 1.125,
            gib_per_hour: 3.516,
            latency_p50_ms: 20.015,
            latency_p90_ms: 40.031,
            latency_p99_ms: 40.5,
            latency_max_ms: 41.0,
            requests: 6 * n,
            retries: n,
            throttled_responses: n / 2,
            throttled_wait_s: 2.5,
            failure_rate: 0.2857,
        }
    }

    #[test]
    fn the_header_constant_matches_the_serialized_row() {
        let row = row("s", RowWorkload::Site(Workload::Files), 1);
        assert_eq!(
            header_of(&CsvRow::from(&row)),
            PILOT_RESULTS_HEADER.join(",")
        );
    }

    #[test]
    fn rows_of_every_workload_and_the_total_read_back_as_written() {
        let mut rows: Vec<PilotResultRow> = Workload::every()
            .enumerate()
            .map(|(index, workload)| {
                let name = [
                    "Finance — Ünïcødé",
                    "OneDrive \"Alice\", HR",
                    "line \"break\"",
                    "=1+1",
                ][index];
                row(name, RowWorkload::Site(workload), index as u64 + 1)
            })
            .collect();
        rows.push(PilotResultRow {
            source: String::new(),
            ..row(TOTAL_SITE, RowWorkload::AllSites, 10)
        });
        rows.push(PilotResultRow::default());
        let dir = TempDir::new("pilot-results");
        let path = dir.path().join("pilot-results.csv");
        write_pilot_results(&path, &rows).expect("written");
        assert_eq!(read_pilot_results(&path).expect("read back"), rows);
        // summary.json carries the same row, rounded the same way.
        for row in &rows {
            let json = serde_json::to_string(row).expect("serializes");
            let back: PilotResultRow = serde_json::from_str(&json).expect("reads back");
            assert_eq!(&back, row);
        }
    }

    #[test]
    fn an_unknown_workload_is_an_error_naming_it() {
        let dir = TempDir::new("pilot-results-bad");
        let path = dir.path().join("pilot-results.csv");
        let mut text = PILOT_RESULTS_HEADER.join(",");
        text.push_str("\nA,exchange,src,1,1,0,0,0,0,0,0,1,1.000,1.000,1.000,1.000,1.000,1.000,1.000,1.000,1,0,0,0.000,0.0000\n");
        std::fs::write(&path, text).expect("written");
        let error = read_pilot_results(&path).unwrap_err().to_string();
        assert!(
            error.contains("pilot-results.csv:2: unknown workload \"exchange\"; expected one of sharepoint, files, teams, onedrive"),
            "{error}"
        );
    }

    #[test]
    fn numbers_round_to_what_the_files_keep() {
        assert_eq!(round_to(f64::NAN, 1_000.0), 0.0);
        assert_eq!(round_to(0.123_456, 1_000.0), 0.123);
        let json = serde_json::to_value(PilotResultRow {
            duration_s: 1.234_56,
            failure_rate: 0.123_456,
            ..PilotResultRow::default()
        })
        .expect("serializes");
        assert_eq!(json["duration_s"], 1.235);
        assert_eq!(json["failure_rate"], 0.1235);
        assert_eq!(json["workload"], "all");
    }
}
