//! The words of an upload, shared by every file that takes part in one: what to upload where
//! ([`UploadPlan`]), the byte range of a fragment ([`ContentRange`]) and what a fragment's PUT
//! answered ([`ChunkReply`]). Kept apart from the upload itself so that the looks after an
//! unclear write (`recovery`), the session calls and the fragment loop can all read a plan
//! without importing the file that drives them.

use super::types::{DriveItem, UploadableProperties};
use crate::vocab::conflict::ConflictBehavior;

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
    /// Further properties for the upload session: the source's timestamps. The session's
    /// conflict behaviour, name and size are always the plan's own (`conflict`, `name`, `size`),
    /// whatever these say, so `UploadableProperties { file_system_info, ..Default::default() }`
    /// is all a caller needs to give.
    pub properties: UploadableProperties,
}
