//! Tests of the synthetic source: determinism, layout, size distributions and streamed bytes.

use std::collections::HashSet;

use super::*;
use crate::vocab::quick_xor::QuickXor;
use crate::vocab::quick_xor::quick_xor_base64;

fn spec(files: u64, depth: u32, fan_out: u32, seed: u64, size: SizeDistribution) -> SyntheticSpec {
    SyntheticSpec {
        files,
        depth,
        fan_out,
        seed,
        size,
    }
}

fn lognormal() -> SizeDistribution {
    SizeDistribution::LogNormal {
        median: 256 * 1024,
        sigma: 1.2,
        max: 64 * 1024 * 1024,
    }
}

fn read_all(seed: u64, index: u64, size: u64, chunk: usize) -> (Vec<u8>, Vec<usize>) {
    let mut reader = SyntheticReader::new(seed, index, size);
    let mut bytes = Vec::new();
    let mut lengths = Vec::new();
    loop {
        let piece = reader.read_chunk(chunk);
        if piece.is_empty() {
            return (bytes, lengths);
        }
        lengths.push(piece.len());
        bytes.extend_from_slice(&piece);
    }
}

#[test]
fn same_seed_same_tree_other_seed_other_tree() {
    let a = enumerate(&spec(500, 2, 3, 7, lognormal()));
    let b = enumerate(&spec(500, 2, 3, 7, lognormal()));
    assert_eq!(a, b);
    let c = enumerate(&spec(500, 2, 3, 8, lognormal()));
    assert_ne!(a.folders, c.folders);
    let names = |t: &SourceTree| {
        t.files
            .iter()
            .map(|f| f.rel_path.clone())
            .collect::<Vec<_>>()
    };
    assert_ne!(names(&a), names(&c));
    let sizes = |t: &SourceTree| {
        let mut s: Vec<u64> = t.files.iter().map(|f| f.size).collect();
        s.sort_unstable();
        s
    };
    assert_ne!(sizes(&a), sizes(&c));
    assert!(
        a.files.iter().all(|f| {
            matches!(f.origin, FileOrigin::Synthetic { seed: 7, index } if index < 500)
        })
    );
}

#[test]
fn folder_count_follows_depth_and_fan_out_and_files_use_every_level() {
    let tree = enumerate(&spec(2_000, 3, 4, 1, SizeDistribution::Fixed { value: 1 }));
    assert_eq!(tree.folders.len(), 4 + 16 + 64);
    let depth_of = |p: &str| p.matches('/').count() + 1;
    assert_eq!(tree.folders.iter().filter(|f| depth_of(f) == 3).count(), 64);
    for (i, folder) in tree.folders.iter().enumerate() {
        if let Some((parent, _)) = folder.rsplit_once('/') {
            let at = tree.folders.iter().position(|f| f == parent);
            assert!(at.is_some_and(|p| p < i), "{parent} must precede {folder}");
        }
    }
    let folders: HashSet<&str> = tree.folders.iter().map(String::as_str).collect();
    let mut used = HashSet::new();
    for file in &tree.files {
        let parent = file.rel_path.rsplit_once('/').map_or("", |(p, _)| p);
        assert!(
            parent.is_empty() || folders.contains(parent),
            "{}",
            file.rel_path
        );
        used.insert(parent);
    }
    assert!(used.contains(""), "the root holds files too");
    assert_eq!(
        used.len(),
        85,
        "2,000 files over 85 places leave none empty"
    );

    let flat = enumerate(&spec(10, 0, 4, 1, SizeDistribution::Fixed { value: 1 }));
    assert!(flat.folders.is_empty());
    assert!(flat.files.iter().all(|f| !f.rel_path.contains('/')));
    let no_fan = enumerate(&spec(10, 5, 0, 1, SizeDistribution::Fixed { value: 1 }));
    assert!(no_fan.folders.is_empty());
}

