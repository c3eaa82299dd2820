//! Interruptions through the real binary: a Ctrl-C (SIGINT) while upload sessions are in
//! flight gives the items it cancelled after their first request their own outcome,
//! `interrupted`, apart from `not-run` (never started), in items.csv, pilot-results.csv,
//! summary.json and the accounting (issue 14 item 12); a Ctrl-C during a long `Retry-After`
//! ends the run at once instead of waiting it out (issue 14 item 4). SIGTERM (a CI runner, a
//! container stopping) and SIGHUP (a closed terminal) are handled the same way, with their own
//! exit codes (143, 129); a second signal leaves at once without writing.

use std::time::Duration;

use crate::support::{
    Scenario, Simulate, Site, Size, Source, TempDir, assert_accounting, cpu, request_log,
    run_interrupted, run_interrupted_when, run_signalled,
};

#[test]
fn ctrl_c_mid_upload_session_marks_started_items_interrupted() {
    let dir = TempDir::new("sigint-sessions");
    // Files of 4 MiB in 320 KiB fragments: each is a session of 13+ requests at 30 ms, so
    // the four in flight when Ctrl-C comes are part-way through.
    let scenario = Scenario::simulated(7)
        .latency_ms(30, 60)
        .engine("concurrency", 4)
        .engine("simple_upload_max", "1MiB")
        .engine("chunk_size", "320KiB")
        .site(
            Site::sharepoint("Finance", "https://contoso.sharepoint.com/sites/finance")
                .folder("pilot")
                .source(Source::synthetic(200).seed(3).size(Size::fixed("4MiB"))),
        )
        .write(dir.path(), "sessions.toml");
    let out = dir.path().join("out");
    let _share = cpu::share();
    let (exit, stderr) = run_interrupted(&scenario, &out, Duration::from_millis(3000));
    assert_eq!(exit.code(), Some(130), "stderr: {stderr}");
    let (results, items) = assert_accounting(&out);
    let interrupted: Vec<_> = items
        .rows
        .iter()
        .filter(|i| i["outcome"] == "interrupted")
        .collect();
    let not_run: Vec<_> = items
        .rows
        .iter()
        .filter(|i| i["outcome"] == "not-run")
        .collect();
    assert!(
        !interrupted.is_empty(),
        "sessions in flight are interrupted"
    );
    assert!(!not_run.is_empty(), "files never started are not-run");
    for item in &interrupted {
        assert!(item["attempts"].parse::<u32>().unwrap() > 0, "{item:?}");
    }
    for item in &not_run {
        assert_eq!(
            item["attempts"], "0",
            "a not-run item sent nothing: {item:?}"
        );
    }
    assert_eq!(
        results.rows[0]["files_interrupted"],
        interrupted.len().to_string()
    );
    let summary: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("summary.json")).unwrap()).unwrap();
    assert_eq!(
        summary["total"]["files_interrupted"].as_u64(),
        Some(interrupted.len() as u64),
        "{}",
        summary["total"]
    );
}

/// Four 4 MiB files at a time, in 320 KiB fragments at `latency_ms`: a run that is still copying
/// when the signals come.
fn long_run(dir: &TempDir, latency_ms: u32) -> std::path::PathBuf {
    Scenario::simulated(7)
        .latency_ms(latency_ms, 2 * latency_ms)
        .engine("concurrency", 4)
        .engine("simple_upload_max", "1MiB")
        .engine("chunk_size", "320KiB")
        .site(
            Site::sharepoint("Finance", "https://contoso.sharepoint.com/sites/finance")
                .folder("pilot")
                .source(Source::synthetic(200).seed(3).size(Size::fixed("4MiB"))),
        )
        .write(dir.path(), "long.toml")
}

#[test]
fn sigterm_and_sighup_stop_the_run_like_ctrl_c_with_their_own_exit_codes() {
    for (signal, code) in [("TERM", 143), ("HUP", 129)] {
        let dir = TempDir::new(&format!("sig{}", signal.to_lowercase()));
        let scenario = long_run(&dir, 30);
        let out = dir.path().join("out");
        let _share = cpu::share();
        let (exit, stderr) =
            run_signalled(&scenario, &out, &[(Duration::from_millis(2500), signal)]);
        assert_eq!(exit.code(), Some(code), "SIG{signal}; stderr: {stderr}");
        assert!(
            stderr.contains(&format!("Interrupted by SIG{signal}")),
            "{stderr}"
        );
        let (_, items) = assert_accounting(&out);
        assert!(
            items.rows.iter().any(|i| i["outcome"] == "verified"),
            "SIG{signal}: the files done before it are kept"
        );
        assert!(
            items.rows.iter().any(|i| i["outcome"] == "not-run"),
            "SIG{signal}: no new files start after it"
        );
    }
}

