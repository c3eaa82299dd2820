//! What each resource does: the Graph endpoints (sites, drives, items, children, folder
//! creation, simple upload, upload session creation, a channel's files folder) and the upload URL (fragments, status,
//! cancel). Works on a plain description of the request so it does not depend on the HTTP
//! server carrying it; answers with a payload that the router serialises outside the lock.

use std::time::{Duration, SystemTime};

use base64::Engine as _;
use serde::Deserialize;

use super::SIMULATED_TOKEN;
use super::behaviour::Behaviour;
use super::errors::SimFailure;
use super::faults::FaultInjector;
use super::ids::rfc3339;
use super::request_log::{LoggedRequest, RequestLog};
use super::routes::{self, Address, GRAPH_PREFIX, Route, SitePart};
use super::state::{DriveIdx, ItemIdx, NewFile, Tenant, validate_name};
use super::teams::{Teams, with_team_sites};
use super::throttle::Throttle;
use super::token_endpoint::TokenIssuer;
use super::upload::{self, SESSION_LIFETIME_US, Session, Sessions};
use crate::graph::{Drive, DriveItem, FileSystemInfo, Page, Site, UploadSession};
use crate::vocab::conflict::ConflictBehavior;
use crate::vocab::quick_xor::QuickXor;
use crate::vocab::units::Micros;

/// The most items one children page may hold, whatever `$top` asks.
const MAX_TOP: usize = 1000;
/// The query parameter carrying the conflict behaviour of a simple upload.
const CONFLICT_PARAM: &str = "@microsoft.graph.conflictBehavior";

/// Everything behind the tenant's lock.
#[derive(Debug)]
pub(crate) struct Shared {
    /// Sites, drives, items.
    pub(crate) tenant: Tenant,
    /// Open upload sessions.
    pub(crate) sessions: Sessions,
    /// Latency, bandwidth, corruption.
    pub(crate) behaviour: Behaviour,
    /// Default children page size.
    pub(crate) page_size: usize,
    /// `http://127.0.0.1:PORT`, for absolute links.
    pub(crate) server_root: String,
    /// RU budget and busy draws.
    pub(crate) throttle: Throttle,
    /// Every request answered, bounded.
    pub(crate) requests: RequestLog,
    /// Teams' channel folders.
    pub(crate) teams: Teams,
    /// The token endpoint's issued access tokens.
    pub(crate) tokens: TokenIssuer,
    /// Injected faults.
    pub(crate) faults: FaultInjector,
    /// Where downloadable files' bytes come from, and the download URLs handed out.
    pub(crate) downloads: super::downloads::Downloads,
    /// Server-side copy jobs.
    pub(crate) copy_jobs: super::copy_jobs::CopyJobs,
}

/// The parts of a request the handlers look at.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Incoming<'a> {
    /// `GET`, `PUT`, ...
    pub(crate) method: &'a str,
    /// Raw (percent-encoded) path.
    pub(crate) path: &'a str,
    /// Raw query, without `?`.
    pub(crate) query: Option<&'a str>,
    /// `Authorization` header.
    pub(crate) authorization: Option<&'a str>,
    /// `Content-Range` header.
    pub(crate) content_range: Option<&'a str>,
    /// Body.
    pub(crate) body: &'a [u8],
}

/// A successful answer.
#[derive(Debug)]
pub(crate) struct Reply {
    /// HTTP status.
    pub(crate) status: u16,
    /// Body.
    pub(crate) payload: Payload,
}

/// A success body, serialised after the lock is released.
#[derive(Debug)]
pub(crate) enum Payload {
    /// No body (204).
    Empty,
    /// A driveItem.
    Item(Box<DriveItem>),
    /// A children page.
    Items(Page<DriveItem>),
    /// A site.
    Site(Site),
    /// A drive.
    Drive(Drive),
    /// A page of drives.
    Drives(Page<Drive>),
    /// An uploadSession (or its status).
    Session(UploadSession),
    /// The request log (`GET /_sim/requests`).
    Requests(Vec<LoggedRequest>),
    /// No body; the answer's `Location` (202 copy accepted, 302 download redirect).
    Location(String),
    /// A copy monitor's status, with a `Location` when it is a 303 See Other.
    Monitor {
        /// asyncJobStatus JSON.
        body: serde_json::Value,
        /// `Location`, if any.
        location: Option<String>,
    },
    /// A file's bytes, streamed by the server from their origin.
    Stream(crate::source::SourceFile),
}

