//! Server-side copy (`docs/graph-notes.md` §4, §22, §24,
//! <https://learn.microsoft.com/graph/api/driveitem-copy>): `POST .../items/{id}/copy` with the
//! conflict behaviour in the query answers `202 Accepted` and a `Location` monitor URL on this
//! server (`/monitor/{job}` on the files host, needing no bearer token; `dispatch::routing`
//! refuses one there only when asked to); the job then runs on the tenant's clock
//! (`state::copy_jobs`). Without a `parentReference` (optional, as Microsoft documents it) the
//! copy lands beside its source. A folder is copied with its whole tree as one job, as the
//! service copies it; a folder copied into itself or below itself is refused up front (`400
//! invalidRequest`: Microsoft documents no answer, and such a copy could never end), and so is
//! `childrenOnly`, which this tenant does not serve — copying the folder itself instead would
//! be a silent wrong answer. So is a folder of more than 30,000 driveItems, the documented
//! limit. Every part of the body is optional, as documented (no `parentReference`: beside the
//! original); what the tenant does not serve in it is refused by name, never ignored.
//!
//! The monitor answers 202 with `notStarted`, `inProgress` or `waiting` and a
//! `percentageComplete` while the job runs. Failures show only in the monitor, as
//! SharePoint's own failed-copy monitors show them. A completed job answers 200 with
//! `resourceId`, or `303 See Other` to the new item ([`CopyCompletion`]).
//!
//! [`CopyCompletion`]: crate::sim::CopyCompletion

use serde::Deserialize;
use serde_json::json;

use crate::sim::exchange::conflict_behavior;
use crate::sim::exchange::{Incoming, Payload, Reply, SimFailure, answer};
use crate::sim::query::{QueryOption, QueryOptions};
use crate::sim::state::{
    Address, Base, CopyWorkload, DriveRef, JobProgress, NewJob, validate_name,
};
use crate::sim::tenant::Tenant;
use crate::vocab::conflict::ConflictBehavior;
use crate::vocab::units::Micros;

/// "The copy operation is restricted to 30,000 driveItems"
/// (<https://learn.microsoft.com/graph/api/driveitem-copy>): a folder with more below it,
/// itself included, is refused up front.
const COPY_ITEM_LIMIT: u64 = 30_000;

/// The copy request body, as Microsoft documents it (`docs/graph-notes.md` §4, §24): every
/// part optional; anything else is refused naming it, never ignored.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct CopyBody {
    #[serde(default)]
    parent_reference: Option<ParentReference>,
    #[serde(default)]
    name: Option<String>,
    #[serde(default)]
    children_only: Option<bool>,
    /// Accepted either way: the tenant keeps one version of each file, so the copy is the same.
    #[serde(rename = "includeAllVersionHistory", default)]
    _include_all_version_history: Option<bool>,
}

/// The destination, an `itemReference` naming a folder by `driveId` and `id`; `path` is
/// documented for an itemReference but not served, and the `@odata.type` SDKs write is taken.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct ParentReference {
    #[serde(rename = "@odata.type", default)]
    odata_type: Option<String>,
    #[serde(default)]
    drive_id: Option<String>,
    #[serde(default)]
    id: Option<String>,
    #[serde(default)]
    path: Option<serde_json::Value>,
}

impl ParentReference {
    /// Refuses what the tenant does not serve in a destination.
    fn check_served(&self) -> Result<(), SimFailure> {
        if let Some(odata_type) = &self.odata_type
            && odata_type.trim_start_matches('#') != "microsoft.graph.itemReference"
        {
            return Err(SimFailure::invalid_request(format!(
                "parentReference.@odata.type '{odata_type}' is not microsoft.graph.itemReference."
            )));
        }
        if self.path.is_some() {
            return Err(SimFailure::invalid_request(
                "The simulated tenant does not serve parentReference.path; name the folder by driveId and id.",
            ));
        }
        Ok(())
    }
}

/// Refuses a copy of `items` driveItems (a folder and everything below it) over the limit.
fn check_item_limit(items: u64) -> Result<(), SimFailure> {
    if items > COPY_ITEM_LIMIT {
        return Err(SimFailure::invalid_request(format!(
            "The copy operation is restricted to 30,000 driveItems; this folder holds {items}, itself included."
        )));
    }
    Ok(())
}

