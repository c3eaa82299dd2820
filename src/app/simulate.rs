//! `pilotbench simulate`: serve a scenario's simulated tenant on its own until Ctrl-C, so other
//! tools (a load generator, a partner's client, another pilotbench run with `url`) can be
//! measured against the very same endpoint.

use std::io::Write;
use std::path::Path;

use super::target::sim_config;
use super::{AppError, Exit};
use crate::scenario::{self, Target};
use crate::sim::{SIMULATED_TOKEN, SimConfig, SimulatedTenant};

pub(super) async fn simulate(path: &Path, port: Option<u16>) -> Result<Exit, AppError> {
    let scenario = scenario::load(path).map_err(|e| AppError::usage(e.to_string()))?;
    let Target::Simulated(simulated) = &scenario.target else {
        return Err(AppError::usage(format!(
            "{}: pilotbench simulate serves a simulated tenant, but this scenario's [target] kind \
             is \"{}\"; give it a scenario with kind = \"simulated\" and the same sites",
            scenario.path.display(),
            scenario.target.kind()
        )));
    };
    let config = SimConfig {
        source_drives: super::sources::seeded_source_drives(&scenario).await?,
        ..sim_config(&scenario, simulated)
    };
    let tenant = SimulatedTenant::start(config, port)
        .await
        .map_err(|e| AppError::target(format!("cannot start the simulated tenant: {e}")))?;
    let mut stdout = std::io::stdout();
    let _ = writeln!(
        stdout,
        "Simulated tenant of \"{}\" listening on {}\nGraph root: {}\nBearer token: {SIMULATED_TOKEN}\nToken endpoint: {}{{tenant}}/oauth2/v2.0/token (client credentials grant)\nPoint a scenario at it with [target.simulated] url = \"{}\". Ctrl-C stops it.",
        scenario.pilot.name,
        tenant.server_url(),
        tenant.graph_base_url(),
        tenant.server_url(),
        tenant.server_url().as_str().trim_end_matches('/'),
    );
    let _ = stdout.flush();
    tokio::signal::ctrl_c()
        .await
        .map_err(|e| AppError::target(format!("cannot wait for Ctrl-C: {e}")))?;
    drop(tenant);
    Ok(Exit::Success)
}
