//! The five file-size buckets every estimate and report speaks in. Per-file overhead dominates
//! small files and bandwidth large ones, so a pilot is fitted, a migration list profiled and a
//! rate charted per bucket (the split the migration reference suggests: < 64 KiB, 64 KiB–1 MiB,
//! 1–10 MiB, 10–100 MiB, ≥ 100 MiB).

use crate::vocab::units::{KIB, MIB};

/// One size bucket, smallest first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum SizeBucket {
    /// Below 64 KiB.
    Under64K,
    /// 64 KiB up to 1 MiB.
    Under1M,
    /// 1 MiB up to 10 MiB.
    Under10M,
    /// 10 MiB up to 100 MiB.
    Under100M,
    /// 100 MiB and above.
    From100M,
}

impl SizeBucket {
    /// Every bucket, smallest first.
    pub const ALL: [SizeBucket; 5] = [
        SizeBucket::Under64K,
        SizeBucket::Under1M,
        SizeBucket::Under10M,
        SizeBucket::Under100M,
        SizeBucket::From100M,
    ];

    /// The bucket a file of `size` bytes falls in.
    pub fn of(size: u64) -> SizeBucket {
        match size {
            s if s < 64 * KIB => SizeBucket::Under64K,
            s if s < MIB => SizeBucket::Under1M,
            s if s < 10 * MIB => SizeBucket::Under10M,
            s if s < 100 * MIB => SizeBucket::Under100M,
            _ => SizeBucket::From100M,
        }
    }

    /// A short label for tables and charts.
    pub fn label(self) -> &'static str {
        match self {
            SizeBucket::Under64K => "< 64 KiB",
            SizeBucket::Under1M => "64 KiB–1 MiB",
            SizeBucket::Under10M => "1–10 MiB",
            SizeBucket::Under100M => "10–100 MiB",
            SizeBucket::From100M => "≥ 100 MiB",
        }
    }

    /// The migration-list column holding this bucket's item count.
    pub fn column(self) -> &'static str {
        match self {
            SizeBucket::Under64K => "items_under_64k",
            SizeBucket::Under1M => "items_64k_to_1m",
            SizeBucket::Under10M => "items_1m_to_10m",
            SizeBucket::Under100M => "items_10m_to_100m",
            SizeBucket::From100M => "items_from_100m",
        }
    }

    /// The bucket's position in [`SizeBucket::ALL`].
    pub fn index(self) -> usize {
        self as usize
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn boundaries_fall_in_the_upper_bucket() {
        assert_eq!(SizeBucket::of(0), SizeBucket::Under64K);
        assert_eq!(SizeBucket::of(64 * KIB - 1), SizeBucket::Under64K);
        assert_eq!(SizeBucket::of(64 * KIB), SizeBucket::Under1M);
        assert_eq!(SizeBucket::of(MIB), SizeBucket::Under10M);
        assert_eq!(SizeBucket::of(10 * MIB), SizeBucket::Under100M);
        assert_eq!(SizeBucket::of(100 * MIB), SizeBucket::From100M);
        for (index, bucket) in SizeBucket::ALL.iter().enumerate() {
            assert_eq!(bucket.index(), index);
        }
    }
}
