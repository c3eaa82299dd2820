//! Throttling end to end, through the real binary: a run that exceeds the simulated tenant's
//! resource-unit budget completes, every file verified, reports its throttled responses and
//! wait, and sends nothing to the tenant while a `Retry-After` is running (asserted on the
//! tenant's own request log). summary.json carries the throttled share against Microsoft's
//! escalation level and the time requests were held at the client's gate, in agreement with
//! pilot-results.csv. Pacing is off here, so the budget is overrun and refusals happen; pacing
//! itself is covered by `graph::pacing` and benches/budget.rs.

use crate::support::{
    Scenario, Simulate, Site, Size, Source, TempDir, assert_accounting, cpu, describe, request_log,
    run_quiet,
};

/// A tenant whose resource-unit budget the run overruns, and 30 files of 1 KiB.
fn scenario() -> Scenario {
    Scenario::simulated(5)
        .named("Throttled pilot")
        // Per window: the 30 uploads alone cost 60.
        .tenant("ru_per_minute", 40)
        // SharePoint's minute, compressed.
        .tenant("ru_window", "2s")
        .engine("concurrency", 4)
        // Overrun the budget: this test is about the refusals.
        .engine("pacing", false)
        .site(
            Site::sharepoint("Finance", "https://contoso.sharepoint.com/sites/finance")
                .folder("pilot")
                .source(
                    Source::synthetic(30)
                        .tree(0, 1)
                        .seed(2)
                        .size(Size::fixed("1KiB")),
                ),
        )
}

#[derive(serde::Deserialize)]
struct Logged {
    at_us: u64,
    status: u16,
}

#[test]
fn a_run_over_budget_waits_out_every_retry_after_and_completes() {
    // The silences after each 429 are timed: no other test runs the binary meanwhile.
    let _alone = cpu::alone();
    let dir = TempDir::new("throttled");
    let serve = scenario().write(dir.path(), "serve.toml");
    let server = Simulate::start(&serve);
    let url = server.url.clone();
    let run = scenario().url(&url).write(dir.path(), "run.toml");
    let out = dir.path().join("out");
    let output = run_quiet(&run, &out);
    let log: Vec<Logged> = request_log(&url);
    drop(server);

    assert_eq!(output.status.code(), Some(0), "{}", describe(&output));
    let (results, items) = assert_accounting(&out);
    assert!(
        items.rows.iter().all(|i| i["outcome"] == "verified"),
        "throttling is waited out"
    );
    let site = &results.rows[0];
    let throttled: u64 = site["throttled_responses"].parse().unwrap();
    let waited: f64 = site["throttled_wait_s"].parse().unwrap();
    assert!(throttled > 0, "the budget was exceeded: {site:?}");
    assert!(waited >= 1.0, "Retry-After is at least 1 s: {site:?}");
    assert!(site["retries"].parse::<u64>().unwrap() > 0);

    let summary: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("summary.json")).unwrap()).unwrap();
    assert_eq!(summary["engine"]["pacing"], false);
    assert_eq!(summary["engine"]["retry"]["attempts"], 4);
    let throttling = &summary["sites"][0]["throttling"];
    assert_eq!(throttling["counted"], "429, and 503 with Retry-After");
    assert_eq!(throttling["throttled_responses"].as_u64(), Some(throttled));
    let responses = throttling["responses"].as_u64().unwrap();
    let requests: u64 = site["requests"].parse().unwrap();
    assert_eq!(responses, requests, "every request was answered");
    let share = throttling["throttled_share"].as_f64().unwrap();
    let expected = throttled as f64 / responses as f64;
    assert!((share - expected).abs() < 1e-4, "{share} vs {expected}");
    assert_eq!(throttling["escalation_share"], 0.3);
    assert_eq!(throttling["above_escalation"], share > 0.3);
    // Requests refused together wait out their Retry-After in their own retry, so the time
    // held at the gate (other requests arriving meanwhile) may be zero; it is never missing.
    assert!(
        throttling["gate_wait_s"].as_f64().is_some_and(|s| s >= 0.0),
        "{throttling}"
    );
    assert_eq!(throttling["throttled_wait_s"].as_f64(), Some(waited));
    assert_eq!(
        summary["total"]["throttling"]["throttled_responses"].as_u64(),
        Some(throttled)
    );

    let refusals: Vec<u64> = log
        .iter()
        .filter(|e| e.status == 429)
        .map(|e| e.at_us)
        .collect();
    assert_eq!(
        refusals.len() as u64,
        throttled,
        "the tenant's log and the report agree"
    );
    // Every Retry-After here is at least 1 s. Requests already in flight when a 429 arrives
    // may land just after it; after that, silence until the pause ends.
    for refused in &refusals {
        let early: Vec<_> = log
            .iter()
            .filter(|e| e.at_us > refused + 300_000 && e.at_us < refused + 900_000)
            .map(|e| (e.at_us, e.status))
            .collect();
        assert!(
            early.is_empty(),
            "requests reached the tenant while a Retry-After from {refused} µs was running: {early:?}"
        );
    }
}
