//! The retry policy keys of `[engine]`: `retry_attempts`, `retry_base` and `retry_cap`. Kept
//! apart from `engine_settings.rs` because the three are checked together (the base may not
//! exceed the cap) and the rules name Graph's throttling guidance.

use toml::Spanned;

use super::checker::Checker;
use super::engine_model::EngineSettings;
use crate::vocab::units::Micros;

/// The most attempts per request a scenario may ask for.
pub(crate) const MAX_RETRY_ATTEMPTS: i64 = 20;

/// The longest backoff cap a scenario may ask for: 10 minutes.
pub(crate) const MAX_RETRY_CAP_US: Micros = 600_000_000;

/// The three keys as written.
pub(crate) struct RetryKeys {
    pub(crate) attempts: Option<Spanned<i64>>,
    pub(crate) base: Option<Spanned<String>>,
    pub(crate) cap: Option<Spanned<String>>,
}

/// The checked policy.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct RetrySettings {
    pub(crate) attempts: u32,
    pub(crate) base_us: Micros,
    pub(crate) cap_us: Micros,
}

/// Checks the keys against each other; `None` when any is wrong (each problem recorded).
pub(crate) fn check_retry(
    checker: &mut Checker<'_>,
    keys: RetryKeys,
    defaults: &EngineSettings,
) -> Option<RetrySettings> {
    let errors_before = checker.error_count();
    let attempts = match &keys.attempts {
        Some(value) => check_attempts(checker, value),
        None => Some(defaults.retry_attempts),
    };
    let base_us = match &keys.base {
        Some(value) => checker.duration(value, "retry_base"),
        None => Some(defaults.retry_base_us),
    };
    let cap_us = match &keys.cap {
        Some(value) => checker.duration(value, "retry_cap").and_then(|cap| {
            if cap > MAX_RETRY_CAP_US {
                checker.error(
                    value.span(),
                    format!(
                        "retry_cap \"{}\" is longer than 10 minutes; a pilot that backs off longer \
                         is stuck, not throttled: write at most \"10m\" (default 30s)",
                        value.get_ref().trim()
                    ),
                );
                None
            } else {
                Some(cap)
            }
        }),
        None => Some(defaults.retry_cap_us),
    };
    if let (Some(base), Some(cap)) = (base_us, cap_us)
        && base > cap
    {
        let span = keys
            .base
            .as_ref()
            .or(keys.cap.as_ref())
            .map(Spanned::span)
            .unwrap_or_default();
        checker.error(
            span,
            format!(
                "retry_base ({}) is longer than retry_cap ({}); the backoff starts at retry_base \
                 and doubles up to retry_cap, so make retry_base at most retry_cap \
                 (defaults 500ms and 30s)",
                shown(base),
                shown(cap)
            ),
        );
    }
    if checker.error_count() > errors_before {
        return None;
    }
    Some(RetrySettings {
        attempts: attempts?,
        base_us: base_us?,
        cap_us: cap_us?,
    })
}

fn check_attempts(checker: &mut Checker<'_>, value: &Spanned<i64>) -> Option<u32> {
    let attempts = *value.get_ref();
    match u32::try_from(attempts) {
        Ok(n) if (1..=MAX_RETRY_ATTEMPTS).contains(&attempts) => Some(n),
        _ => {
            checker.error(
                value.span(),
                format!(
                    "retry_attempts = {attempts} is out of range; write the attempts per request, \
                     the first included, from 1 (never retry) to {MAX_RETRY_ATTEMPTS} (default 4)"
                ),
            );
            None
        }
    }
}

/// A duration for a message: "500ms", "30s".
fn shown(us: Micros) -> String {
    humantime::format_duration(std::time::Duration::from_micros(us)).to_string()
}
