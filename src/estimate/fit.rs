//! The cost model fitted on the pilot's own items: per size bucket, a per-item overhead and a
//! per-byte time (least squares of item duration on item size), measured at the concurrency
//! the pilot ran at and with whatever throttling it met (gate waits and retries are inside
//! each item's `duration_ms` and inside the sites' wall times). Beside it, `site_fit` fits
//! what a site costs beyond its items' requests.

use crate::run_folder::{ItemRow, RunEvidence};
use crate::scenario::SiteMode;
use crate::vocab::outcome::Outcome;
use crate::vocab::size_bucket::SizeBucket;
use crate::vocab::units::MIB;

use super::site_fit::{duration_us, fit_sites};
use super::types::{BucketFit, FittedOn};

/// Fewer copied items than this in a bucket and its fit is `sparse`.
pub const MIN_BUCKET_SAMPLES: u64 = 10;

/// One copied pilot item: its size and how long it took.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Sample {
    /// Bytes.
    pub size: u64,
    /// From its first request to its end, µs.
    pub duration_us: f64,
}

/// The fitted model, with the samples the bootstrap draws from.
#[derive(Debug, Clone, PartialEq)]
pub struct CostModel {
    /// What it was fitted on (reported as is).
    pub fitted_on: FittedOn,
    /// Copied items per bucket (index = [`SizeBucket::index`]).
    pub samples: [Vec<Sample>; 5],
    /// Per-item overhead per bucket, µs (borrowed from a neighbour when a bucket has none).
    pub overhead_us: [f64; 5],
    /// Time per byte per bucket, µs (borrowed likewise).
    pub us_per_byte: [f64; 5],
    /// Mean size of the pilot's copied items per bucket (a nominal size where it has none).
    pub mean_size: [f64; 5],
    /// Share of the pilot's copied items in each bucket.
    pub item_share: [f64; 5],
}

/// A representative size for a bucket the pilot has no items in.
fn nominal_size(bucket: SizeBucket) -> f64 {
    (match bucket {
        SizeBucket::Under64K => 16 * 1024,
        SizeBucket::Under1M => 256 * 1024,
        SizeBucket::Under10M => 3 * MIB,
        SizeBucket::Under100M => 30 * MIB,
        SizeBucket::From100M => 200 * MIB,
    }) as f64
}

/// Whether an item was copied (the fit's samples).
fn copied(item: &ItemRow) -> bool {
    matches!(item.outcome, Outcome::Verified | Outcome::CopiedUnverified)
}

/// Least squares of duration on size: (intercept µs, slope µs per byte), or `None` when the
/// sizes do not vary.
fn least_squares(samples: &[Sample]) -> Option<(f64, f64)> {
    if samples.len() < 3 {
        return None;
    }
    let n = samples.len() as f64;
    let mean_size = samples.iter().map(|s| s.size as f64).sum::<f64>() / n;
    let mean_duration = samples.iter().map(|s| s.duration_us).sum::<f64>() / n;
    let (mut sxy, mut sxx) = (0.0, 0.0);
    for sample in samples {
        let dx = sample.size as f64 - mean_size;
        sxy += dx * (sample.duration_us - mean_duration);
        sxx += dx * dx;
    }
    if sxx <= 0.0 {
        return None;
    }
    let slope = sxy / sxx;
    Some((mean_duration - slope * mean_size, slope))
}

