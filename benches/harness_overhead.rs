//! Harness overhead: 4 KiB files per second that `pilotbench run` copies through a simulated
//! tenant with zero latency and unlimited bandwidth (concurrency 32), beside the 4 KiB PUTs per
//! second a pure load generator (oha) reaches against the same `pilotbench simulate` endpoint in
//! the same session. Goal: pilotbench ≥ 0.8 × oha. Each side runs three times; medians quoted.
//!
//! `cargo bench --bench harness_overhead`. oha is taken from PATH, else from target/tools, else
//! installed there from crates.io (`cargo install oha --locked`), which takes a few minutes once.

mod common;

use std::path::PathBuf;
use std::process::Command;
use std::sync::Arc;

use common::*;
use pilotbench::graph::{ClientConfig, GraphClient, RequestContext, StaticToken};
use pilotbench::sim::SIMULATED_TOKEN;
use pilotbench::vocab::attempt::NullSink;

const FILES: u64 = 20_000;
const CONCURRENCY: usize = 32;
const ROUNDS: usize = 3;

fn oha() -> PathBuf {
    if Command::new("oha")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success())
    {
        return PathBuf::from("oha");
    }
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("target")
        .join("tools");
    let installed = root.join("bin").join("oha");
    if !installed.exists() {
        eprintln!("installing oha into {} (once) ...", root.display());
        let status = Command::new("cargo")
            .args(["install", "oha", "--locked", "--root"])
            .arg(&root)
            .status()
            .expect("cargo install oha");
        assert!(status.success(), "cargo install oha failed");
    }
    installed
}

/// The destination folder's drive and item id, looked up over HTTP like any client would.
fn upload_target(server: &Server) -> (String, String) {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    runtime.block_on(async {
        let config = ClientConfig::new(
            format!("{}/v1.0", server.url).parse().unwrap(),
            "pilotbench-bench",
        );
        let client = GraphClient::new(
            config,
            Arc::new(StaticToken::new(SIMULATED_TOKEN)),
            Arc::new(NullSink),
        )
        .unwrap();
        let ctx = RequestContext { site: 0 };
        let site = client
            .site_by_url(
                ctx,
                &"https://bench.sharepoint.com/sites/bench".parse().unwrap(),
            )
            .await
            .unwrap();
        let drives = client.site_drives(ctx, &site.id).await.unwrap();
        let drive = drives.into_iter().next().unwrap().id;
        let root = client.item_by_path(ctx, &drive, "").await.unwrap();
        (drive, root.id)
    })
}

fn oha_rate(oha: &PathBuf, server: &Server, body: &PathBuf, drive: &str, parent: &str) -> f64 {
    let url = format!(
        "{}/v1.0/drives/{drive}/items/{parent}:/oha-bench.bin:/content?@microsoft.graph.conflictBehavior=replace",
        server.url
    );
    let output = Command::new(oha)
        .args([
            "-n",
            &(FILES * 2).to_string(),
            "-c",
            &CONCURRENCY.to_string(),
            "-m",
            "PUT",
            "--no-tui",
            "--output-format",
            "json",
            "-H",
        ])
        .arg(format!("Authorization: Bearer {SIMULATED_TOKEN}"))
        .arg("-D")
        .arg(body)
        .arg(&url)
        .output()
        .expect("oha runs");
    assert!(
        output.status.success(),
        "oha: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).expect("oha JSON");
    let success = report["summary"]["successRate"].as_f64().unwrap_or(0.0);
    assert!(success > 0.999, "oha saw errors: success rate {success}");
    report["summary"]["requestsPerSec"]
        .as_f64()
        .expect("requestsPerSec")
}

fn main() {
    if std::env::args().any(|a| a == "--list") {
        println!("harness_overhead: bench");
        return;
    }
    let oha = oha();
    let dir = scratch("harness-overhead");
    let serve = dir.join("serve.toml");
    std::fs::write(&serve, scenario(FILES, "4KiB", CONCURRENCY, None, "10MiB")).unwrap();
    let body = dir.join("body-4k.bin");
    std::fs::write(&body, vec![b'x'; 4096]).unwrap();

    let mut oha_rates = Vec::new();
    let mut harness_rates = Vec::new();
    for round in 0..ROUNDS {
        // A fresh tenant per round, so both sides meet the same (empty) state.
        let server = Server::start(&serve);
        let (drive, parent) = upload_target(&server);
        let oha_rps = oha_rate(&oha, &server, &body, &drive, &parent);
        let path = dir.join(format!("run-{round}.toml"));
        std::fs::write(
            &path,
            scenario(FILES, "4KiB", CONCURRENCY, Some(&server.url), "10MiB"),
        )
        .unwrap();
        let summary = run(&path, &dir.join(format!("out-{round}")));
        let files_per_s = summary["total"]["files_per_s"]
            .as_f64()
            .expect("files_per_s");
        eprintln!("round {round}: oha {oha_rps:.0} PUT/s, pilotbench {files_per_s:.0} files/s");
        oha_rates.push(oha_rps);
        harness_rates.push(files_per_s);
    }
    let oha_median = median(&mut oha_rates);
    let harness_median = median(&mut harness_rates);
    println!(
        "harness_overhead: oha {oha_median:.0} PUT/s, pilotbench {harness_median:.0} files/s (4 KiB, concurrency {CONCURRENCY}, medians of {ROUNDS}); ratio {:.2} (goal >= 0.80)",
        harness_median / oha_median
    );
}
