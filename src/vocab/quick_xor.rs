//! QuickXorHash as Graph reports it (`file.hashes.quickXorHash`: standard base64, with padding,
//! of the 20-byte digest). Streaming: the result does not depend on how input is split.
//!
//! Shared vocabulary: the engine hashes the source as it reads it, the client and the simulated
//! tenant compare with the tenant's figure, and the tests check sources against it.

use base64::Engine as _;

/// An incremental QuickXorHash.
#[derive(Default)]
pub struct QuickXor {
    inner: quickxorhash::QuickXorHash,
}

impl std::fmt::Debug for QuickXor {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("QuickXor")
    }
}

impl QuickXor {
    /// A fresh hash of nothing.
    pub fn new() -> QuickXor {
        QuickXor::default()
    }

    /// Feeds bytes.
    pub fn update(&mut self, bytes: &[u8]) {
        self.inner.update(bytes);
    }

    /// The digest as Graph spells it (base64 of 20 bytes, 28 characters).
    pub fn finish_base64(mut self) -> String {
        base64::engine::general_purpose::STANDARD.encode(self.inner.finalize())
    }
}

/// The QuickXorHash of `bytes`, as Graph spells it.
pub fn quick_xor_base64(bytes: &[u8]) -> String {
    let mut hash = QuickXor::new();
    hash.update(bytes);
    hash.finish_base64()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The checked values of `docs/graph-notes.md` §6.
    #[test]
    fn matches_published_smoke_vectors() {
        assert_eq!(quick_xor_base64(b""), "AAAAAAAAAAAAAAAAAAAAAAAAAAA=");
        assert_eq!(quick_xor_base64(b"a"), "YQAAAAAAAAAAAAAAAQAAAAAAAAA=");
        assert_eq!(quick_xor_base64(b"abc"), "YRDDGAAAAAAAAAAAAwAAAAAAAAA=");
        assert_eq!(
            quick_xor_base64(b"hello world"),
            "aCgDG9jwBhDc4Q1yawMZAAAAAAA="
        );
        assert_eq!(
            quick_xor_base64(b"The quick brown fox jumps over the lazy dog"),
            "bMSlbysmxJL6S75XwfMcQZOpcr4="
        );
    }

    #[test]
    fn split_input_gives_the_same_digest() {
        let data: Vec<u8> = (0..1000u32).map(|i| (i * 7 % 251) as u8).collect();
        let mut split = QuickXor::new();
        for piece in data.chunks(37) {
            split.update(piece);
        }
        assert_eq!(split.finish_base64(), quick_xor_base64(&data));
    }
}
