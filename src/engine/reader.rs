//! The source reader as the upload sees it: computes the source's quickXorHash and counts bytes
//! while they stream by (so the file is read once), reports progress, stops at the next chunk
//! boundary once the run is cancelled, and starts again from the first byte when an expired
//! upload session makes the upload send the file again.

use std::sync::Arc;

use bytes::Bytes;
use tokio_util::sync::CancellationToken;

use super::Observer;
use crate::source::{SourceChanged, SourceFile, SourceReader, changed_while_read};
use crate::vocab::chunk_read::ChunkRead;
use crate::vocab::quick_xor::QuickXor;

/// What a cancelled read says, in the error it returns and in the item's `last_error`.
pub(super) const INTERRUPTED: &str = "interrupted by Ctrl-C before the upload finished";

/// A [`SourceReader`] that hashes, counts and can be interrupted.
pub(super) struct HashingReader {
    inner: SourceReader,
    /// The file, to open it again on a restart.
    file: SourceFile,
    hash: QuickXor,
    bytes_read: u64,
    reached_end: bool,
    /// A read was refused because the run was cancelled: the upload ended on that refusal.
    interrupted: bool,
    /// How many times the file was opened: 1, and one more for each restart.
    opened: u32,
    /// The last read (or opening again) found the file changed since it was opened.
    changed: Option<SourceChanged>,
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
            interrupted: false,
            changed: None,
            opened: 1,
            site,
            observer,
            cancel,
        }
    }

    /// Bytes read so far.
    pub(super) fn bytes_read(&self) -> u64 {
        self.bytes_read
    }

    /// Whether a read was refused because the run was cancelled. The upload stops on the
    /// first refused read, so an upload that failed after one ended because of Ctrl-C, not
    /// because of the tenant or the source: the item is `not-run`, not `failed`.
    pub(super) fn interrupted(&self) -> bool {
        self.interrupted
    }

    /// Why the upload's read stopped, when it stopped because the file changed while it was
    /// read (or its size is no longer the one listed): the upload never sent its last bytes.
    pub(super) fn changed(&self) -> Option<&SourceChanged> {
        self.changed.as_ref()
    }

    /// How many times the file was opened for this item (each restart opens it again).
    pub(super) fn opened(&self) -> u32 {
        self.opened
    }

    /// Remembers a read error that says the file changed, and hands the error on.
    fn noting_change(&mut self, error: std::io::Error) -> std::io::Error {
        if let Some(changed) = changed_while_read(&error) {
            self.changed = Some(changed.clone());
        }
        error
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
                self.interrupted = true;
                return Err(std::io::Error::new(
                    std::io::ErrorKind::Interrupted,
                    INTERRUPTED,
                ));
            }
            let chunk = match self.inner.read_chunk(max).await {
                Ok(chunk) => chunk,
                Err(error) => return Err(self.noting_change(error)),
            };
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

    /// Opens the source again and forgets the hash, the count and any change seen so far: the
    /// hash stays the one of the bytes actually sent in the session that succeeds, and the file's
    /// identity is taken afresh.
    fn restart(&mut self) -> futures::future::BoxFuture<'_, std::io::Result<()>> {
        Box::pin(async move {
            self.changed = None;
            self.opened += 1;
            self.inner = match SourceReader::open(&self.file).await {
                Ok(inner) => inner,
                Err(error) => return Err(self.noting_change(error)),
            };
            self.hash = QuickXor::new();
            self.bytes_read = 0;
            self.reached_end = false;
            Ok(())
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::NoObserver;
    use crate::source::FileOrigin;

    #[tokio::test]
    async fn a_read_after_cancellation_is_refused_and_remembered() {
        let file = SourceFile {
            rel_path: "a.txt".to_string(),
            size: 8,
            created: None,
            modified: None,
            origin: FileOrigin::Synthetic { seed: 2, index: 0 },
        };
        let cancel = CancellationToken::new();
        let source = SourceReader::open(&file).await.expect("open");
        let mut reader = HashingReader::new(source, file, 0, Arc::new(NoObserver), cancel.clone());
        assert_eq!(reader.read_chunk(4).await.expect("read").len(), 4);
        assert!(!reader.interrupted());
        cancel.cancel();
        let refused = reader.read_chunk(4).await.expect_err("cancelled");
        assert_eq!(refused.kind(), std::io::ErrorKind::Interrupted);
        assert!(reader.interrupted());
        assert_eq!(reader.bytes_read(), 4);
    }

    /// A local file rewritten at the same size after it was opened: the read to its end is
    /// refused, the reader says why, and a restart takes the file afresh and reads it whole.
    #[tokio::test]
    async fn a_file_rewritten_while_read_is_noted_and_a_restart_reads_it_afresh() {
        let dir = std::env::temp_dir().join(format!("pilotbench-reader-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("dir");
        let path = dir.join("a.bin");
        std::fs::write(&path, [1u8; 16]).expect("version 1");
        let file = SourceFile {
            rel_path: "a.bin".to_string(),
            size: 16,
            created: None,
            modified: None,
            origin: FileOrigin::Local(path.clone()),
        };
        let source = SourceReader::open(&file).await.expect("open");
        let cancel = CancellationToken::new();
        let mut reader = HashingReader::new(source, file, 0, Arc::new(NoObserver), cancel);
        assert_eq!(reader.read_chunk(8).await.expect("read").len(), 8);
        // Past any coarse timestamp tick, then the same size again.
        std::thread::sleep(std::time::Duration::from_millis(20));
        std::fs::write(&path, [2u8; 16]).expect("version 2");
        assert_eq!(reader.read_chunk(8).await.expect("read").len(), 8);
        let refused = reader.read_chunk(8).await.expect_err("changed");
        assert!(
            refused.to_string().contains("changed while it was read"),
            "{refused}"
        );
        let changed = reader.changed().expect("noted").what.clone();
        assert!(changed.contains("modification time"), "{changed}");
        reader.restart().await.expect("restart");
        assert!(reader.changed().is_none());
        assert_eq!(reader.opened(), 2);
        assert_eq!(reader.read_chunk(16).await.expect("read").len(), 16);
        assert!(reader.read_chunk(16).await.expect("end").is_empty());
        assert!(reader.finish(16).is_some());
        let _ = std::fs::remove_dir_all(&dir);
    }
}
