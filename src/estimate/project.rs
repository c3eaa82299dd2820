//! The projection: P50 and P90 durations of every row, workload, wave and the whole list by
//! bootstrap over the pilot's own items.
//!
//! One resample: the pilot's copied items of each size bucket are drawn again with
//! replacement (as many as the bucket has), giving the bucket's mean duration `d̄*`, mean size
//! `s̄*` and spread `σ*`. A row with `n_b` items and `B_b` bytes in bucket `b` is then busy
//! `D = Σ_b n_b·d̄*_b + (B_b − n_b·s̄*_b)·τ_b + z·σ*_b·√n_b` (`τ_b` the fitted time per byte,
//! `z` a standard normal draw: the spread of summing `n_b` items, by the normal
//! approximation). A bucket the pilot has no items in is charged its borrowed line,
//! `n_b·c_b + B_b·τ_b`. The row's working time is `setup + drain + (D + g·B) / C` (`C` the
//! pilot's concurrency, `g` the source time per byte, the setup and the drain of its mix as in
//! `site_fit`), and never less than its files cost in RU over the budget.
//! Rows of a wave (or a workload) run on `parallel_streams` streams, each taking the next row
//! in list order when free; waves run one after another, and the list's total is their sum.
//! P50 and P90 are the nearest-rank percentiles over the resamples.

use rand::{RngExt as _, SeedableRng as _};
use rand_chacha::ChaCha8Rng;
use rand_distr::StandardNormal;

use crate::inputs::migration_list::{ListWorkload, MigrationList};
use crate::scenario::EstimateSettings;

use super::calendar_days::calendar_days;
use super::ceiling::RuCeiling;
use super::fit::CostModel;
use super::profile::RowProfile;
use super::site_fit::drain_us;
use super::types::{Projection, Scope, ScopeProjection};

/// What the projection gives back.
pub(super) struct Projected {
    /// The whole list.
    pub overall: Projection,
    /// Total, then workloads (in order of first appearance), then rows.
    pub scopes: Vec<ScopeProjection>,
    /// One per wave.
    pub waves: Vec<Projection>,
    /// Whether the RU ceiling raised the median total.
    pub ceiling_binding: bool,
}

/// One bucket's figures in one resample.
#[derive(Clone, Copy, Default)]
struct BucketDraw {
    mean_duration: f64,
    mean_size: f64,
    spread: f64,
}

fn draw_buckets(model: &CostModel, rng: &mut ChaCha8Rng) -> [Option<BucketDraw>; 5] {
    let mut draws = [None; 5];
    for (slot, samples) in draws.iter_mut().zip(&model.samples) {
        let m = samples.len();
        if m == 0 {
            continue;
        }
        let (mut sum_d, mut sum_d2, mut sum_s) = (0.0, 0.0, 0.0);
        for _ in 0..m {
            let sample = samples[rng.random_range(0..m)];
            sum_d += sample.duration_us;
            sum_d2 += sample.duration_us * sample.duration_us;
            sum_s += sample.size as f64;
        }
        let n = m as f64;
        let mean = sum_d / n;
        *slot = Some(BucketDraw {
            mean_duration: mean,
            mean_size: sum_s / n,
            spread: (sum_d2 / n - mean * mean).max(0.0).sqrt(),
        });
    }
    draws
}

/// A row's busy time (Σ item durations) in one resample, µs.
fn row_busy(
    model: &CostModel,
    profile: &RowProfile,
    draws: &[Option<BucketDraw>; 5],
    rng: &mut ChaCha8Rng,
) -> f64 {
    let mut busy = 0.0;
    for (index, draw) in draws.iter().enumerate() {
        let n = profile.counts[index] as f64;
        if n == 0.0 {
            continue;
        }
        let bytes = profile.bytes[index];
        busy += match draw {
            Some(draw) => {
                let z: f64 = rng.sample(StandardNormal);
                n * draw.mean_duration
                    + (bytes - n * draw.mean_size) * model.us_per_byte[index]
                    + z * draw.spread * n.sqrt()
            }
            None => n * model.overhead_us[index] + bytes * model.us_per_byte[index],
        };
    }
    busy.max(0.0)
}