impl Payload {
    /// The JSON body, if any.
    pub(crate) fn to_json(&self) -> Option<Vec<u8>> {
        let bytes = match self {
            Payload::Empty => return None,
            Payload::Item(item) => serde_json::to_vec(item),
            Payload::Items(page) => serde_json::to_vec(page),
            Payload::Site(site) => serde_json::to_vec(site),
            Payload::Drive(drive) => serde_json::to_vec(drive),
            Payload::Drives(page) => serde_json::to_vec(page),
            Payload::Session(session) => serde_json::to_vec(session),
            Payload::Requests(entries) => serde_json::to_vec(entries),
            Payload::Location(_) | Payload::Stream(_) => return None,
            Payload::Monitor { body, .. } => serde_json::to_vec(body),
        };
        // Serialising these plain structs cannot fail; an empty object is the safe fallback.
        Some(bytes.unwrap_or_else(|_| b"{}".to_vec()))
    }
}

impl Payload {
    /// The `Location` header the answer carries, if any.
    pub(crate) fn location(&self) -> Option<&str> {
        match self {
            Payload::Location(location) => Some(location),
            Payload::Monitor { location, .. } => location.as_deref(),
            _ => None,
        }
    }
}

fn ok(status: u16, payload: Payload) -> Result<Reply, SimFailure> {
    Ok(Reply { status, payload })
}

/// `true` if `authorization` carries the simulated tenant's bearer token.
pub(crate) fn bearer_ok(authorization: Option<&str>) -> bool {
    let Some(value) = authorization else {
        return false;
    };
    match value.trim().split_once(' ') {
        Some((scheme, token)) => {
            scheme.eq_ignore_ascii_case("bearer") && token.trim() == SIMULATED_TOKEN
        }
        None => false,
    }
}

/// Answers one request.
pub(crate) fn handle(
    shared: &mut Shared,
    request: &Incoming<'_>,
    now: SystemTime,
    now_us: Micros,
) -> Result<Reply, SimFailure> {
    if request.path.starts_with(GRAPH_PREFIX) {
        shared.tokens.check(request.authorization, now_us)?;
    }
    let now_text = rfc3339(now);
    super::copy_jobs::settle_due(
        &mut shared.copy_jobs,
        &mut shared.tenant,
        &mut shared.downloads,
        &now_text,
        now_us,
    );
    let route = routes::parse(request.path)?;
    let method = request.method;
    match route {
        Route::ItemContent { drive, at } => {
            if method != "GET" {
                return Err(SimFailure::invalid_request(
                    "Uploading to an existing item by id is not supported here; address the parent and the name.",
                ));
            }
            super::downloads::redirect(shared, &drive, &at)
        }
        Route::Download(item) => super::downloads::serve(shared, request, &item),
        Route::Copy { drive, at } => {
            super::copy_jobs::start(shared, request, &drive, &at, &now_text, now_us)
        }
        Route::Monitor(job) => super::copy_jobs::monitor(shared, request, &job, now_us),
        Route::SiteByPath { host, path, part } => {
            only_get(method)?;
            let site = shared.tenant.site_by_path(&host, &path)?.clone();
            site_part(&shared.tenant, site, part)
        }
        Route::SiteById { id, part } => {
            only_get(method)?;
            let site = shared.tenant.site_by_id(&id)?.clone();
            site_part(&shared.tenant, site, part)
        }
        Route::UserDrive(upn) => {
            only_get(method)?;
            ok(200, Payload::Drive(shared.tenant.user_drive(&upn)?))
        }
        Route::Drive(id) => {
            only_get(method)?;
            let idx = shared.tenant.drive_idx(&id)?;
            ok(200, Payload::Drive(shared.tenant.drive(idx)))
        }
        Route::Item { drive, at } => {
            only_get(method)?;
            let (_, item) = locate(&shared.tenant, &drive, &at)?;
            ok(200, Payload::Item(Box::new(shared.tenant.drive_item(item))))
        }
        Route::Children { drive, at } => {
            let (_, folder) = locate(&shared.tenant, &drive, &at)?;
            match method {
                "GET" => list_children(shared, request, folder),
                "POST" => create_folder(shared, request, folder, now),
                _ => Err(SimFailure::method_not_allowed(method)),
            }
        }
        Route::Content {
            drive,
            parent,
            name,
        } => {
            if method != "PUT" {
                return Err(SimFailure::method_not_allowed(method));
            }
            let (_, parent) = locate(&shared.tenant, &drive, &parent)?;
            simple_upload(shared, request, parent, &name, now)
        }
        Route::CreateUploadSession {
            drive,
            parent,
            name,
        } => {
            if method != "POST" {
                return Err(SimFailure::method_not_allowed(method));
            }
            let (_, parent) = locate(&shared.tenant, &drive, &parent)?;
            create_session(shared, request, parent, &name, now, now_us)
        }
        Route::Upload(session_id) => upload_url(shared, request, &session_id, now, now_us),
        Route::ChannelFilesFolder { team, channel } => {
            only_get(method)?;
            let folder = shared.teams.files_folder(&team, &channel)?;
            ok(
                200,
                Payload::Item(Box::new(shared.tenant.drive_item(folder))),
            )
        }
    }
}

