//! The scenario file: what to copy (up to five test sites), where to, against which target and
//! with which engine settings. This module owns the TOML format, loading, and validation with
//! `file:line:column` errors; everything downstream sees only the validated [`Scenario`].

mod channel;
mod checker;
mod dates;
mod destination;
mod engine_settings;
mod estimate;
mod estimate_model;
mod fault_settings;
mod graph_source;
mod graph_target_settings;
mod location;
mod model;
mod raw;
mod readiness;
mod readiness_model;
mod retry;
mod site;
mod source;
mod target;
mod toml_message;
mod validate;

#[cfg(test)]
mod tests;

pub use dates::CalendarDate;
pub use estimate_model::EstimateSettings;
pub use model::{
    CopyMode, DEFAULT_COPY_JOB_DURATION_US, Destination, DriveLocation, EngineSettings, FaultRates,
    GraphDriveSpec, GraphTarget, LatencyModel, MAX_SITES, Pilot, Scenario, SimulatedTarget, Site,
    SiteMode, SizeDistribution, SourceCredentials, SourceSpec, SyntheticSpec, Target, Thresholds,
    Workload,
};
pub use readiness_model::{
    Checklist, ChecklistItem, DEFAULT_MAX_THROTTLED_SHARE, DEFAULT_MIN_SIGNED_OFF_SHARE,
    DEFAULT_MIN_VERIFIED_SHARE, DEFAULT_ONEDRIVE_QUOTA, Licensing, MigrationWindow, Readiness,
};

use std::path::{Path, PathBuf};

/// One validation problem, located in the scenario file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// The scenario file.
    pub file: PathBuf,
    /// 1-based line, when the problem has a place in the file.
    pub line: Option<usize>,
    /// 1-based column, when the problem has a place in the file.
    pub column: Option<usize>,
    /// What is wrong and what to do, in one or two sentences.
    pub message: String,
}

impl std::fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.file.display())?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
            if let Some(column) = self.column {
                write!(f, ":{column}")?;
            }
        }
        write!(f, ": {}", self.message)
    }
}

/// Why a scenario could not be loaded: every problem found, not only the first.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ScenarioError {
    /// The file could not be read.
    #[error("cannot read scenario {}: {reason}; check the path and its permissions", path.display())]
    Unreadable {
        /// The scenario path as given.
        path: PathBuf,
        /// The I/O error.
        reason: String,
    },
    /// The file was read but is not a valid scenario.
    #[error("{}", render_diagnostics(.0))]
    Invalid(Vec<Diagnostic>),
}

fn render_diagnostics(diagnostics: &[Diagnostic]) -> String {
    diagnostics
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join("\n")
}

/// Reads, parses and validates a scenario file. Relative paths inside it resolve against the
/// scenario file's folder.
pub fn load(path: &Path) -> Result<Scenario, ScenarioError> {
    let bytes = std::fs::read(path).map_err(|error| ScenarioError::Unreadable {
        path: path.to_path_buf(),
        reason: error.to_string(),
    })?;
    let text = match std::str::from_utf8(&bytes) {
        Ok(text) => text,
        Err(error) => return Err(not_utf8(path, &bytes, &error)),
    };
    validate::validate(text, path, sha256_hex(&bytes)).map_err(ScenarioError::Invalid)
}

/// Parses and validates scenario text; `path` is used for messages and to resolve relative
/// paths (against its parent folder).
pub fn parse(text: &str, path: &Path) -> Result<Scenario, ScenarioError> {
    validate::validate(text, path, sha256_hex(text.as_bytes())).map_err(ScenarioError::Invalid)
}

/// Lower-case hex SHA-256 of `bytes`, as stored in [`Scenario::sha256`].
pub fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::Digest as _;
    use std::fmt::Write as _;
    let digest = sha2::Sha256::digest(bytes);
    let mut hex = String::with_capacity(64);
    for byte in digest.iter() {
        // Writing to a String cannot fail.
        let _ = write!(hex, "{byte:02x}");
    }
    hex
}

/// A scenario that is not UTF-8: placed at the first bad byte.
fn not_utf8(path: &Path, bytes: &[u8], error: &std::str::Utf8Error) -> ScenarioError {
    let valid = String::from_utf8_lossy(&bytes[..error.valid_up_to()]);
    let (line, column) = location::LineIndex::new(&valid).line_column(valid.len());
    ScenarioError::Invalid(vec![Diagnostic {
        file: path.to_path_buf(),
        line: Some(line),
        column: Some(column),
        message: "the file is not UTF-8 text; save the scenario as UTF-8".to_string(),
    }])
}
