//! Uploads, both of Graph's ways. A simple upload: `PUT .../{parent}:/{name}:/content` with the
//! whole body (conflict behaviour in the query, `replace` by default). An upload session:
//! `POST .../{parent}:/{name}:/createUploadSession` (every body part optional, conflict
//! behaviour `fail` by default) answers an upload URL outside `/v1.0` that carries its own
//! credential; on it, `PUT` with `Content-Range` sends a fragment (202 with the next expected
//! range, 200/201 with the item once the last one is in), `GET` reports the session's status
//! and `DELETE` cancels it. The fragment rules themselves are the session's
//! (`state::upload_sessions`). Both also replace a file named by id (`items/{id}/content`,
//! `items/{id}/createUploadSession`): the same upload into the file's own folder under its own
//! name, so it keeps its id and gets a new eTag. The bytes go to the tenant's spool on disk
//! (`state::spool`), a fragment at a time, and become the file's when it is stored (§23).

use std::time::{Duration, SystemTime};

use serde::Deserialize;

use crate::graph::{FileSystemInfo, UploadSession};
use crate::sim::exchange::{Incoming, Payload, Reply, SimFailure, answer, conflict_behavior};
use crate::sim::file_bytes::FileBytes;
use crate::sim::query::{QueryOption, QueryOptions};
use crate::sim::serve::deletes::precondition_failed;
use crate::sim::serve::render;
use crate::sim::state::{
    Address, Base, DriveRef, NewFile, SESSION_LIFETIME_US, Session, accept_fragment,
    alter_first_byte, append_fragment, check_fragment, parse_content_range, rfc3339, validate_name,
};
use crate::sim::tenant::Tenant;
use crate::sim::views::Select;
use crate::vocab::conflict::ConflictBehavior;
use crate::vocab::quick_xor::QuickXor;
use crate::vocab::units::Micros;

/// `PUT .../{parent}:/{name}:/content`: stores the body as a file.
pub(crate) fn simple_upload(
    tenant: &mut Tenant,
    request: &Incoming<'_>,
    drive: &DriveRef,
    parent: &Address,
    name: &str,
    now: SystemTime,
) -> Result<Reply, SimFailure> {
    request.require_method("PUT")?;
    let options = QueryOptions::parse(request.query, &[QueryOption::ConflictBehavior])?;
    let (drive, parent) = tenant.locate(drive, parent)?;
    let conflict = match options.conflict_behavior.as_deref() {
        Some(value) => conflict_behavior(value)?,
        None => ConflictBehavior::Replace,
    };
    validate_name(name)?;
    tenant.contents.require_folder(parent)?;
    let corrupt = tenant.behaviour.corruption.draw();
    let mut hash = QuickXor::new();
    match request.body.split_first() {
        Some((first, rest)) if corrupt => {
            hash.update(&[first ^ 0xFF]);
            hash.update(rest);
        }
        _ => hash.update(request.body),
    }
    let bytes = match request.staged {
        Some(staged) => {
            if corrupt {
                alter_first_byte(staged)?;
            }
            staged.clone()
        }
        None => tenant.spool.keep(request.body, corrupt)?,
    };
    let file = NewFile {
        size: request.body.len() as u64,
        quick_xor: hash.finish_base64(),
        file_system_info: None,
        bytes: Some(bytes),
    };
    let (idx, created) = tenant
        .contents
        .store_file(parent, name, conflict, file, &rfc3339(now))?;
    let status = if created { 201 } else { 200 };
    answer(
        status,
        Payload::Item(Box::new(render::item(tenant, drive, idx)), Select::all()),
    )
}

