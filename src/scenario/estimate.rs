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

#[cfg(test)]
mod tests {
    use crate::scenario::tests::{accepted, assert_at, only_problem, with};
    use crate::scenario::{EstimateSettings, parse};
    use std::path::Path;

    #[test]
    fn no_section_gives_the_defaults() {
        let scenario = accepted(&with(""));
        assert_eq!(scenario.estimate, EstimateSettings::default());
        assert_eq!(scenario.estimate.hours_per_day, 24.0);
        assert_eq!(scenario.estimate.ru_per_minute, None);
    }

    #[test]
    fn every_key_is_read() {
        let scenario = accepted(&with(
            "[estimate]\nhours_per_day = 10\ndays_per_week = 5\nparallel_streams = 3\n\
             effort_per_site_hours = 6.5\neffort_per_wave_hours = 0\nsites_per_wave = 4\n\
             hours_per_person_day = 7\nru_per_minute = 2500\nresamples = 200\nseed = 9\n",
        ));
        let expected = EstimateSettings {
            hours_per_day: 10.0,
            days_per_week: 5,
            parallel_streams: 3,
            effort_per_site_hours: 6.5,
            effort_per_wave_hours: 0.0,
            sites_per_wave: 4,
            hours_per_person_day: 7.0,
            ru_per_minute: Some(2500),
            resamples: 200,
            seed: 9,
        };
        assert_eq!(scenario.estimate, expected);
    }

    #[test]
    fn out_of_range_values_are_placed_and_explained() {
        let text = with("[estimate]\nhours_per_day = 25\n");
        assert_at(
            &only_problem(&text),
            &text,
            "25",
            0,
            &["hours_per_day = 25 is out of range", "at most 24"],
        );
        let text = with("[estimate]\ndays_per_week = 9\n");
        assert_at(
            &only_problem(&text),
            &text,
            "9",
            0,
            &["days_per_week = 9", "from 1 to 7"],
        );
        let text = with("[estimate]\nresamples = 3\n");
        assert_at(
            &only_problem(&text),
            &text,
            "3",
            0,
            &["resamples = 3", "from 10"],
        );
        let text = with("[estimate]\neffort_per_site_hours = -1.0\n");
        assert_at(
            &only_problem(&text),
            &text,
            "-1.0",
            0,
            &["effort_per_site_hours = -1", "0 or more"],
        );
    }

    #[test]
    fn unknown_keys_are_refused() {
        let text = with("[estimate]\nhours_a_day = 8\n");
        let problem = only_problem(&text);
        assert!(problem.message.contains("hours_a_day"), "{problem:?}");
        assert_eq!(
            problem.line,
            Some(
                text.lines()
                    .position(|l| l.starts_with("hours_a_day"))
                    .map(|i| i + 1)
                    .unwrap_or(0)
            )
        );
        assert!(parse(&text, Path::new("x.toml")).is_err());
    }
}
