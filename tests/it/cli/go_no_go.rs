//! `pilotbench decide` through the real binary: a tiny simulated pilot is run, then judged
//! with the Go/No-Go fixtures in fixtures/readiness/ — the base set, one variant per
//! criterion that flips it to No Go, rows that cannot be read (reported by file and line,
//! nothing panics), no evidence at all (Unknown), and input files that cannot be read (exit 2).
//!
//! The estimate is not wired into `decide` on this branch, so Pilot Results is Unknown for the
//! base set; the other four criteria are asserted Go.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Output;

use crate::support::{TempDir, describe, fixture_path, pilotbench, run_quiet, write_scenario};

const CRITERIA: [&str; 5] = [
    "Pilot Results",
    "Outstanding Issues",
    "Migration List Completion",
    "Licensing",
    "Technical Readiness",
];

fn fixture(name: &str) -> PathBuf {
    fixture_path("readiness").join(name)
}

/// Runs `scenario` (a fixture) into a fresh folder; the run must complete.
fn pilot_run(scenario: &str) -> TempDir {
    let out = TempDir::new("go-no-go");
    let output = run_quiet(&fixture(scenario), out.path());
    assert!(
        matches!(output.status.code(), Some(0 | 1)),
        "{}",
        describe(&output)
    );
    out
}

/// `pilotbench decide RUN_DIR --scenario SCENARIO`.
fn decide(run_dir: &Path, scenario: &Path) -> Output {
    pilotbench(&[
        "decide",
        run_dir.to_str().expect("utf-8 path"),
        "--scenario",
        scenario.to_str().expect("utf-8 path"),
    ])
}

/// go-no-go.md, and the verdict of each criterion from its table.
fn document(run_dir: &Path) -> (String, BTreeMap<String, String>) {
    let text = std::fs::read_to_string(run_dir.join("go-no-go.md")).expect("go-no-go.md written");
    let mut verdicts = BTreeMap::new();
    for line in text.lines() {
        let cells: Vec<&str> = line.split(" | ").collect();
        if let [first, verdict, ..] = cells.as_slice() {
            let name = first.trim_start_matches("| ");
            if CRITERIA.contains(&name) {
                verdicts.insert(name.to_string(), verdict.replace("**", ""));
            }
        }
    }
    assert_eq!(verdicts.len(), 5, "five criteria in the table:\n{text}");
    (text, verdicts)
}

/// Asserts the verdict of every criterion named in `expected`.
fn assert_verdicts(verdicts: &BTreeMap<String, String>, expected: &[(&str, &str)], text: &str) {
    for (criterion, verdict) in expected {
        assert_eq!(
            verdicts.get(*criterion).map(String::as_str),
            Some(*verdict),
            "{criterion}\n{text}"
        );
    }
}

const GOOD_FOUR: [(&str, &str); 4] = [
    ("Outstanding Issues", "Go"),
    ("Migration List Completion", "Go"),
    ("Licensing", "Go"),
    ("Technical Readiness", "Go"),
];

#[test]
fn the_base_set_is_good_to_go_and_each_variant_flips_its_own_criterion() {
    let run = pilot_run("good.toml");

    let output = decide(run.path(), &fixture("good.toml"));
    let (text, verdicts) = document(run.path());
    assert_verdicts(&verdicts, &GOOD_FOUR, &text);
    // The estimate (estimate.csv, written beside it) puts the P90 inside the 365-day window.
    assert_verdicts(&verdicts, &[("Pilot Results", "Go")], &text);
    assert!(run.path().join("estimate.csv").is_file());
    assert!(
        text.contains("Projected duration of the migration list: P50 "),
        "{text}"
    );
    assert_eq!(output.status.code(), Some(0), "{}", describe(&output));
    let stdout = String::from_utf8_lossy(&output.stdout);
    for criterion in CRITERIA {
        assert!(stdout.contains(criterion), "{stdout}");
    }
    assert!(stdout.lines().any(|line| line == "Good to Go"), "{stdout}");
    assert!(
        text.starts_with("# Go/No-Go decision: Good to Go\n"),
        "{text}"
    );
    assert!(
        text.contains("- **Pilot:** Readiness fixture POC"),
        "{text}"
    );
    assert!(
        text.contains("- **Organisation:** Fixture NHS Trust"),
        "{text}"
    );
    assert!(text.contains("30 of 30 items attempted"), "{text}");
    for source in [
        "summary.json",
        "items.csv",
        "good.toml",
        "migration-list.csv",
        "issues.csv",
    ] {
        assert!(
            text.lines()
                .any(|line| line.starts_with("- `") && line.contains(source)),
            "{source} in Built from:\n{text}"
        );
    }

    let variants = [
        ("open-high-issue.toml", "Outstanding Issues", "RD-4"),
        (
            "unmapped-row.toml",
            "Migration List Completion",
            "Pharmacy share",
        ),
        ("few-licences.toml", "Licensing", "1 licences for 2 users"),
        (
            "window-too-short.toml",
            "Pilot Results",
            "is beyond the window (7 days)",
        ),
        (
            "checklist-false.toml",
            "Technical Readiness",
            "la_pla_support",
        ),
    ];
    for (scenario, flipped, named) in variants {
        let output = decide(run.path(), &fixture(scenario));
        assert_eq!(
            output.status.code(),
            Some(1),
            "{scenario}: {}",
            describe(&output)
        );
        let (text, verdicts) = document(run.path());
        for (criterion, verdict) in [("Pilot Results", "Go")].into_iter().chain(GOOD_FOUR) {
            let expected = if criterion == flipped {
                "No Go"
            } else {
                verdict
            };
            assert_verdicts(&verdicts, &[(criterion, expected)], &text);
        }
        assert!(text.contains(named), "{scenario}: {named}\n{text}");
        assert!(
            text.contains("| **Overall** | **Not Good to Go** | No Go: "),
            "{text}"
        );
    }
    // The issue title's `|` is escaped in the table cell, so the row keeps three columns.
    let _ = decide(run.path(), &fixture("open-high-issue.toml"));
    let (text, _) = document(run.path());
    assert!(
        text.contains("Retention labels \\| not yet agreed with IG"),
        "{text}"
    );
}

