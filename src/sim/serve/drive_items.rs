//! Drives and their items: a drive (`GET /drives/{d}`, `/sites/{id}/drive`, `/users/{upn}/drive`,
//! `/groups/{id}/drive`, with `$select`), an item by id or by path (`GET /drives/{d}/items/{id}`,
//! `/drives/{d}/root:/a/b`, with `$select` and `$expand=children,permissions`), a folder's
//! children in pages (`GET .../children`, `$select`, `$top` up to 1,000, `$skiptoken`,
//! `$orderby=name`, `$expand=permissions`), and folder creation (`POST .../children` with
//! a `folder` facet and a conflict behaviour that defaults to `fail`). Any other query option is
//! refused (`query`).

use std::time::SystemTime;

use base64::Engine as _;
use serde::Deserialize;

use crate::sim::exchange::{Incoming, Payload, Reply, SimFailure, answer, conflict_behavior};
use crate::sim::query::{MAX_TOP, QueryOption, QueryOptions};
use crate::sim::serve::{permissions, render};
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
    let options = QueryOptions::parse(request.query, &[QueryOption::Select, QueryOption::Expand])?;
    let select = Select::of(options.select.as_deref(), ITEM_PROPERTIES)?;
    let expand = Expansions::of(&options.expand, &["children", "permissions"])?;
    let (drive, item) = tenant.locate(drive, at)?;
    let mut view = render::item(tenant, drive, item);
    if expand.permissions {
        view.permissions = Some(permissions::of_drive(tenant, drive));
    }
    if expand.children && view.item.folder.is_some() {
        let top = tenant.page_size.clamp(1, MAX_TOP);
        let (children, last) = tenant.contents.children_page(item, None, top, false)?;
        view.children = Some(
            children
                .into_iter()
                .map(|idx| render::item_in_collection(tenant, idx))
                .collect(),
        );
        let children_path = format!(
            "/v1.0/drives/{}/items/{}/children",
            tenant.contents.drive(drive).id,
            view.item.id
        );
        view.children_next_link = last.map(|key| {
            tenant.links.next_page(
                &children_path,
                top,
                &base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(key.as_bytes()),
            )
        });
    }
    answer(200, Payload::Item(Box::new(view), select))
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
            QueryOption::OrderBy,
            QueryOption::Expand,
        ],
    )?;
    let select = Select::of(options.select.as_deref(), ITEM_PROPERTIES)?;
    let expand = Expansions::of(&options.expand, &["permissions"])?;
    let descending = match options.order_by.as_deref() {
        None => false,
        Some(order) => name_order(order)?,
    };
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
        .children_page(folder, after.as_deref(), top, descending)?;
    let next_link = last.map(|key| {
        let mut link = tenant.links.next_page(
            request.path,
            top,
            &base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(key.as_bytes()),
        );
        // The next page keeps the projection and the order the first was asked with.
        if let Some(value) = select.to_query_value() {
            link.push_str(&format!("&$select={value}"));
        }
        if descending {
            link.push_str("&$orderby=name%20desc");
        }
        if expand.permissions {
            link.push_str("&$expand=permissions");
        }
        link
    });
    let value = value
        .into_iter()
        .map(|idx| {
            let mut view = render::item_in_collection(tenant, idx);
            if expand.permissions {
                view.permissions = Some(permissions::of_drive(tenant, drive));
            }
            FeedItem::Item(Box::new(view))
        })
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

/// The navigation properties a read expands (`$expand`), each among those the resource
/// takes, without options: anything else is a 400 naming it.
#[derive(Debug, Default)]
struct Expansions {
    children: bool,
    permissions: bool,
}

impl Expansions {
    fn of(names: &[String], takes: &[&str]) -> Result<Expansions, SimFailure> {
        let mut expansions = Expansions::default();
        for name in names {
            let flag = match name.to_ascii_lowercase().as_str() {
                "children" if takes.contains(&"children") => &mut expansions.children,
                "permissions" if takes.contains(&"permissions") => &mut expansions.permissions,
                _ => {
                    return Err(SimFailure::invalid_request(format!(
                        "The $expand value '{name}' is not supported by the simulated tenant on \
                         this resource; it expands {}, each without options.",
                        takes
                            .iter()
                            .map(|t| format!("'{t}'"))
                            .collect::<Vec<_>>()
                            .join(" and ")
                    )));
                }
            };
            *flag = true;
        }
        Ok(expansions)
    }
}

/// `$orderby` on children: only `name`, ascending (the default) or descending
/// (`docs/graph-notes.md` §15: SharePoint orders driveItems by `name` and `url` only); `true`
/// for descending. Anything else is a 400 naming the value.
fn name_order(order: &str) -> Result<bool, SimFailure> {
    let words: Vec<String> = order
        .split_whitespace()
        .map(str::to_ascii_lowercase)
        .collect();
    match words
        .iter()
        .map(String::as_str)
        .collect::<Vec<_>>()
        .as_slice()
    {
        ["name"] | ["name", "asc"] => Ok(false),
        ["name", "desc"] => Ok(true),
        _ => Err(SimFailure::invalid_request(format!(
            "The $orderby value '{order}' is not supported by the simulated tenant; it orders \
             children by name only ('name', 'name asc' or 'name desc')."
        ))),
    }
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
