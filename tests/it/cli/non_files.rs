//! Issue 14 items 10 and 11 through the real binary: `scan.csv` gives every entry of a folder
//! source that is not a regular file — a symbolic link, a named pipe, a socket, a folder past
//! the OS path limit — what `run` says it is (`source-unreadable`, with the reason), never an
//! `empty-file` warning, and a too-deep folder says its contents are unknown.
#![cfg(unix)]

use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;

use crate::support::{TempDir, describe, fixture_path, pilotbench, read_csv};

/// `path → (rule, severity, detail)` of a scan.csv.
fn rows(scan_csv: &Path) -> BTreeMap<String, (String, String, String)> {
    read_csv(scan_csv)
        .rows
        .iter()
        .map(|row| {
            (
                row["path"].clone(),
                (
                    row["rule"].clone(),
                    row["severity"].clone(),
                    row["detail"].clone(),
                ),
            )
        })
        .collect()
}

/// A chain of folders below `tree/deep` whose absolute path passes Linux's 4096-byte limit,
/// made with relative `cd` steps (as a user's tool could), which the limit does not stop.
fn too_deep(tree: &Path) {
    let segment = "d".repeat(200);
    let script =
        format!("cd deep && for i in $(seq 30); do mkdir {segment} && cd -P {segment}; done");
    std::fs::create_dir(tree.join("deep")).unwrap();
    let status = Command::new("sh")
        .arg("-c")
        .arg(script)
        .current_dir(tree)
        .status()
        .unwrap();
    assert!(status.success());
}

#[test]
fn non_files_and_a_too_deep_folder_are_source_unreadable_in_scan_csv() {
    let dir = TempDir::new("scan-non-files");
    let tree = dir.path().join("tree");
    std::fs::create_dir_all(&tree).unwrap();
    std::fs::write(tree.join("ok.txt"), "ok").unwrap();
    std::os::unix::fs::symlink("/etc/hostname", tree.join("link")).unwrap();
    let status = Command::new("mkfifo")
        .arg(tree.join("pipe"))
        .status()
        .unwrap();
    assert!(status.success());
    let _socket = std::os::unix::net::UnixListener::bind(tree.join("sock")).unwrap();
    too_deep(&tree);
    let scenario = dir.path().join("scenario.toml");
    std::fs::copy(fixture_path("scan/scenario.toml"), &scenario).unwrap();
    let out = dir.path().join("out");
    let output = pilotbench(&[
        "scan",
        scenario.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(output.status.code(), Some(1), "{}", describe(&output));
    let found = rows(&out.join("scan.csv"));
    let unreadable = |path: &str| {
        let (rule, severity, detail) = found
            .get(path)
            .unwrap_or_else(|| panic!("{path} not in scan.csv: {found:?}"));
        assert_eq!(
            (rule.as_str(), severity.as_str()),
            ("source-unreadable", "blocking"),
            "{path}: {detail}"
        );
        detail.clone()
    };
    assert!(unreadable("link").contains("symbolic link to /etc/hostname"));
    assert!(unreadable("pipe").contains("pipe"));
    assert!(unreadable("sock").contains("socket"));
    let deep: Vec<(&String, &(String, String, String))> = found
        .iter()
        .filter(|(path, (rule, _, _))| path.starts_with("deep/") && rule == "source-unreadable")
        .collect();
    assert_eq!(
        deep.len(),
        1,
        "one finding for the too-deep folder: {deep:?}"
    );
    let detail = unreadable(deep[0].0);
    assert!(detail.contains("contents are unknown"), "{detail}");
    assert!(detail.contains("File name too long"), "{detail}");
    assert!(
        !found.values().any(|(rule, _, _)| rule == "empty-file"),
        "nothing here is a 0-byte file: {found:?}"
    );
    assert!(!found.contains_key("ok.txt"));
}
