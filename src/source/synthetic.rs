//! Deterministic generated content: the same seed gives the same names, sizes and bytes.
//! Bytes are generated as they are read, never held whole in memory.
//!
//! Layout: `depth` levels of folders with `fan_out` subfolders each (at most
//! [`MAX_SYNTHETIC_FOLDERS`], generated level by level), and `files` files spread over the root
//! and every folder by a seeded uniform choice. All names, sizes and timestamps come from one
//! ChaCha8 stream seeded from the source's seed; each file's bytes come from its own stream
//! (see [`reader`]), so any file can be read on its own, in any order.

mod names;
mod reader;

use std::time::{Duration, SystemTime};

use rand::{Rng, RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;
use rand_distr::StandardNormal;

pub(super) use reader::SyntheticReader;

use super::tree::{FileOrigin, SourceFile, SourceTree, path_order};
use crate::scenario::{SizeDistribution, SyntheticSpec};

/// The most folders a synthetic tree gets, however deep and wide the spec asks for: beyond
/// it, folder generation stops (the last level is partial), so a typo cannot exhaust memory.
pub const MAX_SYNTHETIC_FOLDERS: usize = 100_000;

/// 2020-01-01T00:00:00Z, the earliest synthetic creation time.
const EARLIEST_SECS: u64 = 1_577_836_800;
/// 2025-01-01T00:00:00Z, the end of the synthetic time window.
const END_SECS: u64 = 1_735_689_600;

/// Lists the synthetic files and folders.
pub(super) fn enumerate(spec: &SyntheticSpec) -> SourceTree {
    let mut rng = ChaCha8Rng::seed_from_u64(reader::mix(spec.seed, TREE_STREAM));
    let mut folders = folder_tree(spec.depth, spec.fan_out, MAX_SYNTHETIC_FOLDERS, &mut rng);
    let number_offset = rng.random_range(0..1_000u64);

    let capacity = usize::try_from(spec.files).map_or(0, |n| n.min(1 << 20));
    let mut files = Vec::with_capacity(capacity);
    for index in 0..spec.files {
        let slot = rng.random_range(0..=folders.len());
        let name = names::file_name(index.wrapping_add(number_offset), &mut rng);
        let rel_path = match slot.checked_sub(1).and_then(|i| folders.get(i)) {
            Some(folder) => format!("{folder}/{name}"),
            None => name,
        };
        let size = draw_size(&spec.size, &mut rng);
        let (created, modified) = draw_times(&mut rng);
        files.push(SourceFile {
            rel_path,
            size,
            created: Some(created),
            modified: Some(modified),
            origin: FileOrigin::Synthetic {
                seed: spec.seed,
                index,
            },
        });
    }
    files.sort_unstable_by(|a, b| path_order(&a.rel_path, &b.rel_path));
    folders.sort_unstable_by(|a, b| path_order(a, b));
    SourceTree { folders, files }
}

/// Distinguishes the tree's random stream from every file's content stream.
const TREE_STREAM: u64 = u64::MAX;

/// Folder paths, level by level: `fan_out` children under the root and under every folder of
/// the previous level, down to `depth` levels, at most `limit` (the last level then partial).
fn folder_tree(depth: u32, fan_out: u32, limit: usize, rng: &mut ChaCha8Rng) -> Vec<String> {
    let mut folders: Vec<String> = Vec::new();
    let mut previous_level = 0..0;
    for level in 0..depth {
        let level_start = folders.len();
        let parents = if level == 0 { 1 } else { previous_level.len() };
        for parent in 0..parents {
            for child in 1..=fan_out {
                if folders.len() >= limit {
                    return folders;
                }
                let name = names::folder_name(child, rng);
                let path = if level == 0 {
                    name
                } else {
                    format!("{}/{name}", folders[previous_level.start + parent])
                };
                folders.push(path);
            }
        }
        if folders.len() == level_start {
            break; // fan_out 0: no deeper levels either
        }
        previous_level = level_start..folders.len();
    }
    folders
}

/// One file size from the distribution. Inverted uniform bounds are swapped; a lognormal with
/// a non-finite sigma is treated as sigma 0.
fn draw_size(distribution: &SizeDistribution, rng: &mut impl Rng) -> u64 {
    match *distribution {
        SizeDistribution::Fixed { value } => value,
        SizeDistribution::Uniform { min, max } => rng.random_range(min.min(max)..=max.max(min)),
        SizeDistribution::LogNormal { median, sigma, max } => {
            let sigma = if sigma.is_finite() { sigma.abs() } else { 0.0 };
            let z: f64 = rng.sample(StandardNormal);
            if sigma == 0.0 || median == 0 {
                return median.min(max);
            }
            let value = (median as f64 * (sigma * z).exp()).round();
            // `as` saturates: huge draws become u64::MAX, then the cap applies.
            (value as u64).min(max)
        }
    }
}

/// A creation time in 2020-2024 and a modification time between it and the end of 2024.
fn draw_times(rng: &mut impl Rng) -> (SystemTime, SystemTime) {
    let created = rng.random_range(EARLIEST_SECS..END_SECS);
    let modified = created + rng.random_range(0..=(END_SECS - created).min(2 * 365 * 86_400));
    let at = |secs: u64| SystemTime::UNIX_EPOCH + Duration::from_secs(secs);
    (at(created), at(modified))
}

#[cfg(test)]
mod tests;
