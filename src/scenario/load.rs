//! Reading a scenario file: its bytes, their SHA-256 (which ties every output to the exact
//! scenario), a check that the text is UTF-8, then [`validate`](super::validate) on the text.
//! The top of the folder: nothing here is used by the checks below it.

use std::path::Path;

use super::error::{Diagnostic, ScenarioError};
use super::location::LineIndex;
use super::model::Scenario;
use super::validate::{SourceChecks, validate};

/// Reads, parses and validates a scenario file. Relative paths inside it resolve against the
/// scenario file's folder.
pub fn load(path: &Path) -> Result<Scenario, ScenarioError> {
    load_checking(path, SourceChecks::OnDisk)
}

/// Reads a scenario as [`load`] does, but without looking for its folder sources: for a run's
/// copy of its scenario (`inputs/` in the run folder), read back for the reports on a machine
/// that may not hold the sources. Everything else is checked as usual.
pub fn load_for_evidence(path: &Path) -> Result<Scenario, ScenarioError> {
    load_checking(path, SourceChecks::Skip)
}

fn load_checking(path: &Path, sources: SourceChecks) -> Result<Scenario, ScenarioError> {
    let bytes = std::fs::read(path).map_err(|error| ScenarioError::Unreadable {
        path: path.to_path_buf(),
        reason: error.to_string(),
    })?;
    let text = match std::str::from_utf8(&bytes) {
        Ok(text) => text,
        Err(error) => return Err(not_utf8(path, &bytes, &error)),
    };
    validate(text, path, sha256_hex(&bytes), sources).map_err(ScenarioError::Invalid)
}

/// Parses and validates scenario text; `path` is used for messages and to resolve relative
/// paths (against its parent folder).
pub fn parse(text: &str, path: &Path) -> Result<Scenario, ScenarioError> {
    validate(
        text,
        path,
        sha256_hex(text.as_bytes()),
        SourceChecks::OnDisk,
    )
    .map_err(ScenarioError::Invalid)
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
    let (line, column) = LineIndex::new(&valid).line_column(valid.len());
    ScenarioError::Invalid(vec![Diagnostic {
        file: path.to_path_buf(),
        line: Some(line),
        column: Some(column),
        message: "the file is not UTF-8 text; save the scenario as UTF-8".to_string(),
    }])
}
