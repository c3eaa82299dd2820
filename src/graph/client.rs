//! The Graph client: the value callers hold (connection pool, token source, sink and policy
//! behind one `Arc`) and its plain typed calls, each one request through the measured send path
//! (`send`) and its retry loop. The calls that look after unclear writes, uploads, downloads and
//! copies are `impl GraphClient` blocks in the files above this one, which build on it.

use std::sync::Arc;
use std::time::Duration;

use bytes::Bytes;
use reqwest::Method;
use reqwest::redirect::Policy;
use serde::de::DeserializeOwned;
use url::Url;

use super::config::{ClientConfig, PollSchedule};
use super::context::RequestContext;
use super::error::GraphError;
use super::gate::ThrottleGate;
use super::interruption::Interruption;
use super::paths::{child_by_name, encode_id, encode_relative_path, join, site_path};
use super::retry::RetryPolicy;
use super::send::{Call, Transport};
use super::token::TokenSource;
use super::types::{
    CreateUploadSessionRequest, Drive, DriveItem, NewFolder, Page, Site, UploadSession,
    UploadableProperties,
};
use crate::vocab::attempt::AttemptSink;
use crate::vocab::attempt::Operation;
use crate::vocab::conflict::ConflictBehavior;

/// Pages of one listing we follow before deciding the service is looping.
const MAX_PAGES: usize = 1_000_000;

/// What [`GraphClient::drive_by_name`] found among a site's drives.
#[derive(Debug, Clone, PartialEq)]
pub enum DriveByName {
    /// The drive (document library) of that name.
    Found(Drive),
    /// None has that name; these are the names the site's drives have, as listed.
    Missing {
        /// Every named drive of the site.
        names: Vec<String>,
    },
}

impl DriveByName {
    /// The drive of `drives` named `name`, ignoring ASCII case.
    fn among(drives: Vec<Drive>, name: &str) -> DriveByName {
        let names: Vec<String> = drives.iter().filter_map(|d| d.name.clone()).collect();
        let found = drives.into_iter().find(|d| {
            d.name
                .as_deref()
                .is_some_and(|n| n.eq_ignore_ascii_case(name))
        });
        match found {
            Some(drive) => DriveByName::Found(drive),
            None => DriveByName::Missing { names },
        }
    }
}

/// The Graph client. Cheap to clone (shared connection pool, token source and sink).
#[derive(Clone)]
pub struct GraphClient {
    inner: Arc<Inner>,
}

struct Inner {
    config: ClientConfig,
    transport: Transport,
}

impl std::fmt::Debug for GraphClient {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("GraphClient")
            .field("base_url", &self.inner.config.base_url.as_str())
            .finish_non_exhaustive()
    }
}

impl GraphClient {
    /// Builds a client. Fails only if the TLS stack cannot be initialised (or the User-Agent
    /// is not a valid header value).
    pub fn new(
        config: ClientConfig,
        tokens: Arc<dyn TokenSource>,
        sink: Arc<dyn AttemptSink>,
    ) -> Result<Self, GraphError> {
        let timeout = Duration::from_micros(config.request_timeout_us);
        let http = reqwest::Client::builder()
            .redirect(Policy::none())
            .timeout(timeout)
            .pool_max_idle_per_host(config.max_idle_per_host)
            .user_agent(config.user_agent.as_str())
            .tcp_nodelay(true)
            .build()
            .map_err(|e| GraphError::Connection(format!("cannot build the HTTP client: {e}")))?;
        let transport = Transport {
            base_url: config.base_url.clone(),
            http,
            tokens,
            sink,
            retry: config.retry,
            timeout,
            gate: ThrottleGate::default(),
            interruption: config.interruption.clone(),
            pacing: config.pacing,
        };
        Ok(GraphClient {
            inner: Arc::new(Inner { config, transport }),
        })
    }

    /// The send path, for the upload calls.
    pub(super) fn transport(&self) -> &Transport {
        &self.inner.transport
    }

    /// The copy-monitor poll schedule in force.
    pub fn copy_poll(&self) -> &PollSchedule {
        &self.inner.config.copy_poll
    }

    /// `base_url` followed by an already encoded `path`, for the sibling call modules.
    pub(super) fn graph_url(&self, path: &str) -> Result<Url, GraphError> {
        self.url(path)
    }

    /// The run's interruption, which ends every wait of the client.
    pub(super) fn interruption(&self) -> &Interruption {
        &self.inner.transport.interruption
    }

    /// The retry policy in force.
    pub fn retry_policy(&self) -> &RetryPolicy {
        &self.inner.config.retry
    }

    /// `base_url` followed by an already encoded `path`.
    fn url(&self, path: &str) -> Result<Url, GraphError> {
        join(&self.inner.config.base_url, path)
    }

    /// The base URL.
    pub fn base_url(&self) -> &Url {
        &self.inner.config.base_url
    }

