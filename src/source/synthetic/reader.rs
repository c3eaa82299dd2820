//! One synthetic file's bytes: a ChaCha8 stream seeded from the source's seed and the file's
//! index, generated chunk by chunk as it is read.
//!
//! ChaCha's `fill_bytes` discards the unused bytes of a partly used 32-bit word, which would
//! make the stream depend on the chunk sizes asked for. The reader therefore only ever asks
//! the generator for whole words and keeps the unread bytes of the last word for the next
//! chunk, so the bytes are the same however the file is read.

use bytes::Bytes;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

/// Bytes per generator word.
const WORD: usize = 4;

/// Generates one file's bytes.
pub(in crate::source) struct SyntheticReader {
    /// Boxed: the generator's state and block buffer are a few hundred bytes.
    rng: Box<ChaCha8Rng>,
    remaining: u64,
    /// The last generated word; its bytes from `carry_at` on have not been handed out yet.
    carry: [u8; WORD],
    carry_at: usize,
}

impl SyntheticReader {
    pub(in crate::source) fn new(seed: u64, index: u64, size: u64) -> SyntheticReader {
        SyntheticReader {
            rng: Box::new(ChaCha8Rng::seed_from_u64(mix(seed, index))),
            remaining: size,
            carry: [0; WORD],
            carry_at: WORD,
        }
    }

    /// `min(max, remaining)` bytes; empty at the end.
    pub(in crate::source) fn read_chunk(&mut self, max: usize) -> Bytes {
        let want = usize::try_from(self.remaining).map_or(max, |left| left.min(max));
        let mut buffer = vec![0u8; want];
        let from_carry = want.min(WORD - self.carry_at);
        buffer[..from_carry]
            .copy_from_slice(&self.carry[self.carry_at..self.carry_at + from_carry]);
        self.carry_at += from_carry;
        let rest = &mut buffer[from_carry..];
        let whole = rest.len() / WORD * WORD;
        let (words, tail) = rest.split_at_mut(whole);
        self.rng.fill_bytes(words);
        if !tail.is_empty() {
            self.rng.fill_bytes(&mut self.carry);
            tail.copy_from_slice(&self.carry[..tail.len()]);
            self.carry_at = tail.len();
        }
        self.remaining -= want as u64;
        Bytes::from(buffer)
    }
}

/// Mixes a seed and a stream number into one well-spread 64-bit seed (SplitMix64 finaliser).
pub(super) fn mix(seed: u64, stream: u64) -> u64 {
    splitmix64(splitmix64(seed) ^ stream.wrapping_mul(0x9E37_79B9_7F4A_7C15))
}

fn splitmix64(x: u64) -> u64 {
    let mut z = x.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}
