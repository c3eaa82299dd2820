//! The run folder as evidence: outputs are written as new files renamed into place, so a
//! symbolic link planted where an output goes is replaced and its target never written
//! (issue 14 item 5); a folder that already holds a run's outputs is refused unless `--force`;
//! and the inputs the evidence rests on are copied in, so the folder moved elsewhere rebuilds
//! the same reports (issue 12 item 6).

use std::collections::BTreeMap;

use crate::support::{
    Scenario, Site, Size, Source, TempDir, assert_accounting, describe, fixture_path, pilotbench,
    run_quiet,
};

#[test]
fn a_summary_json_link_in_the_output_folder_leaves_its_target_untouched() {
    let dir = TempDir::new("symlink-out");
    let scenario = Scenario::simulated(7)
        .site(
            Site::sharepoint("Finance", "https://contoso.sharepoint.com/sites/finance")
                .folder("pilot")
                .source(Source::synthetic(3).seed(3).size(Size::fixed("1KiB"))),
        )
        .write(dir.path(), "link.toml");
    let out = dir.path().join("out");
    std::fs::create_dir_all(&out).unwrap();
    let precious = dir.path().join("precious.txt");
    std::fs::write(&precious, "someone else's file\n").unwrap();
    let mut planted = Vec::new();
    for name in ["summary.json", "items.csv", "report.html"] {
        std::os::unix::fs::symlink(&precious, out.join(name)).unwrap();
        planted.push(name);
    }
    // A folder that holds anything is refused without --force; with it, the outputs are
    // written beside the links, never through them.
    let refused = run_quiet(&scenario, &out);
    assert_eq!(refused.status.code(), Some(2), "{}", describe(&refused));
    let output = pilotbench(&[
        "run",
        scenario.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "--quiet",
        "--force",
    ]);
    assert_eq!(output.status.code(), Some(0), "{}", describe(&output));
    assert_eq!(
        std::fs::read_to_string(&precious).unwrap(),
        "someone else's file\n",
        "the link's target is untouched"
    );
    for name in planted {
        let meta = std::fs::symlink_metadata(out.join(name)).unwrap();
        assert!(
            meta.file_type().is_file(),
            "{name} is now a file of the run"
        );
    }
    assert_accounting(&out);
    let leftovers: Vec<_> = std::fs::read_dir(&out)
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".partial"))
        .collect();
    assert!(leftovers.is_empty(), "no partial files left: {leftovers:?}");
}

/// A copy of the readiness fixture's good scenario, migration list and issues log in `dir`.
fn scenario_with_evidence(dir: &std::path::Path) -> std::path::PathBuf {
    let fixtures = fixture_path("readiness");
    for name in ["good.toml", "migration-list.csv", "issues.csv"] {
        std::fs::copy(fixtures.join(name), dir.join(name)).unwrap();
    }
    dir.join("good.toml")
}

/// Every file below `dir`, with its bytes.
fn files_below(dir: &std::path::Path) -> BTreeMap<String, Vec<u8>> {
    let mut files = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(next) = stack.pop() {
        for entry in std::fs::read_dir(&next).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else {
                let name = path.strip_prefix(dir).unwrap().display().to_string();
                files.insert(name, std::fs::read(&path).unwrap());
            }
        }
    }
    files
}

#[test]
fn a_second_run_into_the_same_out_is_refused_and_changes_nothing() {
    let dir = TempDir::new("out-again");
    let scenario = scenario_with_evidence(dir.path());
    let out = dir.path().join("out");
    let first = run_quiet(&scenario, &out);
    assert_eq!(first.status.code(), Some(0), "{}", describe(&first));
    let before = files_below(&out);
    assert!(before.contains_key("summary.json") && before.contains_key("inputs/good.toml"));

    let again = run_quiet(&scenario, &out);
    assert_eq!(again.status.code(), Some(2), "{}", describe(&again));
    let stderr = String::from_utf8_lossy(&again.stderr);
    assert!(
        stderr.contains(&out.display().to_string()) && stderr.contains("--force"),
        "{stderr}"
    );
    assert_eq!(
        files_below(&out),
        before,
        "the first run's folder is as it was"
    );
}

#[test]
fn a_run_folder_moved_elsewhere_rebuilds_the_same_reports_from_its_own_inputs() {
    let dir = TempDir::new("moved-run");
    let scenario = scenario_with_evidence(dir.path());
    let out = dir.path().join("out");
    let output = run_quiet(&scenario, &out);
    assert_eq!(output.status.code(), Some(0), "{}", describe(&output));
    let summary: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("summary.json")).unwrap()).unwrap();
    let inputs = summary["inputs"].as_array().expect("inputs");
    let roles: Vec<&str> = inputs.iter().filter_map(|i| i["role"].as_str()).collect();
    assert_eq!(roles, ["scenario", "migration-list", "issues-log"]);
    for input in inputs {
        let copy = std::fs::read(out.join(input["file"].as_str().unwrap())).unwrap();
        assert_eq!(input["bytes"].as_u64(), Some(copy.len() as u64));
    }
    assert_eq!(summary["scenario"]["path"], "inputs/good.toml");
    let reports = ["estimate.csv", "go-no-go.md", "report.html"];
    let original: Vec<Vec<u8>> = reports
        .iter()
        .map(|name| std::fs::read(out.join(name)).unwrap())
        .collect();
    for text in &original {
        assert!(
            !String::from_utf8_lossy(text).contains(&dir.path().display().to_string()),
            "no report names a path of the machine that ran it"
        );
    }

    // Sent elsewhere; the originals edited and then gone.
    let moved = TempDir::new("moved-run-elsewhere");
    let there = moved.path().join("run");
    std::fs::rename(&out, &there).unwrap();
    std::fs::write(dir.path().join("migration-list.csv"), "edited since\n").unwrap();
    for name in ["good.toml", "migration-list.csv", "issues.csv"] {
        std::fs::remove_file(dir.path().join(name)).unwrap();
    }
    for name in reports {
        std::fs::remove_file(there.join(name)).unwrap();
    }
    let rebuilt = pilotbench(&["report", there.to_str().unwrap()]);
    assert_eq!(rebuilt.status.code(), Some(0), "{}", describe(&rebuilt));
    for (name, before) in reports.iter().zip(&original) {
        let after = std::fs::read(there.join(name)).unwrap();
        assert!(after == *before, "{name} rebuilt the same");
    }
}
