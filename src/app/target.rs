//! Reaching the target named by the scenario: start the simulated tenant (or find the running
//! one named by `url`), and build the Graph client that talks to it.

use std::sync::Arc;
use std::time::Duration;

use url::Url;

use super::AppError;
use crate::graph::{ClientConfig, GraphClient, RetryPolicy, StaticToken};
use crate::scenario::{Destination, EngineSettings, Scenario, SimulatedTarget, Target};
use crate::sim::{SIMULATED_TOKEN, SimConfig, SimLatency, SimSite, SimTeam, SimulatedTenant};
use crate::vocab::attempt::AttemptSink;

/// A reachable target, kept alive for the run.
pub(super) struct ReadyTarget {
    /// The Graph client for it.
    pub client: GraphClient,
    /// Description for reports.
    pub description: String,
    /// Kind for reports.
    pub kind: &'static str,
    /// The target's Graph root, which a source's `credentials` use unless they name their own.
    pub graph_url: Url,
    /// The target's token authority (the simulated tenant's own server for a simulated target).
    pub login_url: Url,
    /// The tenant we started, if we started one (stops when dropped).
    pub _tenant: Option<SimulatedTenant>,
}

/// The simulated tenant's contents and behaviour, from the scenario.
pub(super) fn sim_config(scenario: &Scenario, simulated: &SimulatedTarget) -> SimConfig {
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

/// The client's retry policy from `[engine]`.
pub(super) fn retry_policy(engine: &EngineSettings) -> RetryPolicy {
    RetryPolicy {
        max_attempts: engine.retry_attempts,
        base_us: engine.retry_base_us,
        cap_us: engine.retry_cap_us,
    }
}

/// The User-Agent Microsoft asks enterprise tools to send: `NONISV|<organisation>|pilotbench/<version>`.
pub(super) fn user_agent(organisation: &str) -> String {
    // Header values are visible ASCII: anything else (an en dash, an accent) becomes '_', and
    // the '|' separator cannot appear inside the organisation's name.
    let organisation: String = organisation
        .chars()
        .map(|c| match c {
            '|' => '/',
            ' '..='~' => c,
            _ => '_',
        })
        .collect();
    format!(
        "NONISV|{organisation}|pilotbench/{}",
        env!("CARGO_PKG_VERSION")
    )
}

/// Starts or reaches the target and builds the client.
pub(super) async fn connect(
    scenario: &Scenario,
    sink: Arc<dyn AttemptSink>,
) -> Result<ReadyTarget, AppError> {
    match &scenario.target {
        Target::Simulated(simulated) => {
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
                    let config = SimConfig {
                        source_drives: super::sources::seeded_source_drives(scenario).await?,
                        ..sim_config(scenario, simulated)
                    };
                    let tenant = SimulatedTenant::start(config, None).await.map_err(|e| {
                        AppError::target(format!("cannot start the simulated tenant: {e}"))
                    })?;
                    let base = tenant.graph_base_url();
                    (
                        base.clone(),
                        tenant.server_url(),
                        Some(tenant),
                        format!("simulated tenant at {base}"),
                    )
                }
            };
            let config = client_config(scenario, base_url.clone());
            let client =
                GraphClient::new(config, Arc::new(StaticToken::new(SIMULATED_TOKEN)), sink)
                    .map_err(|e| AppError::target(format!("cannot build the HTTP client: {e}")))?;
            Ok(ReadyTarget {
                client,
                description,
                kind: "simulated",
                graph_url: base_url,
                login_url,
                _tenant: tenant,
            })
        }
        Target::Graph(graph) => super::graph_target::connect(scenario, graph, sink).await,
    }
}

/// The client settings every target shares: the engine's timeout and concurrency, and the
/// User-Agent Microsoft asks for.
pub(super) fn client_config(scenario: &Scenario, base_url: Url) -> ClientConfig {
    ClientConfig {
        request_timeout_us: scenario.engine.request_timeout_us,
        max_idle_per_host: scenario.engine.concurrency.max(8),
        retry: retry_policy(&scenario.engine),
        pacing: scenario.engine.pacing,
        ..ClientConfig::new(base_url, user_agent(&scenario.pilot.organisation))
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn user_agent_is_decorated_as_microsoft_asks_and_stays_ascii() {
        let agent = user_agent("Example NHS Trust");
        assert_eq!(
            agent,
            format!(
                "NONISV|Example NHS Trust|pilotbench/{}",
                env!("CARGO_PKG_VERSION")
            )
        );
        let odd = user_agent("Bro Taf – Health|Board\n");
        assert!(odd.is_ascii());
        assert_eq!(odd.matches('|').count(), 2, "{odd}");
    }

    #[test]
    fn the_engine_settings_become_the_clients_retry_policy() {
        let engine = EngineSettings {
            retry_attempts: 9,
            retry_base_us: 250_000,
            retry_cap_us: 5_000_000,
            ..EngineSettings::default()
        };
        assert_eq!(
            retry_policy(&engine),
            RetryPolicy {
                max_attempts: 9,
                base_us: 250_000,
                cap_us: 5_000_000
            }
        );
        assert_eq!(
            retry_policy(&EngineSettings::default()),
            RetryPolicy::default(),
            "the scenario's defaults are the client's"
        );
    }
}
