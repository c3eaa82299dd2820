//! Server-side copy and graph-drive sources end to end, through the real binary against the
//! simulated tenant: one site copied by the tenant itself (copy jobs polled through their
//! monitor, then verified by listing the destination) and one streamed (downloaded through the
//! 302 hop and uploaded again). Asserted on the outputs and on the tenant's own request log.

use std::collections::HashMap;

use crate::support::{
    Simulate, TempDir, assert_accounting, describe, fixture_path, pilotbench, request_log,
    run_quiet, write_scenario,
};

const SCENARIO: &str = r#"[pilot]
name = "Copy pilot"
organisation = "Test NHS Trust"

[target]
kind = "simulated"

[target.simulated]
seed = 3
copy_job_duration = "400ms"
COPY_FAILURE_LINE
URL_LINE

[engine]
concurrency = 6
simple_upload_max = "1MiB"
chunk_size = "640KiB"

[[site]]
name = "Server"
workload = "sharepoint"
copy_mode = "server"
destination = { site = "https://contoso.sharepoint.com/sites/new", library = "Documents", folder = "moved" }
source = { kind = "graph-drive", site_url = "https://contoso.sharepoint.com/sites/old", library = "Documents", folder = "archive/2024", seed = { kind = "synthetic", files = SERVER_FILES, depth = 1, fan_out = 2, seed = 4, size = { distribution = "uniform", min = "0", max = "64KiB" } } }
STREAM_SITE
"#;

const STREAM_SITE: &str = r#"
[[site]]
name = "Stream"
workload = "onedrive"
destination = { user = "new.owner@example.nhs.uk", folder = "from-old" }
source = { kind = "graph-drive", user = "old.owner@example.nhs.uk", folder = "docs", seed = { kind = "folder", path = "FIXTURES" } }
"#;

#[derive(Debug, serde::Deserialize)]
struct Logged {
    method: String,
    path: String,
    status: u16,
}

fn scenario(
    server_files: u32,
    failure_rate: Option<f64>,
    stream: bool,
    url: Option<&str>,
) -> String {
    let fixtures = fixture_path("trees/estates");
    SCENARIO
        .replace("SERVER_FILES", &server_files.to_string())
        .replace(
            "COPY_FAILURE_LINE",
            &failure_rate.map_or(String::new(), |r| format!("copy_failure_rate = {r}")),
        )
        .replace(
            "URL_LINE",
            &url.map_or(String::new(), |u| format!("url = \"{u}\"")),
        )
        .replace("STREAM_SITE", if stream { STREAM_SITE } else { "" })
        .replace("FIXTURES", fixtures.to_str().expect("utf-8 path"))
}

