//! Server-side copy and graph-drive sources end to end, through the real binary against the
//! simulated tenant: one site copied by the tenant itself (copy jobs polled through their
//! monitor, then verified by listing the destination) and one streamed (downloaded through the
//! 302 hop and uploaded again). Asserted on the outputs and on the tenant's own request log.

use std::collections::HashMap;

use crate::support::{
    Scenario, Simulate, Site, Size, Source, TempDir, assert_accounting, describe, fixture_path,
    pilotbench, request_log, run_quiet,
};

/// The tenant (each copy job takes 400 ms) and the engine, before any site.
fn copy_pilot() -> Scenario {
    Scenario::simulated(3)
        .named("Copy pilot")
        .tenant("copy_job_duration", "400ms")
        .engine("concurrency", 6)
        .engine("simple_upload_max", "1MiB")
        .engine("chunk_size", "640KiB")
        // Straight into the destination folders, so a second run meets the first one's items.
        .engine("run_folder", false)
}

/// The site the tenant copies itself, from `archive`.
fn server_site(archive: Source) -> Site {
    Site::sharepoint("Server", "https://contoso.sharepoint.com/sites/new")
        .copy_mode("server")
        .folder("moved")
        .source(archive)
}

/// The old site's archive folder, read through Graph, with nothing said about its content.
fn unseeded_archive() -> Source {
    Source::library_folder(
        "https://contoso.sharepoint.com/sites/old",
        "Documents",
        "archive/2024",
    )
}

/// The archive folder, holding `files` files of up to 64 KiB when the tenant starts.
fn archive(files: u32) -> Source {
    unseeded_archive().seeded_with(
        Source::synthetic(files)
            .tree(1, 2)
            .seed(4)
            .size(Size::uniform("0", "64KiB")),
    )
}

/// The streamed site: a OneDrive folder holding `fixtures/trees/estates`, downloaded through
/// the 302 hop and uploaded again.
fn stream_site() -> Site {
    Site::onedrive("Stream", "new.owner@example.nhs.uk")
        .folder("from-old")
        .source(
            Source::onedrive_folder("old.owner@example.nhs.uk", "docs")
                .seeded_with(Source::folder(fixture_path("trees/estates"))),
        )
}

#[derive(Debug, serde::Deserialize)]
struct Logged {
    method: String,
    path: String,
    status: u16,
}

#[test]
fn server_and_stream_copies_are_verified_and_a_second_run_meets_name_conflicts() {
    let dir = TempDir::new("server-copy");
    let scenario = copy_pilot()
        .site(server_site(archive(12)))
        .site(stream_site());
    let serve = scenario.write(dir.path(), "serve.toml");
    let server = Simulate::start(&serve);
    let run = scenario.url(&server.url).write(dir.path(), "run.toml");
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
    let run = copy_pilot()
        .tenant("copy_failure_rate", 0.4)
        .site(server_site(archive(24)))
        .write(dir.path(), "run.toml");
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
    let path = copy_pilot()
        .site(server_site(unseeded_archive()))
        .write(dir.path(), "run.toml");
    let text = std::fs::read_to_string(&path).expect("written");
    assert!(
        !text.contains("kind = \"synthetic\""),
        "the drive has no seed"
    );
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
