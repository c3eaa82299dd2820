//! Estimate accuracy at a larger scale than the test (tests/it/cli/estimate_accuracy.rs), on the
//! release binary: for each of a few seeds, a pilot of three small sites (office documents,
//! mixed files, large files) on a simulated tenant with latency, a bandwidth cap and an RU
//! budget; then a five-site estate of the same kinds of content, about nine times the pilot's
//! items, run on the same tenant and engine; its migration list (items, bytes and size profile
//! per site, what `scan --inventory` would give) is written from the estate's own source
//! sizes; `pilotbench estimate` projects the pilot onto it. Printed per seed: P50, P90, the
//! measured wall time and the error of the P50; then the median error.
//!
//! `cargo bench --bench estimate_accuracy` (about a minute).

mod common;

use std::fmt::Write as _;
use std::path::Path;
use std::process::Command;

use common::*;

const SEEDS: [u64; 3] = [1, 2, 3];

/// (name, workload, kind, files) per site.
const PILOT: [(&str, &str, &str, u64); 3] = [
    ("Pilot finance", "sharepoint", "docs", 100),
    ("Pilot estates", "files", "mixed", 80),
    ("Pilot imaging", "sharepoint", "large", 24),
];
const ESTATE: [(&str, &str, &str, u64); 5] = [
    ("Finance", "sharepoint", "docs", 600),
    ("Estates share", "files", "mixed", 400),
    ("Imaging", "sharepoint", "large", 80),
    ("Ward 7 team", "teams", "docs", 500),
    ("Records", "files", "mixed", 300),
];

fn size(kind: &str) -> &'static str {
    match kind {
        "docs" => r#"{ distribution = "lognormal", median = "24KiB", sigma = 1.0, max = "1MiB" }"#,
        "mixed" => r#"{ distribution = "uniform", min = "64KiB", max = "256KiB" }"#,
        _ => r#"{ distribution = "uniform", min = "1MiB", max = "1536KiB" }"#,
    }
}

fn scenario(name: &str, seed: u64, sites: &[(&str, &str, &str, u64)], base: u64) -> String {
    let mut text = format!(
        r#"[pilot]
name = "{name}"
organisation = "pilotbench"

[target]
kind = "simulated"

[target.simulated]
seed = {seed}
latency = {{ median_ms = 8, p99_ms = 40 }}
bandwidth = "128MiB/s"
ru_per_minute = 6000
ru_window = "2s"

[engine]
concurrency = 8

[estimate]
seed = {seed}
"#
    );
    for (index, (site, workload, kind, files)) in sites.iter().enumerate() {
        let _ = write!(
            text,
            r#"
[[site]]
name = "{site}"
workload = "{workload}"
destination = {{ site = "https://bench.sharepoint.com/sites/s{index}", library = "Documents", folder = "pilot" }}
source = {{ kind = "synthetic", files = {files}, depth = 0, seed = {}, size = {} }}
"#,
            base + seed * 10 + index as u64,
            size(kind)
        );
    }
    text
}

/// A migration list of the estate's sites from its items.csv: items, bytes, size profile.
fn list_from_items(items_csv: &Path, out: &Path) {
    let mut reader = csv::Reader::from_path(items_csv).expect("items.csv");
    let mut sites: Vec<(String, u64, u64, [u64; 5])> = Vec::new();
    for record in reader.records() {
        let record = record.expect("row");
        let site = record[0].to_string();
        let bytes: u64 = record[3].parse().expect("size");
        let bucket = pilotbench::vocab::size_bucket::SizeBucket::of(bytes).index();
        if sites.last().map(|s| &s.0) != Some(&site) {
            sites.push((site, 0, 0, [0; 5]));
        }
        let entry = sites.last_mut().expect("a site");
        entry.1 += 1;
        entry.2 += bytes;
        entry.3[bucket] += 1;
    }
    let mut text = String::from(
        "site,workload,items,bytes,owner,destination,status,items_under_64k,items_64k_to_1m,items_1m_to_10m,items_10m_to_100m,items_from_100m\n",
    );
    for ((site, items, bytes, profile), (_, workload, _, _)) in sites.iter().zip(ESTATE) {
        let profile: Vec<String> = profile.iter().map(u64::to_string).collect();
        let _ = writeln!(
            text,
            "{site},{workload},{items},{bytes},Owner,https://bench/{site},mapped,{}",
            profile.join(",")
        );
    }
    std::fs::write(out, text).expect("list written");
}

fn total_p50_p90(estimate_csv: &Path) -> (f64, f64) {
    let mut reader = csv::Reader::from_path(estimate_csv).expect("estimate.csv");
    for record in reader.records() {
        let record = record.expect("row");
        if &record[0] == "total" {
            let hours = |i: usize| record[i].parse::<f64>().expect("hours") * 3600.0;
            return (hours(4), hours(5));
        }
    }
    panic!("no total row in {}", estimate_csv.display())
}

fn main() {
    if std::env::args().any(|a| a == "--list") {
        println!("estimate_accuracy: bench");
        return;
    }
    let mut errors = Vec::new();
    for seed in SEEDS {
        let dir = scratch(&format!("estimate-accuracy-{seed}"));
        let pilot = dir.join("pilot.toml");
        std::fs::write(&pilot, scenario("Accuracy pilot", seed, &PILOT, 100)).expect("write");
        let estate = dir.join("estate.toml");
        std::fs::write(&estate, scenario("Accuracy estate", seed, &ESTATE, 500)).expect("write");
        run(&pilot, &dir.join("pilot"));
        let summary = run(&estate, &dir.join("estate"));
        let list = dir.join("estate-list.csv");
        list_from_items(&dir.join("estate").join("items.csv"), &list);
        let output = Command::new(binary())
            .args(["estimate", dir.join("pilot").to_str().expect("utf-8")])
            .args(["--migration-list", list.to_str().expect("utf-8")])
            .output()
            .expect("pilotbench estimate runs");
        assert!(
            output.status.success(),
            "estimate failed: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        let (p50, p90) = total_p50_p90(&dir.join("pilot").join("estimate.csv"));
        let measured = summary["total"]["duration_s"].as_f64().expect("duration");
        let items = summary["total"]["files_verified"].as_u64().unwrap_or(0);
        let error = (p50 - measured) / measured;
        println!(
            "estimate_accuracy/seed {seed}: {items} items; P50 {p50:.3} s, P90 {p90:.3} s, measured {measured:.3} s, error {:+.1} %",
            error * 100.0
        );
        errors.push(error.abs());
    }
    println!(
        "estimate_accuracy: median |error| of the P50 {:.1} % over {} seeds (goal ≤ 15 %)",
        median(&mut errors) * 100.0,
        SEEDS.len()
    );
}
