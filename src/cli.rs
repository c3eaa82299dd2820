//! Command-line arguments (clap) and their translation into a validated [`Request`]. Clap
//! types never leave this module: the request types are the app's, so `cli` depends on `app`
//! and never the reverse.

use std::path::PathBuf;

use clap::{Parser, Subcommand};

use crate::app::{EvidenceRequest, Request, RunRequest, ScanRequest, SimulateRequest, TlsRequest};

const EXAMPLES: &str = "\
Examples:
  pilotbench run scenarios/example.toml
      Run the pilot against the simulated tenant; results in pilot-results/<UTC time>/
  pilotbench run scenarios/ci-smoke.toml --out results/smoke --quiet
  pilotbench validate scenarios/example.toml
      Check a scenario and print the plan (sites, files, bytes) without copying
  pilotbench simulate scenarios/example.toml --port 8080
      Serve the scenario's simulated tenant for other tools until Ctrl-C or SIGTERM
  pilotbench simulate scenarios/example.toml --tls --tls-dir sim-tls
      Serve https as well (for MSAL, azure-identity); the CA to trust is sim-tls/ca.pem
  pilotbench scan scenarios/example.toml --inventory estate.csv
      Check every source item against SharePoint/OneDrive limits (scan.csv) and write
      migration-list rows for the sources
  pilotbench estimate pilot-results/20261125T090000Z
      Project the pilot onto the migration list: P50/P90 duration, calendar days, effort
  pilotbench decide pilot-results/20261125T090000Z
      Judge the five Go/No-Go criteria and write go-no-go.md
  pilotbench report pilot-results/20261125T090000Z
      Rebuild every report of a run (estimate.csv, go-no-go.md, report.html) from its files

Exit codes: 0 run completed within max_failure_rate; 1 completed above it;
2 usage or scenario error; 3 target unreachable or run could not start;
130 interrupted by Ctrl-C, 143 by SIGTERM, 129 by SIGHUP (results written).";

/// pilotbench: prove the speed and success of a Microsoft 365 migration pilot (up to five
/// test sites), with every Graph request measured.
#[derive(Debug, Parser)]
#[command(name = "pilotbench", version, about, long_about = None, after_help = EXAMPLES)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Run the pilot: copy every site, measure, write pilot-results.csv, items.csv, summary.json.
    Run {
        /// The scenario file (TOML).
        scenario: PathBuf,
        /// Output folder [default: pilot-results/<UTC timestamp>/].
        #[arg(long, short)]
        out: Option<PathBuf>,
        /// No progress bars and no table on stdout.
        #[arg(long, short)]
        quiet: bool,
        /// Write into an --out folder that already holds files, replacing the outputs of the
        /// same names (without it, such a folder is refused: a run folder is evidence).
        #[arg(long)]
        force: bool,
    },
    /// Check a scenario and print the plan; exit 0 if valid, 2 with the errors if not.
    Validate {
        /// The scenario file (TOML).
        scenario: PathBuf,
    },
    /// Serve the scenario's simulated tenant on 127.0.0.1 until Ctrl-C, SIGTERM or SIGHUP.
    ///
    /// Graph, sign-in and the token endpoint answer on 127.0.0.1; upload, copy-monitor and
    /// download URLs point at localhost on the same port (another host, as on the real service).
    Simulate {
        /// The scenario file (TOML).
        scenario: PathBuf,
        /// Port to listen on [default: a free one].
        #[arg(long)]
        port: Option<u16>,
        /// Serve https as well, with a certificate from a CA made at start (written to --tls-dir).
        #[arg(long)]
        tls: bool,
        /// Port of the https listener [default: a free one].
        #[arg(long, requires = "tls")]
        tls_port: Option<u16>,
        /// Folder for the CA certificate (ca.pem) and the server's (server.pem).
        #[arg(long, requires = "tls", default_value = "pilotbench-sim-tls")]
        tls_dir: PathBuf,
        /// Upload, copy-monitor and download URLs answer 401 to a request carrying an
        /// Authorization header, as SharePoint may (off: Microsoft's Python SDK sends it).
        #[arg(long)]
        strict_file_urls: bool,
    },
    /// Check every source item against SharePoint/OneDrive limits; write scan.csv.
    ///
    /// Exit 0 when no finding is blocking (warnings allowed), 1 when at least one is, 2 for a
    /// scenario error, 3 when a graph-drive source's target cannot be reached.
    Scan {
        /// The scenario file (TOML).
        scenario: PathBuf,
        /// Output folder for scan.csv [default: scan-results/<UTC timestamp>/].
        #[arg(long, short)]
        out: Option<PathBuf>,
        /// Also write one migration-list row per site to this CSV.
        #[arg(long, value_name = "OUT.csv")]
        inventory: Option<PathBuf>,
    },
    /// Project a finished run onto the migration list; write estimate.csv into the run folder.
    Estimate {
        /// A folder written by `pilotbench run`.
        run_dir: PathBuf,
        /// The scenario [default: the one the run used].
        #[arg(long)]
        scenario: Option<PathBuf>,
        /// The migration list [default: the scenario's [readiness] migration_list].
        #[arg(long, value_name = "FILE.csv")]
        migration_list: Option<PathBuf>,
    },
    /// Judge the five Go/No-Go criteria for a finished run; write go-no-go.md into its folder.
    Decide {
        /// A folder written by `pilotbench run`.
        run_dir: PathBuf,
        /// The scenario [default: the one the run used].
        #[arg(long)]
        scenario: Option<PathBuf>,
    },
    /// Rebuild every report of a finished run from its files.
    Report {
        /// A folder written by `pilotbench run`.
        run_dir: PathBuf,
        /// The scenario [default: the one the run used].
        #[arg(long)]
        scenario: Option<PathBuf>,
        /// The migration list [default: the scenario's [readiness] migration_list].
        #[arg(long, value_name = "FILE.csv")]
        migration_list: Option<PathBuf>,
    },
}

impl Cli {
    /// The request these arguments make.
    pub fn into_request(self) -> Request {
        match self.command {
            Command::Run {
                scenario,
                out,
                quiet,
                force,
            } => Request::Run(RunRequest {
                scenario,
                out,
                quiet,
                force,
            }),
            Command::Validate { scenario } => Request::Validate { scenario },
            Command::Simulate {
                scenario,
                port,
                tls,
                tls_port,
                tls_dir,
                strict_file_urls,
            } => Request::Simulate(SimulateRequest {
                scenario,
                port,
                tls: tls.then_some(TlsRequest {
                    port: tls_port,
                    dir: tls_dir,
                }),
                strict_file_urls,
            }),
            Command::Scan {
                scenario,
                out,
                inventory,
            } => Request::Scan(ScanRequest {
                scenario,
                out,
                inventory,
            }),
            Command::Estimate {
                run_dir,
                scenario,
                migration_list,
            } => Request::Estimate(EvidenceRequest {
                run_dir,
                scenario,
                migration_list,
            }),
            Command::Decide { run_dir, scenario } => Request::Decide(EvidenceRequest {
                run_dir,
                scenario,
                migration_list: None,
            }),
            Command::Report {
                run_dir,
                scenario,
                migration_list,
            } => Request::Report(EvidenceRequest {
                run_dir,
                scenario,
                migration_list,
            }),
        }
    }
}
