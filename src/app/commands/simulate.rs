//! `pilotbench simulate`: serve a scenario's simulated tenant on its own until Ctrl-C, so other
//! tools (a load generator, a partner's client, Microsoft's SDKs, another pilotbench run with
//! `url`) can be measured against the very same endpoint. With `--tls` it serves https as well,
//! for clients that insist on it (MSAL and azure-identity refuse an http authority), and writes
//! the CA certificate those clients must trust.
//!
//! Other tools are not pilotbench: by default its upload, monitor and download URLs tolerate
//! an `Authorization` header (Microsoft's Python SDK sends its token to every host);
//! `--strict-file-urls` refuses one there, as SharePoint may.

use std::io::Write;

use crate::app::command_request::SimulateRequest;
use crate::app::connect::start_simulated_tenant;
use crate::app::console::simulated_tenant_banner;
use crate::app::exit::{AppError, Exit};
use crate::app::interrupts::Interrupts;
use crate::scenario::{self, Target};
use crate::sim::{SimListen, SimTls};

/// Runs `pilotbench simulate`.
pub(super) async fn simulate(request: SimulateRequest) -> Result<Exit, AppError> {
    let scenario = scenario::load(&request.scenario).map_err(|e| AppError::usage(e.to_string()))?;
    let Target::Simulated(simulated) = &scenario.target else {
        return Err(AppError::usage(format!(
            "{}: pilotbench simulate serves a simulated tenant, but this scenario's [target] kind \
             is \"{}\"; give it a scenario with kind = \"simulated\" and the same sites",
            scenario.path.display(),
            scenario.target.kind()
        )));
    };
    let listen = SimListen {
        port: request.port,
        tls: request.tls.map(|tls| SimTls {
            port: tls.port,
            dir: std::path::absolute(&tls.dir).unwrap_or(tls.dir),
        }),
    };
    let tenant =
        start_simulated_tenant(&scenario, simulated, listen, request.strict_file_urls).await?;
    // Served until Ctrl-C, SIGTERM (a CI job's end) or SIGHUP: each is the normal way to stop
    // it. Listening starts before the banner, so a client that stops it on reading the banner
    // never meets the default death.
    let mut interrupts = Interrupts::listen()
        .map_err(|e| AppError::target(format!("cannot listen for Ctrl-C and SIGTERM: {e}")))?;
    let mut stdout = std::io::stdout();
    let _ = writeln!(
        stdout,
        "{}",
        simulated_tenant_banner(&scenario.pilot.name, &tenant)
    );
    let _ = stdout.flush();
    interrupts.next().await;
    drop(tenant);
    Ok(Exit::Success)
}
