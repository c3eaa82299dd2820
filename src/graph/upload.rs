//! Uploading one file's bytes: a simple PUT for small files, an upload session of sequential
//! fragments for the rest, streaming from the source through one chunk buffer. An unclear
//! write is looked for before it is repeated (`recovery`); an expired session is replaced and
//! the file sent again from the start. This file drives an upload; the words it shares with
//! the files it drives are in `upload_plan`, the session's own calls in `upload_session`.

use super::client::GraphClient;
use super::context::RequestContext;
use super::error::GraphError;
use super::fragments::send_fragments;
use super::recovery::Verdict;
use super::source_read::{ensure_at_end, read_exact};
use super::types::{DriveItem, UploadableProperties};
use super::upload_plan::UploadPlan;
use super::upload_session::parse_upload_url;
use crate::vocab::chunk_read::ChunkRead;

/// How many times an upload starts a new session after its session expired.
pub const MAX_SESSION_RESTARTS: u32 = 3;

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
}

/// A 404 from the upload URL: the session expired, was cancelled or never existed.
fn is_session_gone(error: &GraphError) -> bool {
    matches!(error, GraphError::Status { status: 404, .. })
}
