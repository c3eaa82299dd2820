//! What the user asked for, free of clap: the commands' inputs as the app takes them. `cli`
//! builds them from the arguments; tests and other front ends can build them directly.

use std::path::PathBuf;

/// What the user asked for, free of clap.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Request {
    /// `pilotbench run`.
    Run(RunRequest),
    /// `pilotbench validate`.
    Validate {
        /// Scenario path.
        scenario: PathBuf,
    },
    /// `pilotbench simulate`.
    Simulate {
        /// Scenario path.
        scenario: PathBuf,
        /// Port, or a free one.
        port: Option<u16>,
    },
    /// `pilotbench scan`.
    Scan(ScanRequest),
    /// `pilotbench estimate`.
    Estimate(EvidenceRequest),
    /// `pilotbench decide`.
    Decide(EvidenceRequest),
    /// `pilotbench report`.
    Report(EvidenceRequest),
}

/// `pilotbench scan`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScanRequest {
    /// Scenario path.
    pub scenario: PathBuf,
    /// Output folder, if given.
    pub out: Option<PathBuf>,
    /// Where to write migration-list rows, if asked.
    pub inventory: Option<PathBuf>,
}

/// `pilotbench estimate|decide|report RUN_DIR`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EvidenceRequest {
    /// The run folder.
    pub run_dir: PathBuf,
    /// Scenario override.
    pub scenario: Option<PathBuf>,
    /// Migration-list override (`estimate` and `report`).
    pub migration_list: Option<PathBuf>,
}

/// `pilotbench run`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RunRequest {
    /// Scenario path.
    pub scenario: PathBuf,
    /// Output folder, if given.
    pub out: Option<PathBuf>,
    /// No progress, no table.
    pub quiet: bool,
}
