//! Uploading one file's bytes: a simple PUT for small files, an upload session of sequential
//! fragments for the rest, streaming from the source through one chunk buffer.

use bytes::Bytes;

use super::{DriveItem, GraphClient, GraphError, RequestContext, UploadableProperties};
use crate::scenario::ConflictBehavior;

/// Something that yields a file's bytes in order. Implemented by the source readers (wrapped by
/// the engine so the source hash is computed as bytes go by).
pub trait ChunkRead: Send {
    /// Reads up to `max` bytes; an empty result means end of file.
    fn read_chunk(&mut self, max: usize) -> futures::future::BoxFuture<'_, std::io::Result<Bytes>>;
}

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
    pub async fn upload_file(
        &self,
        ctx: RequestContext,
        plan: &UploadPlan<'_>,
        reader: &mut dyn ChunkRead,
    ) -> Result<UploadResult, (GraphError, u32)> {
        let _ = (ctx, plan, reader);
        todo!("upload_file")
    }

    /// `PUT {uploadUrl}` with `Content-Range`, without an Authorization header.
    pub async fn upload_chunk(
        &self,
        ctx: RequestContext,
        upload_url: &str,
        range: ContentRange,
        body: Bytes,
    ) -> Result<ChunkReply, GraphError> {
        let _ = (ctx, upload_url, range, body);
        todo!()
    }

    /// `GET {uploadUrl}`: the session's status.
    pub async fn upload_session_status(
        &self,
        ctx: RequestContext,
        upload_url: &str,
    ) -> Result<super::UploadSession, GraphError> {
        let _ = (ctx, upload_url);
        todo!()
    }

    /// `DELETE {uploadUrl}`: cancel.
    pub async fn cancel_upload_session(
        &self,
        ctx: RequestContext,
        upload_url: &str,
    ) -> Result<(), GraphError> {
        let _ = (ctx, upload_url);
        todo!()
    }
}
