//! The real binary against the simulated tenant: runs complete and account for every item,
//! bad scenarios exit 2 with located messages, faults land in the right failure class,
//! unreadable files fail alone, Ctrl-C still writes the results, and a run can use an
//! already running `pilotbench simulate`.

use std::process::Command;
use std::time::Duration;

use crate::support::{
    Scenario, Simulate, Site, Size, Source, TempDir, assert_accounting, binary, cpu, describe,
    pilotbench, read_csv, run_interrupted, run_quiet,
};

/// A fast simulated tenant, and an engine that sends files up to 1 MiB in one request.
fn fast_tenant() -> Scenario {
    Scenario::simulated(7)
        .engine("concurrency", 4)
        .engine("simple_upload_max", "1MiB")
        .engine("chunk_size", "640KiB")
}

/// A SharePoint site of `files` synthetic files, copied into its own site's `pilot` folder.
fn synthetic_site(name: &str, files: u32, size: Size) -> Site {
    let slug = name.to_lowercase().replace(' ', "-");
    Site::sharepoint(
        name,
        &format!("https://contoso.sharepoint.com/sites/{slug}"),
    )
    .folder("pilot")
    .source(Source::synthetic(files).tree(2, 2).seed(3).size(size))
}

#[test]
fn example_scenario_completes_and_accounts_for_every_item() {
    let out = TempDir::new("example");
    let output = run_quiet(std::path::Path::new("scenarios/example.toml"), out.path());
    assert_eq!(output.status.code(), Some(0), "{}", describe(&output));
    let (results, items) = assert_accounting(out.path());
    assert_eq!(results.rows.len(), 6, "five sites and TOTAL");
    assert!(
        items.rows.iter().all(|i| i["outcome"] == "verified"),
        "with corrupt_rate 0 every file verifies"
    );
    for item in &items.rows {
        assert_eq!(
            item["quick_xor_hash_source"],
            item["quick_xor_hash_destination"]
        );
        assert_eq!(
            item["quick_xor_hash_source"].len(),
            28,
            "base64 of 20 bytes"
        );
    }
    let summary: serde_json::Value = serde_json::from_slice(
        &std::fs::read(out.path().join("summary.json")).expect("summary.json"),
    )
    .expect("summary.json is JSON");
    assert_eq!(
        summary["scenario"]["sha256"].as_str().map(str::len),
        Some(64)
    );
    // The Teams site goes to its channel's files folder, found as Graph finds it.
    let teams = summary["sites"]
        .as_array()
        .and_then(|sites| sites.iter().find(|s| s["workload"] == "teams"))
        .expect("a teams site");
    assert_eq!(
        teams["operations"]["channel-files-folder"]["count"].as_u64(),
        Some(1),
        "one filesFolder look-up: {}",
        teams["operations"]
    );
    assert!(
        teams["operations"].get("resolve-site").is_none(),
        "a channel destination needs no site look-up"
    );
    assert_eq!(
        teams["files_verified"], teams["files_planned"],
        "every file of the channel verified"
    );
    let total_ops = &summary["total"]["operations"];
    assert!(total_ops["upload-simple"]["count"].as_u64().unwrap_or(0) > 0);
    assert!(
        total_ops["upload-chunk"]["count"].as_u64().unwrap_or(0) > 0,
        "large files went through upload sessions"
    );

    // The evidence from the example's migration list, issues log and checklist.
    let estimate = read_csv(&out.path().join("estimate.csv"));
    let total = &estimate.rows[0];
    assert_eq!(
        (total["kind"].as_str(), total["name"].as_str()),
        ("total", "TOTAL")
    );
    let list = pilotbench::inputs::migration_list::load(std::path::Path::new(
        "scenarios/example-migration-list.csv",
    ))
    .expect("the example's migration list loads");
    assert!(list.problems.is_empty(), "{:?}", list.problems);
    assert_eq!(total["items"], list.total_items().to_string());
    let decision = std::fs::read_to_string(out.path().join("go-no-go.md")).expect("go-no-go.md");
    for criterion in [
        "Pilot Results",
        "Outstanding Issues",
        "Migration List Completion",
        "Licensing",
        "Technical Readiness",
    ] {
        assert!(
            decision.contains(&format!("| {criterion} | ")),
            "{decision}"
        );
    }
    let page = std::fs::read_to_string(out.path().join("report.html")).expect("report.html");
    for id in [
        "chart-throughput",
        "chart-latency",
        "chart-buckets",
        "chart-estimate",
    ] {
        assert!(
            page.contains(&format!("id=\"{id}\"")),
            "{id} in report.html"
        );
    }
}