#[test]
fn a_second_signal_leaves_at_once_without_writing() {
    let dir = TempDir::new("sig-twice");
    // Requests of 1.5 s: after the first signal, the ones in flight take that long to end, so the
    // second comes while the run is still waiting for them.
    let scenario = long_run(&dir, 1500);
    let out = dir.path().join("out");
    let _share = cpu::share();
    let (exit, stderr) = run_signalled(
        &scenario,
        &out,
        &[
            (Duration::from_millis(2500), "TERM"),
            (Duration::from_millis(200), "INT"),
        ],
    );
    assert_eq!(exit.code(), Some(130), "the second signal's code; {stderr}");
    assert!(stderr.contains("Interrupted again (Ctrl-C)"), "{stderr}");
    assert!(
        !out.join("summary.json").exists(),
        "nothing written after the second signal"
    );
}

#[derive(serde::Deserialize)]
struct Logged {
    status: u16,
}

/// A tenant whose resource-unit budget is spent after a few requests and comes back only after
/// two minutes: its 429s carry a `Retry-After` of up to 120 s.
fn long_retry_after() -> Scenario {
    Scenario::simulated(11)
        // Enough for the site, its drives, the folder and a couple of uploads per window.
        .tenant("ru_per_minute", 10)
        .tenant("ru_window", "120s")
        .engine("concurrency", 2)
        // Overrun the budget: pacing would hold the requests back before the 429.
        .engine("pacing", false)
        .site(
            Site::sharepoint("Finance", "https://contoso.sharepoint.com/sites/finance")
                .folder("pilot")
                .source(
                    Source::synthetic(20)
                        .tree(0, 1)
                        .seed(4)
                        .size(Size::fixed("1KiB")),
                ),
        )
}

#[test]
fn ctrl_c_during_a_long_retry_after_ends_the_run_at_once() {
    let dir = TempDir::new("sigint-retry-after");
    let serve = long_retry_after().write(dir.path(), "serve.toml");
    let server = Simulate::start(&serve);
    let url = server.url.clone();
    let run = long_retry_after().url(&url).write(dir.path(), "run.toml");
    let out = dir.path().join("out");
    let _share = cpu::share();
    // Ctrl-C once the tenant has answered its first 429: the run is then waiting it out.
    let throttled = || request_log::<Logged>(&url).iter().any(|l| l.status == 429);
    let interrupted = run_interrupted_when(&run, &out, throttled);
    let log: Vec<Logged> = request_log(&url);
    drop(server);

    assert_eq!(
        interrupted.exit.code(),
        Some(130),
        "stderr: {}",
        interrupted.stderr
    );
    // Far below the 120 s Retry-After, generous for a loaded machine.
    assert!(
        interrupted.exit_after_signal < Duration::from_secs(3),
        "the run took {:?} after Ctrl-C: {}",
        interrupted.exit_after_signal,
        interrupted.stderr
    );
    assert!(log.iter().any(|l| l.status == 429));
    let (results, items) = assert_accounting(&out);
    let count = |outcome: &str| {
        items
            .rows
            .iter()
            .filter(|i| i["outcome"] == outcome)
            .count()
    };
    assert!(
        count("interrupted") >= 1,
        "the upload answered 429 was cut short in its wait: {:?}",
        items.rows
    );
    assert_eq!(
        count("failed"),
        0,
        "a cut wait is no failure: {:?}",
        items.rows
    );
    assert_eq!(
        count("interrupted") + count("not-run") + count("verified"),
        items.rows.len()
    );
    for item in items.rows.iter().filter(|i| i["outcome"] == "interrupted") {
        assert!(item["attempts"].parse::<u32>().unwrap() > 0, "{item:?}");
    }
    assert_eq!(
        results.rows[0]["files_interrupted"],
        count("interrupted").to_string()
    );
    let summary: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("summary.json")).unwrap()).unwrap();
    assert_eq!(summary["interrupted"], true);
}