#[test]
fn folder_generation_stops_at_the_limit_with_parents_first() {
    let mut rng = ChaCha8Rng::seed_from_u64(1);
    let folders = folder_tree(30, 10, 150, &mut rng);
    assert_eq!(folders.len(), 150);
    let depth_of = |p: &str| p.matches('/').count() + 1;
    assert_eq!(folders.iter().filter(|f| depth_of(f) == 1).count(), 10);
    assert_eq!(folders.iter().filter(|f| depth_of(f) == 2).count(), 100);
    assert_eq!(folders.iter().filter(|f| depth_of(f) == 3).count(), 40);
    for folder in &folders {
        if let Some((parent, _)) = folder.rsplit_once('/') {
            assert!(folders.iter().any(|f| f == parent), "{parent} missing");
        }
    }
}

#[test]
fn names_are_unique_varied_and_sorted() {
    let tree = enumerate(&spec(20_000, 2, 5, 3, lognormal()));
    let paths: HashSet<&str> = tree.files.iter().map(|f| f.rel_path.as_str()).collect();
    assert_eq!(paths.len(), 20_000);
    let base = |p: &str| p.rsplit('/').next().unwrap_or(p).to_string();
    let names: HashSet<String> = tree.files.iter().map(|f| base(&f.rel_path)).collect();
    assert_eq!(names.len(), 20_000, "unique even without their folders");
    let extensions: HashSet<&str> = tree
        .files
        .iter()
        .filter_map(|f| f.rel_path.rsplit_once('.').map(|(_, e)| e))
        .collect();
    assert!(extensions.len() >= 8, "{extensions:?}");
    let lengths: HashSet<usize> = names.iter().map(String::len).collect();
    assert!(lengths.len() >= 15, "name lengths vary: {lengths:?}");
    assert!(names.iter().any(|n| n.contains(' ')));
    for pair in tree.files.windows(2) {
        assert_eq!(
            path_order(&pair[0].rel_path, &pair[1].rel_path),
            std::cmp::Ordering::Less
        );
    }
}

#[test]
fn fixed_and_uniform_sizes() {
    let fixed = enumerate(&spec(
        300,
        1,
        2,
        4,
        SizeDistribution::Fixed { value: 12_345 },
    ));
    assert!(fixed.files.iter().all(|f| f.size == 12_345));
    assert_eq!(fixed.total_bytes(), 300 * 12_345);

    let uniform = enumerate(&spec(
        5_000,
        1,
        2,
        4,
        SizeDistribution::Uniform { min: 100, max: 200 },
    ));
    let sizes: Vec<u64> = uniform.files.iter().map(|f| f.size).collect();
    assert!(sizes.iter().all(|s| (100..=200).contains(s)));
    assert!(
        sizes.contains(&100) && sizes.contains(&200),
        "bounds are inclusive"
    );
    let swapped = enumerate(&spec(
        50,
        0,
        0,
        4,
        SizeDistribution::Uniform { min: 9, max: 3 },
    ));
    assert!(swapped.files.iter().all(|f| (3..=9).contains(&f.size)));
}

#[test]
fn lognormal_sizes_have_the_median_and_respect_the_cap() {
    let median = 256 * 1024;
    let max = 4 * 1024 * 1024;
    let tree = enumerate(&spec(
        20_000,
        0,
        0,
        5,
        SizeDistribution::LogNormal {
            median,
            sigma: 1.2,
            max,
        },
    ));
    let mut sizes: Vec<u64> = tree.files.iter().map(|f| f.size).collect();
    sizes.sort_unstable();
    let observed = sizes[sizes.len() / 2] as f64;
    assert!(
        (observed / median as f64 - 1.0).abs() < 0.10,
        "median {observed} should be near {median}"
    );
    assert_eq!(sizes.last(), Some(&max), "some draws hit the cap");
    assert!(
        sizes[0] < median / 10,
        "the left tail is there: {}",
        sizes[0]
    );

    let flat = enumerate(&spec(
        20,
        0,
        0,
        5,
        SizeDistribution::LogNormal {
            median,
            sigma: 0.0,
            max,
        },
    ));
    assert!(flat.files.iter().all(|f| f.size == median));
}

#[test]
fn timestamps_are_in_the_window_and_ordered() {
    let tree = enumerate(&spec(1_000, 1, 3, 6, SizeDistribution::Fixed { value: 1 }));
    let start = SystemTime::UNIX_EPOCH + Duration::from_secs(EARLIEST_SECS);
    let end = SystemTime::UNIX_EPOCH + Duration::from_secs(END_SECS);
    for file in &tree.files {
        let (Some(created), Some(modified)) = (file.created, file.modified) else {
            panic!("{} has no timestamps", file.rel_path);
        };
        assert!(start <= created && created <= modified && modified <= end);
    }
}

