//! The scenario file as written: serde structs that mirror the TOML one to one, with every
//! value wrapped in [`Spanned`] so validation can point at the exact `line:column`. Nothing
//! here is checked beyond its TOML type; `validate` turns these into the model.
//!
//! Every struct denies unknown keys, so a misspelt key is reported rather than ignored.
//! Choices (`kind`, `workload`, `conflict`, ...) stay strings here: validation names the key
//! and the accepted values in its own words.

use serde::Deserialize;
use toml::Spanned;

/// `[pilot]`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawPilot {
    pub(crate) name: Spanned<String>,
    pub(crate) organisation: Spanned<String>,
}

/// `[target]`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawTarget {
    pub(crate) kind: Spanned<String>,
    pub(crate) simulated: Option<Spanned<RawSimulated>>,
    pub(crate) graph: Option<Spanned<RawGraph>>,
}

/// `[target.graph]`: names of environment variables and the two service roots. The keys after
/// `login_url` are literal credentials, accepted by the parser only so validation can say that
/// they belong in the environment (their values are never read or echoed).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawGraph {
    pub(crate) tenant_id_env: Option<Spanned<String>>,
    pub(crate) client_id_env: Option<Spanned<String>>,
    pub(crate) client_secret_env: Option<Spanned<String>>,
    pub(crate) certificate_path_env: Option<Spanned<String>>,
    pub(crate) graph_url: Option<Spanned<String>>,
    pub(crate) login_url: Option<Spanned<String>>,
    pub(crate) tenant_id: Option<Spanned<serde::de::IgnoredAny>>,
    pub(crate) client_id: Option<Spanned<serde::de::IgnoredAny>>,
    pub(crate) client_secret: Option<Spanned<serde::de::IgnoredAny>>,
    pub(crate) secret: Option<Spanned<serde::de::IgnoredAny>>,
    pub(crate) password: Option<Spanned<serde::de::IgnoredAny>>,
    pub(crate) certificate: Option<Spanned<serde::de::IgnoredAny>>,
    pub(crate) certificate_path: Option<Spanned<serde::de::IgnoredAny>>,
    pub(crate) private_key: Option<Spanned<serde::de::IgnoredAny>>,
    pub(crate) access_token: Option<Spanned<serde::de::IgnoredAny>>,
}

/// `[target.simulated]`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawSimulated {
    pub(crate) seed: Option<Spanned<u64>>,
    pub(crate) latency: Option<Spanned<RawLatency>>,
    pub(crate) bandwidth: Option<Spanned<String>>,
    pub(crate) corrupt_rate: Option<Spanned<f64>>,
    pub(crate) ru_per_minute: Option<Spanned<u64>>,
    pub(crate) busy_rate: Option<Spanned<f64>>,
    pub(crate) ru_window: Option<Spanned<String>>,
    pub(crate) url: Option<Spanned<String>>,
    pub(crate) token_lifetime: Option<Spanned<String>>,
    pub(crate) reject_credentials: Option<Spanned<bool>>,
    pub(crate) faults: Option<Spanned<RawFaults>>,
    pub(crate) copy_failure_rate: Option<Spanned<f64>>,
    pub(crate) copy_job_duration: Option<Spanned<String>>,
}

/// `[target.simulated.faults]`: injected faults, each a share of the eligible requests.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawFaults {
    pub(crate) server_error_rate: Option<Spanned<f64>>,
    pub(crate) slow_rate: Option<Spanned<f64>>,
    pub(crate) slow_response: Option<Spanned<String>>,
    pub(crate) session_expiry_rate: Option<Spanned<f64>>,
    pub(crate) range_error_rate: Option<Spanned<f64>>,
    pub(crate) lost_response_rate: Option<Spanned<f64>>,
    pub(crate) unauthorized_rate: Option<Spanned<f64>>,
    pub(crate) lookup_error_rate: Option<Spanned<f64>>,
}

/// `latency = { median_ms = 40, p99_ms = 250 }`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawLatency {
    pub(crate) median_ms: Spanned<f64>,
    pub(crate) p99_ms: Spanned<f64>,
}