/// The drain at the end of a row: [`drain_us`] of its items' mix in this resample.
fn row_drain(model: &CostModel, profile: &RowProfile, draws: &[Option<BucketDraw>; 5]) -> f64 {
    let (mut n, mut first, mut second) = (0.0, 0.0, 0.0);
    for (index, draw) in draws.iter().enumerate() {
        let count = profile.counts[index] as f64;
        if count == 0.0 {
            continue;
        }
        let (mean, spread) = match draw {
            Some(draw) => (draw.mean_duration, draw.spread),
            None => {
                let size = profile.bytes[index] / count;
                (
                    model.overhead_us[index] + size * model.us_per_byte[index],
                    0.0,
                )
            }
        };
        n += count;
        first += count * mean;
        second += count * (spread * spread + mean * mean);
    }
    if n == 0.0 {
        return 0.0;
    }
    drain_us(first / n, second / n, model.fitted_on.concurrency)
}

/// Rows run on `streams` streams, each taking the next row in order when it is free: the
/// time until the last stream is done.
fn makespan(durations: impl Iterator<Item = f64>, streams: usize) -> f64 {
    let mut loads = vec![0.0f64; streams.max(1)];
    for duration in durations {
        if let Some(least) = loads.iter_mut().min_by(|a, b| a.total_cmp(b)) {
            *least += duration;
        }
    }
    loads.into_iter().fold(0.0, f64::max)
}

/// The nearest-rank percentile `p` (0–100) of `values`, sorted in place.
fn percentile(values: &mut [f64], p: f64) -> f64 {
    if values.is_empty() {
        return 0.0;
    }
    values.sort_by(|a, b| a.total_cmp(b));
    let rank = ((p / 100.0) * values.len() as f64).ceil() as usize;
    values[rank.clamp(1, values.len()) - 1]
}

fn projection_of(values: &mut [f64], settings: &EstimateSettings) -> Projection {
    let p50 = percentile(values, 50.0).max(0.0) as u64;
    let p90 = percentile(values, 90.0).max(0.0) as u64;
    Projection {
        p50_us: p50,
        p90_us: p90,
        p50_calendar_days: calendar_days(p50, settings.hours_per_day, settings.days_per_week),
        p90_calendar_days: calendar_days(p90, settings.hours_per_day, settings.days_per_week),
    }
}

