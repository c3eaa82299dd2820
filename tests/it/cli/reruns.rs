//! A pilot is run again and again against one tenant, which keeps every earlier run's files.
//! By default each run writes below a folder of its own in each destination folder
//! (`pilotbench-run-{run id}`), so a rerun is a full, fresh copy that meets none of the first
//! run's items, and every report names the run (issue 12 item 1). `[engine] run_folder = false`
//! writes straight into the destination folder, where `conflict` decides
//! (`server_copy.rs` pins that a second such run meets name conflicts).

use std::collections::BTreeSet;

use crate::support::{
    Scenario, Simulate, Site, Size, Source, TempDir, assert_accounting, describe, pilotbench,
    read_csv, run_quiet,
};

fn summary(out: &std::path::Path) -> serde_json::Value {
    serde_json::from_slice(&std::fs::read(out.join("summary.json")).expect("summary.json"))
        .expect("JSON")
}

#[test]
fn two_runs_of_one_scenario_against_one_tenant_both_copy_everything_apart() {
    let dir = TempDir::new("reruns");
    let scenario = Scenario::simulated(5).named("Rerun pilot").site(
        Site::sharepoint("Finance", "https://contoso.sharepoint.com/sites/finance")
            .folder("pilot")
            .source(Source::synthetic(30).seed(2).size(Size::fixed("2KiB"))),
    );
    let server = Simulate::start(&scenario.write(dir.path(), "serve.toml"));
    let run = scenario.url(&server.url).write(dir.path(), "run.toml");

    let mut run_ids = BTreeSet::new();
    let mut destinations = BTreeSet::new();
    for name in ["first", "second"] {
        let out = dir.path().join(name);
        let output = run_quiet(&run, &out);
        assert_eq!(
            output.status.code(),
            Some(0),
            "{name}: {}",
            describe(&output)
        );
        let (_, items) = assert_accounting(&out);
        assert_eq!(items.rows.len(), 30);
        let json = summary(&out);
        let run_id = json["run_id"].as_str().expect("run_id").to_owned();
        let folder = format!("pilotbench-run-{run_id}");
        assert_eq!(json["tenant_run_folder"], folder.as_str());
        assert_eq!(json["engine"]["run_folder"], true);
        for item in &items.rows {
            assert_eq!(item["outcome"], "verified", "{name}: {item:?}");
            assert!(
                item["destination_path"].starts_with(&format!("pilot/{folder}/")),
                "{name}: {item:?}"
            );
            assert!(destinations.insert(item["destination_path"].clone()));
        }
        // go-no-go.md, written when the scenario has `[readiness]`, uses the same line
        // (`RunSummary::run_and_tenant_folder`).
        let html = std::fs::read_to_string(out.join("report.html")).expect("report.html");
        assert!(
            html.contains(&run_id) && html.contains(&folder),
            "report.html names the run and its tenant folder"
        );
        run_ids.insert(run_id);
    }
    assert_eq!(run_ids.len(), 2, "each run its own id: {run_ids:?}");
    assert_eq!(destinations.len(), 60, "no item of one run is the other's");
}

#[test]
fn the_scan_measures_paths_below_the_run_folder() {
    let dir = TempDir::new("scan-run-folder");
    let tree = dir.path().join("tree");
    // `Forms` is the library's root folder only when the run writes into the root itself; a
    // name 360 characters deep is within the 400-character path limit alone, but not once the
    // site, the library and the run folder come before it.
    std::fs::create_dir_all(tree.join("Forms")).unwrap();
    std::fs::write(tree.join("Forms/a.txt"), b"a").unwrap();
    let deep = format!("{}/{}.txt", "d".repeat(200), "f".repeat(150));
    std::fs::create_dir_all(tree.join("d".repeat(200))).unwrap();
    std::fs::write(tree.join(&deep), b"deep").unwrap();
    let scan = |run_folder: bool| {
        let scenario = Scenario::simulated(1)
            .engine("run_folder", run_folder)
            .site(
                Site::file_share("Share", "https://contoso.sharepoint.com/sites/scan")
                    .folder("/")
                    .source(Source::folder(&tree)),
            )
            .write(dir.path(), &format!("scan-{run_folder}.toml"));
        let out = dir.path().join(format!("out-{run_folder}"));
        let output = pilotbench(&[
            "scan",
            scenario.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
        ]);
        assert!(output.status.code().is_some(), "{}", describe(&output));
        read_csv(&out.join("scan.csv"))
            .rows
            .iter()
            .map(|row| {
                (
                    row["path"].clone(),
                    row["rule"].clone(),
                    row["severity"].clone(),
                )
            })
            .collect::<BTreeSet<_>>()
    };
    let straight = scan(false);
    let below = scan(true);
    let has = |set: &BTreeSet<(String, String, String)>, rule: &str, severity: &str| {
        set.iter().any(|(_, r, s)| r == rule && s == severity)
    };
    assert!(
        has(&straight, "forms-root-folder", "blocking"),
        "{straight:?}"
    );
    assert!(!has(&below, "forms-root-folder", "blocking"), "{below:?}");
    assert!(
        !has(&straight, "path-too-long", "blocking"),
        "within the limit straight in the root: {straight:?}"
    );
    assert!(
        has(&below, "path-too-long", "blocking"),
        "past it below the run folder: {below:?}"
    );
}
