//! Sites: `GET /sites/{host}:/{server-relative path}` (path addressing) and `GET /sites/{id}`,
//! each optionally followed by `/drives` (all its libraries, "Documents" first); `$select` on
//! both. The default library (`/drive`) is a drive route (`drive_items`).

use crate::graph::Site;
use crate::sim::exchange::{Incoming, Payload, Reply, SimFailure, answer};
use crate::sim::query::{QueryOption, QueryOptions};
use crate::sim::route::SitePart;
use crate::sim::serve::render;
use crate::sim::tenant::Tenant;
use crate::sim::views::{DRIVE_PROPERTIES, DrivePage, SITE_PROPERTIES, Select};

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
    site_part(tenant, request, site, part)
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
    site_part(tenant, request, site, part)
}

fn site_part(
    tenant: &Tenant,
    request: &Incoming<'_>,
    site: Site,
    part: SitePart,
) -> Result<Reply, SimFailure> {
    let options = QueryOptions::parse(request.query, &[QueryOption::Select])?;
    match part {
        SitePart::Site => {
            let select = Select::of(options.select.as_deref(), SITE_PROPERTIES)?;
            answer(
                200,
                Payload::Site(Box::new(render::site(tenant, site)), select),
            )
        }
        SitePart::Drives => {
            let select = Select::of(options.select.as_deref(), DRIVE_PROPERTIES)?;
            let mut value = Vec::new();
            for drive in tenant.contents.site_drives(&site.id)? {
                let idx = tenant.contents.drive_idx(&drive.id)?;
                value.push(render::drive(tenant, idx, false));
            }
            answer(
                200,
                Payload::Drives(
                    DrivePage {
                        context: render::drives_context(tenant),
                        value,
                    },
                    select,
                ),
            )
        }
    }
}
