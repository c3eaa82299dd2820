//! What an estimate is made of: durations with their uncertainty, per scope and per wave, the
//! fit's account of what it was fitted on, effort, and the whole [`Estimate`] the reports
//! render. Kept apart from the steps that compute them so each step, the text renderer and the
//! reports share them without depending on one another.

use crate::scenario::EstimateSettings;
use crate::vocab::size_bucket::SizeBucket;
use crate::vocab::units::Micros;

use super::ceiling::RuCeiling;

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
    /// Pilot items that failed (their time counts in the overhead, not in the fit).
    pub failed_items: u64,
    /// Pilot sites.
    pub sites: usize,
    /// The pilot's wall time over its sites (their sum when sequential), µs.
    pub wall_us: Micros,
    /// What a pilot site held beyond its items' work: setup and the drain at its end, mean, µs.
    pub site_overhead_us: f64,
    /// Of which setup, measured from the setup operations, mean over the sites, µs.
    pub site_setup_us: f64,
    /// Worker time outside the requests per MiB copied (reading and hashing the source), µs.
    pub source_us_per_mib: f64,
    /// Items' busy time over wall time (`Σd / W`): how many items were in flight on average.
    pub effective_parallelism: f64,
    /// The pilot's largest copied file, bytes.
    pub largest_file: u64,
    /// Seconds the pilot was asked to wait by the service.
    pub throttled_wait_s: f64,
    /// Whether the pilot's sites ran in parallel (one shared wall time).
    pub sites_parallel: bool,
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
    /// Person-hours for the rows (`rows × effort_per_site_hours`).
    pub site_hours: f64,
    /// Person-hours for the waves (`waves × effort_per_wave_hours`).
    pub wave_hours: f64,
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
    /// The tenant's RU budget as a ceiling on the projected rate, when there is one.
    pub ceiling: Option<RuCeiling>,
    /// The settings used (window, streams, effort, resamples, seed).
    pub settings: EstimateSettings,
    /// Migration-list rows that counted.
    pub rows: usize,
    /// Migration-list rows left out as malformed.
    pub rows_left_out: usize,
}

/// The pilot copied nothing, so there is nothing to fit.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "the pilot in {dir} copied no items, so there is nothing to fit an estimate on; run a pilot that copies files first"
)]
pub struct NothingToFit {
    /// The run folder.
    pub dir: String,
}
