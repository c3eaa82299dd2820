//! Memory: peak RSS of the harness (the `pilotbench run` process alone; the simulated tenant
//! runs in its own `pilotbench simulate` process) while copying one 1 GiB synthetic file, and
//! while copying 100,000 small synthetic files. Goals: ≤ 64 MiB and ≤ 300 MiB.
//!
//! `cargo bench --bench memory`. The figure is the run's own VmHWM, reported in summary.json.

mod common;

use common::*;

const MIB: f64 = 1024.0 * 1024.0;

fn peak_rss(name: &str, files: u64, size: &str, concurrency: usize) -> f64 {
    let dir = scratch(name);
    let serve = dir.join("serve.toml");
    std::fs::write(&serve, scenario(files, size, concurrency, None, "10MiB")).unwrap();
    let server = Server::start(&serve);
    let path = dir.join("run.toml");
    std::fs::write(
        &path,
        scenario(files, size, concurrency, Some(&server.url), "10MiB"),
    )
    .unwrap();
    let summary = run(&path, &dir.join("out"));
    let verified = summary["total"]["files_verified"].as_u64().unwrap_or(0);
    assert_eq!(verified, files, "every file verified");
    summary["peak_rss_bytes"]
        .as_f64()
        .expect("peak RSS reported")
        / MIB
}

fn main() {
    if std::env::args().any(|a| a == "--list") {
        println!("memory: bench");
        return;
    }
    let one_gib = peak_rss("memory-1gib", 1, "1GiB", 8);
    println!("memory/one 1 GiB file: peak RSS {one_gib:.1} MiB (goal <= 64 MiB)");
    let small = peak_rss("memory-100k", 100_000, "1KiB", 32);
    println!("memory/100,000 files of 1 KiB: peak RSS {small:.1} MiB (goal <= 300 MiB)");
}
