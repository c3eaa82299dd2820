//! The simulated tenant as the target: started with the scenario's sites, users, teams,
//! behaviour model and seeded source drives (or an already running one found at `url`), and a
//! Graph client on it with the simulated tenant's static token.

use std::sync::Arc;
use std::time::Duration;

use url::Url;

use super::client_settings::client_config;
use super::ready_target::ReadyTarget;
use super::seed::seeded_source_drives;
use crate::app::exit::AppError;
use crate::graph::{GraphClient, Interruption, StaticToken};
use crate::scenario::{Destination, Scenario, SimulatedTarget};
use crate::sim::{
    SIMULATED_TOKEN, SimConfig, SimLatency, SimListen, SimSite, SimTeam, SimulatedTenant,
};
use crate::vocab::attempt::AttemptSink;

/// Reaches the simulated tenant `url` names, or starts one, and builds the client on it.
pub(super) async fn connect_simulated(
    scenario: &Scenario,
    simulated: &SimulatedTarget,
    sink: Arc<dyn AttemptSink>,
    interruption: &Interruption,
) -> Result<ReadyTarget, AppError> {
    let (base_url, login_url, tenant, description) = match &simulated.url {
        Some(url) => {
            let base = graph_root(url)?;
            check_reachable(url).await?;
            (
                base.clone(),
                url.clone(),
                None,
                format!("simulated tenant at {base} (already running)"),
            )
        }
        None => {
            // pilotbench's own client never sends its token to upload, monitor or download
            // URLs; the tenant it starts for itself refuses one there, to prove it.
            let tenant =
                start_simulated_tenant(scenario, simulated, SimListen::default(), true).await?;
            let base = tenant.graph_base_url();
            (
                base.clone(),
                tenant.server_url(),
                Some(tenant),
                format!("simulated tenant at {base}"),
            )
        }
    };
    let config = client_config(scenario, base_url.clone(), interruption);
    let client = GraphClient::new(config, Arc::new(StaticToken::new(SIMULATED_TOKEN)), sink)
        .map_err(|e| AppError::target(format!("cannot build the HTTP client: {e}")))?;
    Ok(ReadyTarget {
        client,
        description,
        kind: "simulated",
        graph_url: base_url,
        login_url,
        interruption: interruption.clone(),
        _tenant: tenant,
    })
}

/// Starts the scenario's simulated tenant, its graph-drive sources seeded, where `listen` says.
/// `run` starts it for the run; `simulate` serves it on its own. With
/// `file_urls_refuse_authorization`, upload, monitor and download URLs answer 401 to a request
/// carrying `Authorization`.
pub(crate) async fn start_simulated_tenant(
    scenario: &Scenario,
    simulated: &SimulatedTarget,
    listen: SimListen,
    file_urls_refuse_authorization: bool,
) -> Result<SimulatedTenant, AppError> {
    let config = SimConfig {
        source_drives: seeded_source_drives(scenario).await?,
        file_urls_refuse_authorization,
        ..sim_config(scenario, simulated)
    };
    SimulatedTenant::serve(config, listen)
        .await
        .map_err(|e| AppError::target(format!("cannot start the simulated tenant: {e}")))
}

/// The simulated tenant's contents and behaviour, from the scenario.
fn sim_config(scenario: &Scenario, simulated: &SimulatedTarget) -> SimConfig {
    let mut sites: Vec<SimSite> = Vec::new();
    let mut users: Vec<String> = Vec::new();
    let mut teams: Vec<SimTeam> = Vec::new();
    for site in &scenario.sites {
        match &site.destination {
            Destination::Library {
                site_url, library, ..
            } => {
                if let Some(existing) = sites.iter_mut().find(|s| s.url == *site_url) {
                    if !existing.libraries.contains(library) {
                        existing.libraries.push(library.clone());
                    }
                } else {
                    sites.push(SimSite {
                        url: site_url.clone(),
                        libraries: vec![library.clone()],
                    });
                }
            }
            Destination::OneDrive { user, .. } => {
                if !users.contains(user) {
                    users.push(user.clone());
                }
            }
            Destination::Channel { team, channel, .. } => {
                match teams.iter_mut().find(|t| t.id.eq_ignore_ascii_case(team)) {
                    Some(existing) => {
                        if !existing.channels.contains(channel) {
                            existing.channels.push(channel.clone());
                        }
                    }
                    None => teams.push(SimTeam {
                        id: team.clone(),
                        channels: vec![channel.clone()],
                    }),
                }
            }
        }
    }
    SimConfig {
        seed: simulated.seed,
        latency: simulated.latency.map(|l| SimLatency {
            median_us: l.median_us,
            p99_us: l.p99_us,
        }),
        bandwidth_bytes_per_s: simulated.bandwidth_bytes_per_s,
        corrupt_rate: simulated.corrupt_rate,
        ru_per_minute: simulated.ru_per_minute,
        busy_rate: simulated.busy_rate,
        ru_window_us: simulated.ru_window_us,
        token_lifetime_us: simulated.token_lifetime_us,
        reject_credentials: simulated.reject_credentials,
        faults: simulated.faults.clone(),
        copy_failure_rate: simulated.copy_failure_rate,
        copy_job_duration_us: simulated.copy_job_duration_us,
        sites,
        users,
        teams,
        ..SimConfig::default()
    }
}

fn graph_root(url: &Url) -> Result<Url, AppError> {
    let text = format!("{}/v1.0", url.as_str().trim_end_matches('/'));
    Url::parse(&text).map_err(|e| AppError::usage(format!("target url {url} is not usable: {e}")))
}

/// A plain TCP connect, so an unreachable `url` is a clear error before any copy starts.
async fn check_reachable(url: &Url) -> Result<(), AppError> {
    let host = url.host_str().unwrap_or("127.0.0.1").to_string();
    let port = url.port_or_known_default().unwrap_or(80);
    let connect = tokio::net::TcpStream::connect((host.as_str(), port));
    match tokio::time::timeout(Duration::from_secs(5), connect).await {
        Ok(Ok(_)) => Ok(()),
        Ok(Err(error)) => Err(AppError::target(format!(
            "cannot reach the simulated tenant at {url}: {error}; start it with `pilotbench simulate SCENARIO --port {port}` or remove `url` from [target.simulated] to let the run start its own"
        ))),
        Err(_) => Err(AppError::target(format!(
            "no answer from the simulated tenant at {url} within 5 s"
        ))),
    }
}
