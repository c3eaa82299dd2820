//! `[estimate]`: the migration window, the effort settings and the resampling of the time
//! estimate. Every key is optional; each refused value is placed at its `line:column` with
//! what to write instead. The defaults live in [`EstimateSettings::default`].

use toml::Spanned;

use super::checker::Checker;
use super::estimate_model::EstimateSettings;
use super::raw::RawEstimate;

/// The most bootstrap resamples: beyond this the percentiles no longer move, only the wait.
pub(crate) const MAX_RESAMPLES: i64 = 100_000;
/// The most parallel streams: far beyond any tenant's budget for one app.
pub(crate) const MAX_STREAMS: i64 = 64;

/// Checks `[estimate]`.
pub(crate) fn check_estimate(
    checker: &mut Checker<'_>,
    raw: RawEstimate,
) -> Option<EstimateSettings> {
    let defaults = EstimateSettings::default();
    let errors_before = checker.error_count();
    let hours_per_day = raw
        .hours_per_day
        .and_then(|value| positive_at_most(checker, &value, "hours_per_day", 24.0, "8 (hours)"))
        .unwrap_or(defaults.hours_per_day);
    let days_per_week = raw
        .days_per_week
        .and_then(|value| whole_in(checker, &value, "days_per_week", 1, 7))
        .unwrap_or(u64::from(defaults.days_per_week));
    let parallel_streams = raw
        .parallel_streams
        .and_then(|value| whole_in(checker, &value, "parallel_streams", 1, MAX_STREAMS))
        .unwrap_or(u64::from(defaults.parallel_streams));
    let effort_per_site_hours = raw
        .effort_per_site_hours
        .and_then(|value| not_negative(checker, &value, "effort_per_site_hours"))
        .unwrap_or(defaults.effort_per_site_hours);
    let effort_per_wave_hours = raw
        .effort_per_wave_hours
        .and_then(|value| not_negative(checker, &value, "effort_per_wave_hours"))
        .unwrap_or(defaults.effort_per_wave_hours);
    let sites_per_wave = raw
        .sites_per_wave
        .and_then(|value| whole_in(checker, &value, "sites_per_wave", 1, 10_000))
        .unwrap_or(u64::from(defaults.sites_per_wave));
    let hours_per_person_day = raw
        .hours_per_person_day
        .and_then(|value| {
            positive_at_most(checker, &value, "hours_per_person_day", 24.0, "7.5 (hours)")
        })
        .unwrap_or(defaults.hours_per_person_day);
    let ru_per_minute = match raw.ru_per_minute {
        Some(value) => Some(whole_in(
            checker,
            &value,
            "ru_per_minute",
            1,
            i64::from(u32::MAX),
        )?),
        None => None,
    };
    let resamples = raw
        .resamples
        .and_then(|value| whole_in(checker, &value, "resamples", 10, MAX_RESAMPLES))
        .unwrap_or(u64::from(defaults.resamples));
    let seed = raw
        .seed
        .and_then(|value| whole_in(checker, &value, "seed", 0, i64::MAX))
        .unwrap_or(defaults.seed);
    if checker.error_count() > errors_before {
        return None;
    }
    Some(EstimateSettings {
        hours_per_day,
        days_per_week: u32::try_from(days_per_week).ok()?,
        parallel_streams: u32::try_from(parallel_streams).ok()?,
        effort_per_site_hours,
        effort_per_wave_hours,
        sites_per_wave: u32::try_from(sites_per_wave).ok()?,
        hours_per_person_day,
        ru_per_minute,
        resamples: u32::try_from(resamples).ok()?,
        seed,
    })
}

/// A whole number from `min` to `max` inclusive.
fn whole_in(
    checker: &mut Checker<'_>,
    value: &Spanned<i64>,
    key: &str,
    min: i64,
    max: i64,
) -> Option<u64> {
    let number = *value.get_ref();
    if (min..=max).contains(&number) {
        u64::try_from(number).ok()
    } else {
        checker.error(
            value.span(),
            format!("{key} = {number} is out of range; write a whole number from {min} to {max}"),
        );
        None
    }
}

/// A finite number above 0 and at most `max`.
fn positive_at_most(
    checker: &mut Checker<'_>,
    value: &Spanned<f64>,
    key: &str,
    max: f64,
    example: &str,
) -> Option<f64> {
    let number = *value.get_ref();
    if number.is_finite() && number > 0.0 && number <= max {
        Some(number)
    } else {
        checker.error(
            value.span(),
            format!("{key} = {number} is out of range; write a number above 0 and at most {max}, like {example}"),
        );
        None
    }
}

/// A finite number of hours, 0 or more.
fn not_negative(checker: &mut Checker<'_>, value: &Spanned<f64>, key: &str) -> Option<f64> {
    let number = *value.get_ref();
    if number.is_finite() && number >= 0.0 {
        Some(number)
    } else {
        checker.error(
            value.span(),
            format!("{key} = {number} is out of range; write person-hours, 0 or more (like 4)"),
        );
        None
    }
}
