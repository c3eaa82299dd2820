//! The seam between a source and an upload: a file's bytes in order, chunk by chunk. Sources
//! implement it and the Graph client consumes it, so neither depends on the other.

use bytes::Bytes;

/// Something that yields a file's bytes in order. Implemented by the source readers (wrapped by
/// the engine so the source hash is computed as bytes go by).
pub trait ChunkRead: Send {
    /// Reads up to `max` bytes; an empty result means end of file.
    fn read_chunk(&mut self, max: usize) -> futures::future::BoxFuture<'_, std::io::Result<Bytes>>;

    /// Starts again from the first byte, forgetting what was read (an upload session expired
    /// and the file must be sent again from the start). Readers that cannot do it keep this
    /// default, which refuses with [`std::io::ErrorKind::Unsupported`].
    fn restart(&mut self) -> futures::future::BoxFuture<'_, std::io::Result<()>> {
        Box::pin(async {
            Err(std::io::Error::new(
                std::io::ErrorKind::Unsupported,
                "this source cannot be read again from the start",
            ))
        })
    }
}
