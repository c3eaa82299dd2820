//! The validated scenario: plain types with every size parsed, every path resolved and every
//! limit checked. Nothing here is a raw TOML value. This file holds the whole and its small
//! sections (`[pilot]`, `[thresholds]`); the larger sections have model files of their own
//! (`target_model.rs`, `engine_model.rs`, `site_model.rs`, `estimate_model.rs`,
//! `readiness_model.rs`).

use std::path::PathBuf;

use super::engine_model::EngineSettings;
use super::estimate_model::EstimateSettings;
use super::readiness_model::Readiness;
use super::site_model::Site;
use super::target_model::Target;

/// The most sites a pilot may have: the on-boarding guidance asks for "no more than 5 small
/// sites" as the proof of concept.
pub const MAX_SITES: usize = 5;

/// A loaded, validated scenario.
#[derive(Debug, Clone, PartialEq)]
pub struct Scenario {
    /// The scenario file as given on the command line.
    pub path: PathBuf,
    /// SHA-256 of the file's bytes, lower-case hex: ties outputs to the exact scenario.
    pub sha256: String,
    /// `[pilot]`.
    pub pilot: Pilot,
    /// `[target]`.
    pub target: Target,
    /// `[engine]`.
    pub engine: EngineSettings,
    /// `[thresholds]`.
    pub thresholds: Thresholds,
    /// `[[site]]`, in file order; one to [`MAX_SITES`].
    pub sites: Vec<Site>,
    /// `[readiness]`, when the scenario has the section: the Go/No-Go inputs.
    pub readiness: Option<Readiness>,
    /// `[estimate]`: the migration window, effort and resampling settings of the estimate.
    pub estimate: EstimateSettings,
}

/// `[pilot]`: names that appear in every report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pilot {
    /// The pilot's name ("Example Trust POC").
    pub name: String,
    /// The organisation running it; also goes into the User-Agent.
    pub organisation: String,
}

/// `[thresholds]`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Thresholds {
    /// Exit code 1 when the run's failure rate is above this. Default 0.0.
    pub max_failure_rate: f64,
}
