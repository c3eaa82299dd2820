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
    Simulate(SimulateRequest),
    /// `pilotbench scan`.
    Scan(ScanRequest),
    /// `pilotbench estimate`.
    Estimate(EvidenceRequest),
    /// `pilotbench decide`.
    Decide(EvidenceRequest),
    /// `pilotbench report`.
    Report(EvidenceRequest),
}

/// `pilotbench simulate`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SimulateRequest {
    /// Scenario path.
    pub scenario: PathBuf,
    /// Port of the plain http listener, or a free one.
    pub port: Option<u16>,
    /// Serve https as well, with certificates written here.
    pub tls: Option<TlsRequest>,
    /// Upload, monitor and download URLs refuse a request carrying `Authorization`.
    pub strict_file_urls: bool,
}

/// `pilotbench simulate --tls`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TlsRequest {
    /// Port of the https listener, or a free one.
    pub port: Option<u16>,
    /// Folder for `ca.pem` and `server.pem`.
    pub dir: PathBuf,
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
    /// Write into an `--out` folder that already holds files (`--force`).
    pub force: bool,
}
