//! The scenario file: what to copy (up to five test sites), where to, against which target and
//! with which engine settings. This module owns the TOML format, loading, and validation with
//! `file:line:column` errors; everything downstream sees only the validated [`Scenario`].
//!
//! The files build on each other in one direction, and this one only names what they export:
//!
//! - the validated model, the public types: `model.rs` (the whole, `[pilot]`, `[thresholds]`)
//!   and one model file per larger section (`target_model.rs`, `engine_model.rs`,
//!   `site_model.rs`, `estimate_model.rs`, `readiness_model.rs`, with `dates.rs`), and
//!   `error.rs` (what a refused scenario reports);
//! - the file as written and the tools to check it: `raw.rs` (serde mirrors of the TOML, every
//!   value with its span), `location.rs` (spans to `line:column`), `toml_message.rs` (parser
//!   messages in scenario words) and `checker.rs` (collects every problem, with checks shared by
//!   all sections: choices, shares, sizes, durations); `addresses.rs` and `paths.rs` check the
//!   addresses and paths several sections name, `destination_folder.rs` the folder a site's
//!   copy is written below;
//! - one validator per section, each turning its raw table into its part of the model
//!   (`target.rs`, `graph_target_settings.rs`, `fault_settings.rs`, `engine_settings.rs`,
//!   `retry.rs`, `estimate.rs`, `readiness.rs`, and for a site `site.rs`, `destination.rs`,
//!   `channel.rs`, `source.rs`, `source_kind.rs`, `local_source.rs`, `graph_source.rs`);
//! - on top, `validate.rs` (the whole document: sections, the rules across them) and `load.rs`
//!   (bytes, hash, UTF-8, then validate).

mod addresses;
mod channel;
mod checker;
mod dates;
mod destination;
mod destination_folder;
mod engine_model;
mod engine_settings;
mod error;
mod estimate;
mod estimate_model;
mod fault_settings;
mod graph_source;
mod graph_target_settings;
mod load;
mod local_source;
mod location;
mod model;
mod paths;
mod raw;
mod readiness;
mod readiness_model;
mod retry;
mod site;
mod site_model;
mod source;
mod source_kind;
mod target;
mod target_model;
mod toml_message;
mod validate;

#[cfg(test)]
mod tests;

pub use dates::CalendarDate;
pub use engine_model::{EngineSettings, SiteMode};
pub use error::{Diagnostic, ScenarioError};
pub use estimate_model::EstimateSettings;
pub use load::{load, load_for_evidence, parse, sha256_hex};
pub use model::{MAX_SITES, Pilot, Scenario, Thresholds};
pub use readiness_model::{
    Checklist, ChecklistItem, DEFAULT_MAX_THROTTLED_SHARE, DEFAULT_MIN_SIGNED_OFF_SHARE,
    DEFAULT_MIN_VERIFIED_SHARE, DEFAULT_ONEDRIVE_QUOTA, Licensing, MigrationWindow, Readiness,
};
pub use site_model::{
    CopyMode, Destination, DriveLocation, GraphDriveSpec, Site, SizeDistribution,
    SourceCredentials, SourceSpec, SyntheticSpec, Workload,
};
pub use target_model::{
    DEFAULT_COPY_JOB_DURATION_US, FaultRates, GraphTarget, LatencyModel, SimulatedTarget, Target,
};
