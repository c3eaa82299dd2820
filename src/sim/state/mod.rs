//! The tenant's state: everything it holds and remembers between requests. Its contents
//! (sites, drives, users' OneDrives, the item tree of each drive; files keep metadata and a
//! quickXorHash, and where their bytes are — regenerated from a seeded source or in the tenant's
//! spool on disk, never in memory; a recycle bin recording what was deleted), the change log `delta`
//! reads and the pages cut from it, the ways a request names a drive, the ids it hands out, open
//! upload sessions, server-side copy jobs (of a file, or of a folder's whole tree) and what
//! their monitors report, how download URLs are signed, teams' channel folders, and the
//! access tokens its token endpoint issued. Built at start from a
//! [`SimConfig`](crate::sim::SimConfig) (with `seed` filling the source drives); changed by the
//! routes in `serve`, by the routing table landing due copy jobs before each request, and by
//! the behaviour model where a fault is defined by its effect on state (an expired upload
//! session).
//!
//! Nothing here knows HTTP beyond the error a refused change answers ([`SimFailure`]), so the
//! rules (names SharePoint refuses, conflict behaviour, fragment order) can be tested alone.
//!
//! [`SimFailure`]: crate::sim::exchange::SimFailure

mod access_tokens;
mod change_log;
mod contents;
mod copy_jobs;
mod copy_progress;
mod delta_feed;
mod delta_tokens;
mod download_auth;
mod drive_refs;
mod ids;
mod recycle_bin;
mod seed;
mod spool;
mod team_sites;
mod upload_sessions;

pub(crate) use access_tokens::AccessTokens;
pub(crate) use change_log::Tombstone;
pub(crate) use contents::{
    Address, Base, Contents, DriveIdx, ItemIdx, ItemUpdate, NewFile, validate_name,
};
pub(crate) use copy_jobs::{CopyJobs, JobProgress, NewJob};
pub(crate) use copy_progress::CopyWorkload;
pub(crate) use delta_feed::{FeedEntry, FeedRequest, feed_page};
pub(crate) use delta_tokens::{DeltaTokens, FeedPosition, TokenProblem};
pub(crate) use download_auth::{DOWNLOAD_URL_LIFETIME_US, DownloadAuth, TempAuthProblem};
pub(crate) use drive_refs::{DriveRef, resolve_drive};
pub(crate) use ids::rfc3339;
#[cfg(test)]
pub(crate) use recycle_bin::RecycledItem;
pub(crate) use seed::{seed_sources, with_source_owners};
pub(crate) use spool::{Spool, alter_first_byte, append_fragment};
pub(crate) use team_sites::{Teams, with_team_sites};
pub(crate) use upload_sessions::{
    SESSION_LIFETIME_US, Session, Sessions, accept_fragment, check_fragment, parse_content_range,
};
