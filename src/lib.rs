//! pilotbench runs a proof-of-concept migration of up to five test sites into a Microsoft 365
//! tenant (or a simulated tenant on loopback), measures every HTTP attempt, and writes the
//! evidence an NHS organisation needs for its Go/No-Go decision.
//!
//! The library holds the whole engine; `main.rs` only parses arguments, calls [`app`] and maps
//! errors to exit codes. See `../shared/design.md` for the module map and the contracts.

pub mod app;
pub mod cli;
pub mod engine;
pub mod estimate;
pub mod gonogo;
pub mod graph;
pub mod inputs;
pub mod metrics;
pub mod report;
pub mod run_folder;
pub mod scan;
pub mod scenario;
pub mod sim;
pub mod source;
pub mod vocab;
