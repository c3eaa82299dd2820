//! Downloading a file of the tenant: `GET /drives/{d}/items/{id}/content` is answered
//! `302 Found` with a pre-authenticated URL (recorded as `download-redirect`; the redirect is
//! read, never followed by the HTTP library), then that URL is fetched WITHOUT the bearer
//! token (it carries its own credential and may be on another host) and its body streamed in
//! chunks as they arrive (`download`, recorded once when the body ends, fails or is dropped).

use std::sync::Arc;
use std::time::Instant;

use bytes::Bytes;
use reqwest::Method;
use url::Url;

use super::paths::encode_id;
use super::send::{Call, status_error};
use super::{GraphClient, GraphError, RequestContext};
use crate::vocab::attempt::Attempt;
use crate::vocab::attempt::AttemptSink;
use crate::vocab::attempt::Operation;
use crate::vocab::chunk_read::ChunkRead;
use crate::vocab::units::micros;

/// A file's bytes as they arrive from its download URL.
pub struct DownloadStream {
    body: Body,
    pending: Bytes,
    record: Option<Pending>,
}

enum Body {
    /// Still arriving.
    Streaming(reqwest::Response),
    /// Ended (or never streamed: the bytes came with the first answer).
    Done,
}

/// The attempt being measured, recorded once when the body ends.
struct Pending {
    attempt: Attempt,
    sink: Arc<dyn AttemptSink>,
}

impl Pending {
    fn finish(self, bytes_received: u64, timed_out: bool) {
        let mut attempt = self.attempt;
        attempt.latency_us = micros(attempt.started.elapsed());
        attempt.bytes_received = bytes_received;
        attempt.timed_out = timed_out;
        self.sink.record(&attempt);
    }
}

impl std::fmt::Debug for DownloadStream {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("DownloadStream")
            .field("pending", &self.pending.len())
            .finish_non_exhaustive()
    }
}

impl DownloadStream {
    fn finish(&mut self, timed_out: bool, received: u64) {
        if let Some(pending) = self.record.take() {
            pending.finish(received, timed_out);
        }
        self.body = Body::Done;
    }

    fn received(&self) -> u64 {
        self.record
            .as_ref()
            .map_or(0, |pending| pending.attempt.bytes_received)
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
                        if let Some(pending) = &mut self.record {
                            pending.attempt.bytes_received += chunk.len() as u64;
                        }
                        self.pending = chunk;
                    }
                    Ok(None) => {
                        let received = self.received();
                        self.finish(false, received);
                    }
                    Err(error) => {
                        let received = self.received();
                        self.finish(error.is_timeout(), received);
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

impl Drop for DownloadStream {
    fn drop(&mut self) {
        // A download abandoned part-way (the upload failed) is still one attempt.
        let received = self.received();
        if let Some(pending) = self.record.take() {
            pending.finish(received, false);
        }
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
        let transport = self.transport();
        let request = transport.http.request(Method::GET, target.clone());
        let gate_wait = transport.gate.wait_open().await;
        *attempts += 1;
        let started = Instant::now();
        let mut attempt = Attempt {
            op: Operation::Download,
            site: ctx.site,
            started,
            latency_us: 0,
            gate_wait_us: micros(gate_wait),
            status: None,
            bytes_sent: 0,
            bytes_received: 0,
            retry_after_us: None,
            rate_limit: None,
            timed_out: false,
            retry: false,
        };
        let response = match request.send().await {
            Ok(response) => response,
            Err(error) => {
                attempt.latency_us = micros(started.elapsed());
                attempt.timed_out = error.is_timeout();
                transport.sink.record(&attempt);
                return Err(if error.is_timeout() {
                    GraphError::Timeout(transport.timeout)
                } else {
                    GraphError::Connection(error.without_url().to_string())
                });
            }
        };
        let status = response.status().as_u16();
        attempt.status = Some(status);
        if !(200..300).contains(&status) {
            let body = response.bytes().await.unwrap_or_default();
            attempt.latency_us = micros(started.elapsed());
            attempt.bytes_received = body.len() as u64;
            transport.sink.record(&attempt);
            return Err(status_error(status, &body, None));
        }
        Ok(DownloadStream {
            body: Body::Streaming(response),
            pending: Bytes::new(),
            record: Some(Pending {
                attempt,
                sink: transport.sink.clone(),
            }),
        })
    }
}
