//! The Graph client's settings every target shares: the engine's timeout, concurrency, retry
//! policy and pacing, and the User-Agent Microsoft asks enterprise tools to send.

use url::Url;

use crate::graph::{ClientConfig, Interruption, RetryPolicy};
use crate::scenario::{EngineSettings, Scenario};

/// The client settings every target shares: the engine's timeout and concurrency, the
/// User-Agent Microsoft asks for, and the run's Ctrl-C, which ends the client's waits.
pub(super) fn client_config(
    scenario: &Scenario,
    base_url: Url,
    interruption: &Interruption,
) -> ClientConfig {
    ClientConfig {
        interruption: interruption.clone(),
        request_timeout_us: scenario.engine.request_timeout_us,
        max_idle_per_host: scenario.engine.concurrency.max(8),
        retry: retry_policy(&scenario.engine),
        pacing: scenario.engine.pacing,
        ..ClientConfig::new(base_url, user_agent(&scenario.pilot.organisation))
    }
}

/// The client's retry policy from `[engine]`.
fn retry_policy(engine: &EngineSettings) -> RetryPolicy {
    RetryPolicy {
        max_attempts: engine.retry_attempts,
        base_us: engine.retry_base_us,
        cap_us: engine.retry_cap_us,
    }
}

/// The User-Agent Microsoft asks enterprise tools to send: `NONISV|<organisation>|pilotbench/<version>`.
fn user_agent(organisation: &str) -> String {
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