#[test]
fn six_sites_are_refused_naming_the_limit_of_five() {
    let dir = TempDir::new("six");
    let path = (1..=6)
        .fold(fast_tenant(), |scenario, i| {
            scenario.site(synthetic_site(&format!("Site {i}"), 1, Size::fixed("1KiB")))
        })
        .write(dir.path(), "six.toml");
    let output = pilotbench(&["validate", path.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(2), "{}", describe(&output));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("six.toml:"), "names the file: {stderr}");
    assert!(stderr.contains('5'), "quotes the limit of five: {stderr}");
    let run = pilotbench(&[
        "run",
        path.to_str().unwrap(),
        "--out",
        dir.path().join("out").to_str().unwrap(),
    ]);
    assert_eq!(run.status.code(), Some(2), "{}", describe(&run));
    assert!(
        !dir.path().join("out").exists(),
        "nothing written for a refused scenario"
    );
}

#[test]
fn an_unknown_key_is_reported_with_its_line() {
    let dir = TempDir::new("unknown-key");
    let path = fast_tenant()
        .engine("concurency", 3)
        .site(synthetic_site("Finance", 1, Size::fixed("1KiB")))
        .write(dir.path(), "typo.toml");
    let text = std::fs::read_to_string(&path).unwrap();
    let line = text
        .lines()
        .position(|l| l.starts_with("concurency"))
        .unwrap()
        + 1;
    let output = pilotbench(&["validate", path.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(2), "{}", describe(&output));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains(&format!("typo.toml:{line}:")),
        "names line {line}: {stderr}"
    );
    assert!(stderr.contains("concurency"), "names the key: {stderr}");
}

#[test]
fn validate_prints_the_plan() {
    let output = pilotbench(&["validate", "scenarios/example.toml"]);
    assert_eq!(output.status.code(), Some(0), "{}", describe(&output));
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(stdout.contains("TOTAL"), "{stdout}");
    assert!(
        stdout.contains("Estates share") || stdout.contains("Estates"),
        "{stdout}"
    );
    // The Go/No-Go inputs are read before any pilot.
    assert!(
        stdout.contains("example-migration-list.csv: 22 rows"),
        "{stdout}"
    );
    assert!(
        stdout.contains("example-issues.csv: 6 issues, 3 outstanding"),
        "{stdout}"
    );
}

#[test]
fn corrupt_uploads_fail_as_hash_mismatch_and_exit_1() {
    let dir = TempDir::new("corrupt");
    let path = fast_tenant()
        .tenant("corrupt_rate", 0.5)
        .site(synthetic_site("Finance", 40, Size::uniform("1KiB", "2MiB")))
        .write(dir.path(), "corrupt.toml");
    let out = dir.path().join("out");
    let output = run_quiet(&path, &out);
    assert_eq!(output.status.code(), Some(1), "{}", describe(&output));
    let (_, items) = assert_accounting(&out);
    let mismatches: Vec<_> = items
        .rows
        .iter()
        .filter(|i| i["failure_class"] == "hash-mismatch")
        .collect();
    assert!(
        mismatches.len() >= 5,
        "about half of 40 uploads corrupted, got {}",
        mismatches.len()
    );
    for item in &mismatches {
        assert_eq!(item["outcome"], "failed");
        assert_ne!(
            item["quick_xor_hash_source"],
            item["quick_xor_hash_destination"]
        );
    }
    assert!(
        items.rows.iter().any(|i| i["outcome"] == "verified"),
        "the rest verify"
    );
}