/// The body of `POST .../createUploadSession`; every part is optional on Graph (conflict
/// behaviour defaults to `fail`), which the shared request type cannot express.
#[derive(Debug, Default, Deserialize)]
struct SessionRequest {
    #[serde(default)]
    item: Option<SessionItem>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
struct SessionItem {
    #[serde(rename = "@microsoft.graph.conflictBehavior", default)]
    conflict_behavior: Option<String>,
    #[serde(default)]
    name: Option<String>,
    #[serde(default)]
    file_size: Option<u64>,
    #[serde(default)]
    file_system_info: Option<FileSystemInfo>,
}

fn expiry_text(now: SystemTime, now_us: Micros, expires_at_us: Micros) -> String {
    rfc3339(now + Duration::from_micros(expires_at_us.saturating_sub(now_us)))
}

/// `POST .../{parent}:/{name}:/createUploadSession`: opens a session and answers its URL.
pub(crate) fn create_session(
    tenant: &mut Tenant,
    request: &Incoming<'_>,
    drive: &DriveRef,
    parent: &Address,
    name: &str,
    now: SystemTime,
    now_us: Micros,
) -> Result<Reply, SimFailure> {
    open_session(tenant, request, drive, parent, name, "fail", now, now_us)
}

/// `POST .../createUploadSession` for `name` in `parent`, with `default_conflict` when the
/// body names none.
#[allow(clippy::too_many_arguments)]
fn open_session(
    tenant: &mut Tenant,
    request: &Incoming<'_>,
    drive: &DriveRef,
    parent: &Address,
    name: &str,
    default_conflict: &str,
    now: SystemTime,
    now_us: Micros,
) -> Result<Reply, SimFailure> {
    request.require_method("POST")?;
    QueryOptions::parse(request.query, &[])?;
    let (_, parent) = tenant.locate(drive, parent)?;
    let body: SessionRequest = if request.body.iter().all(u8::is_ascii_whitespace) {
        SessionRequest::default()
    } else {
        serde_json::from_slice(request.body)
            .map_err(|e| SimFailure::invalid_request(format!("Invalid request body: {e}")))?
    };
    let item = body.item.unwrap_or_default();
    validate_name(name)?;
    tenant.contents.require_folder(parent)?;
    if let Some(body_name) = &item.name
        && body_name != name
    {
        return Err(SimFailure::invalid_request(format!(
            "The name in the body ('{body_name}') differs from the one in the path ('{name}')."
        )));
    }
    let conflict = conflict_behavior(
        item.conflict_behavior
            .as_deref()
            .unwrap_or(default_conflict),
    )?;
    if conflict == ConflictBehavior::Fail && tenant.contents.name_taken(parent, name) {
        return Err(SimFailure::name_exists(name));
    }
    let (id, tempauth) = tenant.contents.ids.session();
    let corrupt = tenant.behaviour.corruption.draw();
    let expires_at_us = now_us.saturating_add(SESSION_LIFETIME_US);
    let upload_url = tenant.links.upload_url(&id, &tempauth);
    tenant.sessions.by_id.insert(
        id,
        Session {
            tempauth,
            parent,
            name: name.to_owned(),
            conflict,
            file_size: item.file_size,
            file_system_info: item.file_system_info,
            total: None,
            next: 0,
            hash: QuickXor::new(),
            corrupt,
            bytes: None,
            expires_at_us,
        },
    );
    answer(
        200,
        Payload::Session(UploadSession {
            upload_url: Some(upload_url),
            expiration_date_time: Some(expiry_text(now, now_us, expires_at_us)),
            next_expected_ranges: vec!["0-".to_owned()],
        }),
    )
}

fn session_status(session: &Session, now: SystemTime, now_us: Micros) -> UploadSession {
    UploadSession {
        upload_url: None,
        expiration_date_time: Some(expiry_text(now, now_us, session.expires_at_us)),
        next_expected_ranges: vec![format!("{}-", session.next)],
    }
}

/// The upload URL `/upload/{session}?tempauth=...`: `PUT` a fragment, `GET` the status,
/// `DELETE` to cancel. Takes no bearer token.
pub(crate) fn upload_url(
    tenant: &mut Tenant,
    request: &Incoming<'_>,
    session_id: &str,
    now: SystemTime,
    now_us: Micros,
) -> Result<Reply, SimFailure> {
    let tempauth = QueryOptions::parse(request.query, &[QueryOption::TempAuth])?.temp_auth;
    let session = tenant.sessions.live(session_id, now_us)?;
    if tempauth.as_deref() != Some(session.tempauth.as_str()) {
        return Err(SimFailure::new(
            401,
            "unauthenticated",
            "The upload URL's credential is missing or wrong.",
        ));
    }
    match request.method {
        "GET" => answer(200, Payload::Session(session_status(session, now, now_us))),
        "DELETE" => {
            tenant.sessions.by_id.remove(session_id);
            answer(204, Payload::Empty)
        }
        "PUT" => {
            let range = parse_content_range(request.content_range)?;
            check_fragment(session, range, request.body.len() as u64)?;
            let flip_first = session.corrupt && range.start == 0;
            if let Err(failure) =
                append_fragment(&tenant.spool, &mut session.bytes, request.body, flip_first)
            {
                // Its bytes on disk are no longer the ones acknowledged: it cannot go on.
                tenant.sessions.by_id.remove(session_id);
                return Err(failure);
            }
            let complete = accept_fragment(session, range, request.body);
            session.expires_at_us = now_us.saturating_add(SESSION_LIFETIME_US);
            if !complete {
                return answer(202, Payload::Session(session_status(session, now, now_us)));
            }
            let Some(session) = tenant.sessions.by_id.remove(session_id) else {
                return Err(SimFailure::session_not_found());
            };
            let file = NewFile {
                size: range.total,
                quick_xor: session.hash.finish_base64(),
                file_system_info: session.file_system_info,
                bytes: session.bytes.map(FileBytes::spooled),
            };
            let (idx, created) = tenant.contents.store_file(
                session.parent,
                &session.name,
                session.conflict,
                file,
                &rfc3339(now),
            )?;
            let status = if created { 201 } else { 200 };
            let drive = tenant.contents.drive_of(idx).unwrap_or_default();
            answer(
                status,
                Payload::Item(Box::new(render::item(tenant, drive, idx)), Select::all()),
            )
        }
        other => Err(SimFailure::method_not_allowed(other)),
    }
}

/// The file at `at`, to have its content replaced: its drive, and its folder and name to
/// upload to. A folder, or an `If-Match` whose eTag has moved on, is refused.
fn file_to_replace(
    tenant: &Tenant,
    request: &Incoming<'_>,
    drive: &DriveRef,
    at: &Address,
) -> Result<(DriveRef, Address, String), SimFailure> {
    let (drive_idx, idx) = tenant.locate(drive, at)?;
    let item = tenant.contents.drive_item(idx);
    if item.folder.is_some() {
        return Err(SimFailure::invalid_request(format!(
            "'{}' is a folder; only a file's content can be replaced.",
            item.name
        )));
    }
    if let Some(tag) = request.if_match
        && !tenant.contents.tag_matches(idx, tag)
    {
        return Err(precondition_failed());
    }
    let parent = tenant
        .contents
        .parent_of(idx)
        .map(|parent| tenant.contents.drive_item(parent).id)
        .ok_or_else(|| SimFailure::invalid_request("The root has no content to replace."))?;
    let drive = DriveRef::Id(tenant.contents.drive(drive_idx).id);
    let parent = Address {
        base: Base::Id(parent),
        path: Vec::new(),
    };
    Ok((drive, parent, item.name))
}

/// `PUT /drives/{d}/items/{id}/content`: the file's new content, in place (same id, new eTag),
/// as <https://learn.microsoft.com/graph/api/driveitem-put-content> documents. The call takes
/// no `@microsoft.graph.conflictBehavior`: the file is the one named.
pub(crate) fn replace_content(
    tenant: &mut Tenant,
    request: &Incoming<'_>,
    drive: &DriveRef,
    at: &Address,
    now: SystemTime,
) -> Result<Reply, SimFailure> {
    QueryOptions::parse(request.query, &[])?;
    let (drive, parent, name) = file_to_replace(tenant, request, drive, at)?;
    simple_upload(tenant, request, &drive, &parent, &name, now)
}

/// `POST /drives/{d}/items/{id}/createUploadSession`: a session that replaces the file's content
/// when it completes (the conflict behaviour is `replace` unless the body says otherwise).
pub(crate) fn replace_session(
    tenant: &mut Tenant,
    request: &Incoming<'_>,
    drive: &DriveRef,
    at: &Address,
    now: SystemTime,
    now_us: Micros,
) -> Result<Reply, SimFailure> {
    request.require_method("POST")?;
    let (drive, parent, name) = file_to_replace(tenant, request, drive, at)?;
    open_session(
        tenant, request, &drive, &parent, &name, "replace", now, now_us,
    )
}
