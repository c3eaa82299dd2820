//! The simulated tenant's own footprint, for anyone who points a tool or a CI pipeline at
//! `pilotbench simulate`: its memory after 100,000 uploads and the CPU it spends per request.
//! A tenant that grew without bound, or cost a millisecond a request, would distort what it is
//! used to measure.
//!
//! `cargo bench --bench sim_footprint`. It starts the release `pilotbench simulate` on the
//! benches' one-site scenario (zero latency, unlimited bandwidth, no throttling), then sends
//! 100,000 simple uploads of 1 KiB into one folder (`PUT …/items/{folder}:/f{n}.bin:/content`) at concurrency 16
//! and 20,000 item reads, and reads the server's figures from `/proc/{pid}`: resident memory
//! (`VmRSS`, `VmHWM`) before and after, and CPU time (`utime + stime`) per request. Linux only.

mod common;

use std::time::Instant;

use common::*;
use futures::StreamExt as _;
use pilotbench::sim::SIMULATED_TOKEN;

const UPLOADS: usize = 100_000;
const READS: usize = 20_000;
const CONCURRENCY: usize = 16;
const FILE_BYTES: usize = 1024;
const MIB: f64 = 1024.0 * 1024.0;

/// The server's resident memory now and at its peak, in MiB.
fn memory_mib(pid: u32) -> (f64, f64) {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).expect("/proc status");
    let field = |name: &str| {
        status
            .lines()
            .find_map(|line| line.strip_prefix(name))
            .and_then(|rest| rest.split_whitespace().next())
            .and_then(|kib| kib.parse::<f64>().ok())
            .map(|kib| kib * 1024.0 / MIB)
            .unwrap_or(f64::NAN)
    };
    (field("VmRSS:"), field("VmHWM:"))
}

/// The server's CPU time so far (user and system), in microseconds.
fn cpu_us(pid: u32) -> f64 {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).expect("/proc stat");
    // Fields after the command name, which is in parentheses and may hold spaces.
    let rest = &stat[stat.rfind(')').expect("comm") + 2..];
    let fields: Vec<&str> = rest.split_whitespace().collect();
    // utime and stime are fields 14 and 15 of the whole line: 12 and 13 after the name.
    let ticks: f64 = fields[11].parse::<f64>().unwrap() + fields[12].parse::<f64>().unwrap();
    ticks * 1_000_000.0 / clock_ticks_per_second()
}

fn clock_ticks_per_second() -> f64 {
    std::process::Command::new("getconf")
        .arg("CLK_TCK")
        .output()
        .ok()
        .and_then(|out| String::from_utf8(out.stdout).ok())
        .and_then(|text| text.trim().parse().ok())
        .unwrap_or(100.0)
}

/// Sends `count` requests built by `request`, `CONCURRENCY` at a time; each must succeed.
async fn send_all(
    count: usize,
    request: impl Fn(usize) -> reqwest::RequestBuilder,
) -> std::time::Duration {
    let started = Instant::now();
    futures::stream::iter(0..count)
        .map(|n| {
            let sent = request(n).bearer_auth(SIMULATED_TOKEN).send();
            async move {
                let response = sent.await.expect("sent");
                assert!(
                    response.status().is_success(),
                    "request {n}: {}",
                    response.status()
                );
                response.bytes().await.expect("body");
            }
        })
        .buffer_unordered(CONCURRENCY)
        .collect::<Vec<()>>()
        .await;
    started.elapsed()
}

fn main() {
    if std::env::args().any(|a| a == "--list") {
        println!("sim_footprint: bench");
        return;
    }
    let dir = scratch("sim-footprint");
    let serve = dir.join("serve.toml");
    std::fs::write(&serve, scenario(1, "1KiB", 1, None, "10MiB")).unwrap();
    let server = Server::start(&serve);
    let pid = server.pid();
    let graph = format!("{}/v1.0", server.url);
    let runtime = tokio::runtime::Runtime::new().expect("runtime");
    runtime.block_on(async {
        let client = reqwest::Client::builder()
            .no_proxy()
            .build()
            .expect("client");
        let drive: serde_json::Value = client
            .get(format!(
                "{graph}/sites/bench.sharepoint.com:/sites/bench:/drive"
            ))
            .bearer_auth(SIMULATED_TOKEN)
            .send()
            .await
            .expect("drive")
            .json()
            .await
            .expect("drive JSON");
        let drive = drive["id"].as_str().expect("drive id").to_owned();
        let folder: serde_json::Value = client
            .post(format!("{graph}/drives/{drive}/root/children"))
            .bearer_auth(SIMULATED_TOKEN)
            .json(&serde_json::json!({"name": "footprint", "folder": {}}))
            .send()
            .await
            .expect("folder")
            .json()
            .await
            .expect("folder JSON");
        let folder = folder["id"].as_str().expect("folder id").to_owned();
        let body = vec![7u8; FILE_BYTES];
        let (rss_idle, _) = memory_mib(pid);

        let cpu_before = cpu_us(pid);
        let took = send_all(UPLOADS, |n| {
            client
                .put(format!(
                    "{graph}/drives/{drive}/items/{folder}:/f{n:06}.bin:/content"
                ))
                .body(body.clone())
        })
        .await;
        let upload_cpu = (cpu_us(pid) - cpu_before) / UPLOADS as f64;
        let (rss_after, peak) = memory_mib(pid);
        println!(
            "sim_footprint/{UPLOADS} uploads of {FILE_BYTES} B at concurrency {CONCURRENCY}: \
             {:.0} req/s; server CPU {upload_cpu:.0} µs/request",
            UPLOADS as f64 / took.as_secs_f64()
        );
        println!(
            "sim_footprint/memory: RSS {rss_idle:.1} MiB idle, {rss_after:.1} MiB after the \
             uploads (peak {peak:.1} MiB): {:.2} KiB per uploaded file",
            (rss_after - rss_idle) * 1024.0 / UPLOADS as f64
        );

        let cpu_before = cpu_us(pid);
        let took = send_all(READS, |n| {
            client.get(format!(
                "{graph}/drives/{drive}/root:/footprint/f{:06}.bin",
                n % UPLOADS
            ))
        })
        .await;
        let read_cpu = (cpu_us(pid) - cpu_before) / READS as f64;
        println!(
            "sim_footprint/{READS} item reads: {:.0} req/s; server CPU {read_cpu:.0} µs/request",
            READS as f64 / took.as_secs_f64()
        );
    });
}
