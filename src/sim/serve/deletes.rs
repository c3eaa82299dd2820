//! Deleting items (docs/graph-notes.md §10): `DELETE /drives/{d}/items/{id}` (or a path address)
//! answers `204 No Content` and moves the item to the recycle bin, a folder with everything below
//! it; `POST /drives/{d}/items/{id}/permanentDelete` (no body) answers 204 and keeps nothing. With
//! `If-Match`, an item whose current eTag (or cTag) is not the one given is left alone: `412
//! Precondition Failed`. An item that is not there is 404 `itemNotFound`, so a client that repeats
//! a delete whose answer it lost learns it is gone; a drive's root cannot be deleted (400).
//!
//! A delete is a write like any other: it is charged 2 RU, throttled, and meets the same faults
//! (a lost answer after the item was deleted among them) in the behaviour model above.

use crate::sim::exchange::{Incoming, Payload, Reply, SimFailure, answer};
use crate::sim::state::{Address, DriveRef};
use crate::sim::tenant::Tenant;

/// `DELETE .../items/{id}`: to the recycle bin.
pub(crate) fn delete(
    tenant: &mut Tenant,
    request: &Incoming<'_>,
    drive: &DriveRef,
    at: &Address,
    now: &str,
) -> Result<Reply, SimFailure> {
    request.require_method("DELETE")?;
    remove(tenant, request, drive, at, true, now)
}

/// `POST .../items/{id}/permanentDelete`: gone for good, no body accepted.
pub(crate) fn permanent_delete(
    tenant: &mut Tenant,
    request: &Incoming<'_>,
    drive: &DriveRef,
    at: &Address,
    now: &str,
) -> Result<Reply, SimFailure> {
    request.require_method("POST")?;
    if !request.body.is_empty() {
        return Err(SimFailure::invalid_request(
            "permanentDelete takes no request body.",
        ));
    }
    remove(tenant, request, drive, at, false, now)
}

fn remove(
    tenant: &mut Tenant,
    request: &Incoming<'_>,
    drive: &DriveRef,
    at: &Address,
    to_recycle_bin: bool,
    now: &str,
) -> Result<Reply, SimFailure> {
    let (_, idx) = tenant.locate(drive, at)?;
    if let Some(expected) = request.if_match
        && !tenant.contents.tag_matches(idx, expected)
    {
        return Err(precondition_failed());
    }
    tenant.contents.delete(idx, to_recycle_bin, now)?;
    answer(204, Payload::Empty)
}

/// 412: the item changed since the client read the tag it sent. The code and inner code are
/// those clients have seen from the service for a stale eTag (docs/graph-notes.md §10).
pub(crate) fn precondition_failed() -> SimFailure {
    SimFailure::new(
        412,
        "resourceModified",
        "ETag does not match current item's value",
    )
    .with_inner("preconditionFailed")
}
