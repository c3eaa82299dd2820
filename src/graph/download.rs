//! Downloading a file of the tenant: `GET /drives/{d}/items/{id}/content` is answered
//! `302 Found` with a pre-authenticated URL (recorded as `download-redirect`; the redirect is
//! read, never followed by the HTTP library), then that URL is fetched WITHOUT the bearer
//! token (it carries its own credential and may be on another host) and its body streamed in
//! chunks as they arrive (`download`, recorded once when the body ends, fails or is dropped).

use bytes::Bytes;
use reqwest::Method;
use url::Url;

use super::client::GraphClient;
use super::context::RequestContext;
use super::error::GraphError;
use super::paths::encode_id;
use super::send::{Call, StreamingAttempt};
use crate::vocab::attempt::Operation;
use crate::vocab::chunk_read::ChunkRead;

/// A file's bytes as they arrive from its download URL.
pub struct DownloadStream {
    body: Body,
    pending: Bytes,
    /// The `download` attempt, recorded when the body ends, fails or the stream is dropped (a
    /// download abandoned part-way, because the upload failed, is still one attempt).
    record: Option<StreamingAttempt>,
}

enum Body {
    /// Still arriving.
    Streaming(reqwest::Response),
    /// Ended (or never streamed: the bytes came with the first answer).
    Done,
}

impl std::fmt::Debug for DownloadStream {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("DownloadStream")
            .field("pending", &self.pending.len())
            .finish_non_exhaustive()
    }
}

impl DownloadStream {
    fn finish(&mut self, timed_out: bool) {
        if let Some(record) = self.record.take() {
            record.finish(timed_out);
        }
        self.body = Body::Done;
    }
}

impl ChunkRead for DownloadStream {
    fn read_chunk(&mut self, max: usize) -> futures::future::BoxFuture<'_, std::io::Result<Bytes>> {
        Box::pin(async move {
            loop {
                if !self.pending.is_empty() {
                    let take = max.max(1).min(self.pending.len());
                    return Ok(self.pending.split_to(take));
                }
                let Body::Streaming(response) = &mut self.body else {
                    return Ok(Bytes::new());
                };
                match response.chunk().await {
                    Ok(Some(chunk)) => {
                        if let Some(record) = &mut self.record {
                            record.received(chunk.len());
                        }
                        self.pending = chunk;
                    }
                    Ok(None) => self.finish(false),
                    Err(error) => {
                        self.finish(error.is_timeout());
                        return Err(std::io::Error::other(format!(
                            "the download broke off: {}",
                            error.without_url()
                        )));
                    }
                }
            }
        })
    }
}

impl GraphClient {
    /// Starts downloading an item: the `content` request and its 302, then the download URL's
    /// headers. The bytes follow through [`ChunkRead::read_chunk`]. Adds the attempts made to
    /// `attempts`.
    pub async fn open_download(
        &self,
        ctx: RequestContext,
        drive_id: &str,
        item_id: &str,
        attempts: &mut u32,
    ) -> Result<DownloadStream, GraphError> {
        let url = self.graph_url(&format!(
            "/drives/{}/items/{}/content",
            encode_id(drive_id),
            encode_id(item_id)
        ))?;
        let call =
            Call::new(Operation::DownloadRedirect, Method::GET, &url, true).redirect_is_reply();
        let reply = self.transport().send(ctx, &call, attempts).await?;
        if (200..300).contains(&reply.status) {
            // A service that answers with the bytes themselves: nothing more to fetch.
            return Ok(DownloadStream {
                body: Body::Done,
                pending: reply.body,
                record: None,
            });
        }
        let location = reply.location.ok_or_else(|| {
            GraphError::Protocol(format!(
                "download-redirect answered {} without a Location",
                reply.status
            ))
        })?;
        let target = url
            .join(&location)
            .map_err(|e| GraphError::Protocol(format!("unusable download URL: {e}")))?;
        self.fetch_download_url(ctx, &target, attempts).await
    }

    /// `GET {downloadUrl}`, no bearer token, not retried: the body streams to the caller.
    async fn fetch_download_url(
        &self,
        ctx: RequestContext,
        target: &Url,
        attempts: &mut u32,
    ) -> Result<DownloadStream, GraphError> {
        if !matches!(target.scheme(), "http" | "https") {
            return Err(GraphError::Protocol(
                "the download URL is not HTTP(S)".into(),
            ));
        }
        let (response, record) = self
            .transport()
            .stream(ctx, Operation::Download, target, attempts)
            .await?;
        Ok(DownloadStream {
            body: Body::Streaming(response),
            pending: Bytes::new(),
            record: Some(record),
        })
    }
}
