//! The ways a request names a drive (`docs/graph-notes.md` §14): by id (`/drives/{id}`), as a
//! site's default library (`/sites/{id}/drive`, `/sites/{host}:/{path}:/drive`), as a user's
//! OneDrive (`/users/{upn}/drive`) or as a Microsoft 365 group's library (`/groups/{id}/drive`,
//! a team's site here), and how each is resolved against the tenant's contents.

use super::contents::{Contents, DriveIdx};
use super::team_sites::Teams;
use crate::sim::exchange::SimFailure;

/// How a request names a drive.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum DriveRef {
    /// `/drives/{id}`.
    Id(String),
    /// `/sites/{site-id}/drive`: the site's default library.
    Site(String),
    /// `/sites/{host}:/{path}:/drive`.
    SiteByPath {
        /// Host name.
        host: String,
        /// Server-relative path.
        path: String,
    },
    /// `/users/{id | upn}/drive`.
    User(String),
    /// `/groups/{group-id}/drive`: the group's (team's) site's default library.
    Group(String),
}

/// The drive `drive` names.
pub(crate) fn resolve_drive(
    contents: &Contents,
    teams: &Teams,
    drive: &DriveRef,
) -> Result<DriveIdx, SimFailure> {
    match drive {
        DriveRef::Id(id) => contents.drive_idx(id),
        DriveRef::Site(site) => contents.drive_idx(&contents.site_default_drive(site)?.id),
        DriveRef::SiteByPath { host, path } => {
            let site = contents.site_by_path(host, path)?.id.clone();
            contents.drive_idx(&contents.site_default_drive(&site)?.id)
        }
        DriveRef::User(upn) => contents.drive_idx(&contents.user_drive(upn)?.id),
        DriveRef::Group(group) => teams.group_drive(contents, group),
    }
}
