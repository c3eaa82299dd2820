//! The scenario file: what to copy (up to five test sites), where to, against which target and
//! with which engine settings. This module owns the TOML format, loading, and validation with
//! `file:line:column` errors; everything downstream sees only the validated [`Scenario`].

mod model;

pub use model::*;

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
    let _ = path;
    todo!("scenario::load")
}

/// Parses and validates scenario text; `path` is used for messages and to resolve relative
/// paths (against its parent folder).
pub fn parse(text: &str, path: &Path) -> Result<Scenario, ScenarioError> {
    let _ = (text, path);
    todo!("scenario::parse")
}
