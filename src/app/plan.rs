//! The plan every command starts from: the scenario loaded and each site's source enumerated,
//! and each site's destination in words (for the plan table and the migration-list rows).

use std::path::Path;

use super::exit::AppError;
use crate::engine::SitePlan;
use crate::run_folder::RunId;
use crate::scenario::{self, Destination, Scenario};
use crate::source;

/// Loads the scenario and enumerates every source.
pub(super) fn load_plan(path: &Path) -> Result<(Scenario, Vec<SitePlan>), AppError> {
    let scenario = scenario::load(path).map_err(|e| AppError::usage(e.to_string()))?;
    let mut plans = Vec::with_capacity(scenario.sites.len());
    for site in &scenario.sites {
        let tree = source::enumerate(&site.source).map_err(|e| {
            AppError::usage(format!(
                "{}: site \"{}\": {e}",
                scenario.path.display(),
                site.name
            ))
        })?;
        plans.push(SitePlan {
            site: site.clone(),
            tree,
            source_client: None,
        });
    }
    Ok((scenario, plans))
}

/// The destination in one line, as the plan table and the inventory write it.
pub(super) fn describe_destination(destination: &Destination) -> String {
    match destination {
        Destination::Library {
            site_url,
            library,
            folder,
        } => format!("{site_url} / {library} / {folder}"),
        Destination::OneDrive { user, folder } => format!("OneDrive of {user} / {folder}"),
        Destination::Channel {
            team,
            channel,
            folder,
        } => format!("team {team} / channel {channel} / {folder}"),
    }
}

/// Puts each site's destination below the run's own folder (`pilotbench-run-{id}`) when the
/// scenario asks for one (`[engine] run_folder`, on by default), so that runs of one scenario
/// against one tenant never collide; the folder's name, or `None` when the run writes straight
/// into the destination folders.
pub(super) fn below_run_folder(
    plans: &mut [SitePlan],
    scenario: &Scenario,
    run: &RunId,
) -> Option<String> {
    if !scenario.engine.run_folder {
        return None;
    }
    let folder = run.tenant_folder();
    for plan in plans {
        plan.site.destination = plan.site.destination.below(&folder);
    }
    Some(folder)
}
