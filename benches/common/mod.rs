//! Helpers shared by the benchmarks: scenarios written to a scratch folder, a `pilotbench
//! simulate` server in its own process, runs of the release binary, and medians.

#![allow(dead_code)]

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};

/// The release binary built for `cargo bench`.
pub fn binary() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_pilotbench"))
}

/// A scratch folder under target/, fresh for each bench.
pub fn scratch(name: &str) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("target")
        .join("bench-scratch")
        .join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("scratch folder");
    dir
}

/// A one-site scenario of `files` synthetic files of `size`, against a zero-latency,
/// unlimited-bandwidth tenant (`url` = an already running one, if given).
pub fn scenario(
    files: u64,
    size: &str,
    concurrency: usize,
    url: Option<&str>,
    chunk: &str,
) -> String {
    let url = url.map(|u| format!("url = \"{u}\"")).unwrap_or_default();
    format!(
        r#"[pilot]
name = "Benchmark"
organisation = "pilotbench"

[target]
kind = "simulated"

[target.simulated]
seed = 1
{url}

[engine]
concurrency = {concurrency}
simple_upload_max = "4MiB"
chunk_size = "{chunk}"

[[site]]
name = "Bench"
workload = "sharepoint"
destination = {{ site = "https://bench.sharepoint.com/sites/bench", library = "Documents", folder = "pilot" }}
source = {{ kind = "synthetic", files = {files}, depth = 0, fan_out = 1, seed = 9, size = {{ distribution = "fixed", value = "{size}" }} }}
"#
    )
}

/// A `pilotbench simulate` process; killed when dropped.
pub struct Server {
    child: Child,
    /// `http://127.0.0.1:PORT`.
    pub url: String,
}

impl Server {
    pub fn start(scenario: &Path) -> Server {
        let mut child = Command::new(binary())
            .args(["simulate", scenario.to_str().expect("utf-8 path")])
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("pilotbench simulate starts");
        let mut lines = BufReader::new(child.stdout.take().expect("stdout")).lines();
        let first = lines.next().expect("an address line").expect("text");
        let url = first
            .split_whitespace()
            .find(|w| w.starts_with("http://"))
            .expect("the address")
            .trim_end_matches('/')
            .to_string();
        Server { child, url }
    }

    /// The server's process id (for reading its figures from `/proc`).
    pub fn pid(&self) -> u32 {
        self.child.id()
    }
}

impl Drop for Server {
    /// Ends the server as Ctrl-C would (SIGTERM), so that it removes what it keeps on disk
    /// (the bytes of uploaded files); killed if it has not ended within a minute.
    fn drop(&mut self) {
        let _ = Command::new("kill")
            .arg("-TERM")
            .arg(self.child.id().to_string())
            .status();
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
        while std::time::Instant::now() < deadline {
            if let Ok(Some(_)) = self.child.try_wait() {
                return;
            }
            std::thread::sleep(std::time::Duration::from_millis(50));
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Runs `pilotbench run` and returns summary.json.
pub fn run(scenario: &Path, out: &Path) -> serde_json::Value {
    let output = Command::new(binary())
        .args([
            "run",
            scenario.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
            "--quiet",
        ])
        .output()
        .expect("pilotbench runs");
    assert!(
        output.status.success(),
        "pilotbench run failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&std::fs::read(out.join("summary.json")).expect("summary.json"))
        .expect("summary.json is JSON")
}

/// Median of a non-empty list.
pub fn median(values: &mut [f64]) -> f64 {
    values.sort_by(|a, b| a.total_cmp(b));
    let n = values.len();
    if n % 2 == 1 {
        values[n / 2]
    } else {
        (values[n / 2 - 1] + values[n / 2]) / 2.0
    }
}
