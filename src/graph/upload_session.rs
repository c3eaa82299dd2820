//! The calls on an upload session's own URL: a fragment `PUT` with `Content-Range`, the
//! session's status (`GET`) and its cancellation (`DELETE`). The URL carries its own credential,
//! so these requests never carry the bearer token and no error ever quotes the URL.

use bytes::Bytes;
use reqwest::Method;
use url::Url;

use super::client::GraphClient;
use super::context::RequestContext;
use super::error::GraphError;
use super::send::Call;
use super::types::UploadSession;
use super::upload_plan::{ChunkReply, ContentRange};
use crate::vocab::attempt::Operation;

impl GraphClient {
    /// `PUT {uploadUrl}` with `Content-Range`, without an Authorization header.
    ///
    /// One attempt, never repeated here: resending a fragment after an ambiguous failure must
    /// first ask the session what it has, which [`GraphClient::upload_file`] does.
    pub async fn upload_chunk(
        &self,
        ctx: RequestContext,
        upload_url: &str,
        range: ContentRange,
        body: Bytes,
    ) -> Result<ChunkReply, GraphError> {
        let url = parse_upload_url(upload_url)?;
        self.chunk_attempt(ctx, &url, range, body, false, &mut 0)
            .await
    }

    /// One fragment PUT, recorded with `retry` as given and counted in `attempts`.
    pub(super) async fn chunk_attempt(
        &self,
        ctx: RequestContext,
        upload_url: &Url,
        range: ContentRange,
        body: Bytes,
        retry: bool,
        attempts: &mut u32,
    ) -> Result<ChunkReply, GraphError> {
        let mut call =
            Call::new(Operation::UploadChunk, Method::PUT, upload_url, false).octets(body);
        call.content_range = Some(range.header_value());
        let reply = self
            .transport()
            .attempt(ctx, &call, retry, attempts)
            .await?;
        match reply.status {
            202 => {
                let session: UploadSession = reply.json(Operation::UploadChunk)?;
                Ok(ChunkReply::Accepted {
                    next_expected_ranges: session.next_expected_ranges,
                })
            }
            200 | 201 => Ok(ChunkReply::Completed(Box::new(
                reply.json(Operation::UploadChunk)?,
            ))),
            other => Err(GraphError::Protocol(format!(
                "a fragment PUT answered {other}; expected 202, 200 or 201"
            ))),
        }
    }

    /// `GET {uploadUrl}`: the session's status.
    pub async fn upload_session_status(
        &self,
        ctx: RequestContext,
        upload_url: &str,
    ) -> Result<UploadSession, GraphError> {
        let url = parse_upload_url(upload_url)?;
        self.session_status_counted(ctx, &url, &mut 0).await
    }

    /// [`GraphClient::upload_session_status`], adding its attempts to `attempts`.
    pub(super) async fn session_status_counted(
        &self,
        ctx: RequestContext,
        upload_url: &Url,
        attempts: &mut u32,
    ) -> Result<UploadSession, GraphError> {
        let call = Call::new(Operation::UploadStatus, Method::GET, upload_url, false);
        let reply = self.transport().send(ctx, &call, attempts).await?;
        reply.json(Operation::UploadStatus)
    }

    /// `DELETE {uploadUrl}`: cancel.
    pub async fn cancel_upload_session(
        &self,
        ctx: RequestContext,
        upload_url: &str,
    ) -> Result<(), GraphError> {
        let url = parse_upload_url(upload_url)?;
        self.cancel_counted(ctx, &url, &mut 0).await
    }

    /// [`GraphClient::cancel_upload_session`], adding its attempts to `attempts`.
    pub(super) async fn cancel_counted(
        &self,
        ctx: RequestContext,
        upload_url: &Url,
        attempts: &mut u32,
    ) -> Result<(), GraphError> {
        let call = Call::new(Operation::UploadCancel, Method::DELETE, upload_url, false);
        self.transport()
            .send(ctx, &call, attempts)
            .await
            .map(|_| ())
    }
}

/// An upload URL as the service gave it. Its text carries a credential, so errors never quote it.
pub(super) fn parse_upload_url(text: &str) -> Result<Url, GraphError> {
    let url = Url::parse(text)
        .map_err(|e| GraphError::Protocol(format!("the uploadUrl is not a URL: {e}")))?;
    if matches!(url.scheme(), "http" | "https") {
        Ok(url)
    } else {
        Err(GraphError::Protocol("the uploadUrl is not HTTP(S)".into()))
    }
}
