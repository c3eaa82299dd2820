//! `[engine]` validated: how the copy runs, with the defaults a scenario without the section
//! gets.

use crate::vocab::conflict::ConflictBehavior;
use crate::vocab::units::Micros;

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
    /// Each run writes below a folder of its own in the site's destination folder
    /// (`pilotbench-run-{run id}`), so reruns never collide and each is a full, fresh copy.
    /// Off: straight into the destination folder, where `conflict` decides. Default on.
    pub run_folder: bool,
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
            run_folder: true,
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

impl SiteMode {
    /// The spelling used in scenarios and reports.
    pub fn as_str(self) -> &'static str {
        match self {
            SiteMode::Sequential => "sequential",
            SiteMode::Parallel => "parallel",
        }
    }
}
