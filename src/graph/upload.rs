//! Uploading one file's bytes: a simple PUT for small files, an upload session of sequential
//! fragments for the rest, streaming from the source through one chunk buffer. An unclear
//! write is looked for before it is repeated (`recovery`); an expired session is replaced and
//! the file sent again from the start.

use bytes::Bytes;
use reqwest::Method;
use url::Url;

use super::fragments::send_fragments;
use super::recovery::Verdict;
use super::send::Call;
use super::source_read::{ensure_at_end, read_exact};
use super::{
    DriveItem, GraphClient, GraphError, RequestContext, UploadSession, UploadableProperties,
};
use crate::vocab::attempt::Operation;
use crate::vocab::chunk_read::ChunkRead;
use crate::vocab::conflict::ConflictBehavior;

/// How many times an upload starts a new session after its session expired.
pub const MAX_SESSION_RESTARTS: u32 = 3;

/// `Content-Range: bytes {start}-{end}/{total}` (end inclusive).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ContentRange {
    /// First byte.
    pub start: u64,
    /// Last byte, inclusive.
    pub end: u64,
    /// Total file size.
    pub total: u64,
}

impl ContentRange {
    /// The header value.
    pub fn header_value(&self) -> String {
        format!("bytes {}-{}/{}", self.start, self.end, self.total)
    }
}

/// The answer to one fragment PUT.
#[derive(Debug, Clone, PartialEq)]
pub enum ChunkReply {
    /// 202: more expected, from these ranges.
    Accepted {
        /// `nextExpectedRanges`.
        next_expected_ranges: Vec<String>,
    },
    /// 200/201: the upload is complete.
    Completed(Box<DriveItem>),
}

/// Where and how to upload one file.
#[derive(Debug, Clone)]
pub struct UploadPlan<'a> {
    /// Destination drive.
    pub drive_id: &'a str,
    /// Destination folder item id.
    pub parent_id: &'a str,
    /// File name.
    pub name: &'a str,
    /// File size in bytes (known up front from the source).
    pub size: u64,
    /// Files up to this size go through a simple PUT.
    pub simple_upload_max: u64,
    /// Fragment size for upload sessions (a multiple of 320 KiB).
    pub chunk_size: u64,
    /// Conflict behaviour.
    pub conflict: ConflictBehavior,
    /// Properties for the upload session (timestamps).
    pub properties: UploadableProperties,
}

/// A completed upload.
#[derive(Debug, Clone, PartialEq)]
pub struct UploadResult {
    /// The item as the tenant stored it.
    pub item: DriveItem,
    /// HTTP attempts spent.
    pub attempts: u32,
    /// File bytes the tenant accepted.
    pub bytes_sent: u64,
}

impl GraphClient {
    /// Uploads one file from `reader`. On failure, returns the error and the attempts spent.
    ///
    /// Files of `simple_upload_max` bytes or fewer (and empty files) go in one simple PUT;
    /// larger ones through an upload session, in fragments of `chunk_size` bytes read one at a
    /// time (the whole file is never held). A session that fails is cancelled.
    pub async fn upload_file(
        &self,
        ctx: RequestContext,
        plan: &UploadPlan<'_>,
        reader: &mut dyn ChunkRead,
    ) -> Result<UploadResult, (GraphError, u32)> {
        let mut attempts = 0u32;
        let result = if plan.size == 0 || plan.size <= plan.simple_upload_max {
            self.upload_whole(ctx, plan, reader, &mut attempts).await
        } else {
            self.upload_in_session(ctx, plan, reader, &mut attempts)
                .await
        };
        match result {
            Ok(item) => Ok(UploadResult {
                item,
                attempts,
                bytes_sent: plan.size,
            }),
            Err(error) => Err((error, attempts)),
        }
    }

    /// The simple path: the whole file in one buffer, one PUT (retried by the policy).
    async fn upload_whole(
        &self,
        ctx: RequestContext,
        plan: &UploadPlan<'_>,
        reader: &mut dyn ChunkRead,
        attempts: &mut u32,
    ) -> Result<DriveItem, GraphError> {
        let body = read_exact(reader, plan.size, 0, plan.size).await?;
        ensure_at_end(reader, plan.size).await?;
        self.put_whole_file(ctx, plan, body, attempts).await
    }

    /// The session path: create, send the fragments, cancel the session if that fails. A
    /// session that is gone (404: expired) is replaced by a new one and the file sent again
    /// from its first byte, up to [`MAX_SESSION_RESTARTS`] times, after a look that the file
    /// is not already stored.
    async fn upload_in_session(
        &self,
        ctx: RequestContext,
        plan: &UploadPlan<'_>,
        reader: &mut dyn ChunkRead,
        attempts: &mut u32,
    ) -> Result<DriveItem, GraphError> {
        let item = UploadableProperties {
            conflict_behavior: plan.conflict.as_str().to_owned(),
            name: Some(plan.name.to_owned()),
            file_size: Some(plan.size),
            ..plan.properties.clone()
        };
        let mut restarts = 0u32;
        loop {
            let session = self
                .create_upload_session_counted(
                    ctx,
                    plan.drive_id,
                    plan.parent_id,
                    plan.name,
                    &item,
                    attempts,
                )
                .await?;
            let upload_url = parse_upload_url(session.upload_url.as_deref().unwrap_or_default())?;
            let sent = match send_fragments(self, ctx, &upload_url, plan, reader, attempts).await {
                Ok(item) => return Ok(item),
                Err(failure) => failure,
            };
            if is_session_gone(&sent.error) && restarts < MAX_SESSION_RESTARTS {
                if let Some(hash) = &sent.hash_if_complete {
                    // The final fragment may have completed the file before the session went.
                    let found = self.look_for_upload(ctx, plan, hash, attempts).await;
                    if let Ok(found) = found {
                        match found.verdict(plan, hash) {
                            Verdict::Done(item) => return Ok(*item),
                            Verdict::Refuse(conflict) => return Err(conflict),
                            Verdict::SendAgain => {}
                        }
                    }
                }
                match reader.restart().await {
                    Ok(()) => {
                        restarts += 1;
                        continue;
                    }
                    Err(error) if error.kind() != std::io::ErrorKind::Unsupported => {
                        return Err(GraphError::Source(format!(
                            "the upload session expired and the source cannot be read again: \
                             {error}"
                        )));
                    }
                    Err(_) => {}
                }
            }
            // Best effort: the error that ended the upload is what the caller needs.
            let _ = self.cancel_counted(ctx, &upload_url, attempts).await;
            return Err(sent.error);
        }
    }

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
    async fn cancel_counted(
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

/// A 404 from the upload URL: the session expired, was cancelled or never existed.
fn is_session_gone(error: &GraphError) -> bool {
    matches!(error, GraphError::Status { status: 404, .. })
}

/// An upload URL as the service gave it. Its text carries a credential, so errors never quote it.
fn parse_upload_url(text: &str) -> Result<Url, GraphError> {
    let url = Url::parse(text)
        .map_err(|e| GraphError::Protocol(format!("the uploadUrl is not a URL: {e}")))?;
    if matches!(url.scheme(), "http" | "https") {
        Ok(url)
    } else {
        Err(GraphError::Protocol("the uploadUrl is not HTTP(S)".into()))
    }
}
