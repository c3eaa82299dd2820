//! Helpers shared by the integration tests: run the real `pilotbench` binary, make temporary
//! folders, read the CSV outputs.

#![allow(dead_code)]

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::atomic::{AtomicU64, Ordering};

/// The binary under test.
pub fn binary() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_pilotbench"))
}

/// The crate root (for scenarios/ and fixtures/).
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Runs pilotbench with `args` and waits.
pub fn pilotbench(args: &[&str]) -> Output {
    Command::new(binary())
        .args(args)
        .current_dir(root())
        .output()
        .expect("the pilotbench binary runs")
}

/// Exit code, stdout and stderr as text, for assertion messages.
pub fn describe(output: &Output) -> String {
    format!(
        "exit {:?}\n--- stdout\n{}\n--- stderr\n{}",
        output.status.code(),
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    )
}

/// A fresh, empty temporary folder, removed when dropped.
pub struct TempDir(PathBuf);

impl TempDir {
    pub fn new(label: &str) -> TempDir {
        static COUNTER: AtomicU64 = AtomicU64::new(0);
        let path = std::env::temp_dir().join(format!(
            "pilotbench-test-{label}-{}-{}",
            std::process::id(),
            COUNTER.fetch_add(1, Ordering::Relaxed)
        ));
        let _ = std::fs::remove_dir_all(&path);
        std::fs::create_dir_all(&path).expect("temp folder");
        TempDir(path)
    }

    pub fn path(&self) -> &Path {
        &self.0
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// A CSV file as a header and rows of named fields.
pub struct Table {
    pub header: Vec<String>,
    pub rows: Vec<HashMap<String, String>>,
}

/// Reads a CSV output (the csv crate strips the UTF-8 BOM Excel wants).
pub fn read_csv(path: &Path) -> Table {
    let mut reader = csv::Reader::from_path(path)
        .unwrap_or_else(|e| panic!("cannot open {}: {e}", path.display()));
    let header: Vec<String> = reader
        .headers()
        .expect("header row")
        .iter()
        .map(str::to_string)
        .collect();
    let rows = reader
        .records()
        .map(|record| {
            let record = record.expect("well-formed row");
            header
                .iter()
                .cloned()
                .zip(record.iter().map(str::to_string))
                .collect()
        })
        .collect();
    Table { header, rows }
}

/// Writes a scenario file into `dir` and returns its path.
pub fn write_scenario(dir: &Path, name: &str, text: &str) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, text).expect("scenario written");
    path
}

pub const PILOT_RESULTS_COLUMNS: &str = "site,workload,source,files_planned,files_verified,files_unverified,files_failed,files_skipped,files_not_run,folders_created,bytes_copied,duration_s,files_per_s,mib_per_s,gib_per_hour,latency_p50_ms,latency_p90_ms,latency_p99_ms,latency_max_ms,requests,retries,throttled_responses,throttled_wait_s,failure_rate";

pub const ITEMS_COLUMNS: &str = "site,source_path,destination_path,size_bytes,quick_xor_hash_source,quick_xor_hash_destination,outcome,failure_class,attempts,duration_ms,last_error";

/// Checks the accounting of one run's outputs: per site, planned = verified + unverified +
/// failed + skipped + not-run in pilot-results.csv, and items.csv has exactly that many rows
/// per site with those outcomes. Returns the two tables.
pub fn assert_accounting(out: &Path) -> (Table, Table) {
    let results = read_csv(&out.join("pilot-results.csv"));
    let items = read_csv(&out.join("items.csv"));
    assert_eq!(results.header.join(","), PILOT_RESULTS_COLUMNS);
    assert_eq!(items.header.join(","), ITEMS_COLUMNS);
    let number = |row: &HashMap<String, String>, column: &str| -> u64 {
        row[column]
            .parse()
            .unwrap_or_else(|_| panic!("{column} is a whole number: {:?}", row[column]))
    };
    let mut total_planned = 0;
    for row in results.rows.iter().filter(|r| r["site"] != "TOTAL") {
        let planned = number(row, "files_planned");
        let parts = [
            "files_verified",
            "files_unverified",
            "files_failed",
            "files_skipped",
            "files_not_run",
        ];
        let sum: u64 = parts.iter().map(|c| number(row, c)).sum();
        assert_eq!(
            planned, sum,
            "site {}: planned = sum of outcomes",
            row["site"]
        );
        let site_items: Vec<_> = items
            .rows
            .iter()
            .filter(|i| i["site"] == row["site"])
            .collect();
        assert_eq!(
            site_items.len() as u64,
            planned,
            "site {}: one items.csv row per planned file",
            row["site"]
        );
        for (outcome, column) in [
            ("verified", "files_verified"),
            ("copied-unverified", "files_unverified"),
            ("failed", "files_failed"),
            ("skipped", "files_skipped"),
            ("not-run", "files_not_run"),
        ] {
            let counted = site_items
                .iter()
                .filter(|i| i["outcome"] == outcome)
                .count() as u64;
            assert_eq!(
                counted,
                number(row, column),
                "site {}: {outcome} in items.csv vs {column}",
                row["site"]
            );
        }
        for item in &site_items {
            if item["outcome"] == "failed" {
                assert!(
                    !item["failure_class"].is_empty(),
                    "failed item without class: {item:?}"
                );
                assert!(
                    !item["last_error"].is_empty(),
                    "failed item without error: {item:?}"
                );
            }
        }
        total_planned += planned;
    }
    let total = results
        .rows
        .iter()
        .find(|r| r["site"] == "TOTAL")
        .expect("TOTAL row");
    assert_eq!(number(total, "files_planned"), total_planned);
    assert_eq!(items.rows.len() as u64, total_planned);
    (results, items)
}

