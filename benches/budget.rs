//! Budget use under throttling: a simulated tenant whose resource-unit budget is the only
//! bottleneck (zero latency, unlimited bandwidth, 300 RU per 3 s window: SharePoint's minute
//! compressed), and `pilotbench run` copying 600 files of 1 KiB (1,200 RU of uploads, four
//! windows' worth). From the tenant's own request log: the RU it served per full window over the
//! budget, and the share of requests it refused with 429. Goal with pacing (the default): above
//! 0.9 of the budget with under 5 % throttled. The same run without pacing is shown beside it.
//! Three runs each; medians quoted.
//!
//! `cargo bench --bench budget` (about a minute and a half).

mod common;

use common::*;

const BUDGET_RU: u64 = 300;
const WINDOW_S: u64 = 3;
const FILES: u64 = 600;
const CONCURRENCY: usize = 8;
const ROUNDS: usize = 3;

fn scenario(url: Option<&str>, pacing: bool) -> String {
    let url = url.map(|u| format!("url = \"{u}\"")).unwrap_or_default();
    format!(
        r#"[pilot]
name = "Budget benchmark"
organisation = "pilotbench"

[target]
kind = "simulated"

[target.simulated]
seed = 1
ru_per_minute = {BUDGET_RU}
ru_window = "{WINDOW_S}s"
{url}

[engine]
concurrency = {CONCURRENCY}
pacing = {pacing}

[[site]]
name = "Bench"
workload = "sharepoint"
destination = {{ site = "https://bench.sharepoint.com/sites/bench", library = "Documents", folder = "pilot" }}
source = {{ kind = "synthetic", files = {FILES}, depth = 0, fan_out = 1, seed = 9, size = {{ distribution = "fixed", value = "1KiB" }} }}
"#
    )
}

#[derive(serde::Deserialize)]
struct Logged {
    at_us: u64,
    method: String,
    path: String,
    status: u16,
}

/// The RU the simulated tenant charges a request (`ru_cost` in src/sim/behaviour/throttle.rs, after
/// `docs/graph-notes.md` §1): 0 for upload-session URLs, 2 for listings, a site's drives, creates,
/// updates, deletes and uploads, 1 for any other read.
fn ru_cost(method: &str, path: &str) -> u64 {
    if path.starts_with("/upload/") {
        return 0;
    }
    let listing = path.ends_with("/children") || path.ends_with("/drives");
    let upload = path.ends_with(":/content") || path.ends_with(":/createUploadSession");
    if listing || upload || method != "GET" {
        2
    } else {
        1
    }
}

fn fetch_log(url: &str) -> Vec<Logged> {
    let runtime = tokio::runtime::Runtime::new().expect("runtime");
    runtime.block_on(async {
        reqwest::Client::new()
            .get(format!("{url}/_sim/requests"))
            .bearer_auth(pilotbench::sim::SIMULATED_TOKEN)
            .send()
            .await
            .expect("the tenant answers")
            .error_for_status()
            .expect("the log is served")
            .json::<Vec<Logged>>()
            .await
            .expect("the log is JSON")
    })
}

/// (served RU per full window ÷ budget, 429s ÷ requests, full windows) of one run.
fn one_run(round: usize, pacing: bool) -> (f64, f64, usize) {
    let dir = scratch(&format!(
        "budget-{}-{round}",
        if pacing { "paced" } else { "unpaced" }
    ));
    let serve = dir.join("serve.toml");
    std::fs::write(&serve, scenario(None, pacing)).expect("write scenario");
    let server = Server::start(&serve);
    let path = dir.join("run.toml");
    std::fs::write(&path, scenario(Some(&server.url), pacing)).expect("write scenario");
    let summary = run(&path, &dir.join("out"));
    assert_eq!(
        summary["total"]["files_verified"].as_u64(),
        Some(FILES),
        "every file verified"
    );
    let log = fetch_log(&server.url);
    drop(server);

    let first = log.first().map_or(0, |e| e.at_us);
    let window_us = WINDOW_S * 1_000_000;
    let windows = log
        .last()
        .map_or(0, |e| ((e.at_us - first) / window_us) as usize + 1);
    let mut served = vec![0u64; windows];
    for entry in log.iter().filter(|e| e.status != 429) {
        let window = ((entry.at_us - first) / window_us) as usize;
        served[window] += ru_cost(&entry.method, &entry.path);
    }
    // The last window is where the work ran out; every earlier one was full of demand.
    let full = &served[..windows.saturating_sub(1)];
    let used = full.iter().sum::<u64>() as f64 / (full.len().max(1) as u64 * BUDGET_RU) as f64;
    let refused = log.iter().filter(|e| e.status == 429).count();
    (used, refused as f64 / log.len().max(1) as f64, full.len())
}

fn measure(pacing: bool) -> (f64, f64) {
    let mut used = Vec::new();
    let mut throttled = Vec::new();
    for round in 0..ROUNDS {
        let (u, t, full) = one_run(round, pacing);
        println!(
            "budget/{} run {}: {u:.3} of the budget over {full} full windows, {:.2} % throttled",
            if pacing { "paced" } else { "unpaced" },
            round + 1,
            t * 100.0
        );
        used.push(u);
        throttled.push(t);
    }
    (median(&mut used), median(&mut throttled))
}

fn main() {
    if std::env::args().any(|a| a == "--list") {
        println!("budget: bench");
        return;
    }
    let (used, throttled) = measure(true);
    println!(
        "budget/paced (default): {used:.3} of the budget used, {:.2} % of requests throttled (goal > 0.9 and < 5 %; medians of {ROUNDS})",
        throttled * 100.0
    );
    let (used, throttled) = measure(false);
    println!(
        "budget/unpaced (pacing = false): {used:.3} of the budget used, {:.2} % of requests throttled (medians of {ROUNDS})",
        throttled * 100.0
    );
}
