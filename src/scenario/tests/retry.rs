//! The retry policy keys of `[engine]`: defaults, the accepted range, and each refusal placed
//! at its `line:column`.

use super::*;

fn engine(body: &str) -> String {
    with(&format!("[engine]\n{body}\n"))
}

#[test]
fn the_defaults_are_todays_policy() {
    let scenario = accepted(&engine("concurrency = 2"));
    assert_eq!(scenario.engine.retry_attempts, 4);
    assert_eq!(scenario.engine.retry_base_us, 500_000);
    assert_eq!(scenario.engine.retry_cap_us, 30_000_000);
    assert!(scenario.engine.pacing, "pacing is on by default");
}

#[test]
fn the_edges_of_the_range_are_accepted() {
    let one = accepted(&engine(
        "retry_attempts = 1\nretry_base = \"1s\"\nretry_cap = \"1s\"",
    ));
    assert_eq!(
        (
            one.engine.retry_attempts,
            one.engine.retry_base_us,
            one.engine.retry_cap_us
        ),
        (1, 1_000_000, 1_000_000)
    );
    let most = accepted(&engine("retry_attempts = 20\nretry_cap = \"10m\""));
    assert_eq!(most.engine.retry_attempts, 20);
    assert_eq!(most.engine.retry_cap_us, 600_000_000);
}

#[test]
fn attempts_out_of_range_are_refused_where_written() {
    for bad in ["0", "21", "-3"] {
        let text = engine(&format!("retry_attempts = {bad}"));
        assert_at(
            &only_problem(&text),
            &text,
            bad,
            0,
            &["retry_attempts", "from 1", "to 20", "default 4"],
        );
    }
}

#[test]
fn a_base_above_the_cap_is_refused_at_the_base() {
    let text = engine("retry_base = \"40s\"\nretry_cap = \"10s\"");
    assert_at(
        &only_problem(&text),
        &text,
        "\"40s\"",
        0,
        &["retry_base (40s)", "retry_cap (10s)", "at most"],
    );
    // Against the default cap, too.
    let text = engine("retry_base = \"1m\"");
    assert_at(
        &only_problem(&text),
        &text,
        "\"1m\"",
        0,
        &["retry_cap (30s)"],
    );
}

#[test]
fn zero_junk_and_huge_durations_are_refused() {
    let text = engine("retry_base = \"0s\"");
    assert_at(
        &only_problem(&text),
        &text,
        "\"0s\"",
        0,
        &["retry_base is zero"],
    );
    let text = engine("retry_cap = \"soon\"");
    assert_at(
        &only_problem(&text),
        &text,
        "\"soon\"",
        0,
        &["retry_cap", "not a duration"],
    );
    let text = engine("retry_cap = \"2h\"");
    assert_at(
        &only_problem(&text),
        &text,
        "\"2h\"",
        0,
        &["longer than 10 minutes"],
    );
}

#[test]
fn every_retry_problem_is_reported_at_once() {
    let text = engine("retry_attempts = 0\nretry_base = \"x\"\nretry_cap = \"0ms\"");
    assert_eq!(problems(&text).len(), 3);
}
