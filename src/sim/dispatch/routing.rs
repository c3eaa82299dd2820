//! The routing table: which route in `serve` answers a request that the behaviour model let
//! through. Graph calls must carry a bearer token the tenant accepts; copy jobs that are due
//! land first, so every answer sees the tenant as it is now; then the path names the resource
//! (`route::parse`) and its route answers.

use std::time::SystemTime;

use crate::sim::exchange::{Incoming, Reply, SimFailure};
use crate::sim::route::{self, GRAPH_PREFIX, Route};
use crate::sim::serve::{delta, downloads, drive_items, server_side_copy, sites, teams, uploads};
use crate::sim::state::rfc3339;
use crate::sim::tenant::Tenant;
use crate::vocab::units::Micros;

/// Answers one request of the Graph, upload, download or monitor URL spaces.
pub(crate) fn route(
    tenant: &mut Tenant,
    request: &Incoming<'_>,
    now: SystemTime,
    now_us: Micros,
) -> Result<Reply, SimFailure> {
    if request.path.starts_with(GRAPH_PREFIX) {
        tenant.tokens.check(request.authorization, now_us)?;
    }
    let now_text = rfc3339(now);
    tenant.copy_jobs.settle_due(
        &mut tenant.contents,
        &mut tenant.downloads,
        &now_text,
        now_us,
    );
    match route::parse(request.path)? {
        Route::SiteByPath { host, path, part } => {
            sites::by_path(tenant, request, &host, &path, part)
        }
        Route::SiteById { id, part } => sites::by_id(tenant, request, &id, part),
        Route::Drive(drive) => drive_items::drive(tenant, request, &drive),
        Route::Item { drive, at } => drive_items::item(tenant, request, &drive, &at),
        Route::Children { drive, at } => drive_items::children(tenant, request, &drive, &at, now),
        Route::Content {
            drive,
            parent,
            name,
        } => uploads::simple_upload(tenant, request, &drive, &parent, &name, now),
        Route::CreateUploadSession {
            drive,
            parent,
            name,
        } => uploads::create_session(tenant, request, &drive, &parent, &name, now, now_us),
        Route::Upload(session) => uploads::upload_url(tenant, request, &session, now, now_us),
        Route::ItemContent { drive, at } => downloads::redirect(tenant, request, &drive, &at),
        Route::Download(item) => downloads::stream(tenant, request, &item),
        Route::Copy { drive, at } => {
            server_side_copy::start(tenant, request, &drive, &at, &now_text, now_us)
        }
        Route::Monitor(job) => server_side_copy::monitor(tenant, request, &job, now_us),
        Route::Delta { drive, at, token } => {
            delta::delta(tenant, request, &drive, &at, token.as_deref(), now_us)
        }
        Route::ChannelFilesFolder { team, channel } => {
            teams::channel_files_folder(tenant, request, &team, &channel)
        }
    }
}
