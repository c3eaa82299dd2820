//! Downloads: `GET /drives/{d}/items/{id}/content` answers `302 Found` with a pre-authenticated
//! URL on the files host (`/download/{id}?tempauth=...`, no bearer token, as Graph's are), which
//! streams the file's bytes from their origin. Only files whose bytes the tenant can regenerate
//! can be downloaded (`state::downloadable_files`); any other file is a 404 that says why.

use crate::sim::exchange::{Incoming, Payload, Reply, SimFailure, answer};
use crate::sim::query::{QueryOption, QueryOptions};
use crate::sim::state::{Address, DriveRef};
use crate::sim::tenant::Tenant;

/// `GET .../items/{id}/content`: 302 to a fresh download URL.
pub(crate) fn redirect(
    tenant: &mut Tenant,
    request: &Incoming<'_>,
    drive: &DriveRef,
    at: &Address,
) -> Result<Reply, SimFailure> {
    request.require_method("GET")?;
    QueryOptions::parse(request.query, &[])?;
    let (_, idx) = tenant.locate(drive, at)?;
    let item = tenant.contents.drive_item(idx);
    if item.file.is_none() {
        return Err(SimFailure::invalid_request(
            "Only files have content to download.",
        ));
    }
    if tenant.downloads.content_of(&item.id).is_none() {
        return Err(SimFailure::new(
            404,
            "itemNotFound",
            "The simulated tenant keeps no bytes of uploaded files; only seeded files and \
             server-side copies of them can be downloaded.",
        ));
    }
    let (_, tempauth) = tenant.contents.ids.session();
    tenant.downloads.grant(tempauth.clone(), item.id.clone());
    answer(
        302,
        Payload::Location(tenant.links.download_url(&item.id, &tempauth)),
    )
}

/// `GET /download/{id}?tempauth=...`: the bytes, streamed by the server.
pub(crate) fn stream(
    tenant: &Tenant,
    request: &Incoming<'_>,
    item_id: &str,
) -> Result<Reply, SimFailure> {
    request.require_method("GET")?;
    let granted = QueryOptions::parse(request.query, &[QueryOption::TempAuth])?
        .temp_auth
        .and_then(|token| tenant.downloads.granted(&token).map(str::to_owned));
    if granted.as_deref() != Some(item_id) {
        return Err(SimFailure::new(
            401,
            "unauthenticated",
            "The download URL's credential is missing or wrong.",
        ));
    }
    let content = tenant
        .downloads
        .content_of(item_id)
        .ok_or_else(|| SimFailure::not_found("The item is gone."))?;
    answer(200, Payload::Stream(content.clone()))
}
