//! `pilotbench scan` and the run's pre-flight step through the real binary: the fixture tree
//! (fixtures/scan/manifest.tsv, one offender per rule and clean look-alikes) gives exactly the
//! expected findings, `--inventory` writes a migration list that loads back, and a run skips
//! blocked items with the rule as their failure class, never sending a request for them.
#![cfg(unix)]

use std::collections::BTreeSet;
use std::path::Path;

use crate::support::{
    Scenario, Simulate, Site, Source, TempDir, assert_accounting, describe, fixture_path,
    pilotbench, read_csv, run_quiet, sim_request_log,
};

/// One manifest row: path, whether a folder, size, expected (rule, severity) or `None` = clean.
struct Entry {
    path: String,
    folder: bool,
    size: u64,
    expected: Option<(String, String)>,
}

/// Expands `{x*N}` to N copies of x.
fn expand(text: &str) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(start) = rest.find('{') {
        out.push_str(&rest[..start]);
        let end = rest[start..].find('}').expect("closing }") + start;
        let (unit, count) = rest[start + 1..end].split_once('*').expect("{x*N}");
        out.push_str(&unit.repeat(count.parse().expect("a count")));
        rest = &rest[end + 1..];
    }
    out.push_str(rest);
    out
}

fn manifest() -> Vec<Entry> {
    let text = std::fs::read_to_string(fixture_path("scan/manifest.tsv")).unwrap();
    text.lines()
        .filter(|line| !line.starts_with('#') && !line.is_empty())
        .map(|line| {
            let fields: Vec<&str> = line.split('\t').collect();
            assert_eq!(fields.len(), 4, "four tab-separated fields: {line:?}");
            Entry {
                path: expand(fields[0]),
                folder: fields[1] == "folder",
                size: fields[2].parse().expect("size"),
                expected: (fields[3] != "clean").then(|| {
                    let (rule, severity) = fields[3].split_once(':').expect("rule:severity");
                    (rule.to_string(), severity.to_string())
                }),
            }
        })
        .collect()
}

/// Creates the entries below `tree` (files sparse: a 251 GiB file takes no disk).
fn materialise(tree: &Path, entries: &[Entry]) {
    for entry in entries {
        let path = tree.join(&entry.path);
        if entry.folder {
            std::fs::create_dir_all(&path).unwrap();
        } else {
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            let file = std::fs::File::create(&path)
                .unwrap_or_else(|e| panic!("create {:?}: {e}", entry.path));
            file.set_len(entry.size).unwrap();
        }
    }
}

/// `(path, rule, severity)` of every row of a scan.csv.
fn findings(scan_csv: &Path) -> BTreeSet<(String, String, String)> {
    let table = read_csv(scan_csv);
    assert_eq!(table.header.join(","), "site,path,rule,detail,severity");
    table
        .rows
        .iter()
        .map(|row| {
            assert!(!row["detail"].is_empty(), "{row:?}");
            (
                row["path"].clone(),
                row["rule"].clone(),
                row["severity"].clone(),
            )
        })
        .collect()
}

#[test]
fn the_fixture_tree_gives_exactly_the_expected_findings() {
    let dir = TempDir::new("scan-fixture");
    let entries = manifest();
    materialise(&dir.path().join("tree"), &entries);
    let scenario = dir.path().join("scenario.toml");
    std::fs::copy(fixture_path("scan/scenario.toml"), &scenario).unwrap();
    let out = dir.path().join("out");
    let inventory = dir.path().join("inventory.csv");

    let output = pilotbench(&[
        "scan",
        scenario.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "--inventory",
        inventory.to_str().unwrap(),
    ]);

    assert_eq!(
        output.status.code(),
        Some(1),
        "blocking findings: {}",
        describe(&output)
    );
    let expected: BTreeSet<(String, String, String)> = entries
        .iter()
        .filter_map(|e| {
            e.expected
                .clone()
                .map(|(rule, severity)| (e.path.clone(), rule, severity))
        })
        .collect();
    let found = findings(&out.join("scan.csv"));
    let missing: Vec<_> = expected.difference(&found).collect();
    let unexpected: Vec<_> = found.difference(&expected).collect();
    assert!(
        missing.is_empty() && unexpected.is_empty(),
        "missing {missing:#?}\nunexpected {unexpected:#?}"
    );
    // Every rule but segment-too-long (see the manifest) has an offender.
    let rules: BTreeSet<&str> = found.iter().map(|(_, rule, _)| rule.as_str()).collect();
    assert_eq!(rules.len(), 10, "{rules:?}");

    let stdout = String::from_utf8_lossy(&output.stdout);
    for line in [
        "invalid-character        blocking        7  Invalid file names and file types",
        "path-too-long            warning         1  SharePoint Online limits; Invalid file names and file types",
        "empty-file               warning         1  Migration Manager unsupported files (0-byte files skipped)",
    ] {
        assert!(stdout.contains(line), "{line:?} in\n{stdout}");
    }

    let list = pilotbench::inputs::migration_list::load(&inventory).expect("the inventory loads");
    assert!(list.problems.is_empty(), "{:?}", list.problems);
    assert_eq!(list.rows.len(), 1);
    let row = &list.rows[0];
    let files: Vec<&Entry> = entries.iter().filter(|e| !e.folder).collect();
    assert_eq!(row.site, "Awkward share");
    assert_eq!(row.workload.as_str(), "files");
    assert_eq!(row.items, files.len() as u64);
    assert_eq!(row.bytes, files.iter().map(|e| e.size).sum::<u64>());
    assert_eq!(row.owner, "");
    assert_eq!(
        row.status,
        pilotbench::inputs::migration_list::RowStatus::Mapped
    );
    let profile = row.profile.expect("a size profile");
    assert_eq!(profile[4], 2, "the two files of 250 GiB and more");
}

