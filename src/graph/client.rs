//! The Graph client: base URL, token source, typed calls, and the single send path that times
//! and records every attempt.

use std::sync::Arc;

use bytes::Bytes;
use url::Url;

use super::{
    AttemptSink, DriveItem, GraphError, Site, TokenSource, UploadSession, UploadableProperties,
    types::Drive,
};
use crate::scenario::ConflictBehavior;
use crate::units::Micros;

/// How to build a client.
#[derive(Debug, Clone)]
pub struct ClientConfig {
    /// Graph root including the version, e.g. `https://graph.microsoft.com/v1.0` or
    /// `http://127.0.0.1:PORT/v1.0`. Paths are appended to it.
    pub base_url: Url,
    /// Sent on every request (`NONISV|org|pilotbench/version`).
    pub user_agent: String,
    /// Per-attempt timeout.
    pub request_timeout_us: Micros,
    /// Connections kept per host (at least the engine's concurrency).
    pub max_idle_per_host: usize,
}

/// Who an attempt is for, so the sink can file it under the right site.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RequestContext {
    /// Index of the site in the scenario.
    pub site: usize,
}

/// The Graph client. Cheap to clone (shared connection pool, token source and sink).
#[derive(Clone)]
pub struct GraphClient {
    inner: Arc<Inner>,
}

#[allow(dead_code)]
struct Inner {
    config: ClientConfig,
    http: reqwest::Client,
    tokens: Arc<dyn TokenSource>,
    sink: Arc<dyn AttemptSink>,
}

impl std::fmt::Debug for GraphClient {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("GraphClient")
            .field("base_url", &self.inner.config.base_url.as_str())
            .finish_non_exhaustive()
    }
}

impl GraphClient {
    /// Builds a client. Fails only if the TLS stack cannot be initialised.
    pub fn new(
        config: ClientConfig,
        tokens: Arc<dyn TokenSource>,
        sink: Arc<dyn AttemptSink>,
    ) -> Result<Self, GraphError> {
        let _ = (config, tokens, sink);
        todo!("GraphClient::new")
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
        let _ = (ctx, site_url);
        todo!()
    }

    /// `GET /sites/{id}/drives`, every page.
    pub async fn site_drives(
        &self,
        ctx: RequestContext,
        site_id: &str,
    ) -> Result<Vec<Drive>, GraphError> {
        let _ = (ctx, site_id);
        todo!()
    }

    /// `GET /users/{upn}/drive`.
    pub async fn user_drive(&self, ctx: RequestContext, user: &str) -> Result<Drive, GraphError> {
        let _ = (ctx, user);
        todo!()
    }

    /// `GET /drives/{drive}/root` when `path` is empty, else `GET /drives/{drive}/root:/{path}`.
    pub async fn item_by_path(
        &self,
        ctx: RequestContext,
        drive_id: &str,
        path: &str,
    ) -> Result<DriveItem, GraphError> {
        let _ = (ctx, drive_id, path);
        todo!()
    }

    /// `GET /drives/{drive}/items/{item}/children`, following `@odata.nextLink` to the end.
    pub async fn list_children(
        &self,
        ctx: RequestContext,
        drive_id: &str,
        item_id: &str,
    ) -> Result<Vec<DriveItem>, GraphError> {
        let _ = (ctx, drive_id, item_id);
        todo!()
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
        let _ = (ctx, drive_id, parent_id, name, conflict);
        todo!()
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
        let _ = (ctx, drive_id, parent_id, name, body, conflict);
        todo!()
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
        let _ = (ctx, drive_id, parent_id, name, item);
        todo!()
    }
}