fn only_get(method: &str) -> Result<(), SimFailure> {
    if method == "GET" {
        Ok(())
    } else {
        Err(SimFailure::method_not_allowed(method))
    }
}

fn site_part(tenant: &Tenant, site: Site, part: SitePart) -> Result<Reply, SimFailure> {
    match part {
        SitePart::Site => ok(200, Payload::Site(site)),
        SitePart::DefaultDrive => ok(200, Payload::Drive(tenant.site_default_drive(&site.id)?)),
        SitePart::Drives => ok(
            200,
            Payload::Drives(Page {
                value: tenant.site_drives(&site.id)?,
                next_link: None,
            }),
        ),
    }
}

fn locate(tenant: &Tenant, drive: &str, at: &Address) -> Result<(DriveIdx, ItemIdx), SimFailure> {
    let drive = tenant.drive_idx(drive)?;
    Ok((drive, tenant.resolve(drive, &at.base, &at.path)?))
}

fn query_pairs(query: Option<&str>) -> impl Iterator<Item = (String, String)> + '_ {
    url::form_urlencoded::parse(query.unwrap_or_default().as_bytes())
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
}

fn conflict_from(value: &str) -> Result<ConflictBehavior, SimFailure> {
    match value {
        "fail" => Ok(ConflictBehavior::Fail),
        "replace" => Ok(ConflictBehavior::Replace),
        "rename" => Ok(ConflictBehavior::Rename),
        other => Err(SimFailure::invalid_request(format!(
            "Unknown conflict behavior '{other}'; use fail, replace or rename."
        ))),
    }
}

