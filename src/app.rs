//! The commands, end to end: load the scenario, start or reach the target, run the engine,
//! write the reports. This is the edge where typed library errors become a message for the
//! user and an exit code for scripts.
//!
//! The files build on each other one way: `exit.rs` (exit codes and the user's error) and
//! `command_request.rs` (what was asked) at the bottom; `plan.rs` (the scenario loaded and its
//! sources enumerated), `connect/` (starting or reaching the target, and the sources' own
//! clients), `evidence/` (what a finished run's folder yields: estimate, decision, report) and
//! `console.rs` (what the commands print); on top `commands/`, one file per command, and the
//! dispatch. This file only names what the folder exports.

mod command_request;
mod commands;
mod connect;
mod console;
mod evidence;
mod exit;
mod interrupts;
mod plan;

pub use command_request::{
    EvidenceRequest, Request, RunRequest, ScanRequest, SimulateRequest, TlsRequest,
};
pub use commands::execute;
pub use exit::{AppError, Exit};