/// A `pilotbench simulate` process, killed when dropped.
pub struct Simulate {
    child: std::process::Child,
    /// `http://127.0.0.1:PORT`, as it printed.
    pub url: String,
}

impl Simulate {
    /// Serves `scenario`'s simulated tenant and reads its address from the first line it prints.
    pub fn start(scenario: &Path) -> Simulate {
        use std::io::{BufRead, BufReader};
        let mut child = Command::new(binary())
            .args(["simulate", scenario.to_str().expect("utf-8 path")])
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::null())
            .spawn()
            .expect("pilotbench simulate starts");
        let stdout = child.stdout.take().expect("stdout");
        let first = BufReader::new(stdout)
            .lines()
            .next()
            .expect("simulate prints its address")
            .expect("text");
        let url = first
            .split_whitespace()
            .find(|w| w.starts_with("http://127.0.0.1:"))
            .unwrap_or_else(|| panic!("an address in {first:?}"))
            .trim_end_matches('/')
            .to_string();
        Simulate { child, url }
    }
}

impl Drop for Simulate {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// `pilotbench run SCENARIO --out OUT --quiet`, waited for.
pub fn run_quiet(scenario: &Path, out: &Path) -> Output {
    pilotbench(&[
        "run",
        scenario.to_str().expect("utf-8 path"),
        "--out",
        out.to_str().expect("utf-8 path"),
        "--quiet",
    ])
}

/// The credential variables a graph run reads by default: removed from every child started by
/// [`pilotbench_env`] unless `set` gives them, so the test machine's own cannot leak in.
pub const AZURE_VARIABLES: [&str; 4] = [
    "AZURE_TENANT_ID",
    "AZURE_CLIENT_ID",
    "AZURE_CLIENT_SECRET",
    "AZURE_CLIENT_CERTIFICATE_PATH",
];

/// Runs pilotbench with `args` and exactly the `AZURE_*` variables in `set` (plus any other
/// variables in `set`), and waits.
pub fn pilotbench_env(args: &[&str], set: &[(&str, &str)]) -> Output {
    let mut command = Command::new(binary());
    command.args(args).current_dir(root());
    for name in AZURE_VARIABLES {
        command.env_remove(name);
    }
    for (name, value) in set {
        command.env(name, value);
    }
    command.output().expect("the pilotbench binary runs")
}

/// `GET /_sim/requests` of a running simulated tenant: `(method, path, status)` of every
/// request it answered, oldest first.
pub fn sim_request_log(url: &str) -> Vec<(String, String, u16)> {
    let runtime = tokio::runtime::Runtime::new().expect("runtime");
    let entries: Vec<serde_json::Value> = runtime.block_on(async {
        reqwest::Client::new()
            .get(format!("{url}/_sim/requests"))
            .bearer_auth(pilotbench::sim::SIMULATED_TOKEN)
            .send()
            .await
            .expect("the tenant answers")
            .error_for_status()
            .expect("the log is served")
            .json()
            .await
            .expect("the log is JSON")
    });
    entries
        .iter()
        .map(|entry| {
            (
                entry["method"].as_str().unwrap_or_default().to_owned(),
                entry["path"].as_str().unwrap_or_default().to_owned(),
                entry["status"].as_u64().unwrap_or_default() as u16,
            )
        })
        .collect()
}

/// Every file below `dir` (recursively) with its bytes.
pub fn files_below(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut found = Vec::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(folder) = pending.pop() {
        let Ok(entries) = std::fs::read_dir(&folder) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                pending.push(path);
            } else if let Ok(bytes) = std::fs::read(&path) {
                found.push((path, bytes));
            }
        }
    }
    found
}