fn list_children(
    shared: &Shared,
    request: &Incoming<'_>,
    folder: ItemIdx,
) -> Result<Reply, SimFailure> {
    let mut top = shared.page_size.clamp(1, MAX_TOP);
    let mut after = None;
    for (key, value) in query_pairs(request.query) {
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
    let (value, last) = shared.tenant.children_page(folder, after.as_deref(), top)?;
    let next_link = last.map(|key| {
        format!(
            "{}{}?$top={top}&$skiptoken={}",
            shared.server_root,
            request.path,
            base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(key.as_bytes())
        )
    });
    ok(200, Payload::Items(Page { value, next_link }))
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
    shared: &mut Shared,
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
    let conflict = conflict_from(body.conflict_behavior.as_deref().unwrap_or("fail"))?;
    let idx = shared
        .tenant
        .create_folder(parent, &name, conflict, &rfc3339(now))?;
    ok(201, Payload::Item(Box::new(shared.tenant.drive_item(idx))))
}

fn simple_upload(
    shared: &mut Shared,
    request: &Incoming<'_>,
    parent: ItemIdx,
    name: &str,
    now: SystemTime,
) -> Result<Reply, SimFailure> {
    let mut conflict = ConflictBehavior::Replace;
    for (key, value) in query_pairs(request.query) {
        if key == CONFLICT_PARAM {
            conflict = conflict_from(&value)?;
        }
    }
    validate_name(name)?;
    shared.tenant.require_folder(parent)?;
    let corrupt = shared.behaviour.draw_corruption();
    let mut hash = QuickXor::new();
    match request.body.split_first() {
        Some((first, rest)) if corrupt => {
            hash.update(&[first ^ 0xFF]);
            hash.update(rest);
        }
        _ => hash.update(request.body),
    }
    let file = NewFile {
        size: request.body.len() as u64,
        quick_xor: hash.finish_base64(),
        file_system_info: None,
    };
    let (idx, created) = shared
        .tenant
        .store_file(parent, name, conflict, file, &rfc3339(now))?;
    let status = if created { 201 } else { 200 };
    ok(
        status,
        Payload::Item(Box::new(shared.tenant.drive_item(idx))),
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

fn create_session(
    shared: &mut Shared,
    request: &Incoming<'_>,
    parent: ItemIdx,
    name: &str,
    now: SystemTime,
    now_us: Micros,
) -> Result<Reply, SimFailure> {
    let body: SessionRequest = if request.body.iter().all(u8::is_ascii_whitespace) {
        SessionRequest::default()
    } else {
        serde_json::from_slice(request.body)
            .map_err(|e| SimFailure::invalid_request(format!("Invalid request body: {e}")))?
    };
    let item = body.item.unwrap_or_default();
    validate_name(name)?;
    shared.tenant.require_folder(parent)?;
    if let Some(body_name) = &item.name
        && body_name != name
    {
        return Err(SimFailure::invalid_request(format!(
            "The name in the body ('{body_name}') differs from the one in the path ('{name}')."
        )));
    }
    let conflict = conflict_from(item.conflict_behavior.as_deref().unwrap_or("fail"))?;
    if conflict == ConflictBehavior::Fail && shared.tenant.name_taken(parent, name) {
        return Err(SimFailure::name_exists(name));
    }
    let (id, tempauth) = shared.tenant.ids.session();
    let corrupt = shared.behaviour.draw_corruption();
    let expires_at_us = now_us.saturating_add(SESSION_LIFETIME_US);
    let upload_url = format!(
        "{}{}{id}?tempauth={tempauth}",
        shared.server_root,
        routes::UPLOAD_PREFIX
    );
    shared.sessions.by_id.insert(
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
            expires_at_us,
        },
    );
    ok(
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

fn upload_url(
    shared: &mut Shared,
    request: &Incoming<'_>,
    session_id: &str,
    now: SystemTime,
    now_us: Micros,
) -> Result<Reply, SimFailure> {
    if request.authorization.is_some() {
        return Err(SimFailure::new(
            401,
            "unauthenticated",
            "The upload URL carries its own credential; do not send an Authorization header.",
        ));
    }
    let tempauth = query_pairs(request.query)
        .find(|(k, _)| k == "tempauth")
        .map(|(_, v)| v);
    let session = shared.sessions.live(session_id, now_us)?;
    if tempauth.as_deref() != Some(session.tempauth.as_str()) {
        return Err(SimFailure::new(
            401,
            "unauthenticated",
            "The upload URL's credential is missing or wrong.",
        ));
    }
    match request.method {
        "GET" => ok(200, Payload::Session(session_status(session, now, now_us))),
        "DELETE" => {
            shared.sessions.by_id.remove(session_id);
            ok(204, Payload::Empty)
        }
        "PUT" => {
            let range = upload::parse_content_range(request.content_range)?;
            upload::check_fragment(session, range, request.body.len() as u64)?;
            let complete = upload::accept_fragment(session, range, request.body);
            session.expires_at_us = now_us.saturating_add(SESSION_LIFETIME_US);
            if !complete {
                return ok(202, Payload::Session(session_status(session, now, now_us)));
            }
            let Some(session) = shared.sessions.by_id.remove(session_id) else {
                return Err(SimFailure::session_not_found());
            };
            let file = NewFile {
                size: range.total,
                quick_xor: session.hash.finish_base64(),
                file_system_info: session.file_system_info,
            };
            let (idx, created) = shared.tenant.store_file(
                session.parent,
                &session.name,
                session.conflict,
                file,
                &rfc3339(now),
            )?;
            let status = if created { 201 } else { 200 };
            ok(
                status,
                Payload::Item(Box::new(shared.tenant.drive_item(idx))),
            )
        }
        other => Err(SimFailure::method_not_allowed(other)),
    }
}

/// The shared state for a tenant listening at `server_root`.
pub(crate) fn shared_state(
    config: &super::SimConfig,
    server_root: String,
    created: SystemTime,
) -> Shared {
    let created = rfc3339(created);
    let config = &super::seed::with_source_owners(&with_team_sites(config));
    let mut tenant = Tenant::new(config, &created);
    let teams = Teams::new(&mut tenant, config, &created);
    let mut downloads = super::downloads::Downloads::default();
    super::seed::seed_sources(&mut tenant, &mut downloads, config, &created);
    Shared {
        tenant,
        teams,
        downloads,
        copy_jobs: super::copy_jobs::CopyJobs::new(config),
        sessions: Sessions::default(),
        behaviour: Behaviour::new(
            config.seed,
            config.latency,
            config.bandwidth_bytes_per_s,
            config.corrupt_rate,
        ),
        page_size: config.page_size,
        server_root,
        throttle: Throttle::new(config, config.ru_window_us),
        requests: RequestLog::default(),
        tokens: TokenIssuer::new(
            config.token_lifetime_us,
            config.reject_credentials,
            config.seed,
        ),
        faults: FaultInjector::new(config.seed, &config.faults),
    }
}
