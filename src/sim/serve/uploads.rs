//! Uploads, both of Graph's ways. A simple upload: `PUT .../{parent}:/{name}:/content` with the
//! whole body (conflict behaviour in the query, `replace` by default). An upload session:
//! `POST .../{parent}:/{name}:/createUploadSession` (every body part optional, conflict
//! behaviour `fail` by default) answers an upload URL outside `/v1.0` that carries its own
//! credential; on it, `PUT` with `Content-Range` sends a fragment (202 with the next expected
//! range, 200/201 with the item once the last one is in), `GET` reports the session's status
//! and `DELETE` cancels it. With `deferCommit` the last fragment is a 202 too and the file
//! waits for an empty `POST` to the upload URL; a failed store at the end (a name taken) keeps
//! the session, as Microsoft documents (`docs/graph-notes.md` §24). The body of the create is
//! read strictly: what Microsoft documents and the tenant serves is taken, the rest refused
//! by name. The fragment rules themselves are the session's (`state::upload_sessions`). Both
//! also replace a file named by id (`items/{id}/content`,
//! `items/{id}/createUploadSession`): the same upload into the file's own folder under its own
//! name, so it keeps its id and gets a new eTag. The bytes go to the tenant's spool on disk
//! (`state::spool`), a fragment at a time, and become the file's when it is stored (§23).

use std::time::{Duration, SystemTime};

use serde::Deserialize;
use serde_json::json;

use crate::graph::{FileSystemInfo, UploadSession};
use crate::sim::exchange::{Incoming, Payload, Reply, SimFailure, answer, conflict_behavior};
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
/// behaviour defaults to `fail`), which the shared request type cannot express. Microsoft
/// documents `item` and `deferCommit`; anything else is refused naming it, never ignored.
#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct SessionRequest {
    #[serde(default)]
    item: Option<SessionItem>,
    /// Read as any JSON value so that a wrong type is refused naming the property.
    #[serde(default)]
    defer_commit: Option<serde_json::Value>,
}

impl SessionRequest {
    /// `deferCommit`: `true`, `false`, or absent (`null` too) for `false`.
    fn defer_commit(&self) -> Result<bool, SimFailure> {
        match &self.defer_commit {
            None | Some(serde_json::Value::Null) => Ok(false),
            Some(serde_json::Value::Bool(defer)) => Ok(*defer),
            Some(other) => Err(SimFailure::invalid_request(format!(
                "deferCommit must be true or false, not {other}."
            ))),
        }
    }
}

/// `driveItemUploadableProperties`
/// (<https://learn.microsoft.com/graph/api/resources/driveitemuploadableproperties>): the
/// tenant serves the conflict behaviour, `name`, `fileSize` and `fileSystemInfo`, and takes
/// the `@odata.type` Microsoft's SDKs write; `description`, `driveItemSource` and
/// `mediaSource` are documented but not served (400 naming them), and anything else is
/// refused by name.
#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct SessionItem {
    #[serde(rename = "@odata.type", default)]
    odata_type: Option<String>,
    #[serde(rename = "@microsoft.graph.conflictBehavior", default)]
    conflict_behavior: Option<String>,
    #[serde(default)]
    name: Option<String>,
    #[serde(default)]
    file_size: Option<u64>,
    #[serde(default)]
    file_system_info: Option<FileSystemInfo>,
    #[serde(default)]
    description: Option<serde_json::Value>,
    #[serde(default)]
    drive_item_source: Option<serde_json::Value>,
    #[serde(default)]
    media_source: Option<serde_json::Value>,
}

impl SessionItem {
    /// Refuses what the tenant does not serve: a documented property it does not keep, an
    /// `@odata.type` other than the properties' own.
    fn check_served(&self) -> Result<(), SimFailure> {
        if let Some(odata_type) = &self.odata_type
            && odata_type.trim_start_matches('#') != "microsoft.graph.driveItemUploadableProperties"
        {
            return Err(SimFailure::invalid_request(format!(
                "item.@odata.type '{odata_type}' is not microsoft.graph.driveItemUploadableProperties."
            )));
        }
        let unserved = [
            ("description", self.description.is_some()),
            ("driveItemSource", self.drive_item_source.is_some()),
            ("mediaSource", self.media_source.is_some()),
        ];
        match unserved.iter().find(|(_, given)| *given) {
            Some((property, _)) => Err(SimFailure::invalid_request(format!(
                "The simulated tenant does not serve item.{property} in createUploadSession."
            ))),
            None => Ok(()),
        }
    }
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
    let defer_commit = body.defer_commit()?;
    let item = body.item.unwrap_or_default();
    item.check_served()?;
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
            defer_commit,
            total: None,
            next: 0,
            hash: QuickXor::new(),
            digest: None,
            corrupt,
            bytes: None,
            finished_bytes: None,
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

/// A session's status, as `GET {uploadUrl}` and a fragment's `202` report it.
/// `nextExpectedRanges` is always written, empty once every byte is in (what a deferred
/// session reports after its last fragment, `docs/graph-notes.md` §24), which the shared
/// `UploadSession` type would leave out.
fn session_status(session: &Session, now: SystemTime, now_us: Micros) -> Payload {
    Payload::Json(json!({
        "expirationDateTime": expiry_text(now, now_us, session.expires_at_us),
        "nextExpectedRanges": session.next_expected_ranges(),
    }))
}

/// The upload URL `/upload/{session}?tempauth=...`: `PUT` a fragment, `GET` the status,
/// `DELETE` to cancel, `POST` (empty) to commit a deferred session. Takes no bearer token.
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
        "GET" => answer(200, session_status(session, now, now_us)),
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
            if !complete || session.defer_commit {
                return answer(202, session_status(session, now, now_us));
            }
            commit(tenant, session_id, now)
        }
        "POST" => {
            if !request.body.is_empty() {
                return Err(SimFailure::invalid_request(
                    "A commit is a POST with an empty body (Content-Length: 0).",
                ));
            }
            if !session.defer_commit {
                return Err(SimFailure::invalid_request(
                    "This upload session was not created with deferCommit: it completes with its last fragment, and takes no commit.",
                ));
            }
            if session.file().is_none() {
                return Err(SimFailure::invalid_request(format!(
                    "The upload session cannot be committed before every byte is in; the next expected byte is {}.",
                    session.next
                )));
            }
            commit(tenant, session_id, now)
        }
        other => Err(SimFailure::method_not_allowed(other)),
    }
}

/// Stores the file of complete session `session_id` and closes the session: 201 with the new
/// driveItem, 200 when it replaced one. A failed store (a name taken under `fail`) leaves the
/// session open, as Microsoft documents: "the upload session is preserved until the expiration
/// time" (`docs/graph-notes.md` §24).
fn commit(tenant: &mut Tenant, session_id: &str, now: SystemTime) -> Result<Reply, SimFailure> {
    let session = tenant
        .sessions
        .by_id
        .get_mut(session_id)
        .ok_or_else(SimFailure::session_not_found)?;
    let file = session.file().ok_or_else(|| {
        SimFailure::invalid_request("The upload session has not received every byte.")
    })?;
    let (parent, name, conflict) = (session.parent, session.name.clone(), session.conflict);
    let (idx, created) =
        tenant
            .contents
            .store_file(parent, &name, conflict, file, &rfc3339(now))?;
    tenant.sessions.by_id.remove(session_id);
    let status = if created { 201 } else { 200 };
    let drive = tenant.contents.drive_of(idx).unwrap_or_default();
    answer(
        status,
        Payload::Item(Box::new(render::item(tenant, drive, idx)), Select::all()),
    )
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
