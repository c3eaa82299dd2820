//! pilotbench runs a proof-of-concept migration of up to five test sites into a Microsoft 365
//! tenant (or a simulated tenant on loopback), measures every HTTP attempt, and writes the
//! evidence an NHS organisation needs for its Go/No-Go decision.
//!
//! The library holds the whole engine; `main.rs` only parses arguments, calls [`app`] and maps
//! errors to exit codes. `docs/ARCHITECTURE.md` is the map of the modules and the contracts.
//!
//! Imports point one way, in pipeline order: [`vocab`] (the shared words, importing nothing);
//! [`scenario`] and [`inputs`] (the files the lead writes); [`graph`], [`source`], [`scan`],
//! [`sim`] and [`metrics`]; [`engine`]; [`run_folder`] (what a run leaves behind); [`estimate`],
//! [`gonogo`] and [`report`]; then [`app`] (the commands) and [`cli`] (arguments to requests).
//! A module imports only from modules before it, never from one after it.

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
