//! Drives and their items: a drive (`GET /drives/{d}`, `/sites/{id}/drive`, `/users/{upn}/drive`,
//! `/groups/{id}/drive`, with `$select`), an item by id or by path (`GET /drives/{d}/items/{id}`,
//! `/drives/{d}/root:/a/b`, with `$select`), a folder's children in pages (`GET .../children`,
//! `$select`, `$top` up to 1,000 and `$skiptoken`), and folder creation (`POST .../children` with
//! a `folder` facet and a conflict behaviour that defaults to `fail`). Any other query option is
//! refused (`query`).

use std::time::SystemTime;

use base64::Engine as _;
use serde::Deserialize;

use crate::sim::exchange::{Incoming, Payload, Reply, SimFailure, answer, conflict_behavior};
use crate::sim::query::{MAX_TOP, QueryOption, QueryOptions};
use crate::sim::serve::render;
use crate::sim::state::{Address, DriveIdx, DriveRef, ItemIdx, rfc3339};
use crate::sim::tenant::Tenant;
use crate::sim::views::{DRIVE_PROPERTIES, FeedItem, ITEM_PROPERTIES, ItemPage, Select};

/// `GET` a drive: `/drives/{d}`, `/sites/{id}/drive`, `/users/{upn}/drive`, `/groups/{id}/drive`.
pub(crate) fn drive(
    tenant: &Tenant,
    request: &Incoming<'_>,
    drive: &DriveRef,
) -> Result<Reply, SimFailure> {
    request.require_method("GET")?;
    let options = QueryOptions::parse(request.query, &[QueryOption::Select])?;
    let select = Select::of(options.select.as_deref(), DRIVE_PROPERTIES)?;
    let idx = tenant.drive_idx(drive)?;
    answer(
        200,
        Payload::Drive(Box::new(render::drive(tenant, idx, true)), select),
    )
}

/// `GET` an item by id or path.
pub(crate) fn item(
    tenant: &Tenant,
    request: &Incoming<'_>,
    drive: &DriveRef,
    at: &Address,
) -> Result<Reply, SimFailure> {
    request.require_method("GET")?;
    let options = QueryOptions::parse(request.query, &[QueryOption::Select])?;
    let select = Select::of(options.select.as_deref(), ITEM_PROPERTIES)?;
    let (drive, item) = tenant.locate(drive, at)?;
    answer(
        200,
        Payload::Item(Box::new(render::item(tenant, drive, item)), select),
    )
}

/// `.../children`: `GET` lists a page, `POST` creates a folder.
pub(crate) fn children(
    tenant: &mut Tenant,
    request: &Incoming<'_>,
    drive: &DriveRef,
    at: &Address,
    now: SystemTime,
) -> Result<Reply, SimFailure> {
    let (drive, folder) = tenant.locate(drive, at)?;
    match request.method {
        "GET" => list_children(tenant, request, drive, folder),
        "POST" => create_folder(tenant, request, drive, folder, now),
        other => Err(SimFailure::method_not_allowed(other)),
    }
}

fn list_children(
    tenant: &Tenant,
    request: &Incoming<'_>,
    drive: DriveIdx,
    folder: ItemIdx,
) -> Result<Reply, SimFailure> {
    let options = QueryOptions::parse(
        request.query,
        &[
            QueryOption::Select,
            QueryOption::Top,
            QueryOption::SkipToken,
        ],
    )?;
    let select = Select::of(options.select.as_deref(), ITEM_PROPERTIES)?;
    let top = options.top.unwrap_or(tenant.page_size).clamp(1, MAX_TOP);
    let after = match &options.skip_token {
        Some(value) => Some(
            base64::engine::general_purpose::URL_SAFE_NO_PAD
                .decode(value.as_bytes())
                .ok()
                .and_then(|bytes| String::from_utf8(bytes).ok())
                .ok_or_else(|| SimFailure::invalid_request("Invalid $skiptoken."))?,
        ),
        None => None,
    };
    let (value, last) = tenant
        .contents
        .children_page(folder, after.as_deref(), top, false)?;
    let next_link = last.map(|key| {
        tenant.links.next_page(
            request.path,
            top,
            &base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(key.as_bytes()),
        )
    });
    let value = value
        .into_iter()
        .map(|idx| FeedItem::Item(Box::new(render::item_in_collection(tenant, idx))))
        .collect();
    answer(
        200,
        Payload::Items(
            ItemPage {
                context: Some(render::children_context(tenant, drive, folder)),
                value,
                next_link,
                delta_link: None,
            },
            select,
        ),
    )
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
    drive: DriveIdx,
    parent: ItemIdx,
    now: SystemTime,
) -> Result<Reply, SimFailure> {
    QueryOptions::parse(request.query, &[])?;
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
        Payload::Item(Box::new(render::item(tenant, drive, idx)), Select::all()),
    )
}
