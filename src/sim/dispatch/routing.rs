//! The routing table: which route in `serve` answers a request that the behaviour model let
//! through. Graph calls must carry a bearer token the tenant accepts; upload, monitor and
//! download URLs carry their own credential and, when the tenant is told to
//! ([`SimConfig::file_urls_refuse_authorization`]), refuse an `Authorization` header as
//! SharePoint may (`docs/graph-notes.md` §12). Copy jobs that are due land first, so every
//! answer sees the tenant as it is now; then the path names the resource (`route::parse`) and
//! its route answers.
//!
//! [`SimConfig::file_urls_refuse_authorization`]: crate::sim::SimConfig::file_urls_refuse_authorization

use std::time::SystemTime;

use crate::sim::exchange::{Incoming, Reply, SimFailure};
use crate::sim::route::{
    self, DOWNLOAD_PREFIX, GRAPH_PREFIX, MONITOR_PREFIX, Route, UPLOAD_PREFIX,
};
use crate::sim::serve::{
    deletes, delta, downloads, drive_items, item_updates, server_side_copy, sites, teams, uploads,
    users,
};
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
    } else if tenant.file_urls_refuse_authorization
        && request.authorization.is_some()
        && is_file_url(request.path)
    {
        return Err(SimFailure::new(
            401,
            "unauthenticated",
            "This URL carries its own credential; do not send an Authorization header.",
        ));
    }
    let now_text = rfc3339(now);
    tenant
        .copy_jobs
        .settle_due(&mut tenant.contents, &now_text, now_us);
    match route::parse(request.path)? {
        Route::SiteByPath { host, path, part } => {
            sites::by_path(tenant, request, &host, &path, part)
        }
        Route::SiteById { id, part } => sites::by_id(tenant, request, &id, part),
        Route::Drive(drive) => drive_items::drive(tenant, request, &drive),
        Route::Item { drive, at } if request.method == "DELETE" => {
            deletes::delete(tenant, request, &drive, &at, &now_text)
        }
        Route::Item { drive, at } if request.method == "PATCH" => {
            item_updates::update(tenant, request, &drive, &at, &now_text)
        }
        Route::Item { drive, at } => drive_items::item(tenant, request, &drive, &at),
        Route::PermanentDelete { drive, at } => {
            deletes::permanent_delete(tenant, request, &drive, &at, &now_text)
        }
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
        Route::ItemContent { drive, at } if request.method == "PUT" => {
            uploads::replace_content(tenant, request, &drive, &at, now)
        }
        Route::ItemContent { drive, at } => downloads::redirect(tenant, request, &drive, &at),
        Route::ItemUploadSession { drive, at } => {
            uploads::replace_session(tenant, request, &drive, &at, now, now_us)
        }
        Route::Download(item) => downloads::stream(tenant, request, &item),
        Route::Copy { drive, at } => {
            server_side_copy::start(tenant, request, &drive, &at, &now_text, now_us)
        }
        Route::Monitor(job) => server_side_copy::monitor(tenant, request, &job, now_us),
        Route::Delta { drive, at, token } => {
            delta::delta(tenant, request, &drive, &at, token.as_deref(), now_us)
        }
        Route::User(user) => users::user(tenant, request, &user),
        Route::Channels(team) => teams::channels(tenant, request, &team),
        Route::ChannelFilesFolder { team, channel } => {
            teams::channel_files_folder(tenant, request, &team, &channel)
        }
        // A batch on the wire is answered before routing (`batch`): here it is a member.
        Route::Batch => Err(SimFailure::new(
            400,
            "BadRequest",
            "A $batch request cannot hold another $batch.",
        )),
    }
}

/// Whether `path` is an upload-session, copy-monitor or download URL.
fn is_file_url(path: &str) -> bool {
    [UPLOAD_PREFIX, MONITOR_PREFIX, DOWNLOAD_PREFIX]
        .iter()
        .any(|prefix| path.starts_with(prefix))
}
