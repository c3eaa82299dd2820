//! The source reader as the upload sees it: computes the source's quickXorHash and counts bytes
//! while they stream by (so the file is read once), reports progress, stops at the next chunk
//! boundary once the run is cancelled, and starts again from the first byte when an expired
//! upload session makes the upload send the file again.

use std::sync::Arc;

use bytes::Bytes;
use tokio_util::sync::CancellationToken;

use super::Observer;
use crate::source::{SourceFile, SourceReader};
use crate::vocab::chunk_read::ChunkRead;
use crate::vocab::quick_xor::QuickXor;

/// The message of the error a cancelled read returns; the engine recognises it.
pub(super) const INTERRUPTED: &str = "interrupted by Ctrl-C before the upload finished";

/// A [`SourceReader`] that hashes, counts and can be interrupted.
pub(super) struct HashingReader {
    inner: SourceReader,
    /// The file, to open it again on a restart.
    file: SourceFile,
    hash: QuickXor,
    bytes_read: u64,
    reached_end: bool,
    site: usize,
    observer: Arc<dyn Observer>,
    cancel: CancellationToken,
}

impl HashingReader {
    pub(super) fn new(
        inner: SourceReader,
        file: SourceFile,
        site: usize,
        observer: Arc<dyn Observer>,
        cancel: CancellationToken,
    ) -> HashingReader {
        HashingReader {
            inner,
            file,
            hash: QuickXor::new(),
            bytes_read: 0,
            reached_end: false,
            site,
            observer,
            cancel,
        }
    }

    /// Bytes read so far.
    pub(super) fn bytes_read(&self) -> u64 {
        self.bytes_read
    }

    /// The source hash, if the whole file was read (the end was seen, or exactly `size` bytes).
    pub(super) fn finish(self, size: u64) -> Option<String> {
        (self.reached_end || self.bytes_read == size).then(|| self.hash.finish_base64())
    }
}

impl ChunkRead for HashingReader {
    fn read_chunk(&mut self, max: usize) -> futures::future::BoxFuture<'_, std::io::Result<Bytes>> {
        Box::pin(async move {
            if self.cancel.is_cancelled() {
                return Err(std::io::Error::new(
                    std::io::ErrorKind::Interrupted,
                    INTERRUPTED,
                ));
            }
            let chunk = self.inner.read_chunk(max).await?;
            if chunk.is_empty() {
                self.reached_end = true;
            } else {
                self.hash.update(&chunk);
                self.bytes_read += chunk.len() as u64;
                self.observer.bytes_read(self.site, chunk.len() as u64);
            }
            Ok(chunk)
        })
    }

    /// Opens the source again and forgets the hash and count so far: the hash stays the one
    /// of the bytes actually sent in the session that succeeds.
    fn restart(&mut self) -> futures::future::BoxFuture<'_, std::io::Result<()>> {
        Box::pin(async move {
            self.inner = SourceReader::open(&self.file).await?;
            self.hash = QuickXor::new();
            self.bytes_read = 0;
            self.reached_end = false;
            Ok(())
        })
    }
}