/// Overhead and per-byte time of one bucket's samples: the bucket's own regression when it
/// has enough samples and a sensible (non-negative) result, otherwise `pooled_slope` with the
/// overhead that makes the bucket's mean come out right.
fn bucket_line(samples: &[Sample], pooled_slope: f64) -> (f64, f64) {
    let n = samples.len() as f64;
    let mean_size = samples.iter().map(|s| s.size as f64).sum::<f64>() / n;
    let mean_duration = samples.iter().map(|s| s.duration_us).sum::<f64>() / n;
    let own = (samples.len() as u64 >= MIN_BUCKET_SAMPLES)
        .then(|| least_squares(samples))
        .flatten()
        .filter(|(intercept, slope)| *intercept >= 0.0 && *slope >= 0.0);
    let (intercept, slope) =
        own.unwrap_or((mean_duration - pooled_slope * mean_size, pooled_slope));
    if intercept >= 0.0 {
        (intercept, slope)
    } else {
        // The whole mean is per-byte time.
        (
            0.0,
            if mean_size > 0.0 {
                mean_duration / mean_size
            } else {
                0.0
            },
        )
    }
}

/// Fits the model on a run folder's items and summary. `None` when the pilot copied nothing.
pub fn fit(run: &RunEvidence) -> Option<CostModel> {
    let concurrency = run.summary.engine.concurrency.max(1);
    let mut samples: [Vec<Sample>; 5] = Default::default();
    for item in run.items.iter().filter(|item| copied(item)) {
        samples[SizeBucket::of(item.size_bytes).index()].push(Sample {
            size: item.size_bytes,
            duration_us: duration_us(item),
        });
    }
    let all: Vec<Sample> = samples.iter().flatten().copied().collect();
    if all.is_empty() {
        return None;
    }
    let pooled_slope = least_squares(&all)
        .map(|(_, slope)| slope)
        .filter(|slope| *slope >= 0.0)
        .unwrap_or(0.0);

    let mut overhead_us = [0.0; 5];
    let mut us_per_byte = [0.0; 5];
    let mut mean_size = [0.0; 5];
    let mut item_share = [0.0; 5];
    for bucket in SizeBucket::ALL {
        let index = bucket.index();
        let own = &samples[index];
        if own.is_empty() {
            mean_size[index] = nominal_size(bucket);
            continue;
        }
        let (overhead, per_byte) = bucket_line(own, pooled_slope);
        overhead_us[index] = overhead;
        us_per_byte[index] = per_byte;
        mean_size[index] = own.iter().map(|s| s.size as f64).sum::<f64>() / own.len() as f64;
        item_share[index] = own.len() as f64 / all.len() as f64;
    }
    borrow_for_empty_buckets(&samples, &mut overhead_us, &mut us_per_byte);

    let sites = fit_sites(run, concurrency);
    let buckets = SizeBucket::ALL
        .iter()
        .map(|&bucket| {
            let own = &samples[bucket.index()];
            let bytes: u64 = own.iter().map(|s| s.size).sum();
            let busy_us: f64 = own.iter().map(|s| s.duration_us).sum();
            let wall_share_s = busy_us / concurrency as f64 / 1e6;
            BucketFit {
                bucket,
                samples: own.len() as u64,
                bytes,
                overhead_us: overhead_us[bucket.index()],
                us_per_mib: us_per_byte[bucket.index()] * MIB as f64,
                mib_per_s: if wall_share_s > 0.0 {
                    bytes as f64 / MIB as f64 / wall_share_s
                } else {
                    0.0
                },
                sparse: (own.len() as u64) < MIN_BUCKET_SAMPLES,
            }
        })
        .collect();
    let failed = run
        .items
        .iter()
        .filter(|item| item.outcome == Outcome::Failed)
        .count() as u64;
    let fitted_on = FittedOn {
        items: all.len() as u64,
        bytes: all.iter().map(|s| s.size).sum(),
        concurrency,
        throttled_share: run.summary.total.throttling.throttled_share,
        buckets,
        failed_items: failed,
        sites: run.summary.sites.len(),
        wall_us: sites.wall_us as u64,
        site_overhead_us: sites.overhead_us,
        site_setup_us: sites.setup_us,
        source_us_per_mib: sites.source_us_per_byte * MIB as f64,
        effective_parallelism: sites.parallelism,
        largest_file: all.iter().map(|s| s.size).max().unwrap_or(0),
        throttled_wait_s: run.summary.total.results.throttled_wait_s,
        sites_parallel: run.summary.engine.sites == SiteMode::Parallel,
    };
    Some(CostModel {
        fitted_on,
        samples,
        overhead_us,
        us_per_byte,
        mean_size,
        item_share,
    })
}