#[test]
fn server_and_stream_copies_are_verified_and_a_second_run_meets_name_conflicts() {
    let dir = TempDir::new("server-copy");
    let serve = write_scenario(dir.path(), "serve.toml", &scenario(12, None, true, None));
    let server = Simulate::start(&serve);
    let run = write_scenario(
        dir.path(),
        "run.toml",
        &scenario(12, None, true, Some(&server.url)),
    );
    let out = dir.path().join("out");
    let output = run_quiet(&run, &out);
    let log: Vec<Logged> = request_log(&server.url);

    assert_eq!(output.status.code(), Some(0), "{}", describe(&output));
    let (results, items) = assert_accounting(&out);
    let planned: HashMap<&str, &str> = results
        .rows
        .iter()
        .map(|r| (r["site"].as_str(), r["files_planned"].as_str()))
        .collect();
    assert_eq!(
        planned["Server"], "12",
        "the listing of the seeded drive is the plan"
    );
    let estates_files = walk_count(&fixture_path("trees/estates"));
    assert_eq!(planned["Stream"], estates_files.to_string());
    for item in &items.rows {
        assert_eq!(item["outcome"], "verified", "{item:?}");
        assert!(!item["quick_xor_hash_source"].is_empty(), "{item:?}");
        assert_eq!(
            item["quick_xor_hash_source"],
            item["quick_xor_hash_destination"]
        );
    }
    let server_items = items.rows.iter().filter(|i| i["site"] == "Server").count();
    let stream_items = items.rows.iter().filter(|i| i["site"] == "Stream").count();

    // The tenant saw one copy job per server-side file, and every monitor poll came without a
    // bearer token (the tenant answers 401 to one), through its statuses to 200 and 303.
    let copies = log
        .iter()
        .filter(|e| e.method == "POST" && e.path.ends_with("/copy"))
        .count();
    assert_eq!(copies, server_items);
    let monitor: Vec<&Logged> = log
        .iter()
        .filter(|e| e.path.starts_with("/monitor/"))
        .collect();
    assert!(
        monitor.len() > server_items,
        "polled until done: {}",
        monitor.len()
    );
    assert!(
        monitor.iter().all(|e| e.status != 401),
        "a bearer reached the monitor"
    );
    for status in [202, 200, 303] {
        assert!(
            monitor.iter().any(|e| e.status == status),
            "the monitor answered {status} at least once"
        );
    }
    // Each streamed file: its content request answered 302, then the download URL 200.
    let redirects = log
        .iter()
        .filter(|e| e.method == "GET" && e.path.ends_with("/content") && e.status == 302)
        .count();
    let downloads: Vec<&Logged> = log
        .iter()
        .filter(|e| e.path.starts_with("/download/"))
        .collect();
    assert_eq!(redirects, stream_items);
    assert_eq!(downloads.len(), stream_items);
    assert!(downloads.iter().all(|e| e.status == 200), "{downloads:?}");

    // The report counts the new operations.
    let summary: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(out.join("summary.json")).expect("summary.json"),
    )
    .expect("JSON");
    let operations = &summary["total"]["operations"];
    assert_eq!(operations["copy-item"]["count"], server_items as u64);
    assert_eq!(operations["copy-monitor"]["count"], monitor.len() as u64);
    assert_eq!(
        operations["download-redirect"]["count"],
        stream_items as u64
    );
    assert_eq!(operations["download"]["count"], stream_items as u64);

    // Again into the same destination, with conflict behaviour `fail`: every copy job fails in
    // its monitor with nameAlreadyExists, and every streamed upload is refused.
    let again = dir.path().join("again");
    let output = run_quiet(&run, &again);
    drop(server);
    assert_eq!(output.status.code(), Some(1), "{}", describe(&output));
    let (_, items) = assert_accounting(&again);
    for item in &items.rows {
        assert_eq!(item["outcome"], "failed", "{item:?}");
        if item["site"] == "Server" {
            assert_eq!(item["failure_class"], "copy-job-failed", "{item:?}");
            assert!(item["last_error"].contains("nameAlreadyExists"), "{item:?}");
        } else {
            assert_eq!(item["failure_class"], "name-conflict", "{item:?}");
        }
    }
}

#[test]
fn copy_jobs_that_fail_in_the_monitor_fail_their_items() {
    let dir = TempDir::new("copy-failures");
    let run = write_scenario(
        dir.path(),
        "run.toml",
        &scenario(24, Some(0.4), false, None),
    );
    let out = dir.path().join("out");
    let output = run_quiet(&run, &out);
    assert_eq!(output.status.code(), Some(1), "{}", describe(&output));
    let (results, items) = assert_accounting(&out);
    assert_eq!(results.rows[0]["files_planned"], "24");
    let failed: Vec<_> = items
        .rows
        .iter()
        .filter(|i| i["outcome"] == "failed")
        .collect();
    let verified = items
        .rows
        .iter()
        .filter(|i| i["outcome"] == "verified")
        .count();
    assert!(
        !failed.is_empty() && verified > 0,
        "some of each: {} failed",
        failed.len()
    );
    assert_eq!(failed.len() + verified, 24);
    for item in failed {
        assert_eq!(item["failure_class"], "copy-job-failed", "{item:?}");
        assert!(item["last_error"].contains("generalException"), "{item:?}");
    }
}

#[test]
fn a_graph_drive_source_without_seed_is_refused_on_the_simulated_tenant() {
    let dir = TempDir::new("no-seed");
    let text = scenario(3, None, false, None).replace(
        ", seed = { kind = \"synthetic\", files = 3, depth = 1, fan_out = 2, seed = 4, size = { distribution = \"uniform\", min = \"0\", max = \"64KiB\" } }",
        "",
    );
    assert!(
        !text.contains("kind = \"synthetic\""),
        "the seed was removed"
    );
    let path = write_scenario(dir.path(), "run.toml", &text);
    let output = pilotbench(&["validate", path.to_str().expect("utf-8")]);
    assert_eq!(output.status.code(), Some(2), "{}", describe(&output));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("run.toml:"), "{stderr}");
    assert!(
        stderr.contains("needs the content its drive starts with"),
        "{stderr}"
    );
}

/// Files below `path`.
fn walk_count(path: &std::path::Path) -> usize {
    std::fs::read_dir(path)
        .expect("readable")
        .map(|entry| {
            let entry = entry.expect("entry");
            if entry.file_type().expect("type").is_dir() {
                walk_count(&entry.path())
            } else {
                1
            }
        })
        .sum()
}
