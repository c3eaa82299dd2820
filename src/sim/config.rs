//! What the simulated tenant contains at start and how it behaves: the settings the harness
//! builds from a scenario (sites, users, teams, seeded source drives, the behaviour model's
//! rates), and the bearer token it accepts. Plain data, read by every layer of the tenant.

use url::Url;

use crate::scenario::FaultRates;
use crate::source::SourceFile;
use crate::vocab::units::Micros;

/// SharePoint's app budget window for resource units: one minute.
pub(crate) const RU_WINDOW_MINUTE_US: Micros = 60_000_000;

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
    /// Upload-session, copy-monitor and download URLs answer 401 `unauthenticated` to a request
    /// that carries an `Authorization` header, as Microsoft warns SharePoint may
    /// (`docs/graph-notes.md` §12). Off by default, because Microsoft's Python SDK sends its
    /// bearer token to every host; pilotbench's own runs turn it on, to prove its client never
    /// sends the token there.
    pub file_urls_refuse_authorization: bool,
    /// How long a delta token (`@odata.deltaLink`, `@odata.nextLink`) stays usable; an older
    /// one is answered `410 Gone` with `resyncChangesApplyDifferences`. `None` = until the
    /// change log forgets deletions it would have to report.
    pub delta_token_lifetime_us: Option<Micros>,
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
            ru_window_us: RU_WINDOW_MINUTE_US,
            teams: Vec::new(),
            token_lifetime_us: 3_600_000_000,
            reject_credentials: false,
            faults: FaultRates::default(),
            source_drives: Vec::new(),
            copy_failure_rate: 0.0,
            copy_job_duration_us: 1_000_000,
            copy_completion: CopyCompletion::Alternate,
            file_urls_refuse_authorization: false,
            delta_token_lifetime_us: None,
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

/// Which drive a seeded source lives in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SimDriveLocation {
    /// A library of a site (created with the site if the scenario has no other use for it).
    Library {
        /// `https://host/sites/name`.
        site_url: Url,
        /// Library display name.
        library: String,
    },
    /// A user's OneDrive.
    User(String),
}

/// A drive's folder and what it holds at start.
#[derive(Debug, Clone, PartialEq)]
pub struct SimSourceDrive {
    /// The drive.
    pub drive: SimDriveLocation,
    /// Folder below the drive root (`/`-separated, empty = root); created if missing.
    pub folder: String,
    /// Folders below it, parents first.
    pub folders: Vec<String>,
    /// Files below it.
    pub files: Vec<SimSeedFile>,
}

/// One seeded file.
#[derive(Debug, Clone, PartialEq)]
pub struct SimSeedFile {
    /// Path below the source folder.
    pub rel_path: String,
    /// Bytes.
    pub size: u64,
    /// quickXorHash of its bytes, base64.
    pub quick_xor: String,
    /// Where its bytes come from when it is downloaded.
    pub content: SourceFile,
}

/// How the monitor reports a completed job.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum CopyCompletion {
    /// `200 OK` with `status: completed` and `resourceId`.
    Ok,
    /// `303 See Other` with `Location` to the new item (and the same body).
    SeeOther,
    /// One job each way, in turn: both forms in every run.
    #[default]
    Alternate,
}