/// `[engine]`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawEngine {
    pub(crate) concurrency: Option<Spanned<i64>>,
    pub(crate) simple_upload_max: Option<Spanned<SizeText>>,
    pub(crate) chunk_size: Option<Spanned<SizeText>>,
    pub(crate) conflict: Option<Spanned<String>>,
    pub(crate) sites: Option<Spanned<String>>,
    pub(crate) request_timeout: Option<Spanned<String>>,
    pub(crate) retry_attempts: Option<Spanned<i64>>,
    pub(crate) retry_base: Option<Spanned<String>>,
    pub(crate) retry_cap: Option<Spanned<String>>,
    pub(crate) pacing: Option<Spanned<bool>>,
    pub(crate) run_folder: Option<Spanned<bool>>,
}

/// `[thresholds]`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawThresholds {
    pub(crate) max_failure_rate: Option<Spanned<f64>>,
}

/// `[estimate]`: the estimate's window, effort and resampling settings (all optional).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawEstimate {
    pub(crate) hours_per_day: Option<Spanned<f64>>,
    pub(crate) days_per_week: Option<Spanned<i64>>,
    pub(crate) parallel_streams: Option<Spanned<i64>>,
    pub(crate) effort_per_site_hours: Option<Spanned<f64>>,
    pub(crate) effort_per_wave_hours: Option<Spanned<f64>>,
    pub(crate) sites_per_wave: Option<Spanned<i64>>,
    pub(crate) hours_per_person_day: Option<Spanned<f64>>,
    pub(crate) ru_per_minute: Option<Spanned<i64>>,
    pub(crate) resamples: Option<Spanned<i64>>,
    pub(crate) seed: Option<Spanned<i64>>,
}

/// One `[[site]]`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawSite {
    pub(crate) name: Spanned<String>,
    pub(crate) workload: Spanned<String>,
    pub(crate) destination: Spanned<RawDestination>,
    pub(crate) source: Spanned<RawSource>,
    pub(crate) copy_mode: Option<Spanned<String>>,
}

/// `destination = { site = ..., library = ..., folder = ... }`, `{ user = ..., folder = ... }` or
/// `{ team = ..., channel = ..., folder = ... }`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawDestination {
    pub(crate) site: Option<Spanned<String>>,
    pub(crate) library: Option<Spanned<String>>,
    pub(crate) user: Option<Spanned<String>>,
    pub(crate) folder: Option<Spanned<String>>,
    pub(crate) team: Option<Spanned<String>>,
    pub(crate) channel: Option<Spanned<String>>,
}

/// `source = { kind = "folder", path = ... }`, `{ kind = "synthetic", files = ..., ... }` or
/// `{ kind = "graph-drive", site_url = ..., library = ..., folder = ..., seed = { ... } }`.
/// One struct for every kind so a key of another kind gets a message naming the kind.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawSource {
    pub(crate) kind: Spanned<String>,
    pub(crate) path: Option<Spanned<String>>,
    pub(crate) files: Option<Spanned<i64>>,
    pub(crate) depth: Option<Spanned<i64>>,
    pub(crate) fan_out: Option<Spanned<i64>>,
    pub(crate) seed: Option<Spanned<RawSeed>>,
    pub(crate) size: Option<Spanned<RawSize>>,
    pub(crate) site_url: Option<Spanned<String>>,
    pub(crate) library: Option<Spanned<String>>,
    pub(crate) user: Option<Spanned<String>>,
    pub(crate) folder: Option<Spanned<String>>,
    /// A graph-drive source's own app credentials: the same keys as `[target.graph]`.
    pub(crate) credentials: Option<Spanned<RawGraph>>,
}

/// `seed` as written: a number (a synthetic source's seed) or a table (the content a
/// graph-drive source's drive is seeded with in the simulated tenant).
#[derive(Debug)]
pub(crate) enum RawSeed {
    /// `seed = 7`.
    Number(u64),
    /// `seed = { kind = "synthetic", ... }` or `{ kind = "folder", path = ... }`.
    Table(Box<RawSource>),
}

impl<'de> Deserialize<'de> for RawSeed {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(RawSeedVisitor)
    }
}

struct RawSeedVisitor;

impl<'de> serde::de::Visitor<'de> for RawSeedVisitor {
    type Value = RawSeed;

    fn expecting(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        formatter.write_str("a whole number, or a table like { kind = \"synthetic\", ... }")
    }

    fn visit_i64<E: serde::de::Error>(self, value: i64) -> Result<RawSeed, E> {
        u64::try_from(value)
            .map(RawSeed::Number)
            .map_err(|_| E::custom(format!("{value} is negative; a seed is 0 or more")))
    }

    fn visit_u64<E: serde::de::Error>(self, value: u64) -> Result<RawSeed, E> {
        Ok(RawSeed::Number(value))
    }