    /// `GET /sites/{host}:/{server-relative-path}`.
    pub async fn site_by_url(
        &self,
        ctx: RequestContext,
        site_url: &Url,
    ) -> Result<Site, GraphError> {
        let url = self.url(&site_path(site_url)?)?;
        self.get_json(ctx, Operation::ResolveSite, &url).await
    }

    /// `GET /sites/{id}/drives`, every page.
    pub async fn site_drives(
        &self,
        ctx: RequestContext,
        site_id: &str,
    ) -> Result<Vec<Drive>, GraphError> {
        let url = self.url(&format!("/sites/{}/drives", encode_id(site_id)))?;
        self.get_all_pages(ctx, Operation::ListDrives, url).await
    }

    /// A site's document library by its name: `GET /sites/{id}/drives`, every page, and the
    /// drive whose name matches `name` ignoring ASCII case (as SharePoint compares them).
    pub async fn drive_by_name(
        &self,
        ctx: RequestContext,
        site_id: &str,
        name: &str,
    ) -> Result<DriveByName, GraphError> {
        let drives = self.site_drives(ctx, site_id).await?;
        Ok(DriveByName::among(drives, name))
    }

    /// `GET /users/{upn}/drive`.
    pub async fn user_drive(&self, ctx: RequestContext, user: &str) -> Result<Drive, GraphError> {
        let url = self.url(&format!("/users/{}/drive", encode_id(user)))?;
        self.get_json(ctx, Operation::UserDrive, &url).await
    }

    /// `GET /teams/{team}/channels/{channel}/filesFolder`: the channel's folder, a driveItem
    /// whose `parentReference.driveId` is the team's document library.
    pub async fn channel_files_folder(
        &self,
        ctx: RequestContext,
        team_id: &str,
        channel_id: &str,
    ) -> Result<DriveItem, GraphError> {
        let url = self.url(&format!(
            "/teams/{}/channels/{}/filesFolder",
            encode_id(team_id),
            encode_id(channel_id)
        ))?;
        self.get_json(ctx, Operation::ChannelFilesFolder, &url)
            .await
    }

    /// `GET /drives/{drive}/root` when `path` is empty, else `GET /drives/{drive}/root:/{path}`.
    pub async fn item_by_path(
        &self,
        ctx: RequestContext,
        drive_id: &str,
        path: &str,
    ) -> Result<DriveItem, GraphError> {
        let relative = encode_relative_path(path);
        let url = if relative.is_empty() {
            self.url(&format!("/drives/{}/root", encode_id(drive_id)))?
        } else {
            self.url(&format!("/drives/{}/root:/{relative}", encode_id(drive_id)))?
        };
        self.get_json(ctx, Operation::GetItem, &url).await
    }

    /// `GET /drives/{drive}/items/{item}/children`, following `@odata.nextLink` to the end.
    pub async fn list_children(
        &self,
        ctx: RequestContext,
        drive_id: &str,
        item_id: &str,
    ) -> Result<Vec<DriveItem>, GraphError> {
        let url = self.url(&format!(
            "/drives/{}/items/{}/children",
            encode_id(drive_id),
            encode_id(item_id)
        ))?;
        self.get_all_pages(ctx, Operation::ListChildren, url).await
    }

    /// `POST /drives/{drive}/items/{parent}/children` creating a folder.
    pub async fn create_folder(
        &self,
        ctx: RequestContext,
        drive_id: &str,
        parent_id: &str,
        name: &str,
        conflict: ConflictBehavior,
    ) -> Result<DriveItem, GraphError> {
        let url = self.url(&format!(
            "/drives/{}/items/{}/children",
            encode_id(drive_id),
            encode_id(parent_id)
        ))?;
        let body = to_json(&NewFolder {
            name: name.to_owned(),
            folder: serde_json::json!({}),
            conflict_behavior: conflict.as_str().to_owned(),
        })?;
        let call = Call::new(Operation::CreateFolder, Method::POST, &url, true).json(body);
        let reply = self.transport().send(ctx, &call, &mut 0).await?;
        reply.json(Operation::CreateFolder)
    }

    /// `PUT /drives/{drive}/items/{parent}:/{name}:/content?@microsoft.graph.conflictBehavior=..`.
    pub async fn upload_simple(
        &self,
        ctx: RequestContext,
        drive_id: &str,
        parent_id: &str,
        name: &str,
        body: Bytes,
        conflict: ConflictBehavior,
    ) -> Result<DriveItem, GraphError> {
        self.upload_simple_counted(ctx, drive_id, parent_id, name, body, conflict, &mut 0)
            .await
    }