#[test]
fn a_clean_tree_scans_with_exit_0() {
    let dir = TempDir::new("scan-clean");
    std::fs::create_dir_all(dir.path().join("tree/forms-2")).unwrap();
    std::fs::write(dir.path().join("tree/forms-2/a.txt"), "a").unwrap();
    let scenario = dir.path().join("scenario.toml");
    std::fs::copy(fixture_path("scan/scenario.toml"), &scenario).unwrap();
    let out = dir.path().join("out");
    let output = pilotbench(&[
        "scan",
        scenario.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(output.status.code(), Some(0), "{}", describe(&output));
    assert!(findings(&out.join("scan.csv")).is_empty());
}

#[test]
fn a_run_skips_blocked_items_without_a_request() {
    let dir = TempDir::new("scan-run");
    let tree = dir.path().join("tree");
    let entries: Vec<Entry> = [
        ("ok.txt", false, 10),
        ("empty.txt", false, 0),
        ("bad:name.txt", false, 5),
        ("~$lock.docx", false, 5),
        ("Forms/inside.txt", false, 5),
        ("web/page_files/img.png", false, 5),
        ("sub/CON", false, 5),
        ("sub/fine.txt", false, 5),
    ]
    .into_iter()
    .map(|(path, folder, size)| Entry {
        path: path.to_string(),
        folder,
        size,
        expected: None,
    })
    .collect();
    materialise(&tree, &entries);
    // Straight into the library root, where the manifest's paths are measured.
    let scenario = Scenario::simulated(7)
        .named("Scan run")
        .engine("run_folder", false)
        .site(
            Site::file_share("Share", "https://contoso.sharepoint.com/sites/scan")
                .source(Source::folder(&tree)),
        );
    let server = Simulate::start(&scenario.write(dir.path(), "serve.toml"));
    let run = scenario.url(&server.url).write(dir.path(), "run.toml");
    let out = dir.path().join("out");

    let output = run_quiet(&run, &out);

    assert_eq!(output.status.code(), Some(0), "{}", describe(&output));
    let (results, items) = assert_accounting(&out);
    assert_eq!(results.rows[0]["files_skipped"], "5");
    let outcome = |path: &str| {
        let item = items
            .rows
            .iter()
            .find(|i| i["source_path"] == path)
            .unwrap_or_else(|| panic!("{path} in items.csv"));
        (
            item["outcome"].clone(),
            item["failure_class"].clone(),
            item["attempts"].clone(),
        )
    };
    let skipped = |class: &str| ("skipped".to_string(), class.to_string(), "0".to_string());
    assert_eq!(outcome("bad:name.txt"), skipped("invalid-character"));
    assert_eq!(outcome("~$lock.docx"), skipped("tilde-dollar-name"));
    assert_eq!(outcome("Forms/inside.txt"), skipped("forms-root-folder"));
    assert_eq!(outcome("web/page_files/img.png"), skipped("thicket-folder"));
    assert_eq!(outcome("sub/CON"), skipped("reserved-name"));
    for copied in ["ok.txt", "empty.txt", "sub/fine.txt"] {
        assert_eq!(outcome(copied).0, "verified", "{copied}");
    }
    let summary: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("summary.json")).unwrap()).unwrap();
    assert_eq!(
        summary["total"]["failure_classes"]["thicket-folder"], 1,
        "{summary}"
    );
    let scan = findings(&out.join("scan.csv"));
    assert!(scan.contains(&(
        "empty.txt".to_string(),
        "empty-file".to_string(),
        "warning".to_string()
    )));
    assert_eq!(scan.len(), 6, "five blocking, one warning: {scan:?}");

    let log = sim_request_log(&server.url);
    let decoded: Vec<String> = log
        .iter()
        .map(|(_, path, _)| {
            percent_encoding::percent_decode_str(path)
                .decode_utf8_lossy()
                .into_owned()
        })
        .collect();
    for name in [
        "bad:name.txt",
        "~$lock.docx",
        "inside.txt",
        "img.png",
        "CON",
    ] {
        assert!(
            !decoded.iter().any(|path| path.contains(name)),
            "no request names {name}: {decoded:#?}"
        );
    }
    assert!(decoded.iter().any(|path| path.contains("fine.txt")));
    // Folders: only web and sub are created; Forms and page_files never are.
    let folder_creations = log
        .iter()
        .filter(|(method, path, _)| method == "POST" && path.ends_with("/children"))
        .count();
    assert_eq!(folder_creations, 2, "{log:#?}");
}
