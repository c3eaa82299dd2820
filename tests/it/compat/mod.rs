//! The simulated tenant driven by Graph clients nobody here wrote, so that what it serves is
//! checked against how Microsoft's own SDKs and a community one read the protocol, not against
//! pilotbench's client:
//!
//! - [`python_sdk`]: Microsoft's Python SDK (`msgraph-sdk`, `msgraph-core`, kiota), MSAL and
//!   azure-identity, against `pilotbench simulate --tls`. The scripts are in `tests/compat/`;
//!   their environment is built here from `tests/compat/requirements.txt` (pinned), once, in
//!   the target folder;
//! - [`graph_rs_sdk`]: graph-rs-sdk 3.0.1, the community Rust client generated from Graph's
//!   OpenAPI description (a dev-dependency only), in process against
//!   `pilotbench::sim::SimulatedTenant` on loopback; the protocol defects it has are pinned by
//!   its steps, not bent round.
//!
//! Each step asserts what the tenant answered, and this side checks the tenant's own record of
//! the same requests.

mod graph_rs_sdk;
mod python_env;
mod python_sdk;
