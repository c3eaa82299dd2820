//! What the test modules share, each thing in one place: running the binary and a simulated
//! tenant (`binary`), the two cores shared between tests ([`cpu`]), temporary folders
//! (`temp`), scenario files (`scenario`), a run's outputs (`outputs`), an in-process tenant's
//! configuration (`sim_config`), the tenant's request log (`tenant_log`) and its files
//! (`tenant_files`), the fixtures (`fixtures`), and for the Graph protocol tests a recording
//! client on wiremock (`graph_client`, `recording`) and what the mock received (`mock`).
//!
//! A helper used by one module stays in that module; one used by two or more lives here.
//! Modules import these by name from `crate::support`.

mod binary;
pub mod cpu;
mod fixtures;
mod graph_client;
mod mock;
mod outputs;
mod recording;
mod scenario;
mod sim_config;
mod temp;
mod tenant_files;
mod tenant_log;

pub use binary::{
    Simulate, binary, describe, pilotbench, pilotbench_env, root, run_interrupted,
    run_interrupted_when, run_quiet, run_signalled,
};
pub use fixtures::{fixture_path, graph_fixture, graph_fixture_path, graph_fixture_text};
pub use graph_client::{TestClient, USER_AGENT, quick_retry};
pub use mock::{content_range, count, file_bytes, header_text, received, requests};
pub use outputs::{Table, assert_accounting, files_below, read_csv};
pub use recording::RecordingSink;
pub use scenario::{Scenario, Site, Size, Source, write_scenario};
pub use sim_config::one_site_config;
pub use temp::TempDir;
pub use tenant_files::stored_hash;
pub use tenant_log::{request_log, sim_request_log, sim_request_log_async};
