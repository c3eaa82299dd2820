//! Drives and their items: `GET /drives/{d}` and `GET /users/{upn}/drive`, an item by id or by
//! path (`GET /drives/{d}/items/{id}`, `/drives/{d}/root:/a/b`), a folder's children in pages
//! (`GET .../children`, `$top` up to 1,000 and `$skiptoken`), and folder creation
//! (`POST .../children` with a `folder` facet and a conflict behaviour that defaults to `fail`).

use std::time::SystemTime;

use base64::Engine as _;
use serde::Deserialize;

use crate::graph::Page;
use crate::sim::exchange::{Incoming, Payload, Reply, SimFailure, answer, conflict_behavior};
use crate::sim::state::{Address, ItemIdx, rfc3339};
use crate::sim::tenant::Tenant;

/// The most items one children page may hold, whatever `$top` asks.
const MAX_TOP: usize = 1000;

/// `GET /users/{upn}/drive`: a user's OneDrive.
pub(crate) fn user_drive(
    tenant: &Tenant,
    request: &Incoming<'_>,
    upn: &str,
) -> Result<Reply, SimFailure> {
    request.require_method("GET")?;
    answer(200, Payload::Drive(tenant.contents.user_drive(upn)?))
}

/// `GET /drives/{d}`.
pub(crate) fn drive(
    tenant: &Tenant,
    request: &Incoming<'_>,
    id: &str,
) -> Result<Reply, SimFailure> {
    request.require_method("GET")?;
    let idx = tenant.contents.drive_idx(id)?;
    answer(200, Payload::Drive(tenant.contents.drive(idx)))
}

/// `GET` an item by id or path.
pub(crate) fn item(
    tenant: &Tenant,
    request: &Incoming<'_>,
    drive: &str,
    at: &Address,
) -> Result<Reply, SimFailure> {
    request.require_method("GET")?;
    let (_, item) = tenant.contents.locate(drive, at)?;
    answer(
        200,
        Payload::Item(Box::new(tenant.contents.drive_item(item))),
    )
}

/// `.../children`: `GET` lists a page, `POST` creates a folder.
pub(crate) fn children(
    tenant: &mut Tenant,
    request: &Incoming<'_>,
    drive: &str,
    at: &Address,
    now: SystemTime,
) -> Result<Reply, SimFailure> {
    let (_, folder) = tenant.contents.locate(drive, at)?;
    match request.method {
        "GET" => list_children(tenant, request, folder),
        "POST" => create_folder(tenant, request, folder, now),
        other => Err(SimFailure::method_not_allowed(other)),
    }
}

fn list_children(
    tenant: &Tenant,
    request: &Incoming<'_>,
    folder: ItemIdx,
) -> Result<Reply, SimFailure> {
    let mut top = tenant.page_size.clamp(1, MAX_TOP);
    let mut after = None;
    for (key, value) in request.query_pairs() {
        match key.to_ascii_lowercase().as_str() {
            "$top" => {
                top = value
                    .parse::<usize>()
                    .ok()
                    .filter(|t| *t > 0)
                    .ok_or_else(|| {
                        SimFailure::invalid_request(format!("Invalid $top value '{value}'."))
                    })?
                    .min(MAX_TOP);
            }
            "$skiptoken" => {
                let key = base64::engine::general_purpose::URL_SAFE_NO_PAD
                    .decode(value.as_bytes())
                    .ok()
                    .and_then(|bytes| String::from_utf8(bytes).ok())
                    .ok_or_else(|| SimFailure::invalid_request("Invalid $skiptoken."))?;
                after = Some(key);
            }
            _ => {}
        }
    }
    let (value, last) = tenant
        .contents
        .children_page(folder, after.as_deref(), top)?;
    let next_link = last.map(|key| {
        tenant.links.next_page(
            request.path,
            top,
            &base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(key.as_bytes()),
        )
    });
    answer(200, Payload::Items(Page { value, next_link }))
}

/// The body of `POST .../children`. Graph defaults the conflict behaviour to `fail`, which the
/// shared `NewFolder` type (field required) cannot express, hence this lenient reading.
#[derive(Debug, Deserialize)]
struct FolderRequest {
    #[serde(default)]
    name: Option<String>,
    #[serde(default)]
    folder: Option<serde_json::Value>,
    #[serde(rename = "@microsoft.graph.conflictBehavior", default)]
    conflict_behavior: Option<String>,
}

fn create_folder(
    tenant: &mut Tenant,
    request: &Incoming<'_>,
    parent: ItemIdx,
    now: SystemTime,
) -> Result<Reply, SimFailure> {
    let body: FolderRequest = serde_json::from_slice(request.body)
        .map_err(|e| SimFailure::invalid_request(format!("Invalid request body: {e}")))?;
    let name = body
        .name
        .ok_or_else(|| SimFailure::invalid_request("The new item needs a name."))?;
    if body.folder.is_none() {
        return Err(SimFailure::invalid_request(
            "Only folders can be created here; send a \"folder\" facet.",
        ));
    }
    let conflict = conflict_behavior(body.conflict_behavior.as_deref().unwrap_or("fail"))?;
    let idx = tenant
        .contents
        .create_folder(parent, &name, conflict, &rfc3339(now))?;
    answer(
        201,
        Payload::Item(Box::new(tenant.contents.drive_item(idx))),
    )
}