#[test]
fn a_pilot_with_failed_items_is_no_go_on_pilot_results() {
    let run = pilot_run("pilot-failures.toml");
    let output = decide(run.path(), &fixture("pilot-failures.toml"));
    assert_eq!(output.status.code(), Some(1), "{}", describe(&output));
    let (text, verdicts) = document(run.path());
    assert_verdicts(&verdicts, &[("Pilot Results", "No Go")], &text);
    assert_verdicts(&verdicts, &GOOD_FOUR, &text);
    assert!(text.contains("hash-mismatch ×"), "{text}");
}

#[test]
fn rows_that_cannot_be_read_are_named_by_line_and_the_rest_still_count() {
    let run = pilot_run("good.toml");
    let output = decide(run.path(), &fixture("malformed-rows.toml"));
    assert_eq!(output.status.code(), Some(1), "{}", describe(&output));
    let stderr = String::from_utf8_lossy(&output.stderr);
    for expected in [
        "migration-list-malformed.csv:3: workload \"fileshare\"",
        "migration-list-malformed.csv:4: items \"lots\"",
        "migration-list-malformed.csv:5: ",
        "issues-malformed.csv:3: severity \"severe\"",
        "issues-malformed.csv:4: id is empty",
        "issues-malformed.csv:5: ",
    ] {
        assert!(stderr.contains(expected), "{expected:?} in:\n{stderr}");
    }
    assert!(!stderr.contains("panicked"), "{stderr}");
    let (text, verdicts) = document(run.path());
    assert_verdicts(
        &verdicts,
        &[
            ("Migration List Completion", "No Go"),
            ("Outstanding Issues", "Unknown"),
            ("Technical Readiness", "Go"),
        ],
        &text,
    );
    assert!(text.contains("could not be read (lines 3, 4, 5)"), "{text}");
    assert!(
        text.lines().any(|line| line.starts_with("- Row not read: ")
            && line.contains("issues-malformed.csv:3: severity")),
        "{text}"
    );
    // The one good row of the list still counts.
    assert!(text.contains(": 1 row, 2,000 items"), "{text}");
}

#[test]
fn a_scenario_without_readiness_is_unknown_on_every_criterion() {
    let run = pilot_run("no-evidence.toml");
    let output = decide(run.path(), &fixture("no-evidence.toml"));
    assert_eq!(output.status.code(), Some(1), "{}", describe(&output));
    let (text, verdicts) = document(run.path());
    for criterion in CRITERIA {
        assert_verdicts(&verdicts, &[(criterion, "Unknown")], &text);
    }
    assert!(
        text.contains("| **Overall** | **Not Good to Go** | Unknown: "),
        "{text}"
    );
}

#[test]
fn an_evidence_file_that_cannot_be_read_is_a_usage_error_naming_it() {
    let run = pilot_run("good.toml");
    let good = std::fs::read_to_string(fixture("good.toml")).expect("fixture");
    let folder = TempDir::new("go-no-go-scenarios");
    let absolute = |name: &str| fixture(name).display().to_string();

    let missing = good.replace(
        "migration_list = \"migration-list.csv\"",
        "migration_list = \"not-there.csv\"",
    );
    let scenario = write_scenario(folder.path(), "missing.toml", &missing);
    let output = decide(run.path(), &scenario);
    assert_eq!(output.status.code(), Some(2), "{}", describe(&output));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("not-there.csv") && stderr.contains("[readiness] migration_list"),
        "{stderr}"
    );

    let no_column = good
        .replace(
            "\"migration-list.csv\"",
            &format!("{:?}", absolute("migration-list.csv")),
        )
        .replace(
            "\"issues.csv\"",
            &format!("{:?}", absolute("missing-column.csv")),
        );
    let scenario = write_scenario(folder.path(), "no-column.toml", &no_column);
    let output = decide(run.path(), &scenario);
    assert_eq!(output.status.code(), Some(2), "{}", describe(&output));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("missing-column.csv:1: the issues log has no column severity"),
        "{stderr}"
    );
    assert!(!stderr.contains("panicked"), "{stderr}");
}
