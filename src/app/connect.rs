//! Reaching what a run copies from and to: start the simulated tenant (or find the running one
//! named by `url`) or reach a real tenant with the app's credentials, build the Graph client
//! that talks to it, then give every graph-drive source its own client when it has
//! `credentials` and list it. `run` and `scan` start so; `simulate` starts the tenant alone.
//!
//! `ready_target.rs` and `client_settings.rs` are what every target shares; `simulated.rs`
//! (with `seed.rs`) and `graph_target.rs` reach one kind each; `source_clients.rs` and
//! `source_listing.rs` get the graph-drive sources ready. This file picks and sequences them.

mod client_settings;
mod graph_target;
mod ready_target;
mod seed;
mod simulated;
mod source_clients;
mod source_listing;

use std::sync::Arc;

use super::exit::AppError;
use crate::engine::SitePlan;
use crate::graph::Interruption;
use crate::scenario::{Scenario, Target};
use crate::vocab::attempt::AttemptSink;

pub(super) use ready_target::ReadyTarget;
pub(super) use simulated::start_simulated_tenant;

/// Starts or reaches the target and builds the client; its waits (and those of every source
/// client built for it) end when `interruption` fires.
pub(super) async fn connect(
    scenario: &Scenario,
    sink: Arc<dyn AttemptSink>,
    interruption: &Interruption,
) -> Result<ReadyTarget, AppError> {
    match &scenario.target {
        Target::Simulated(simulated) => {
            simulated::connect_simulated(scenario, simulated, sink, interruption).await
        }
        Target::Graph(graph) => {
            graph_target::connect_graph(scenario, graph, sink, interruption).await
        }
    }
}

/// Gets every graph-drive site ready once the target is reached: its own source client when it
/// has `credentials`, then its listing as its plan. `run` and `scan` both start so.
pub(super) async fn list_sources(
    plans: &mut [SitePlan],
    scenario: &Scenario,
    target: &ReadyTarget,
    sink: Arc<dyn AttemptSink>,
) -> Result<(), AppError> {
    source_clients::connect_source_clients(plans, scenario, target, sink).await?;
    source_listing::list_remote_sources(plans, &target.client, scenario).await
}
