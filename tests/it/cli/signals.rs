//! Interruptions through the real binary: a Ctrl-C (SIGINT) while upload sessions are in
//! flight gives the items it cancelled after their first request their own outcome,
//! `interrupted`, apart from `not-run` (never started), in items.csv, pilot-results.csv,
//! summary.json and the accounting (issue 14 item 12).

use std::time::Duration;

use crate::support::{
    Scenario, Site, Size, Source, TempDir, assert_accounting, cpu, run_interrupted,
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
