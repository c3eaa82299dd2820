//! The simulated tenant: a stateful fake of the Graph v1.0 drive endpoints pilotbench uses,
//! served over real HTTP on 127.0.0.1 (on hyper: `server` says why not wiremock), with a
//! behaviour model for latency, bandwidth and corruption. The harness reaches it through the
//! same `graph` client as the real service (contract 1); nothing calls its state directly.
//!
//! Throttling (graph-api.md §1, §7; `throttle`): with [`SimConfig::ru_per_minute`] set, each
//! request is charged SharePoint resource units against a fixed one-minute window that starts
//! at the first request; past the budget the answer is 429 `activityLimitReached` /
//! `throttledRequest` with `Retry-After` and `RateLimit-*`, and from 80 % use on successful
//! answers carry `RateLimit-*`. [`SimConfig::busy_rate`] answers a seeded share of requests
//! 503 `serviceNotAvailable` with `Retry-After`. Refused requests change no state.
//!
//! Teams (`teams`): `GET /teams/{team}/channels/{channel}/filesFolder` answers the channel's
//! folder in its team site's "Documents" library; an unknown team or channel is a 404.
//! Token endpoint, outside `/v1.0` (`token_endpoint`): `POST /{tenant}/oauth2/v2.0/token` with
//! the client credentials grant issues access tokens that open the Graph routes (beside
//! [`SIMULATED_TOKEN`]) for [`SimConfig::token_lifetime_us`]; an expired one gets 401
//! `InvalidAuthenticationToken`. [`SimConfig::reject_credentials`] refuses every credential.
//! So `[target] kind = "graph"` runs end to end against `pilotbench simulate` on loopback.
//! Faults (`faults`, [`SimConfig::faults`]): server errors, slow answers, expired upload
//! sessions, 416 on fragments, lost answers after a stored upload and 401s, each at a seeded rate.
//! Server-side copy and downloads (`copy_jobs`, `downloads`): drives named in
//! [`SimConfig::source_drives`] are seeded at start and keep where their bytes come from, so
//! `GET .../items/{id}/content` answers 302 to a pre-authenticated `/download/{id}?tempauth=`
//! URL that streams them. `POST .../items/{id}/copy` answers 202 with a `/monitor/{job}`
//! `Location`; the job runs on the tenant's clock (notStarted, inProgress, waiting, then
//! completed or failed) and lands whether or not anyone polls. Neither URL takes a bearer token.
//!
//! Admin endpoint, outside `/v1.0`: `GET /_sim/requests` (bearer token required) returns the
//! request log as a JSON array of `{"at_us","method","path","status"}`, oldest first: arrival in
//! microseconds since the tenant started, method, path without query, status answered; entries
//! shaped by an injected fault also carry `"fault"` (`server-error`, `unauthorized`,
//! `session-expired`, `range-error`, `lost-response`, `slow-response`). It holds
//! the last 200,000 requests (the admin calls themselves are not logged); no bodies, queries or
//! `Authorization` headers are kept.

mod behaviour;
mod copy_jobs;
mod downloads;
mod errors;
mod faults;
mod handlers;
mod ids;
mod request_log;
mod router;
mod routes;
mod seed;
mod server;
mod state;
mod teams;
mod throttle;
mod token_endpoint;
mod upload;

#[cfg(test)]
mod copy_tests;
#[cfg(test)]
mod tests;
#[cfg(test)]
mod throttle_tests;

use std::time::SystemTime;

use tokio_util::sync::{CancellationToken, DropGuard};
use url::Url;

use crate::scenario::FaultRates;
use crate::vocab::units::Micros;

