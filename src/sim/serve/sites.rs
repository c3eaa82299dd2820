//! Sites: `GET /sites/{host}:/{server-relative path}` (path addressing) and `GET /sites/{id}`,
//! each optionally followed by `/drive` (the default library) or `/drives` (all its libraries,
//! "Documents" first).

use crate::graph::{Page, Site};
use crate::sim::exchange::{Incoming, Payload, Reply, SimFailure, answer};
use crate::sim::route::SitePart;
use crate::sim::state::Contents;
use crate::sim::tenant::Tenant;

/// `GET /sites/{host}:/{path}[:/drive|:/drives]`.
pub(crate) fn by_path(
    tenant: &Tenant,
    request: &Incoming<'_>,
    host: &str,
    path: &str,
    part: SitePart,
) -> Result<Reply, SimFailure> {
    request.require_method("GET")?;
    let site = tenant.contents.site_by_path(host, path)?.clone();
    site_part(&tenant.contents, site, part)
}

/// `GET /sites/{id}[/drive|/drives]`.
pub(crate) fn by_id(
    tenant: &Tenant,
    request: &Incoming<'_>,
    id: &str,
    part: SitePart,
) -> Result<Reply, SimFailure> {
    request.require_method("GET")?;
    let site = tenant.contents.site_by_id(id)?.clone();
    site_part(&tenant.contents, site, part)
}

fn site_part(contents: &Contents, site: Site, part: SitePart) -> Result<Reply, SimFailure> {
    match part {
        SitePart::Site => answer(200, Payload::Site(site)),
        SitePart::DefaultDrive => {
            answer(200, Payload::Drive(contents.site_default_drive(&site.id)?))
        }
        SitePart::Drives => answer(
            200,
            Payload::Drives(Page {
                value: contents.site_drives(&site.id)?,
                next_link: None,
            }),
        ),
    }
}
