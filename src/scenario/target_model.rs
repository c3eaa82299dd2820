//! `[target]` validated: the simulated tenant with its behaviour model and injected faults, or a
//! real tenant reached through Microsoft Graph with the names of the variables holding its
//! credentials.

use crate::vocab::units::Micros;

/// `[target]`: where the copy goes.
#[derive(Debug, Clone, PartialEq)]
pub enum Target {
    /// The simulated tenant, started by pilotbench on 127.0.0.1 unless `url` names a running one.
    Simulated(SimulatedTarget),
    /// A real Microsoft 365 tenant through Microsoft Graph, with app-only authentication.
    Graph(GraphTarget),
}

impl Target {
    /// `simulated` or `graph`, as written in the scenario and the reports.
    pub fn kind(&self) -> &'static str {
        match self {
            Target::Simulated(_) => "simulated",
            Target::Graph(_) => "graph",
        }
    }
}

/// `[target.graph]`: where the credentials are (names of environment variables, never the
/// values) and the two service roots.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GraphTarget {
    /// Variable holding the tenant's ID or domain. Default `AZURE_TENANT_ID`.
    pub tenant_id_env: String,
    /// Variable holding the app registration's client (application) ID. Default `AZURE_CLIENT_ID`.
    pub client_id_env: String,
    /// Variable holding a client secret. Default `AZURE_CLIENT_SECRET`.
    pub client_secret_env: String,
    /// Variable holding the path of a PEM file with the certificate and its RSA private key.
    /// Default `AZURE_CLIENT_CERTIFICATE_PATH`.
    pub certificate_path_env: String,
    /// Graph root including the version. Default `https://graph.microsoft.com/v1.0`.
    pub graph_url: url::Url,
    /// Microsoft Entra ID authority host. Default `https://login.microsoftonline.com`.
    pub login_url: url::Url,
}

impl Target {
    /// Whether this is the simulated tenant (whose drives a scenario seeds).
    pub fn is_simulated(&self) -> bool {
        matches!(self, Target::Simulated(_))
    }
}

/// `[target.simulated]`.
#[derive(Debug, Clone, PartialEq)]
pub struct SimulatedTarget {
    /// Seed of the behaviour model (latency draws, corruption choices).
    pub seed: u64,
    /// Per-request latency; `None` = no added latency.
    pub latency: Option<LatencyModel>,
    /// The tenant's aggregate ingest in bytes per second; `None` = unlimited.
    pub bandwidth_bytes_per_s: Option<u64>,
    /// Share of uploads stored with altered bytes, 0.0 to 1.0.
    pub corrupt_rate: f64,
    /// The app's resource-unit budget per minute, as SharePoint enforces it (1,250 for a tenant
    /// of up to 1,000 licences); `None` = unlimited. Spent → 429 with `Retry-After`.
    pub ru_per_minute: Option<u64>,
    /// Share of requests answered 503 Server Too Busy with `Retry-After`, 0.0 to 1.0.
    pub busy_rate: f64,
    /// Length of the RU budget window: SharePoint's minute by default; shorter compresses a
    /// throttled pilot for CI without changing its shape.
    pub ru_window_us: Micros,
    /// Base URL of an already running `pilotbench simulate`, e.g. `http://127.0.0.1:8080`.
    pub url: Option<url::Url>,
    /// Lifetime of the access tokens its token endpoint issues (`expires_in`). Default one hour.
    pub token_lifetime_us: Micros,
    /// Its token endpoint refuses every credential (401 `invalid_client`, AADSTS7000215).
    pub reject_credentials: bool,
    /// `[target.simulated.faults]`: injected faults; none by default.
    pub faults: FaultRates,
    /// Share of server-side copy jobs that end `failed` in their monitor, 0.0 to 1.0.
    pub copy_failure_rate: f64,
    /// How long a server-side copy job runs in the tenant, from accepted to completed.
    pub copy_job_duration_us: Micros,
}

/// `[target.simulated.faults]`: the simulated tenant's injected faults, each a share (0.0 to
/// 1.0) of the requests it can hit. All zero by default.
#[derive(Debug, Clone, PartialEq)]
pub struct FaultRates {
    /// Requests answered 500, 502, 503 (without `Retry-After`) or 504, in turn.
    pub server_error_rate: f64,
    /// Requests answered `slow_response_us` late (a write is stored all the same).
    pub slow_rate: f64,
    /// How late a slow answer comes (default 30 s).
    pub slow_response_us: Micros,
    /// Fragment PUTs whose upload session has expired (404; the session is gone).
    pub session_expiry_rate: f64,
    /// Fragment PUTs answered 416 `invalidRange` without being stored.
    pub range_error_rate: f64,
    /// Completed uploads (simple PUT, final fragment) and accepted copy requests: stored (the
    /// job started), then left without an answer.
    pub lost_response_rate: f64,
    /// Graph calls answered 401 `InvalidAuthenticationToken` (the repeat goes through).
    pub unauthorized_rate: f64,
    /// GETs of an item by its path (`items/{parent}:/{name}:`, the client's look after an
    /// unclear write) answered 500 `generalException`.
    pub lookup_error_rate: f64,
}

impl Default for FaultRates {
    fn default() -> Self {
        FaultRates {
            server_error_rate: 0.0,
            slow_rate: 0.0,
            slow_response_us: 30_000_000,
            session_expiry_rate: 0.0,
            range_error_rate: 0.0,
            lost_response_rate: 0.0,
            unauthorized_rate: 0.0,
            lookup_error_rate: 0.0,
        }
    }
}

/// Default [`SimulatedTarget::copy_job_duration_us`]: a few polls' worth at the client's
/// growing poll interval (200 ms, 300 ms, 450 ms, ...).
pub const DEFAULT_COPY_JOB_DURATION_US: Micros = 1_000_000;

/// A lognormal latency through two points: the median and the 99th percentile.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LatencyModel {
    /// Median latency.
    pub median_us: Micros,
    /// 99th percentile latency; at least the median.
    pub p99_us: Micros,
}
