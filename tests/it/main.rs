//! pilotbench's integration tests, as one crate: the library and the binary are linked into one
//! test binary, not one per file. Each module is a topic, and says at its top what belongs in
//! it:
//!
//! - [`graph`]: the Graph client's wire protocol, against wiremock and Microsoft's documented
//!   payloads;
//! - [`cli`]: the real `pilotbench` binary as a user runs it, mostly against the simulated
//!   tenant;
//! - [`compat`]: the simulated tenant driven by clients nobody here wrote (Microsoft's Python
//!   SDK, MSAL, azure-identity; the Rust graph-rs-sdk);
//! - [`quickxorhash`]: the hash every verification rests on, against published vectors;
//! - [`sim`]: the simulated tenant's protocol surface on the wire, with a plain HTTP client;
//! - [`layering`]: the import rules of `src/`, read from `docs/ARCHITECTURE.md`;
//! - [`suite`]: this suite stays one crate;
//! - [`support`]: what the modules share (running the binary, temporary folders, the fixtures,
//!   the outputs, a recording Graph client).
//!
//! A new test goes into the module of its topic; a new topic is a new module here, not a new
//! file directly in `tests/` (which would be one more binary to link). Run one topic with
//! `cargo test --test it graph::`, one module with `cargo test --test it cli::scan`, the
//! layering check and its import graph with `cargo test --test it layering -- --nocapture`.
//!
//! The tests of every module run side by side in one process. A test that times the binary's
//! work holds `support::cpu::alone()`; the runners in `support` share the cores otherwise.

mod cli;
mod compat;
mod graph;
mod layering;
mod quickxorhash;
mod sim;
mod suite;
mod support;