/// Projects the model onto the list's rows (`profiles[i]` is row `i`'s), grouped in `waves`.
pub(super) fn project(
    model: &CostModel,
    list: &MigrationList,
    profiles: &[RowProfile],
    waves: &[Vec<usize>],
    settings: &EstimateSettings,
    ceiling: Option<&RuCeiling>,
) -> Projected {
    let rows = &list.rows;
    let streams = settings.parallel_streams.max(1) as usize;
    let concurrency = model.fitted_on.concurrency.max(1) as f64;
    let setup = model.fitted_on.site_setup_us;
    let source_per_byte = model.fitted_on.source_us_per_mib / crate::vocab::units::MIB as f64;
    let floor = |items: u64| ceiling.map_or(0.0, |c| c.min_time_us(items));

    let mut workloads: Vec<(ListWorkload, Vec<usize>)> = Vec::new();
    for (index, row) in rows.iter().enumerate() {
        match workloads
            .iter_mut()
            .find(|(workload, _)| *workload == row.workload)
        {
            Some((_, members)) => members.push(index),
            None => workloads.push((row.workload, vec![index])),
        }
    }
    let items_of = |members: &[usize]| members.iter().map(|&r| rows[r].items).sum::<u64>();

    let resamples = settings.resamples.max(1) as usize;
    let mut rng = ChaCha8Rng::seed_from_u64(settings.seed);
    let mut row_draws = vec![Vec::with_capacity(resamples); rows.len()];
    let mut workload_draws = vec![Vec::with_capacity(resamples); workloads.len()];
    let mut wave_draws = vec![Vec::with_capacity(resamples); waves.len()];
    let mut total_draws = Vec::with_capacity(resamples);
    let mut uncapped_draws = Vec::with_capacity(resamples);
    let mut row_time = vec![0.0; rows.len()];
    let mut row_free = vec![0.0; rows.len()];
    for _ in 0..resamples {
        let draws = draw_buckets(model, &mut rng);
        for (index, (row, profile)) in rows.iter().zip(profiles).enumerate() {
            let free = if row.items == 0 {
                0.0
            } else {
                (row_busy(model, profile, &draws, &mut rng) + source_per_byte * row.bytes as f64)
                    / concurrency
                    + setup
                    + row_drain(model, profile, &draws)
            };
            row_free[index] = free;
            row_time[index] = free.max(floor(row.items));
            row_draws[index].push(row_time[index]);
        }
        for ((_, members), out) in workloads.iter().zip(workload_draws.iter_mut()) {
            let span = makespan(members.iter().map(|&r| row_time[r]), streams);
            out.push(span.max(floor(items_of(members))));
        }
        let (mut total, mut uncapped) = (0.0, 0.0);
        for (members, out) in waves.iter().zip(wave_draws.iter_mut()) {
            let span = makespan(members.iter().map(|&r| row_time[r]), streams)
                .max(floor(items_of(members)));
            out.push(span);
            total += span;
            uncapped += makespan(members.iter().map(|&r| row_free[r]), streams);
        }
        total_draws.push(total);
        uncapped_draws.push(uncapped);
    }

    let overall = projection_of(&mut total_draws, settings);
    let uncapped = percentile(&mut uncapped_draws, 50.0);
    let mut scopes = vec![ScopeProjection {
        scope: Scope::Total,
        name: "TOTAL".to_string(),
        items: list.total_items(),
        bytes: list.total_bytes(),
        projection: overall,
    }];
    for ((workload, members), values) in workloads.iter().zip(workload_draws.iter_mut()) {
        scopes.push(ScopeProjection {
            scope: Scope::Workload,
            name: workload.as_str().to_string(),
            items: items_of(members),
            bytes: members.iter().map(|&r| rows[r].bytes).sum(),
            projection: projection_of(values, settings),
        });
    }
    for (row, values) in rows.iter().zip(row_draws.iter_mut()) {
        scopes.push(ScopeProjection {
            scope: Scope::Site,
            name: row.site.clone(),
            items: row.items,
            bytes: row.bytes,
            projection: projection_of(values, settings),
        });
    }
    Projected {
        overall,
        scopes,
        waves: wave_draws
            .iter_mut()
            .map(|values| projection_of(values, settings))
            .collect(),
        ceiling_binding: ceiling.is_some() && overall.p50_us as f64 > uncapped * 1.000_001 + 1.0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentiles_are_nearest_rank() {
        let mut values: Vec<f64> = (1..=10).map(f64::from).collect();
        assert_eq!(percentile(&mut values, 50.0), 5.0);
        assert_eq!(percentile(&mut values, 90.0), 9.0);
        assert_eq!(percentile(&mut [3.0], 90.0), 3.0);
        assert_eq!(percentile(&mut [], 50.0), 0.0);
    }

    #[test]
    fn streams_take_the_next_row_when_free() {
        assert_eq!(makespan([3.0, 1.0, 1.0, 1.0].into_iter(), 1), 6.0);
        // Stream 1: 3; stream 2: 1 + 1 + 1.
        assert_eq!(makespan([3.0, 1.0, 1.0, 1.0].into_iter(), 2), 3.0);
        assert_eq!(makespan(std::iter::empty(), 4), 0.0);
    }
}
