//! Graph-drive sources listed once the target is reached: each drive (or folder) is listed
//! through the site's own source client when it has one, else the target's, and the listing
//! becomes the site's plan.

use crate::app::exit::AppError;
use crate::engine::SitePlan;
use crate::graph::{GraphClient, RequestContext};
use crate::scenario::{Scenario, SourceSpec};
use crate::source;

/// Replaces the plan of every graph-drive site with the listing of its drive, read through the
/// site's own source client when it has one. A source that cannot be listed is an error before
/// any copy starts.
pub(super) async fn list_remote_sources(
    plans: &mut [SitePlan],
    client: &GraphClient,
    scenario: &Scenario,
) -> Result<(), AppError> {
    for (index, plan) in plans.iter_mut().enumerate() {
        let SourceSpec::GraphDrive(spec) = &plan.site.source else {
            continue;
        };
        let through = plan.source_client.as_ref().unwrap_or(client);
        let listed = source::list_graph_drive(through, RequestContext { site: index }, spec)
            .await
            .map_err(|e| {
                AppError::target(format!(
                    "{}: site \"{}\": cannot list its source ({}): {e}",
                    scenario.path.display(),
                    plan.site.name,
                    source::describe(&plan.site.source)
                ))
            })?;
        plan.tree = listed.tree;
    }
    Ok(())
}
