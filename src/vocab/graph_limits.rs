//! Graph's upload-session size limits, written once: the scenario checks `[engine] chunk_size`
//! against them, the client rounds its fragments to them and the simulated tenant enforces
//! them, so the three cannot drift apart.

use super::units::{KIB, MIB};

/// Upload-session fragments other than the last must be multiples of 320 KiB (Graph docs).
pub const FRAGMENT_MULTIPLE: u64 = 320 * KIB;

/// Upload-session fragments must be smaller than 60 MiB (Graph docs).
pub const FRAGMENT_LIMIT: u64 = 60 * MIB;
