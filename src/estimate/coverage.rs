//! Where the estimate is weak, in words (contract 7): size buckets the list needs but the
//! pilot did not (or barely) sample, rows whose files are larger than anything the pilot
//! copied, rows whose bytes do not fit their size profile, rows without a profile, and a
//! pilot that was throttled hard, failed items or was interrupted.

use crate::inputs::migration_list::MigrationList;
use crate::run_folder::RunEvidence;
use crate::vocab::size_bucket::SizeBucket;
use crate::vocab::throttling::THROTTLING_ESCALATION_SHARE;
use crate::vocab::units::{MIB, human_bytes};

use super::fit::nearest_sampled;
use super::fit::{CostModel, MIN_BUCKET_SAMPLES};
use super::profile::RowProfile;

/// The smallest and largest file a bucket holds (the largest: SharePoint's 250 GB limit).
fn bucket_range(bucket: SizeBucket) -> (f64, f64) {
    let (low, high) = match bucket {
        SizeBucket::Under64K => (0, 64 * 1024),
        SizeBucket::Under1M => (64 * 1024, MIB),
        SizeBucket::Under10M => (MIB, 10 * MIB),
        SizeBucket::Under100M => (10 * MIB, 100 * MIB),
        SizeBucket::From100M => (100 * MIB, 250_000_000_000),
    };
    (low as f64, high as f64)
}

/// Warnings about the pilot itself.
pub(super) fn pilot_warnings(run: &RunEvidence, model: &CostModel) -> Vec<String> {
    let mut warnings = Vec::new();
    let fitted = &model.fitted_on;
    if run.summary.interrupted {
        warnings.push(
            "the pilot was interrupted (Ctrl-C): the fit uses only the items it finished"
                .to_string(),
        );
    }
    if fitted.failed_items > 0 {
        warnings.push(format!(
            "{} pilot item(s) failed: their time counts in the per-site overhead but they are not in the fit; the list's copy may need retries the estimate does not hold",
            fitted.failed_items
        ));
    }
    if fitted.throttled_share > THROTTLING_ESCALATION_SHARE {
        warnings.push(format!(
            "the pilot was throttled on {:.0} % of its requests (Microsoft reviews apps above 30 %): the fitted rate is what that throttling allowed",
            fitted.throttled_share * 100.0
        ));
    }
    warnings
}

/// Warnings about the list against what the pilot covered.
pub(super) fn list_warnings(
    list: &MigrationList,
    profiles: &[RowProfile],
    model: &CostModel,
) -> Vec<String> {
    let mut warnings = Vec::new();
    let mut list_items = [0u64; 5];
    for profile in profiles {
        for (total, count) in list_items.iter_mut().zip(profile.counts) {
            *total += count;
        }
    }
    for bucket in SizeBucket::ALL {
        let needed = list_items[bucket.index()];
        let sampled = model.samples[bucket.index()].len() as u64;
        if needed == 0 {
            continue;
        }
        if sampled == 0 {
            let borrowed = nearest_sampled(model, bucket).map_or("no", SizeBucket::label);
            warnings.push(format!(
                "outside the pilot: the list has {needed} item(s) of {} but the pilot copied none; their time is extrapolated from the {borrowed} bucket's per-item overhead and the largest sampled bucket's per-byte time, with no spread — add such files to the pilot",
                bucket.label()
            ));
        } else if sampled < MIN_BUCKET_SAMPLES {
            warnings.push(format!(
                "sparse: the list has {needed} item(s) of {} but the pilot copied only {sampled} (fewer than {MIN_BUCKET_SAMPLES}); their time rests on few samples",
                bucket.label()
            ));
        }
    }

    let largest = model.fitted_on.largest_file;
    let mut unprofiled = 0usize;
    for (row, profile) in list.rows.iter().zip(profiles) {
        let place = format!("{}:{}", list.path.display(), row.line);
        if !profile.from_list && row.items > 0 {
            unprofiled += 1;
        }
        if row.items == 0 {
            if row.bytes > 0 {
                warnings.push(format!(
                    "{place}: row {:?} has {} but no items; it is projected as empty",
                    row.site,
                    human_bytes(row.bytes)
                ));
            }
            continue;
        }
        let mean = row.bytes / row.items;
        if mean > largest {
            warnings.push(format!(
                "outside the pilot: {place}: row {:?} has a mean file size of {}, above the pilot's largest file ({}); its per-byte time is extrapolated",
                row.site,
                human_bytes(mean),
                human_bytes(largest)
            ));
        }
        if profile.from_list && !bytes_fit_profile(row.bytes as f64, &profile.counts) {
            warnings.push(format!(
                "{place}: row {:?}: its bytes ({}) do not fit its size profile (the bucket counts cannot hold that much or that little); check both",
                row.site,
                human_bytes(row.bytes)
            ));
        }
    }
    if unprofiled > 0 {
        warnings.push(format!(
            "{unprofiled} row(s) give no size profile: the pilot's mix of file sizes is assumed for them (add the items_under_64k … items_from_100m columns)"
        ));
    }
    warnings
}

/// Whether `bytes` lies between the least and the most the counted files can hold.
fn bytes_fit_profile(bytes: f64, counts: &[u64; 5]) -> bool {
    let (mut least, mut most) = (0.0, 0.0);
    for bucket in SizeBucket::ALL {
        let (low, high) = bucket_range(bucket);
        let n = counts[bucket.index()] as f64;
        least += n * low;
        most += n * high;
    }
    bytes >= least && bytes <= most
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bytes_must_fit_the_bucket_bounds() {
        // 10 files under 64 KiB hold at most 640 KiB.
        assert!(bytes_fit_profile(100_000.0, &[10, 0, 0, 0, 0]));
        assert!(!bytes_fit_profile(10.0 * MIB as f64, &[10, 0, 0, 0, 0]));
        // Two files of 10–100 MiB hold at least 20 MiB.
        assert!(!bytes_fit_profile(MIB as f64, &[0, 0, 0, 2, 0]));
    }
}
