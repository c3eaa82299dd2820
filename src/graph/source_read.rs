//! Reading a file's bytes for an upload from a [`ChunkRead`]: exactly the bytes a request
//! needs, no more, and a check that the file has as many bytes as the plan said.

use bytes::{Bytes, BytesMut};

use super::GraphError;
use crate::vocab::chunk_read::ChunkRead;

/// Reads exactly `want` bytes, the file's bytes from `offset` on, into one buffer. A file that
/// ends early is a [`GraphError::Source`] naming the expected and the actual size.
pub(super) async fn read_exact(
    reader: &mut dyn ChunkRead,
    want: u64,
    offset: u64,
    total: u64,
) -> Result<Bytes, GraphError> {
    let want = usize::try_from(want)
        .map_err(|_| GraphError::Source(format!("a fragment of {want} bytes does not fit")))?;
    let mut pieces: Vec<Bytes> = Vec::new();
    let mut have = 0usize;
    while have < want {
        let piece = read(reader, want - have).await?;
        if piece.is_empty() {
            return Err(changed(total, offset + have as u64, false));
        }
        if piece.len() > want - have {
            return Err(GraphError::Source(format!(
                "the source returned {} bytes when asked for at most {}",
                piece.len(),
                want - have
            )));
        }
        have += piece.len();
        pieces.push(piece);
    }
    if pieces.len() == 1 {
        return Ok(pieces.pop().unwrap_or_default());
    }
    let mut buffer = BytesMut::with_capacity(want);
    for piece in pieces {
        buffer.extend_from_slice(&piece);
    }
    Ok(buffer.freeze())
}

/// Checks that the reader is at its end after `total` bytes.
pub(super) async fn ensure_at_end(
    reader: &mut dyn ChunkRead,
    total: u64,
) -> Result<(), GraphError> {
    let extra = read(reader, 1).await?;
    if extra.is_empty() {
        Ok(())
    } else {
        Err(changed(total, total + extra.len() as u64, true))
    }
}

async fn read(reader: &mut dyn ChunkRead, max: usize) -> Result<Bytes, GraphError> {
    reader
        .read_chunk(max)
        .await
        .map_err(|e| GraphError::Source(e.to_string()))
}

fn changed(expected: u64, read: u64, at_least: bool) -> GraphError {
    let qualifier = if at_least { "at least " } else { "" };
    GraphError::Source(format!(
        "file changed while reading: expected {expected} bytes, read {qualifier}{read}"
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use futures::future::BoxFuture;

    /// Hands out `data` in pieces of at most `piece` bytes.
    struct Pieces {
        data: Bytes,
        piece: usize,
    }

    impl ChunkRead for Pieces {
        fn read_chunk(&mut self, max: usize) -> BoxFuture<'_, std::io::Result<Bytes>> {
            let n = max.min(self.piece).min(self.data.len());
            let out = self.data.split_to(n);
            Box::pin(async move { Ok(out) })
        }
    }

    struct Broken;

    impl ChunkRead for Broken {
        fn read_chunk(&mut self, _max: usize) -> BoxFuture<'_, std::io::Result<Bytes>> {
            Box::pin(async { Err(std::io::Error::other("disk on fire")) })
        }
    }

    fn data(n: usize) -> Bytes {
        (0..n).map(|i| (i % 251) as u8).collect::<Vec<u8>>().into()
    }

    #[tokio::test]
    async fn reads_exactly_what_is_asked_across_small_pieces() {
        let mut reader = Pieces {
            data: data(100),
            piece: 7,
        };
        let first = read_exact(&mut reader, 60, 0, 100).await.expect("first");
        assert_eq!(first, data(100).slice(..60));
        let rest = read_exact(&mut reader, 40, 60, 100).await.expect("rest");
        assert_eq!(rest, data(100).slice(60..));
        ensure_at_end(&mut reader, 100).await.expect("at end");
    }

    #[tokio::test]
    async fn a_short_file_names_both_sizes() {
        let mut reader = Pieces {
            data: data(10),
            piece: 4,
        };
        let error = read_exact(&mut reader, 16, 0, 16).await.expect_err("short");
        assert_eq!(
            error,
            GraphError::Source("file changed while reading: expected 16 bytes, read 10".into())
        );
    }

    #[tokio::test]
    async fn a_longer_file_is_caught() {
        let mut reader = Pieces {
            data: data(11),
            piece: 64,
        };
        read_exact(&mut reader, 10, 0, 10).await.expect("ten");
        let error = ensure_at_end(&mut reader, 10).await.expect_err("long");
        assert_eq!(
            error,
            GraphError::Source(
                "file changed while reading: expected 10 bytes, read at least 11".into()
            )
        );
    }

    #[tokio::test]
    async fn read_errors_become_source_errors() {
        let error = read_exact(&mut Broken, 1, 0, 1).await.expect_err("broken");
        assert_eq!(error, GraphError::Source("disk on fire".into()));
    }
}
