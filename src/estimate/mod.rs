//! The time/effort estimate: a cost model fitted on the pilot's own items, projected onto the
//! migration list with its uncertainty (P50/P90 by resampling), in calendar days under the
//! migration window, with the effort and waves it implies. Contract 7: the estimate says what
//! it was fitted on and warns where the list goes beyond what the pilot covered.

use crate::size_bucket::SizeBucket;
use crate::units::Micros;

/// A duration with its uncertainty.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Projection {
    /// Median copy time, working time (streams in parallel), µs.
    pub p50_us: Micros,
    /// 90th percentile copy time, µs.
    pub p90_us: Micros,
    /// The median in calendar days under the migration window.
    pub p50_calendar_days: f64,
    /// The 90th percentile in calendar days under the migration window.
    pub p90_calendar_days: f64,
}

/// What a projection is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// The whole migration list.
    Total,
    /// One workload.
    Workload,
    /// One row of the migration list.
    Site,
}

impl Scope {
    /// The spelling in `estimate.csv`.
    pub fn as_str(self) -> &'static str {
        match self {
            Scope::Total => "total",
            Scope::Workload => "workload",
            Scope::Site => "site",
        }
    }
}

/// The projection for one scope.
#[derive(Debug, Clone, PartialEq)]
pub struct ScopeProjection {
    /// Kind of scope.
    pub scope: Scope,
    /// `TOTAL`, the workload or the site's name.
    pub name: String,
    /// Items it covers.
    pub items: u64,
    /// Bytes it covers.
    pub bytes: u64,
    /// Its duration.
    pub projection: Projection,
}

/// The fit for one size bucket.
#[derive(Debug, Clone, PartialEq)]
pub struct BucketFit {
    /// The bucket.
    pub bucket: SizeBucket,
    /// Pilot items in it that were copied.
    pub samples: u64,
    /// Their bytes.
    pub bytes: u64,
    /// Fitted per-item overhead, µs.
    pub overhead_us: f64,
    /// Fitted time per MiB on top of the overhead, µs.
    pub us_per_mib: f64,
    /// The pilot's effective rate in this bucket (wall time shared across the concurrency
    /// used), MiB/s.
    pub mib_per_s: f64,
    /// Too few samples to trust on its own.
    pub sparse: bool,
}

/// What the model was fitted on.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct FittedOn {
    /// Pilot items used.
    pub items: u64,
    /// Their bytes.
    pub bytes: u64,
    /// Concurrency the pilot ran at.
    pub concurrency: usize,
    /// Throttled share seen in the pilot.
    pub throttled_share: f64,
    /// One entry per bucket, smallest first.
    pub buckets: Vec<BucketFit>,
}

/// One wave of the migration plan.
#[derive(Debug, Clone, PartialEq)]
pub struct Wave {
    /// 1-based.
    pub number: u32,
    /// Migration-list rows in it.
    pub sites: Vec<String>,
    /// Items.
    pub items: u64,
    /// Bytes.
    pub bytes: u64,
    /// Its duration.
    pub projection: Projection,
}

/// Person-days and waves.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Effort {
    /// Total person-days.
    pub person_days: f64,
    /// The waves, in order.
    pub waves: Vec<Wave>,
}

/// The whole estimate.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Estimate {
    /// The fit.
    pub fitted_on: FittedOn,
    /// The whole migration list.
    pub overall: Projection,
    /// Per workload and per site (the `Total` scope first).
    pub scopes: Vec<ScopeProjection>,
    /// Effort and waves.
    pub effort: Effort,
    /// Where the estimate is weak, in words.
    pub warnings: Vec<String>,
}
