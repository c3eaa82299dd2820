//! `pilotbench simulate`: serve a scenario's simulated tenant on its own until Ctrl-C, so other
//! tools (a load generator, a partner's client, another pilotbench run with `url`) can be
//! measured against the very same endpoint.

use std::io::Write;
use std::path::Path;

use crate::app::connect::start_simulated_tenant;
use crate::app::console::simulated_tenant_banner;
use crate::app::exit::{AppError, Exit};
use crate::scenario::{self, Target};

/// Runs `pilotbench simulate`.
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
    let tenant = start_simulated_tenant(&scenario, simulated, port).await?;
    let mut stdout = std::io::stdout();
    let _ = writeln!(
        stdout,
        "{}",
        simulated_tenant_banner(&scenario.pilot.name, &tenant)
    );
    let _ = stdout.flush();
    tokio::signal::ctrl_c()
        .await
        .map_err(|e| AppError::target(format!("cannot wait for Ctrl-C: {e}")))?;
    drop(tenant);
    Ok(Exit::Success)
}