#[test]
fn an_unreadable_source_file_fails_alone() {
    let dir = TempDir::new("unreadable");
    let tree = dir.path().join("tree");
    std::fs::create_dir_all(tree.join("sub")).unwrap();
    for name in ["a.txt", "b.txt", "sub/c.txt", "sub/d.txt"] {
        std::fs::write(tree.join(name), format!("content of {name}\n")).unwrap();
    }
    let locked = tree.join("sub/locked.txt");
    std::fs::write(&locked, "secret").unwrap();
    set_mode(&locked, 0o000);
    let path = fast_tenant()
        .site(
            Site::file_share("Share", "https://contoso.sharepoint.com/sites/share")
                .folder("pilot")
                .source(Source::folder("tree")),
        )
        .write(dir.path(), "unreadable.toml");
    let out = dir.path().join("out");
    std::fs::create_dir_all(&out).unwrap();
    // Root reads any file whatever its mode: run as an unprivileged user then.
    let output = if is_root() {
        let _share = cpu::share();
        for p in [dir.path(), tree.as_path(), &tree.join("sub"), &out] {
            set_mode(p, 0o777);
        }
        let copy = dir.path().join("pilotbench");
        std::fs::copy(binary(), &copy).unwrap();
        Command::new("setpriv")
            .args(["--reuid=65534", "--regid=65534", "--clear-groups"])
            .arg(&copy)
            .args([
                "run",
                path.to_str().unwrap(),
                "--out",
                out.to_str().unwrap(),
                "--quiet",
            ])
            .current_dir(dir.path())
            .output()
            .expect("setpriv (util-linux) runs")
    } else {
        run_quiet(&path, &out)
    };
    assert_eq!(
        output.status.code(),
        Some(1),
        "one failure is above max_failure_rate 0: {}",
        describe(&output)
    );
    let (_, items) = assert_accounting(&out);
    let failed: Vec<_> = items
        .rows
        .iter()
        .filter(|i| i["outcome"] == "failed")
        .collect();
    assert_eq!(failed.len(), 1, "only the locked file fails: {failed:?}");
    assert_eq!(failed[0]["source_path"], "sub/locked.txt");
    assert_eq!(failed[0]["failure_class"], "source-unreadable");
    assert_eq!(
        items
            .rows
            .iter()
            .filter(|i| i["outcome"] == "verified")
            .count(),
        4
    );
}

fn is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
        .unwrap_or(false)
}

fn set_mode(path: &std::path::Path, mode: u32) {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).unwrap();
}

#[test]
fn ctrl_c_writes_results_with_not_run_items() {
    let dir = TempDir::new("interrupt");
    let path = fast_tenant()
        .latency_ms(30, 60)
        .site(synthetic_site("Slow site", 3000, Size::fixed("2KiB")))
        .write(dir.path(), "slow.toml");
    let out = dir.path().join("out");
    let _share = cpu::share();
    let (exit, stderr) = run_interrupted(&path, &out, Duration::from_millis(2500));
    assert_eq!(exit.code(), Some(130), "stderr: {stderr}");
    let (results, items) = assert_accounting(&out);
    let site = &results.rows[0];
    assert!(
        site["files_not_run"].parse::<u64>().unwrap() > 0,
        "{site:?}"
    );
    assert!(items.rows.iter().any(|i| i["outcome"] == "not-run"));
    assert!(
        items
            .rows
            .iter()
            .all(|i| ["verified", "not-run", "interrupted"].contains(&i["outcome"].as_str())),
        "in-flight files finished, were cancelled in flight or were not run; none failed"
    );
    let summary: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("summary.json")).unwrap()).unwrap();
    assert_eq!(summary["interrupted"], serde_json::Value::Bool(true));
}

#[test]
fn a_run_can_use_a_running_simulate_endpoint() {
    let dir = TempDir::new("external");
    let site = synthetic_site("Finance", 12, Size::fixed("4KiB"));
    let serve_path = fast_tenant()
        .site(site.clone())
        .write(dir.path(), "serve.toml");
    let server = Simulate::start(&serve_path);
    let url = server.url.clone();
    let run_path = fast_tenant()
        .url(&url)
        .site(site)
        .write(dir.path(), "run.toml");
    let out = dir.path().join("out");
    let output = run_quiet(&run_path, &out);
    drop(server);
    assert_eq!(output.status.code(), Some(0), "{}", describe(&output));
    let (_, items) = assert_accounting(&out);
    assert_eq!(
        items
            .rows
            .iter()
            .filter(|i| i["outcome"] == "verified")
            .count(),
        12
    );
    let summary = std::fs::read_to_string(out.join("summary.json")).unwrap();
    assert!(summary.contains(&url), "summary names the external tenant");
}

#[test]
fn an_unreachable_simulated_url_exits_3() {
    let dir = TempDir::new("unreachable");
    // Bind and drop a listener to find a port nobody listens on.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let path = fast_tenant()
        .url(&format!("http://127.0.0.1:{port}"))
        .site(synthetic_site("Finance", 1, Size::fixed("1KiB")))
        .write(dir.path(), "gone.toml");
    let output = pilotbench(&[
        "run",
        path.to_str().unwrap(),
        "--out",
        dir.path().join("out").to_str().unwrap(),
    ]);
    assert_eq!(output.status.code(), Some(3), "{}", describe(&output));
    assert!(String::from_utf8_lossy(&output.stderr).contains("pilotbench simulate"));
}