/// A bucket without samples takes the per-item overhead of the nearest bucket that has some,
/// and the per-byte time of the largest bucket that has some (bandwidth governs big files).
fn borrow_for_empty_buckets(
    samples: &[Vec<Sample>; 5],
    overhead_us: &mut [f64; 5],
    us_per_byte: &mut [f64; 5],
) {
    let sampled: Vec<usize> = (0..5).filter(|&i| !samples[i].is_empty()).collect();
    let Some(&largest) = sampled.last() else {
        return;
    };
    for index in (0..5).filter(|&i| samples[i].is_empty()) {
        let nearest = sampled
            .iter()
            .copied()
            .min_by_key(|&i| (i.abs_diff(index), std::cmp::Reverse(i)))
            .unwrap_or(largest);
        overhead_us[index] = overhead_us[nearest];
        us_per_byte[index] = us_per_byte[largest];
    }
}

/// The bucket the model borrows an empty bucket's figures from, for messages.
pub fn nearest_sampled(model: &CostModel, bucket: SizeBucket) -> Option<SizeBucket> {
    let index = bucket.index();
    SizeBucket::ALL
        .iter()
        .copied()
        .filter(|b| !model.samples[b.index()].is_empty())
        .min_by_key(|b| (b.index().abs_diff(index), std::cmp::Reverse(b.index())))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample(size: u64, duration_us: f64) -> Sample {
        Sample { size, duration_us }
    }

    #[test]
    fn least_squares_recovers_a_line() {
        let samples: Vec<Sample> = (1..=20)
            .map(|i| sample(i * 1000, 5000.0 + 2.0 * (i * 1000) as f64))
            .collect();
        let (intercept, slope) = least_squares(&samples).expect("sizes vary");
        assert!((intercept - 5000.0).abs() < 1e-6, "{intercept}");
        assert!((slope - 2.0).abs() < 1e-9, "{slope}");
        assert!(least_squares(&[sample(5, 1.0), sample(5, 2.0), sample(5, 3.0)]).is_none());
    }

    #[test]
    fn a_sparse_or_odd_bucket_uses_the_pooled_slope_and_keeps_its_mean() {
        // Too few samples for a regression of its own: the pooled slope, and the overhead
        // that reproduces the bucket's mean duration.
        let few = [sample(1000, 3000.0), sample(3000, 5000.0)];
        let (overhead, per_byte) = bucket_line(&few, 0.5);
        assert_eq!(per_byte, 0.5);
        assert!((overhead + 0.5 * 2000.0 - 4000.0).abs() < 1e-9);
        // A negative intercept: everything is per-byte time.
        let (overhead, per_byte) = bucket_line(&few, 10.0);
        assert_eq!(overhead, 0.0);
        assert!((per_byte - 2.0).abs() < 1e-12);
    }

    #[test]
    fn empty_buckets_borrow_from_their_neighbours() {
        let mut samples: [Vec<Sample>; 5] = Default::default();
        samples[0].push(sample(10, 1.0));
        samples[2].push(sample(2 * MIB, 1.0));
        let mut overhead = [1.0, 0.0, 3.0, 0.0, 0.0];
        let mut per_byte = [0.1, 0.0, 0.3, 0.0, 0.0];
        borrow_for_empty_buckets(&samples, &mut overhead, &mut per_byte);
        // Bucket 1 is as near to 0 as to 2: the larger one wins.
        assert_eq!(overhead, [1.0, 3.0, 3.0, 3.0, 3.0]);
        assert_eq!(per_byte, [0.1, 0.3, 0.3, 0.3, 0.3]);
    }
}
