//! Graph-drive sources with `credentials` of their own (another tenant, or the same tenant
//! through another app registration): each gets a second Graph client with its own app token
//! source, sharing the run's attempt sink (every attempt is recorded) and User-Agent. Its
//! credentials are read and proved by one token fetch before any copy, like the target's: a
//! missing or refused credential is exit 3 naming the variable, never the secret.

use std::sync::Arc;

use super::graph_target::app_client;
use super::ready_target::ReadyTarget;
use crate::app::exit::AppError;
use crate::engine::SitePlan;
use crate::scenario::{Scenario, SourceSpec};
use crate::vocab::attempt::AttemptSink;

/// Gives every site whose graph-drive source has `credentials` its own source client. Roots the
/// credentials do not name are the target's (for a simulated target, the simulated tenant's
/// Graph root and token endpoint).
pub(super) async fn connect_source_clients(
    plans: &mut [SitePlan],
    scenario: &Scenario,
    target: &ReadyTarget,
    sink: Arc<dyn AttemptSink>,
) -> Result<(), AppError> {
    for (index, plan) in plans.iter_mut().enumerate() {
        let SourceSpec::GraphDrive(spec) = &plan.site.source else {
            continue;
        };
        let Some(credentials) = &spec.credentials else {
            continue;
        };
        let graph = credentials.with_roots(&target.graph_url, &target.login_url);
        let table = format!(
            "the credentials of site \"{}\"'s graph-drive source",
            plan.site.name
        );
        let (client, _description) = app_client(
            scenario,
            &graph,
            &table,
            index,
            sink.clone(),
            &target.interruption,
        )
        .await
        .map_err(|error| AppError {
            message: format!(
                "{}: site \"{}\": its source's own credentials: {}",
                scenario.path.display(),
                plan.site.name,
                error.message
            ),
            ..error
        })?;
        plan.source_client = Some(client);
    }
    Ok(())
}