    fn visit_map<A: serde::de::MapAccess<'de>>(self, map: A) -> Result<RawSeed, A::Error> {
        RawSource::deserialize(serde::de::value::MapAccessDeserializer::new(map))
            .map(|source| RawSeed::Table(Box::new(source)))
    }
}

/// `size = { distribution = "fixed" | "uniform" | "lognormal", ... }`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawSize {
    pub(crate) distribution: Spanned<String>,
    pub(crate) value: Option<Spanned<SizeText>>,
    pub(crate) min: Option<Spanned<SizeText>>,
    pub(crate) max: Option<Spanned<SizeText>>,
    pub(crate) median: Option<Spanned<SizeText>>,
    pub(crate) sigma: Option<Spanned<f64>>,
}

/// A size as written: `"10MiB"` or a bare number of bytes (`10485760`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum SizeText {
    /// Text for [`crate::vocab::units::parse_size`].
    Text(String),
    /// A TOML integer: bytes (may be negative, which validation refuses).
    Bytes(i64),
}

impl SizeText {
    /// The size in bytes, or a message saying what is wrong with it.
    pub(crate) fn bytes(&self) -> Result<u64, String> {
        match self {
            SizeText::Text(text) => {
                crate::vocab::units::parse_size(text).map_err(|error| error.to_string())
            }
            SizeText::Bytes(bytes) => u64::try_from(*bytes)
                .map_err(|_| format!("{bytes} is negative; a size is 0 or more bytes")),
        }
    }

    /// As the user wrote it, for messages.
    pub(crate) fn as_written(&self) -> String {
        match self {
            SizeText::Text(text) => format!("\"{text}\""),
            SizeText::Bytes(bytes) => bytes.to_string(),
        }
    }
}

impl<'de> Deserialize<'de> for SizeText {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(SizeTextVisitor)
    }
}

struct SizeTextVisitor;

impl serde::de::Visitor<'_> for SizeTextVisitor {
    type Value = SizeText;

    fn expecting(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        formatter.write_str("a size like \"10MiB\" or a whole number of bytes")
    }

    fn visit_str<E: serde::de::Error>(self, text: &str) -> Result<SizeText, E> {
        Ok(SizeText::Text(text.to_string()))
    }

    fn visit_i64<E: serde::de::Error>(self, bytes: i64) -> Result<SizeText, E> {
        Ok(SizeText::Bytes(bytes))
    }

    fn visit_u64<E: serde::de::Error>(self, bytes: u64) -> Result<SizeText, E> {
        i64::try_from(bytes)
            .map(SizeText::Bytes)
            .map_err(|_| E::custom(format!("{bytes} bytes is out of range")))
    }
}

/// `[readiness]`: the Go/No-Go inputs. `deadline` is taken as any TOML value so that both
/// `"2026-03-31"` and a bare TOML date are accepted (and anything else named in words).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawReadiness {
    pub(crate) migration_list: Option<Spanned<String>>,
    pub(crate) issues_log: Option<Spanned<String>>,
    pub(crate) deadline: Option<Spanned<toml::Value>>,
    pub(crate) window_days: Option<Spanned<i64>>,
    pub(crate) min_verified_share: Option<Spanned<f64>>,
    pub(crate) max_throttled_share: Option<Spanned<f64>>,
    pub(crate) min_signed_off_share: Option<Spanned<f64>>,
    pub(crate) licensing: Option<Spanned<RawLicensing>>,
    pub(crate) checklist: Option<Spanned<RawChecklist>>,
}

/// `[readiness.licensing]`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawLicensing {
    pub(crate) licences_available: Option<Spanned<i64>>,
    pub(crate) users_to_migrate: Option<Spanned<i64>>,
    pub(crate) onedrive_quota: Option<Spanned<SizeText>>,
}

/// `[readiness.checklist]`: the guidance's recommendations, `true` or `false`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawChecklist {
    pub(crate) sponsors_and_champions: Option<Spanned<bool>>,
    pub(crate) scenarios_and_success_criteria: Option<Spanned<bool>>,
    pub(crate) awareness_campaign: Option<Spanned<bool>>,
    pub(crate) training_and_helpdesk: Option<Spanned<bool>>,
    pub(crate) la_pla_support: Option<Spanned<bool>>,
    pub(crate) tooling_approved_or_assessed: Option<Spanned<bool>>,
    pub(crate) app_registration_consented: Option<Spanned<bool>>,
}
