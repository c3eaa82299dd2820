//! The simulated tenant whole, as one value behind one lock: its state, its behaviour model,
//! its request log, where it is reachable and its clock. The routes in `serve` change it and
//! the dispatch consults it; the lock is held only for that, never while a body is serialised
//! or an answer waits out its delay.

use std::sync::Arc;
use std::time::{Instant, SystemTime};

use super::behaviour::Behaviour;
use super::config::SimConfig;
use super::exchange::SimFailure;
use super::request_log::RequestLog;
use super::route::Links;
use super::state::{
    AccessTokens, Address, Contents, CopyJobs, DeltaTokens, DownloadAuth, DriveIdx, DriveRef,
    ItemIdx, Sessions, Spool, Teams, resolve_drive, rfc3339, seed_sources, with_source_owners,
    with_team_sites,
};
use crate::vocab::units::Micros;

/// Everything behind the tenant's lock.
#[derive(Debug)]
pub(crate) struct Tenant {
    /// Sites, drives, items.
    pub(crate) contents: Contents,
    /// Open upload sessions.
    pub(crate) sessions: Sessions,
    /// Server-side copy jobs.
    pub(crate) copy_jobs: CopyJobs,
    /// Signs and checks download URLs.
    pub(crate) download_auth: DownloadAuth,
    /// Where uploaded files' bytes are kept, on disk; shared with the responder, which writes
    /// a simple upload's body there before it takes the lock.
    pub(crate) spool: Arc<Spool>,
    /// Teams' channel folders.
    pub(crate) teams: Teams,
    /// The token endpoint's issued access tokens.
    pub(crate) tokens: AccessTokens,
    /// Delta tokens: how to write and read them, and which are too old.
    pub(crate) delta_tokens: DeltaTokens,
    /// Latency, bandwidth, corruption, throttling and faults.
    pub(crate) behaviour: Behaviour,
    /// Every request answered, bounded.
    pub(crate) requests: RequestLog,
    /// The absolute URLs answers carry.
    pub(crate) links: Links,
    /// Upload, monitor and download URLs answer 401 to a request carrying `Authorization`.
    pub(crate) file_urls_refuse_authorization: bool,
    /// Default children page size.
    pub(crate) page_size: usize,
    /// When the tenant started: the origin of its clock.
    started: Instant,
}

impl Tenant {
    /// The tenant `config` describes, reachable where `links` say, its items stamped `created`.
    pub(crate) fn new(config: &SimConfig, links: Links, created: SystemTime) -> Tenant {
        // Tokens another run of the tenant wrote must not be read as this one's.
        let epoch = created
            .duration_since(SystemTime::UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos() as u64)
            ^ config.seed.rotate_left(32);
        let created = rfc3339(created);
        let config = &with_source_owners(&with_team_sites(config));
        let mut contents = Contents::new(config, &created);
        let teams = Teams::new(&mut contents, config, &created);
        seed_sources(&mut contents, config, &created);
        Tenant {
            contents,
            teams,
            download_auth: DownloadAuth::default(),
            spool: Arc::new(Spool::new()),
            copy_jobs: CopyJobs::new(config),
            sessions: Sessions::default(),
            behaviour: Behaviour::new(config),
            page_size: config.page_size,
            links,
            file_urls_refuse_authorization: config.file_urls_refuse_authorization,
            requests: RequestLog::default(),
            tokens: AccessTokens::new(
                config.token_lifetime_us,
                config.reject_credentials,
                config.seed,
            ),
            delta_tokens: DeltaTokens::new(config.delta_token_lifetime_us, epoch),
            started: Instant::now(),
        }
    }

    /// The drive `drive` names.
    pub(crate) fn drive_idx(&self, drive: &DriveRef) -> Result<DriveIdx, SimFailure> {
        resolve_drive(&self.contents, &self.teams, drive)
    }

    /// The drive `drive` names and the item at `at` in it.
    pub(crate) fn locate(
        &self,
        drive: &DriveRef,
        at: &Address,
    ) -> Result<(DriveIdx, ItemIdx), SimFailure> {
        let drive = self.drive_idx(drive)?;
        Ok((drive, self.contents.resolve(drive, &at.base, &at.path)?))
    }

    /// Microseconds since the tenant started.
    pub(crate) fn now_us(&self) -> Micros {
        self.started.elapsed().as_micros() as Micros
    }
}
