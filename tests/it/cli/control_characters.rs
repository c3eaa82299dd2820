//! Control characters in names never reach the terminal or a report raw (issue 14 item 9): a
//! source file named with ESC, BEL, DEL and a bidirectional override, through `run` and `scan`,
//! and an unusable `--out` whose name holds ESC. Every line printed and every file written is
//! free of raw control bytes, and shows the escaped form (`\x1B`, `\u{202E}`) instead.
#![cfg(unix)]

use std::path::Path;

use crate::support::{Scenario, Site, Source, TempDir, describe, files_below, pilotbench};

/// Blocked by the scan (ESC, BEL, DEL), so skipped with the rule as its class.
const HOSTILE: &str = "esc\u{1b}[31mred\u{7}bell\u{7f}del\u{202E}cod.txt";
/// How every output shows it.
const HOSTILE_SHOWN: &str = "esc\\x1B[31mred\\x07bell\\x7Fdel\\u{202E}cod.txt";
/// Only a bidirectional override: SharePoint takes it, so it is copied.
const REORDERED: &str = "rlo\u{202E}txt.exe";
const REORDERED_SHOWN: &str = "rlo\\u{202E}txt.exe";

/// The first raw control character or bidirectional mark in `bytes` (line ends and tabs, which
/// our own files and tables use, aside), with the text around it.
fn raw_control(bytes: &[u8]) -> Option<String> {
    let text = String::from_utf8_lossy(bytes);
    text.char_indices()
        .find(|(_, c)| {
            (c.is_control() && !matches!(c, '\n' | '\r' | '\t'))
                || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
        })
        .map(|(at, c)| {
            let before: String = text[..at].chars().rev().take(40).collect();
            let before: String = before.chars().rev().collect();
            format!("{c:?} at byte {at}, after {before:?}")
        })
}

fn assert_clean(what: &str, bytes: &[u8]) {
    if let Some(found) = raw_control(bytes) {
        panic!("{what} holds a raw control character: {found}");
    }
}

fn source_tree(dir: &Path) -> std::path::PathBuf {
    let tree = dir.join("tree");
    std::fs::create_dir_all(&tree).expect("tree");
    for name in ["plain.txt", HOSTILE, REORDERED] {
        std::fs::write(tree.join(name), b"some bytes").expect("a source file");
    }
    tree
}

fn scenario(dir: &Path, tree: &Path) -> std::path::PathBuf {
    Scenario::simulated(3)
        .site(
            Site::sharepoint("Finance", "https://contoso.sharepoint.com/sites/finance")
                .folder("pilot")
                .source(Source::folder(tree)),
        )
        .write(dir, "scenario.toml")
}

fn text_of(out: &Path, name: &str) -> String {
    String::from_utf8(std::fs::read(out.join(name)).expect(name)).expect("UTF-8")
}

#[test]
fn a_run_and_a_scan_show_control_characters_escaped_everywhere() {
    let dir = TempDir::new("control-characters");
    let tree = source_tree(dir.path());
    let scenario = scenario(dir.path(), &tree);

    let out = dir.path().join("run");
    let run = pilotbench(&[
        "run",
        scenario.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ]);
    assert!(
        matches!(run.status.code(), Some(0 | 1)),
        "{}",
        describe(&run)
    );
    assert_clean("run's stdout", &run.stdout);
    assert_clean("run's stderr", &run.stderr);
    let written = files_below(&out);
    assert!(written.len() >= 5, "{written:?}");
    for (path, bytes) in &written {
        assert_clean(&path.display().to_string(), bytes);
    }
    let items = text_of(&out, "items.csv");
    assert!(items.contains(HOSTILE_SHOWN), "{items}");
    assert!(items.contains(REORDERED_SHOWN), "{items}");
    let scan = text_of(&out, "scan.csv");
    assert!(scan.contains(HOSTILE_SHOWN), "{scan}");

    let scanned = dir.path().join("scan");
    let scan_run = pilotbench(&[
        "scan",
        scenario.to_str().unwrap(),
        "--out",
        scanned.to_str().unwrap(),
    ]);
    assert_eq!(scan_run.status.code(), Some(1), "{}", describe(&scan_run));
    assert_clean("scan's stdout", &scan_run.stdout);
    assert_clean("scan's stderr", &scan_run.stderr);
    for (path, bytes) in files_below(&scanned) {
        assert_clean(&path.display().to_string(), &bytes);
    }
    assert!(text_of(&scanned, "scan.csv").contains(HOSTILE_SHOWN));
}

#[test]
fn an_error_naming_a_path_with_control_characters_shows_them_escaped() {
    let dir = TempDir::new("control-characters-out");
    let tree = source_tree(dir.path());
    let scenario = scenario(dir.path(), &tree);
    // `--out` below a file: refused before any request, naming the path.
    let blocker = dir.path().join("blocker\u{1b}[2J\u{7}");
    std::fs::write(&blocker, b"a file").expect("blocker");
    let out = blocker.join("out");
    let run = pilotbench(&[
        "run",
        scenario.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(run.status.code(), Some(2), "{}", describe(&run));
    assert_clean("stderr", &run.stderr);
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(stderr.contains("blocker\\x1B[2J\\x07"), "{stderr}");
}
