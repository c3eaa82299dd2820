//! `PATCH /drives/{d}/items/{id}` (or a path address): rename (`name`), move
//! (`parentReference.id`) and the client's timestamps (`fileSystemInfo`), as
//! <https://learn.microsoft.com/graph/api/driveitem-update> and
//! <https://learn.microsoft.com/graph/api/driveitem-move> document them; `200` with the updated
//! item (docs/graph-notes.md §17). `If-Match` with a stale eTag is `412`. Every other property
//! of the body, a `parentReference` by path or a `conflictBehavior` is refused with `400`
//! naming it: the simulated tenant never ignores what a client asked for.

use serde_json::{Map, Value};

use crate::graph::FileSystemInfo;
use crate::sim::exchange::{Incoming, Payload, Reply, SimFailure, answer};
use crate::sim::query::QueryOptions;
use crate::sim::serve::deletes::precondition_failed;
use crate::sim::serve::render;
use crate::sim::state::{Address, Base, DriveRef, ItemUpdate};
use crate::sim::tenant::Tenant;
use crate::sim::views::Select;

/// `PATCH` an item.
pub(crate) fn update(
    tenant: &mut Tenant,
    request: &Incoming<'_>,
    drive: &DriveRef,
    at: &Address,
    now: &str,
) -> Result<Reply, SimFailure> {
    request.require_method("PATCH")?;
    QueryOptions::parse(request.query, &[])?;
    let (drive_idx, idx) = tenant.locate(drive, at)?;
    if let Some(expected) = request.if_match
        && !tenant.contents.tag_matches(idx, expected)
    {
        return Err(precondition_failed());
    }
    let body: Map<String, Value> = match serde_json::from_slice(request.body) {
        Ok(Value::Object(body)) => body,
        Ok(_) => {
            return Err(SimFailure::invalid_request(
                "The body must be a JSON object.",
            ));
        }
        Err(error) => {
            return Err(SimFailure::invalid_request(format!(
                "Invalid request body: {error}"
            )));
        }
    };
    let mut update = ItemUpdate::default();
    for (key, value) in &body {
        match key.as_str() {
            "name" => update.name = Some(text(value, "name")?.to_owned()),
            "parentReference" => {
                let parent = new_parent(value, &tenant.contents.drive(drive_idx).id)?;
                let address = Address {
                    base: Base::Id(parent),
                    path: Vec::new(),
                };
                update.parent = Some(tenant.contents.resolve(drive_idx, &address.base, &[])?);
            }
            "fileSystemInfo" => update.file_system_info = Some(timestamps(value)?),
            // OData annotations a client echoes back from a GET carry nothing to change.
            "@odata.type" | "@odata.context" => {}
            other => {
                return Err(SimFailure::invalid_request(format!(
                    "The property '{other}' cannot be changed in the simulated tenant; it \
                     changes name, parentReference (by id) and fileSystemInfo."
                )));
            }
        }
    }
    if update == ItemUpdate::default() {
        return Err(SimFailure::invalid_request(
            "The body names nothing to change: send name, parentReference or fileSystemInfo.",
        ));
    }
    tenant.contents.update(idx, update, now)?;
    answer(
        200,
        Payload::Item(
            Box::new(render::item(tenant, drive_idx, idx)),
            Select::all(),
        ),
    )
}

fn text<'a>(value: &'a Value, key: &str) -> Result<&'a str, SimFailure> {
    value
        .as_str()
        .ok_or_else(|| SimFailure::invalid_request(format!("'{key}' must be a string.")))
}

/// The id of the folder a `parentReference` names; its `driveId`, if given, must be the item's
/// drive (a move is within one drive).
fn new_parent(value: &Value, drive_id: &str) -> Result<String, SimFailure> {
    let Some(reference) = value.as_object() else {
        return Err(SimFailure::invalid_request(
            "'parentReference' must be an object with the new parent's id.",
        ));
    };
    let mut id = None;
    for (key, value) in reference {
        match key.as_str() {
            "id" => id = Some(text(value, "parentReference.id")?.to_owned()),
            "driveId" if text(value, "parentReference.driveId")? == drive_id => {}
            "driveId" => {
                return Err(SimFailure::invalid_request(
                    "An item can be moved within its drive only; copy it to another drive.",
                ));
            }
            other => {
                return Err(SimFailure::invalid_request(format!(
                    "'parentReference.{other}' is not served by the simulated tenant; name the \
                     new parent by its id."
                )));
            }
        }
    }
    id.ok_or_else(|| SimFailure::invalid_request("'parentReference' needs the new parent's id."))
}

/// `fileSystemInfo`: `createdDateTime` and `lastModifiedDateTime`, each an RFC 3339 timestamp.
fn timestamps(value: &Value) -> Result<FileSystemInfo, SimFailure> {
    let Some(fields) = value.as_object() else {
        return Err(SimFailure::invalid_request(
            "'fileSystemInfo' must be an object.",
        ));
    };
    let mut times = FileSystemInfo::default();
    for (key, value) in fields {
        let slot = match key.as_str() {
            "createdDateTime" => &mut times.created_date_time,
            "lastModifiedDateTime" => &mut times.last_modified_date_time,
            other => {
                return Err(SimFailure::invalid_request(format!(
                    "'fileSystemInfo.{other}' cannot be set; send createdDateTime or \
                     lastModifiedDateTime."
                )));
            }
        };
        let stamp = text(value, key)?;
        if humantime::parse_rfc3339(stamp).is_err() {
            return Err(SimFailure::invalid_request(format!(
                "'fileSystemInfo.{key}' is not an RFC 3339 timestamp: '{stamp}'."
            )));
        }
        *slot = Some(stamp.to_owned());
    }
    Ok(times)
}
