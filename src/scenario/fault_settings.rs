//! `[target.simulated.faults]`: the rates of the faults the simulated tenant injects (server
//! errors, slow answers, expired sessions, 416 on fragments, lost answers, 401s, failed
//! look-ups by path), each a share
//! from 0.0 to 1.0, and how late a slow answer comes.

use toml::Spanned;

use super::checker::Checker;
use super::raw::RawFaults;
use super::target_model::FaultRates;

/// Checks the fault table; any wrong value is recorded and its default kept (the caller sees
/// the error count rise and drops the target).
pub(crate) fn check_faults(checker: &mut Checker<'_>, raw: RawFaults) -> FaultRates {
    let defaults = FaultRates::default();
    let mut rate = |value: Option<Spanned<f64>>, key: &str| {
        value
            .and_then(|value| checker.fraction(&value, key))
            .unwrap_or(0.0)
    };
    let server_error_rate = rate(raw.server_error_rate, "server_error_rate");
    let slow_rate = rate(raw.slow_rate, "slow_rate");
    let session_expiry_rate = rate(raw.session_expiry_rate, "session_expiry_rate");
    let range_error_rate = rate(raw.range_error_rate, "range_error_rate");
    let lost_response_rate = rate(raw.lost_response_rate, "lost_response_rate");
    let unauthorized_rate = rate(raw.unauthorized_rate, "unauthorized_rate");
    let lookup_error_rate = rate(raw.lookup_error_rate, "lookup_error_rate");
    let slow_response_us = raw
        .slow_response
        .and_then(|value| checker.duration(&value, "slow_response"))
        .unwrap_or(defaults.slow_response_us);
    FaultRates {
        server_error_rate,
        slow_rate,
        slow_response_us,
        session_expiry_rate,
        range_error_rate,
        lost_response_rate,
        unauthorized_rate,
        lookup_error_rate,
    }
}