pub use copy_jobs::CopyCompletion;
pub use seed::{SimDriveLocation, SimSeedFile, SimSourceDrive};

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
    /// The app's resource-unit budget per one-minute window (SharePoint: 1,250 for up to 1,000
    /// licences); `None` = unlimited.
    pub ru_per_minute: Option<u64>,
    /// Share of requests answered 503 Server Too Busy with `Retry-After` (0.0 to 1.0), drawn
    /// from its own seeded stream.
    pub busy_rate: f64,
    /// The `Retry-After` of those 503 answers, in seconds.
    pub busy_retry_after_s: u64,
    /// Length of the RU budget window: SharePoint's is one minute; a shorter one compresses a
    /// throttled pilot (tests, demonstrations) without changing its shape.
    pub ru_window_us: Micros,
    /// Teams that exist, with their channels; each team gets a site whose "Documents" library
    /// holds one folder per channel (`GET /teams/{id}/channels/{id}/filesFolder`).
    pub teams: Vec<SimTeam>,
    /// Lifetime of the access tokens its token endpoint issues (`expires_in`, whole seconds,
    /// at least one). Default one hour, as Entra ID's.
    pub token_lifetime_us: Micros,
    /// The token endpoint refuses every credential with 401 `invalid_client` (AADSTS7000215),
    /// as Entra answers a wrong or expired client secret.
    pub reject_credentials: bool,
    /// Injected faults; none by default.
    pub faults: FaultRates,
    /// Drives (or folders of them) filled with content at start: the sources of graph-drive
    /// sites. Their sites and users are created as well.
    pub source_drives: Vec<SimSourceDrive>,
    /// Share of server-side copy jobs that end `failed` in their monitor (0.0 to 1.0).
    pub copy_failure_rate: f64,
    /// How long a copy job runs, from accepted to completed or failed.
    pub copy_job_duration_us: Micros,
    /// How the monitor reports a completed job.
    pub copy_completion: CopyCompletion,
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
            ru_per_minute: None,
            busy_rate: 0.0,
            busy_retry_after_s: 2,
            ru_window_us: throttle::MINUTE_US,
            teams: Vec::new(),
            token_lifetime_us: 3_600_000_000,
            reject_credentials: false,
            faults: FaultRates::default(),
            source_drives: Vec::new(),
            copy_failure_rate: 0.0,
            copy_job_duration_us: 1_000_000,
            copy_completion: CopyCompletion::Alternate,
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

/// A team of the simulated tenant.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SimTeam {
    /// The team's id (a GUID); matched case-insensitively.
    pub id: String,
    /// Its channels' ids (`19:...@thread.tacv2`).
    pub channels: Vec<String>,
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
pub struct SimulatedTenant {
    /// Dropping it stops the server and its connections.
    _stop: DropGuard,
    port: u16,
}

impl std::fmt::Debug for SimulatedTenant {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SimulatedTenant")
            .field("port", &self.port)
            .finish()
    }
}

impl SimulatedTenant {
    /// Starts the tenant on 127.0.0.1, on `port` or an ephemeral one. Returns once it listens.
    pub async fn start(config: SimConfig, port: Option<u16>) -> Result<SimulatedTenant, SimError> {
        let asked = port.unwrap_or(0);
        let bind_error = |e: std::io::Error| SimError::Bind {
            port: asked,
            reason: e.to_string(),
        };
        let listener = std::net::TcpListener::bind(("127.0.0.1", asked)).map_err(bind_error)?;
        let port = listener.local_addr().map_err(bind_error)?.port();
        let shared = handlers::shared_state(
            &config,
            format!("http://127.0.0.1:{port}"),
            SystemTime::now(),
        );
        listener.set_nonblocking(true).map_err(bind_error)?;
        let listener = tokio::net::TcpListener::from_std(listener).map_err(bind_error)?;
        let stop = CancellationToken::new();
        tokio::spawn(server::serve(
            listener,
            router::Router::new(shared),
            stop.clone(),
        ));
        Ok(SimulatedTenant {
            _stop: stop.drop_guard(),
            port,
        })
    }

    /// The port it listens on.
    pub fn port(&self) -> u16 {
        self.port
    }

    /// Graph root to give the client: `http://127.0.0.1:PORT/v1.0`.
    pub fn graph_base_url(&self) -> Url {
        self.url(routes::GRAPH_PREFIX)
    }

    /// Server root: `http://127.0.0.1:PORT`.
    pub fn server_url(&self) -> Url {
        self.url("")
    }

    fn url(&self, path: &str) -> Url {
        let text = format!("http://127.0.0.1:{}{path}", self.port);
        // A loopback address with a numeric port always parses.
        Url::parse(&text).unwrap_or_else(|_| unreachable!("{text} is a valid URL"))
    }
}
