//! The simulated tenant: a stateful fake of the Graph v1.0 drive endpoints pilotbench uses,
//! served over real HTTP on 127.0.0.1 (built on wiremock, as the design card says), with a
//! behaviour model for latency, bandwidth and corruption. The harness reaches it through the
//! same `graph` client as the real service (contract 1); nothing calls its state directly.

use url::Url;

use crate::units::Micros;

/// The bearer token the simulated tenant accepts on Graph calls. Not a secret: it only opens
/// a fake tenant on loopback.
pub const SIMULATED_TOKEN: &str = "pilotbench-simulated-tenant";

/// What the simulated tenant contains at start, and how it behaves.
#[derive(Debug, Clone, PartialEq)]
pub struct SimConfig {
    /// Seed of every random draw (latency, corruption).
    pub seed: u64,
    /// Per-request latency, lognormal through median and p99; `None` = none added.
    pub latency: Option<SimLatency>,
    /// Aggregate ingest in bytes per second over all uploads; `None` = unlimited.
    pub bandwidth_bytes_per_s: Option<u64>,
    /// Share of uploads stored with altered bytes (their hash then differs from the source's).
    pub corrupt_rate: f64,
    /// SharePoint sites that exist, with their libraries.
    pub sites: Vec<SimSite>,
    /// Users (UPNs) that have a OneDrive.
    pub users: Vec<String>,
    /// Items per page of a children listing (Graph's default is 200).
    pub page_size: usize,
}

impl Default for SimConfig {
    fn default() -> Self {
        SimConfig {
            seed: 0,
            latency: None,
            bandwidth_bytes_per_s: None,
            corrupt_rate: 0.0,
            sites: Vec::new(),
            users: Vec::new(),
            page_size: 200,
        }
    }
}

/// Lognormal latency through two points.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SimLatency {
    /// Median.
    pub median_us: Micros,
    /// 99th percentile (≥ median).
    pub p99_us: Micros,
}

/// A SharePoint site of the simulated tenant.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SimSite {
    /// `https://host/sites/name`.
    pub url: Url,
    /// Document library names; "Documents" always exists as well.
    pub libraries: Vec<String>,
}

/// The simulated tenant could not start.
#[derive(Debug, thiserror::Error)]
pub enum SimError {
    /// The port could not be bound.
    #[error(
        "cannot listen on 127.0.0.1:{port}: {reason}; choose another port or leave --port out for a free one"
    )]
    Bind {
        /// The port asked for.
        port: u16,
        /// The OS error.
        reason: String,
    },
}

/// A running simulated tenant. Stops when dropped.
pub struct SimulatedTenant {}

impl SimulatedTenant {
    /// Starts the tenant on 127.0.0.1, on `port` or an ephemeral one.
    pub async fn start(config: SimConfig, port: Option<u16>) -> Result<SimulatedTenant, SimError> {
        let _ = (config, port);
        todo!("SimulatedTenant::start")
    }

    /// Graph root to give the client: `http://127.0.0.1:PORT/v1.0`.
    pub fn graph_base_url(&self) -> Url {
        todo!()
    }

    /// Server root: `http://127.0.0.1:PORT`.
    pub fn server_url(&self) -> Url {
        todo!()
    }
}
