//! `[target]` and `[target.simulated]`: which tenant the copy goes to and, for the simulated
//! tenant, its behaviour model (latency, bandwidth, corruption, token lifetime) and an optional
//! running instance to reuse. `[target.graph]` is checked in `graph_target_settings.rs`.

use toml::Spanned;

use super::addresses::{is_loopback, plain_http_allowed};
use super::checker::Checker;
use super::graph_target_settings::check_graph;
use super::raw::{RawLatency, RawSimulated, RawTarget};
use super::target_model::{
    DEFAULT_COPY_JOB_DURATION_US, FaultRates, LatencyModel, SimulatedTarget, Target,
};

/// The longest latency the model accepts, in milliseconds (one hour).
const MAX_LATENCY_MS: f64 = 3_600_000.0;

/// Lifetime of the simulated tenant's access tokens unless `token_lifetime` says otherwise:
/// one hour, as Entra ID's app-only tokens.
const DEFAULT_TOKEN_LIFETIME_US: u64 = 3_600_000_000;

/// The shortest token lifetime accepted: `expires_in` is in whole seconds.
const MIN_TOKEN_LIFETIME_US: u64 = 1_000_000;

/// Checks `[target]`; `None` when anything in it is wrong (each problem recorded).
pub(crate) fn check_target(checker: &mut Checker<'_>, raw: RawTarget) -> Option<Target> {
    let kind = raw.kind.get_ref().trim();
    match kind {
        "simulated" => {
            if let Some(graph) = &raw.graph {
                checker.error(
                    graph.span(),
                    "[target.graph] applies to kind = \"graph\" (a real tenant); remove it or set \
                     kind = \"graph\"",
                );
                return None;
            }
        }
        "graph" => {
            if let Some(simulated) = &raw.simulated {
                checker.error(
                    simulated.span(),
                    "[target.simulated] applies to kind = \"simulated\"; remove it or set kind = \
                     \"simulated\"",
                );
                return None;
            }
            return check_graph(checker, raw.graph.map(Spanned::into_inner)).map(Target::Graph);
        }
        other => {
            checker.error(
                raw.kind.span(),
                format!("unknown target kind \"{other}\"; use simulated or graph"),
            );
            return None;
        }
    }
    let simulated = match raw.simulated {
        Some(simulated) => check_simulated(checker, simulated.into_inner())?,
        None => SimulatedTarget {
            seed: 0,
            latency: None,
            bandwidth_bytes_per_s: None,
            corrupt_rate: 0.0,
            ru_per_minute: None,
            busy_rate: 0.0,
            ru_window_us: 60_000_000,
            url: None,
            token_lifetime_us: DEFAULT_TOKEN_LIFETIME_US,
            reject_credentials: false,
            faults: FaultRates::default(),
            copy_failure_rate: 0.0,
            copy_job_duration_us: DEFAULT_COPY_JOB_DURATION_US,
        },
    };
    Some(Target::Simulated(simulated))
}

fn check_simulated(checker: &mut Checker<'_>, raw: RawSimulated) -> Option<SimulatedTarget> {
    let errors_before = checker.error_count();
    let latency = raw
        .latency
        .and_then(|latency| check_latency(checker, latency.into_inner()));
    let bandwidth_bytes_per_s = raw
        .bandwidth
        .and_then(|bandwidth| check_bandwidth(checker, &bandwidth));
    let corrupt_rate = raw
        .corrupt_rate
        .and_then(|rate| checker.fraction(&rate, "corrupt_rate"))
        .unwrap_or(0.0);
    let busy_rate = raw
        .busy_rate
        .and_then(|rate| checker.fraction(&rate, "busy_rate"))
        .unwrap_or(0.0);
    let ru_per_minute = match raw.ru_per_minute {
        Some(budget) if *budget.get_ref() == 0 => {
            checker.error(
                budget.span(),
                "ru_per_minute = 0 would refuse every request; write the budget in resource units \
                 per minute (SharePoint gives an app 1250 in a tenant of up to 1,000 licences), or \
                 leave it out for no limit",
            );
            None
        }
        budget => budget.map(Spanned::into_inner),
    };
    let ru_window_us = raw
        .ru_window
        .and_then(|value| checker.duration(&value, "ru_window"))
        .unwrap_or(60_000_000);
    let url = raw.url.and_then(|url| check_simulator_url(checker, &url));
    let token_lifetime_us = raw
        .token_lifetime
        .and_then(|value| check_token_lifetime(checker, &value))
        .unwrap_or(DEFAULT_TOKEN_LIFETIME_US);
    let faults = raw
        .faults
        .map(|faults| super::fault_settings::check_faults(checker, faults.into_inner()))
        .unwrap_or_default();
    let copy_failure_rate = raw
        .copy_failure_rate
        .and_then(|rate| checker.fraction(&rate, "copy_failure_rate"))
        .unwrap_or(0.0);
    let copy_job_duration_us = raw
        .copy_job_duration
        .and_then(|value| checker.duration(&value, "copy_job_duration"))
        .unwrap_or(DEFAULT_COPY_JOB_DURATION_US);
    if checker.error_count() > errors_before {
        return None;
    }
    Some(SimulatedTarget {
        seed: raw.seed.map_or(0, Spanned::into_inner),
        latency,
        bandwidth_bytes_per_s,
        corrupt_rate,
        ru_per_minute,
        busy_rate,
        ru_window_us,
        url,
        token_lifetime_us,
        reject_credentials: raw.reject_credentials.is_some_and(|r| *r.get_ref()),
        faults,
        copy_failure_rate,
        copy_job_duration_us,
    })
}

