//! The validated scenario: plain types with every size parsed, every path resolved and every
//! limit checked. Nothing here is a raw TOML value.

use std::path::PathBuf;

use crate::vocab::conflict::ConflictBehavior;
use crate::vocab::units::Micros;

/// The most sites a pilot may have: the on-boarding guidance asks for "no more than 5 small
/// sites" as the proof of concept.
pub const MAX_SITES: usize = 5;

/// A loaded, validated scenario.
#[derive(Debug, Clone, PartialEq)]
pub struct Scenario {
    /// The scenario file as given on the command line.
    pub path: PathBuf,
    /// SHA-256 of the file's bytes, lower-case hex: ties outputs to the exact scenario.
    pub sha256: String,
    /// `[pilot]`.
    pub pilot: Pilot,
    /// `[target]`.
    pub target: Target,
    /// `[engine]`.
    pub engine: EngineSettings,
    /// `[thresholds]`.
    pub thresholds: Thresholds,
    /// `[[site]]`, in file order; one to [`MAX_SITES`].
    pub sites: Vec<Site>,
    /// `[readiness]`, when the scenario has the section: the Go/No-Go inputs.
    pub readiness: Option<super::readiness_model::Readiness>,
    /// `[estimate]`: the migration window, effort and resampling settings of the estimate.
    pub estimate: super::estimate_model::EstimateSettings,
}

/// `[pilot]`: names that appear in every report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pilot {
    /// The pilot's name ("Example Trust POC").
    pub name: String,
    /// The organisation running it; also goes into the User-Agent.
    pub organisation: String,
}

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

/// `[engine]`.
#[derive(Debug, Clone, PartialEq)]
pub struct EngineSettings {
    /// Files in flight at once, per run (shared by sites running in parallel). Default 8.
    pub concurrency: usize,
    /// Files up to this size use a simple PUT; larger ones an upload session. Default 4 MiB.
    pub simple_upload_max: u64,
    /// Upload-session fragment size: a multiple of 320 KiB below 60 MiB. Default 10 MiB.
    pub chunk_size: u64,
    /// What to do when the destination already has an item of that name. Default `fail`.
    pub conflict: ConflictBehavior,
    /// Sites one after another (default) or together.
    pub sites: SiteMode,
    /// Per-request timeout. Default 120 s.
    pub request_timeout_us: Micros,
    /// Attempts per request, the first included (1 = never retry), 1 to 20. Default 4.
    pub retry_attempts: u32,
    /// First step of the exponential backoff used when the service gives no `Retry-After`;
    /// doubled for each further retry, with full jitter. Default 500 ms.
    pub retry_base_us: Micros,
    /// Longest backoff between two attempts (a `Retry-After` is honoured in full). Default 30 s.
    pub retry_cap_us: Micros,
    /// Proactive pacing: hold requests back when the tenant's `RateLimit-Remaining` no longer
    /// covers the requests in flight, until its `RateLimit-Reset`. Default on.
    pub pacing: bool,
}

impl Default for EngineSettings {
    fn default() -> Self {
        EngineSettings {
            concurrency: 8,
            simple_upload_max: 4 * 1024 * 1024,
            chunk_size: 10 * 1024 * 1024,
            conflict: ConflictBehavior::Fail,
            sites: SiteMode::Sequential,
            request_timeout_us: 120_000_000,
            retry_attempts: 4,
            retry_base_us: 500_000,
            retry_cap_us: 30_000_000,
            pacing: true,
        }
    }
}

/// `engine.sites`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SiteMode {
    /// One site after another: clean per-site figures.
    Sequential,
    /// All sites at once, sharing `concurrency`.
    Parallel,
}

/// `[thresholds]`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Thresholds {
    /// Exit code 1 when the run's failure rate is above this. Default 0.0.
    pub max_failure_rate: f64,
}

/// One `[[site]]`.
#[derive(Debug, Clone, PartialEq)]
pub struct Site {
    /// Unique within the scenario.
    pub name: String,
    /// Which workload this test site stands for.
    pub workload: Workload,
    /// Where its content goes.
    pub destination: Destination,
    /// Where its content comes from.
    pub source: SourceSpec,
    /// How files reach the destination: streamed through pilotbench (default) or copied by
    /// the tenant itself (graph-drive sources in the same tenant only).
    pub copy_mode: CopyMode,
}

/// `copy_mode` of a site.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum CopyMode {
    /// Read each file (download it, for a graph-drive source) and upload it.
    #[default]
    Stream,
    /// One server-side copy job per file (`POST .../copy`, then poll its monitor).
    Server,
}

impl CopyMode {
    /// The spelling used in scenarios and reports.
    pub fn as_str(self) -> &'static str {
        match self {
            CopyMode::Stream => "stream",
            CopyMode::Server => "server",
        }
    }
}

/// The workloads the on-boarding guidance names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Workload {
    /// A SharePoint site's document library.
    SharePoint,
    /// A file share moved into a SharePoint library.
    Files,
    /// A team's files: a channel's files folder, or the team site's library.
    Teams,
    /// A user's OneDrive.
    OneDrive,
}

impl Workload {
    /// The spelling used in scenarios and reports.
    pub fn as_str(self) -> &'static str {
        match self {
            Workload::SharePoint => "sharepoint",
            Workload::Files => "files",
            Workload::Teams => "teams",
            Workload::OneDrive => "onedrive",
        }
    }
}

