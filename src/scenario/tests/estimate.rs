//! `[estimate]`: defaults, every key read, refused values placed and explained.

use super::{accepted, assert_at, only_problem, with};
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