#[test]
fn bytes_do_not_depend_on_chunk_size() {
    let size = 3 * 1024 * 1024 + 5;
    let (big, big_lengths) = read_all(11, 42, size, 1024 * 1024);
    assert_eq!(big_lengths, [1 << 20, 1 << 20, 1 << 20, 5]);
    let (small, small_lengths) = read_all(11, 42, size, 7);
    assert!(
        small_lengths[..small_lengths.len() - 1]
            .iter()
            .all(|&n| n == 7)
    );
    assert_eq!(big.len() as u64, size);
    assert_eq!(quick_xor_base64(&big), quick_xor_base64(&small));
    assert_eq!(big, small);

    // Mixed chunk sizes, hashed as streamed.
    let mut reader = SyntheticReader::new(11, 42, size);
    let mut hash = QuickXor::new();
    for chunk in [1usize, 3, 4, 5, 1000, 65_536].iter().cycle() {
        let piece = reader.read_chunk(*chunk);
        if piece.is_empty() {
            break;
        }
        hash.update(&piece);
    }
    assert_eq!(hash.finish_base64(), quick_xor_base64(&big));

    let (again, _) = read_all(11, 42, size, 4096);
    assert_eq!(again, big, "reading twice gives the same bytes");
    let (other_index, _) = read_all(11, 43, 4096, 4096);
    let (other_seed, _) = read_all(12, 42, 4096, 4096);
    assert_ne!(other_index, big[..4096]);
    assert_ne!(other_seed, big[..4096]);
}

#[test]
fn empty_files_read_as_empty() {
    let (bytes, lengths) = read_all(1, 0, 0, 1024);
    assert!(bytes.is_empty() && lengths.is_empty());
    let tree = enumerate(&spec(3, 0, 0, 1, SizeDistribution::Fixed { value: 0 }));
    assert_eq!(tree.total_bytes(), 0);
}

/// Release builds measure at full scale; debug builds (unoptimised ChaCha) check the logic on
/// a smaller scale and assert no timing.
const RELEASE: bool = !cfg!(debug_assertions);

#[test]
fn reads_fast_enough() {
    let mib: usize = if RELEASE { 256 } else { 8 };
    let started = std::time::Instant::now();
    let mut reader = SyntheticReader::new(1, 1, (mib << 20) as u64);
    let mut total = 0;
    loop {
        let chunk = reader.read_chunk(10 * 1024 * 1024);
        if chunk.is_empty() {
            break;
        }
        total += chunk.len();
    }
    let elapsed = started.elapsed().as_secs_f64().max(1e-9);
    assert_eq!(total, mib << 20);
    let rate = mib as f64 / elapsed;
    eprintln!("synthetic read: {rate:.0} MiB/s");
    if RELEASE {
        // The aim is 1 GiB/s; the bound leaves room for a busy two-core machine.
        assert!(rate > 300.0, "{rate:.0} MiB/s");
    }
}

#[test]
fn enumerating_many_files_is_quick_and_light() {
    let files: u64 = if RELEASE { 100_000 } else { 10_000 };
    let started = std::time::Instant::now();
    let tree = enumerate(&spec(files, 3, 4, 1, lognormal()));
    let elapsed = started.elapsed();
    assert_eq!(tree.files.len() as u64, files);
    let heap: usize = tree.files.capacity() * std::mem::size_of::<SourceFile>()
        + tree
            .files
            .iter()
            .map(|f| f.rel_path.capacity())
            .sum::<usize>()
        + tree.folders.iter().map(String::capacity).sum::<usize>();
    eprintln!(
        "synthetic enumerate {files} files: {elapsed:?}, about {:.1} MiB held",
        heap as f64 / 1_048_576.0
    );
    // 30 MB per 100,000 files.
    assert!(
        (heap as u64) < 300 * files,
        "{heap} bytes for {files} files"
    );
    if RELEASE {
        // The aim is 0.5 s; the bound leaves room for a busy machine.
        assert!(elapsed.as_secs_f64() < 1.0, "{elapsed:?}");
    }
}