    /// [`GraphClient::upload_simple`], adding the attempts it makes to `attempts`.
    #[allow(clippy::too_many_arguments)]
    pub(super) async fn upload_simple_counted(
        &self,
        ctx: RequestContext,
        drive_id: &str,
        parent_id: &str,
        name: &str,
        body: Bytes,
        conflict: ConflictBehavior,
        attempts: &mut u32,
    ) -> Result<DriveItem, GraphError> {
        let url = self.url(&format!(
            "{}/content?@microsoft.graph.conflictBehavior={}",
            child_by_name(drive_id, parent_id, name),
            conflict.as_str()
        ))?;
        let call = Call::new(Operation::UploadSimple, Method::PUT, &url, true).octets(body);
        let reply = self.transport().send(ctx, &call, attempts).await?;
        reply.json(Operation::UploadSimple)
    }

    /// `POST /drives/{drive}/items/{parent}:/{name}:/createUploadSession`.
    pub async fn create_upload_session(
        &self,
        ctx: RequestContext,
        drive_id: &str,
        parent_id: &str,
        name: &str,
        item: &UploadableProperties,
    ) -> Result<UploadSession, GraphError> {
        self.create_upload_session_counted(ctx, drive_id, parent_id, name, item, &mut 0)
            .await
    }

    /// [`GraphClient::create_upload_session`], adding the attempts it makes to `attempts`.
    pub(super) async fn create_upload_session_counted(
        &self,
        ctx: RequestContext,
        drive_id: &str,
        parent_id: &str,
        name: &str,
        item: &UploadableProperties,
        attempts: &mut u32,
    ) -> Result<UploadSession, GraphError> {
        let url = self.url(&format!(
            "{}/createUploadSession",
            child_by_name(drive_id, parent_id, name)
        ))?;
        let body = to_json(&CreateUploadSessionRequest { item: item.clone() })?;
        let call = Call::new(Operation::CreateUploadSession, Method::POST, &url, true).json(body);
        let reply = self.transport().send(ctx, &call, attempts).await?;
        let session: UploadSession = reply.json(Operation::CreateUploadSession)?;
        if session.upload_url.as_deref().is_none_or(str::is_empty) {
            return Err(GraphError::Protocol(
                "createUploadSession answered without an uploadUrl".into(),
            ));
        }
        Ok(session)
    }

    /// One authenticated GET, retried by the policy, decoded as `T`.
    async fn get_json<T: DeserializeOwned>(
        &self,
        ctx: RequestContext,
        op: Operation,
        url: &Url,
    ) -> Result<T, GraphError> {
        let call = Call::new(op, Method::GET, url, true);
        let reply = self.transport().send(ctx, &call, &mut 0).await?;
        reply.json(op)
    }

    /// Every page of a collection, following each `@odata.nextLink` exactly as given. The
    /// bearer token goes only to links on the base URL's origin (the send path checks).
    async fn get_all_pages<T: DeserializeOwned>(
        &self,
        ctx: RequestContext,
        op: Operation,
        first: Url,
    ) -> Result<Vec<T>, GraphError> {
        let mut items = Vec::new();
        let mut url = first;
        for _ in 0..MAX_PAGES {
            let page: Page<T> = self.get_json(ctx, op, &url).await?;
            items.extend(page.value);
            let Some(link) = page.next_link else {
                return Ok(items);
            };
            let next = url.join(&link).map_err(|e| {
                GraphError::Protocol(format!("{} gave an unusable nextLink: {e}", op.as_str()))
            })?;
            if !matches!(next.scheme(), "http" | "https") {
                return Err(GraphError::Protocol(format!(
                    "{} gave a nextLink that is not HTTP(S)",
                    op.as_str()
                )));
            }
            if next == url {
                return Err(GraphError::Protocol(format!(
                    "{} gave a nextLink that points at the same page",
                    op.as_str()
                )));
            }
            url = next;
        }
        Err(GraphError::Protocol(format!(
            "{} did not end after {MAX_PAGES} pages",
            op.as_str()
        )))
    }
}

/// A request body as JSON bytes.
fn to_json<T: serde::Serialize>(value: &T) -> Result<Bytes, GraphError> {
    serde_json::to_vec(value)
        .map(Bytes::from)
        .map_err(|e| GraphError::Protocol(format!("cannot encode a request body: {e}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn drive(id: &str, name: Option<&str>) -> Drive {
        serde_json::from_value(serde_json::json!({ "id": id, "name": name })).expect("drive")
    }

    #[test]
    fn a_library_is_found_by_its_name_ignoring_case() {
        let drives = || {
            vec![
                drive("b!1", Some("Documents")),
                drive("b!2", None),
                drive("b!3", Some("Site Assets")),
            ]
        };
        assert_eq!(
            DriveByName::among(drives(), "site assets"),
            DriveByName::Found(drive("b!3", Some("Site Assets")))
        );
        assert_eq!(
            DriveByName::among(drives(), "Archive"),
            DriveByName::Missing {
                names: vec!["Documents".into(), "Site Assets".into()]
            }
        );
    }
}