fn check_latency(checker: &mut Checker<'_>, raw: RawLatency) -> Option<LatencyModel> {
    let median = milliseconds(checker, &raw.median_ms, "median_ms");
    let p99 = milliseconds(checker, &raw.p99_ms, "p99_ms");
    let (median, p99) = (median?, p99?);
    if p99 < median {
        checker.error(
            raw.p99_ms.span(),
            format!(
                "p99_ms ({p99}) is below median_ms ({median}); the 99th percentile must be at \
                 least the median"
            ),
        );
        return None;
    }
    Some(LatencyModel {
        median_us: (median * 1_000.0).round() as u64,
        p99_us: (p99 * 1_000.0).round() as u64,
    })
}

fn milliseconds(checker: &mut Checker<'_>, value: &Spanned<f64>, key: &str) -> Option<f64> {
    let ms = *value.get_ref();
    if (0.0..=MAX_LATENCY_MS).contains(&ms) {
        Some(ms)
    } else {
        checker.error(
            value.span(),
            format!("{key} = {ms} is out of range; write milliseconds from 0 to 3600000"),
        );
        None
    }
}

fn check_bandwidth(checker: &mut Checker<'_>, value: &Spanned<String>) -> Option<u64> {
    match crate::vocab::units::parse_rate(value.get_ref()) {
        Ok(0) => {
            checker.error(
                value.span(),
                "bandwidth is 0; write a rate above zero like \"200MiB/s\", or leave bandwidth out \
                 for unlimited",
            );
            None
        }
        Ok(rate) => Some(rate),
        Err(reason) => {
            checker.error(value.span(), format!("bandwidth: {reason}"));
            None
        }
    }
}

fn check_simulator_url(checker: &mut Checker<'_>, value: &Spanned<String>) -> Option<url::Url> {
    let text = value.get_ref().trim();
    if let Some(refusal) = super::addresses::refuse_userinfo(text, "url") {
        checker.error(value.span(), refusal);
        return None;
    }
    let url = match url::Url::parse(text) {
        Ok(url) => url,
        Err(reason) => {
            checker.error(
                value.span(),
                format!(
                    "url \"{text}\" is not a URL ({reason}); write the address `pilotbench simulate` \
                     printed, like \"http://127.0.0.1:8080\""
                ),
            );
            return None;
        }
    };
    if !matches!(url.scheme(), "http" | "https") {
        checker.error(
            value.span(),
            format!(
                "url \"{text}\" must start with http:// or https://, like \"http://127.0.0.1:8080\""
            ),
        );
        return None;
    }
    if !is_loopback(&url) {
        checker.error(
            value.span(),
            format!(
                "url \"{text}\" is not on this machine; the simulated tenant is only reached on a \
                 loopback host (127.0.0.1, ::1 or localhost)"
            ),
        );
        return None;
    }
    if url.scheme() == "https" {
        // The https listener of `simulate --tls` has a certificate from a throwaway CA that
        // pilotbench's client does not trust; it is there for tools that insist on https.
        checker.error(
            value.span(),
            format!(
                "url \"{text}\": pilotbench reaches the simulated tenant over plain http; write \
                 the http address `pilotbench simulate` printed, like \"http://127.0.0.1:8080\" \
                 (its https listener, with --tls, is for other tools)"
            ),
        );
        return None;
    }
    if !plain_http_allowed(&url) {
        checker.error(
            value.span(),
            format!(
                "url \"{text}\" uses plain http on a host name; plain http is allowed only to \
                 127.0.0.0/8 or ::1, so write \"http://127.0.0.1:PORT\""
            ),
        );
        return None;
    }
    Some(url)
}

fn check_token_lifetime(checker: &mut Checker<'_>, value: &Spanned<String>) -> Option<u64> {
    let lifetime = checker.duration(value, "token_lifetime")?;
    if lifetime < MIN_TOKEN_LIFETIME_US {
        checker.error(
            value.span(),
            "token_lifetime is under one second; tokens state their lifetime in whole seconds, so \
             write at least \"1s\"",
        );
        return None;
    }
    Some(lifetime)
}