/// Where a site's content goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Destination {
    /// A document library of a SharePoint site (SharePoint, Files and Teams workloads).
    Library {
        /// The site's URL, `https://host/sites/name`.
        site_url: url::Url,
        /// The library's display name ("Documents").
        library: String,
        /// Folder path below the library root, `/`-separated, no leading or trailing `/`;
        /// empty means the library root.
        folder: String,
    },
    /// A user's OneDrive.
    OneDrive {
        /// The user's principal name.
        user: String,
        /// Folder path below the drive root, as above.
        folder: String,
    },
    /// A Teams channel's files folder (Teams workload), found with
    /// `GET /teams/{team}/channels/{channel}/filesFolder`.
    Channel {
        /// The team's id (its Microsoft 365 group id, a GUID).
        team: String,
        /// The channel's id (`19:...@thread.tacv2`).
        channel: String,
        /// Folder path below the channel's files folder, as above.
        folder: String,
    },
}

impl Destination {
    /// The folder path below the drive root (below the channel's files folder for a channel).
    pub fn folder(&self) -> &str {
        match self {
            Destination::Library { folder, .. }
            | Destination::OneDrive { folder, .. }
            | Destination::Channel { folder, .. } => folder,
        }
    }
}

/// Where a site's content comes from.
#[derive(Debug, Clone, PartialEq)]
pub enum SourceSpec {
    /// A local folder tree, walked without following symlinks.
    Folder {
        /// Absolute path (relative paths are resolved against the scenario's folder).
        path: PathBuf,
    },
    /// Deterministic generated content.
    Synthetic(SyntheticSpec),
    /// A drive or folder in the tenant (reached through the destination's client, or through
    /// a client of its own when it has `credentials`).
    GraphDrive(GraphDriveSpec),
}

/// `source = { kind = "graph-drive", ... }`.
#[derive(Debug, Clone, PartialEq)]
pub struct GraphDriveSpec {
    /// Which drive.
    pub drive: DriveLocation,
    /// Folder path below the drive root, `/`-separated, no leading or trailing `/`; empty
    /// means the whole drive.
    pub folder: String,
    /// For the simulated tenant: the content the drive's folder is seeded with at start (a
    /// folder or synthetic source). Required for simulated targets, refused for real ones.
    pub seed: Option<Box<SourceSpec>>,
    /// `credentials = { ... }`: the source is read with its own app registration (another
    /// tenant, or the same tenant with other credentials) instead of the target's client.
    pub credentials: Option<Box<SourceCredentials>>,
}

/// A graph-drive source's `credentials`: the environment variables holding its app's
/// credentials and, when written, its service roots (absent = the target's roots: the
/// simulated tenant's, or those of `[target.graph]`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceCredentials {
    /// Variable holding the source tenant's ID.
    pub tenant_id_env: String,
    /// Variable holding the source app's client ID.
    pub client_id_env: String,
    /// Variable holding the source app's client secret.
    pub client_secret_env: String,
    /// Variable holding the path of the source app's certificate.
    pub certificate_path_env: String,
    /// Graph root of the source tenant, when written.
    pub graph_url: Option<url::Url>,
    /// Authority host of the source tenant, when written.
    pub login_url: Option<url::Url>,
}

impl SourceCredentials {
    /// As a [`GraphTarget`], with `graph_url` and `login_url` filling the roots not written.
    pub fn with_roots(&self, graph_url: &url::Url, login_url: &url::Url) -> GraphTarget {
        GraphTarget {
            tenant_id_env: self.tenant_id_env.clone(),
            client_id_env: self.client_id_env.clone(),
            client_secret_env: self.client_secret_env.clone(),
            certificate_path_env: self.certificate_path_env.clone(),
            graph_url: self.graph_url.clone().unwrap_or_else(|| graph_url.clone()),
            login_url: self.login_url.clone().unwrap_or_else(|| login_url.clone()),
        }
    }
}

/// A drive of the tenant.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DriveLocation {
    /// A document library of a SharePoint site.
    Library {
        /// The site's URL, `https://host/sites/name`.
        site_url: url::Url,
        /// The library's display name.
        library: String,
    },
    /// A user's OneDrive.
    OneDrive {
        /// The user's principal name.
        user: String,
    },
}

/// `source = { kind = "synthetic", ... }`.
#[derive(Debug, Clone, PartialEq)]
pub struct SyntheticSpec {
    /// Number of files.
    pub files: u64,
    /// Folder depth below the destination folder (0 = all files at the top).
    pub depth: u32,
    /// Subfolders per folder.
    pub fan_out: u32,
    /// Seed: same seed, same names, sizes and bytes.
    pub seed: u64,
    /// File size distribution.
    pub size: SizeDistribution,
}

/// File sizes of a synthetic source.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum SizeDistribution {
    /// Every file this size.
    Fixed {
        /// Bytes.
        value: u64,
    },
    /// Uniform between `min` and `max`, inclusive.
    Uniform {
        /// Bytes.
        min: u64,
        /// Bytes.
        max: u64,
    },
    /// Lognormal with this median and sigma (of the underlying normal), capped at `max`.
    LogNormal {
        /// Bytes.
        median: u64,
        /// Shape; 0 gives every file the median.
        sigma: f64,
        /// Cap in bytes.
        max: u64,
    },
}
