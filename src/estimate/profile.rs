//! A migration-list row as the model sees it: items and bytes per size bucket. The row's own
//! size profile gives the counts when the list has one; otherwise the pilot's bucket mix is
//! scaled to the row's items. The row's bytes are then spread over its buckets in proportion
//! to the pilot's mean file size per bucket, so the per-byte time charges the row's real
//! volume.

use crate::inputs::migration_list::MigrationRow;
use crate::vocab::size_bucket::SizeBucket;

use super::fit::CostModel;

/// Items and bytes per bucket of one row.
#[derive(Debug, Clone, PartialEq)]
pub struct RowProfile {
    /// Items per bucket (index = [`SizeBucket::index`]).
    pub counts: [u64; 5],
    /// Bytes per bucket.
    pub bytes: [f64; 5],
    /// Whether the counts came from the list (otherwise from the pilot's mix).
    pub from_list: bool,
    /// How far the row's bytes are from what its counts at the pilot's mean sizes hold
    /// (row bytes ÷ that); 1 = the row's files are the pilot's size.
    pub scale: f64,
}

/// Splits `total` items over the shares by largest remainder: the counts add up to `total`.
fn apportion(total: u64, shares: &[f64; 5]) -> [u64; 5] {
    let sum: f64 = shares.iter().sum();
    if sum <= 0.0 {
        return [total, 0, 0, 0, 0];
    }
    let exact: Vec<f64> = shares.iter().map(|s| s / sum * total as f64).collect();
    let mut counts = [0u64; 5];
    for (count, value) in counts.iter_mut().zip(&exact) {
        *count = value.floor() as u64;
    }
    let mut left = total.saturating_sub(counts.iter().sum());
    let mut order: Vec<usize> = (0..5).collect();
    order.sort_by(|&a, &b| {
        let ra = exact[a] - exact[a].floor();
        let rb = exact[b] - exact[b].floor();
        rb.total_cmp(&ra).then(a.cmp(&b))
    });
    for index in order.into_iter().cycle() {
        if left == 0 {
            break;
        }
        counts[index] += 1;
        left -= 1;
    }
    counts
}

/// The row's items and bytes per bucket under `model`.
pub fn row_profile(row: &MigrationRow, model: &CostModel) -> RowProfile {
    let (counts, from_list) = match row.profile {
        Some(counts) => (counts, true),
        None => (apportion(row.items, &model.item_share), false),
    };
    let expected: f64 = SizeBucket::ALL
        .iter()
        .map(|b| counts[b.index()] as f64 * model.mean_size[b.index()])
        .sum();
    let scale = if expected > 0.0 {
        row.bytes as f64 / expected
    } else {
        1.0
    };
    let mut bytes = [0.0; 5];
    for bucket in SizeBucket::ALL {
        let index = bucket.index();
        bytes[index] = counts[index] as f64 * model.mean_size[index] * scale;
    }
    RowProfile {
        counts,
        bytes,
        from_list,
        scale,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn apportioning_keeps_the_total() {
        assert_eq!(apportion(10, &[0.5, 0.5, 0.0, 0.0, 0.0]), [5, 5, 0, 0, 0]);
        assert_eq!(apportion(10, &[1.0, 1.0, 1.0, 0.0, 0.0]), [4, 3, 3, 0, 0]);
        let counts = apportion(1_000_003, &[0.61, 0.3, 0.08, 0.01, 0.0]);
        assert_eq!(counts.iter().sum::<u64>(), 1_000_003);
        assert_eq!(counts[4], 0);
        assert_eq!(apportion(7, &[0.0; 5]), [7, 0, 0, 0, 0]);
        assert_eq!(apportion(0, &[0.2; 5]), [0; 5]);
    }
}
