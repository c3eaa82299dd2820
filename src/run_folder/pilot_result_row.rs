//! The figures of one site (or of all sites) as a run folder holds them: written to
//! `pilot-results.csv` and `summary.json` by the reports, read back from `summary.json` by
//! the estimate and the decision. One type both ways, so writer and reader cannot disagree.

use serde::{Deserialize, Serialize, Serializer};

/// One row of `pilot-results.csv`: the figures of one site, or of all sites (`TOTAL`).
///
/// Numbers are kept at full precision here; the CSV writes them with fixed decimals (3 for
/// seconds, milliseconds and rates, 4 for `failure_rate`) and `summary.json` rounds them the
/// same way. Every rate is 0 when the duration is 0 (never NaN or infinity).
///
/// It reads back from `summary.json` too ([`super::SiteSummary`]); a column a run folder lacks
/// reads as 0.
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
pub fn round_to(value: f64, scale: f64) -> f64 {
    let rounded = (value * scale).round() / scale;
    if rounded.is_finite() { rounded } else { 0.0 }
}
