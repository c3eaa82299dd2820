//! Deterministic generated content: the same seed gives the same names, sizes and bytes.
//! Bytes are generated as they are read, never held whole in memory.

use bytes::Bytes;

use super::SourceTree;
use crate::scenario::SyntheticSpec;

/// Lists the synthetic files and folders.
pub(super) fn enumerate(spec: &SyntheticSpec) -> SourceTree {
    let _ = spec;
    todo!("synthetic::enumerate")
}

/// Generates one file's bytes.
pub(super) struct SyntheticReader {}

impl SyntheticReader {
    pub(super) fn new(seed: u64, index: u64, size: u64) -> SyntheticReader {
        let _ = (seed, index, size);
        todo!()
    }

    pub(super) fn read_chunk(&mut self, max: usize) -> Bytes {
        let _ = max;
        todo!()
    }
}
