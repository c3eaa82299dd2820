//! The time/effort estimate: a cost model fitted on the pilot's own items, projected onto the
//! migration list with its uncertainty (P50/P90 by resampling), in calendar days under the
//! migration window, with the effort and waves it implies. Contract 7: the estimate says what
//! it was fitted on and warns where the list goes beyond what the pilot covered.
//!
//! [`estimate`] runs the steps in order, each in its own file: `fit` (with `site_fit`) fits the
//! cost model on the run folder, `profile` sizes each migration-list row, `project` draws the
//! P50/P90 durations (under the RU `ceiling`, in `calendar_days`), `effort` plans the waves and
//! `coverage` says where the pilot does not cover the list. What they produce and share is in
//! `types.rs`; `text` renders it for stdout.

mod calendar_days;
mod ceiling;
mod coverage;
mod effort;
mod fit;
mod profile;
mod project;
mod site_fit;
mod text;
mod types;

pub use calendar_days::calendar_days;
pub use ceiling::{DEFAULT_RU_PER_MINUTE, RU_PER_ITEM, RuCeiling, RuCeilingSource, ru_ceiling_for};
pub use fit::{CostModel, MIN_BUCKET_SAMPLES, Sample, fit};
pub use profile::{RowProfile, row_profile};
pub use text::{human_duration, render};
pub use types::{
    BucketFit, Effort, Estimate, FittedOn, NothingToFit, Projection, Scope, ScopeProjection, Wave,
};

use crate::inputs::migration_list::MigrationList;
use crate::run_folder::RunEvidence;
use crate::scenario::EstimateSettings;

/// Fits the model on the run, projects it onto the list under `settings`, with the RU
/// `ceiling` when there is one. Deterministic for a given `settings.seed`.
pub fn estimate(
    run: &RunEvidence,
    list: &MigrationList,
    settings: &EstimateSettings,
    ceiling: Option<RuCeiling>,
) -> Result<Estimate, NothingToFit> {
    let model = fit(run).ok_or_else(|| NothingToFit {
        dir: run.dir.display().to_string(),
    })?;
    let profiles: Vec<RowProfile> = list
        .rows
        .iter()
        .map(|row| row_profile(row, &model))
        .collect();
    let waves = effort::wave_rows(list.rows.len(), settings.sites_per_wave);
    let projected = project::project(&model, list, &profiles, &waves, settings, ceiling.as_ref());
    let mut warnings = coverage::pilot_warnings(run, &model);
    warnings.extend(coverage::list_warnings(list, &profiles, &model));
    let mut ceiling = ceiling;
    if let Some(ceiling) = ceiling.as_mut() {
        ceiling.binding = projected.ceiling_binding;
    }
    let effort = effort::effort(list, &waves, &projected.waves, settings);
    Ok(Estimate {
        fitted_on: model.fitted_on.clone(),
        overall: projected.overall,
        scopes: projected.scopes,
        effort,
        warnings,
        ceiling,
        settings: settings.clone(),
        rows: list.rows.len(),
        rows_left_out: list.problems.len(),
    })
}
