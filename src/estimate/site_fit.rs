//! What a site costs beyond its items' requests, fitted on the pilot's sites.
//!
//! A site's wall time `W` holds three things besides its items' busy time shared over the
//! concurrency (`Σd / C`): its **setup** (resolving the site and drive, creating folders,
//! listing a source drive: measured from those operations' counts and mean latencies), the
//! **drain** at its end when fewer than `C` items are left — taken as `(C − 1) / C` of the
//! mean residual item time `E[d²] / (2·E[d])`, the time the other workers still need when the
//! last item starts — and the time workers spend on each item **outside its requests**:
//! reading and hashing the source, which grows with the bytes (Microsoft: "the typical
//! bottleneck is from source reading"). Per site, `y = (W − setup − drain − Σd / C) · C` is
//! that worker time; a least-squares line through the origin over the pilot's sites,
//! `y = g · bytes`, gives the source time per byte `g` (0 if it comes out negative).

use crate::run_folder::{ItemRow, OperationSummary, RunEvidence, SiteSummary};
use crate::scenario::SiteMode;
use crate::vocab::attempt::Operation;
use crate::vocab::outcome::Outcome;

/// The site-level figures of the fit.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub(super) struct SiteFit {
    /// Mean setup time of a site, µs.
    pub setup_us: f64,
    /// Setup plus drain, mean over the pilot's sites, µs (reported; the projection computes
    /// each row's drain from its own mix).
    pub overhead_us: f64,
    /// Worker time outside the requests per byte copied, µs.
    pub source_us_per_byte: f64,
    /// Items' busy time over wall time.
    pub parallelism: f64,
    /// Wall time over the sites (their sum when sequential), µs.
    pub wall_us: f64,
}

/// Whether an item took worker time: it was copied, or it was tried and failed.
pub(super) fn attempted(item: &ItemRow) -> bool {
    matches!(
        item.outcome,
        Outcome::Verified | Outcome::CopiedUnverified | Outcome::Failed
    ) && item.attempts > 0
}

/// An item's duration, µs (0 for a value that is not a number).
pub(super) fn duration_us(item: &ItemRow) -> f64 {
    if item.duration_ms.is_finite() {
        (item.duration_ms * 1000.0).max(0.0)
    } else {
        0.0
    }
}

/// A site's setup from its operations: site and drive resolution, one item lookup, listings
/// one after another, and folder creation `concurrency` at a time.
fn setup_us(site: &SiteSummary, concurrency: usize) -> f64 {
    let op = |operation: Operation| site.operations.get(operation);
    let serial = |op: Option<&OperationSummary>| op.map_or(0.0, |o| o.count as f64 * o.mean_ms);
    let once =
        |op: Option<&OperationSummary>| op.map_or(0.0, |o| o.count.min(1) as f64 * o.mean_ms);
    let folders = op(Operation::CreateFolder).map_or(0.0, |o| {
        o.count.div_ceil(concurrency.max(1) as u64) as f64 * o.mean_ms
    });
    let ms = serial(op(Operation::ResolveSite))
        + serial(op(Operation::ListDrives))
        + serial(op(Operation::UserDrive))
        + serial(op(Operation::ChannelFilesFolder))
        + serial(op(Operation::ListChildren))
        + once(op(Operation::GetItem))
        + folders;
    ms * 1000.0
}

/// Least squares `y = g·x` through the origin, clamped to `g ≥ 0`.
fn through_origin(points: &[(f64, f64)]) -> f64 {
    let sxx: f64 = points.iter().map(|p| p.0 * p.0).sum();
    let sxy: f64 = points.iter().map(|p| p.0 * p.1).sum();
    if sxx > 0.0 { (sxy / sxx).max(0.0) } else { 0.0 }
}

/// The drain at the end of a site whose item times have these first two moments, µs:
/// `(C − 1) / C · E[d²] / (2·E[d])`.
pub(super) fn drain_us(mean_us: f64, second_moment: f64, concurrency: usize) -> f64 {
    if mean_us <= 0.0 {
        return 0.0;
    }
    let c = concurrency.max(1) as f64;
    (c - 1.0) / c * second_moment / (2.0 * mean_us)
}

/// Fits the site-level figures on the run.
pub(super) fn fit_sites(run: &RunEvidence, concurrency: usize) -> SiteFit {
    let c = concurrency.max(1) as f64;
    let site_items = |site: &str| -> Vec<&ItemRow> {
        run.items
            .iter()
            .filter(|item| item.site == site && attempted(item))
            .collect()
    };
    let total_busy: f64 = run
        .items
        .iter()
        .filter(|item| attempted(item))
        .map(duration_us)
        .sum();
    if run.summary.engine.sites == SiteMode::Parallel {
        let wall = (run.summary.total.results.duration_s * 1e6).max(0.0);
        let worked: Vec<&SiteSummary> = run
            .summary
            .sites
            .iter()
            .filter(|site| !site_items(&site.results.site).is_empty())
            .collect();
        let sites = worked.len().max(1) as f64;
        let setup = worked
            .iter()
            .map(|site| setup_us(site, concurrency))
            .sum::<f64>()
            / sites;
        return SiteFit {
            setup_us: setup,
            overhead_us: (wall - total_busy / c).max(0.0) / sites,
            source_us_per_byte: 0.0,
            parallelism: if wall > 0.0 { total_busy / wall } else { c },
            wall_us: wall,
        };
    }
    let mut points = Vec::new();
    let mut setups = Vec::new();
    let mut overheads = Vec::new();
    let mut wall_sum = 0.0;
    for site in &run.summary.sites {
        let items = site_items(&site.results.site);
        let busy: f64 = items.iter().map(|item| duration_us(item)).sum();
        if busy <= 0.0 {
            continue;
        }
        let bytes: f64 = items.iter().map(|item| item.size_bytes as f64).sum();
        let wall = (site.results.duration_s * 1e6).max(0.0);
        let setup = setup_us(site, concurrency).min(wall);
        let n = items.len() as f64;
        let second: f64 = items
            .iter()
            .map(|item| duration_us(item).powi(2))
            .sum::<f64>()
            / n;
        let drain = drain_us(busy / n, second, concurrency);
        wall_sum += wall;
        setups.push(setup);
        overheads.push(setup + drain);
        points.push((bytes, (wall - setup - drain - busy / c).max(0.0) * c));
    }
    let mean = |values: &[f64]| {
        if values.is_empty() {
            0.0
        } else {
            values.iter().sum::<f64>() / values.len() as f64
        }
    };
    SiteFit {
        setup_us: mean(&setups),
        overhead_us: mean(&overheads),
        source_us_per_byte: through_origin(&points),
        parallelism: if wall_sum > 0.0 {
            total_busy / wall_sum
        } else {
            c
        },
        wall_us: wall_sum,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_source_time_goes_through_the_origin() {
        assert!((through_origin(&[(1.0, 2.0), (2.0, 4.0)]) - 2.0).abs() < 1e-12);
        assert_eq!(through_origin(&[(1.0, -2.0)]), 0.0);
        assert_eq!(through_origin(&[]), 0.0);
    }

    #[test]
    fn the_drain_is_the_mean_residual_of_the_other_workers() {
        // Every item 100 ms at concurrency 8: 7/8 of 50 ms.
        assert!((drain_us(100_000.0, 1e10, 8) - 43_750.0).abs() < 1e-6);
        assert_eq!(drain_us(0.0, 0.0, 8), 0.0);
        assert_eq!(drain_us(100_000.0, 1e10, 1), 0.0);
    }
}