/// `POST /drives/{d}/items/{id}/copy`: checks the request and starts the job.
pub(crate) fn start(
    tenant: &mut Tenant,
    request: &Incoming<'_>,
    drive: &DriveRef,
    at: &Address,
    now: &str,
    now_us: Micros,
) -> Result<Reply, SimFailure> {
    request.require_method("POST")?;
    let options = QueryOptions::parse(request.query, &[QueryOption::ConflictBehavior])?;
    let conflict = match options.conflict_behavior.as_deref() {
        Some(value) => conflict_behavior(value)?,
        None => ConflictBehavior::Fail,
    };
    let (source_drive, source) = tenant.locate(drive, at)?;
    let contents = &mut tenant.contents;
    let source_item = contents.drive_item(source);
    let body: CopyBody = serde_json::from_slice(request.body)
        .map_err(|e| SimFailure::invalid_request(format!("Invalid request body: {e}")))?;
    if body.children_only == Some(true) {
        return Err(SimFailure::invalid_request(if source_item.file.is_some() {
            "childrenOnly option is not valid for file items."
        } else {
            "The simulated tenant does not serve childrenOnly; copy the folder itself, or each child."
        }));
    }
    if source_item.root.is_some() {
        return Err(SimFailure::invalid_request("Cannot copy the root folder."));
    }
    // No parentReference: the copy goes beside the original (under its own name unless
    // `name` says otherwise, so a taken name fails in the monitor as any clash does).
    let parent = match &body.parent_reference {
        None => contents
            .parent_of(source)
            .ok_or_else(|| SimFailure::invalid_request("Cannot copy the root folder."))?,
        Some(parent_ref) => {
            parent_ref.check_served()?;
            let target_drive = match &parent_ref.drive_id {
                Some(id) => contents.drive_idx(id)?,
                None => source_drive,
            };
            match &parent_ref.id {
                Some(id) => contents.resolve(target_drive, &Base::Id(id.clone()), &[])?,
                None => contents.resolve(target_drive, &Base::Root, &[])?,
            }
        }
    };
    contents.require_folder(parent)?;
    let workload = if source_item.file.is_some() {
        CopyWorkload::File
    } else {
        if contents.is_within(parent, source) {
            return Err(SimFailure::invalid_request(
                "A folder cannot be copied into itself or below itself.",
            ));
        }
        check_item_limit(contents.subtree_len(source))?;
        CopyWorkload::Tree {
            file_sizes: contents.file_sizes_below(source),
        }
    };
    let name = body.name.unwrap_or(source_item.name);
    validate_name(&name)?;
    let (id, _) = contents.ids.session();
    let job = NewJob {
        source,
        parent,
        name,
        conflict,
        workload,
    };
    tenant.copy_jobs.start(id.clone(), job, now, now_us);
    answer(202, Payload::Location(tenant.links.monitor_url(&id)))
}

/// `GET /monitor/{job}`: the job's status, without a bearer token.
pub(crate) fn monitor(
    tenant: &Tenant,
    request: &Incoming<'_>,
    job_id: &str,
    now_us: Micros,
) -> Result<Reply, SimFailure> {
    request.require_method("GET")?;
    QueryOptions::parse(request.query, &[])?;
    let progress = tenant
        .copy_jobs
        .progress(job_id, now_us)
        .ok_or_else(|| SimFailure::not_found("The operation could not be found."))?;
    let (status, body, location) = match progress {
        JobProgress::Running { status, percentage } => {
            let body = json!({
                "operation": "ItemCopy",
                "percentageComplete": percentage,
                "status": status,
            });
            (202, body, None)
        }
        JobProgress::Completed {
            item_id,
            drive_id,
            see_other,
        } => {
            let body = json!({
                "percentageComplete": 100.0,
                "resourceId": item_id,
                "status": "completed",
            });
            if see_other {
                (303, body, Some(tenant.links.item_url(drive_id, item_id)))
            } else {
                (200, body, None)
            }
        }
        JobProgress::Failed {
            code,
            message,
            created,
        } => {
            let body = json!({
                "id": job_id,
                "createdDateTime": created,
                "lastActionDateTime": created,
                "status": "failed",
                "error": { "code": code, "message": message },
            });
            (200, body, None)
        }
    };
    answer(status, Payload::Monitor { body, location })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_copy_of_up_to_30000_items_is_taken_and_one_more_refused() {
        assert_eq!(check_item_limit(1), Ok(()));
        assert_eq!(check_item_limit(COPY_ITEM_LIMIT), Ok(()));
        let refused = check_item_limit(COPY_ITEM_LIMIT + 1).unwrap_err();
        assert_eq!((refused.status, refused.code), (400, "invalidRequest"));
        assert!(refused.message.contains("30,000"), "{}", refused.message);
        assert!(refused.message.contains("30001"), "{}", refused.message);
    }
}
