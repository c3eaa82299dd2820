//! The run's journal (`journal.jsonl`, issue 12 item 2), through the real binary: it holds the
//! session, the plan, every item the run created in the tenant and every item's end, and a run
//! killed with SIGKILL leaves a journal that reads back, whose every created file is in the
//! tenant with the hash it records. Read with the run folder's own reader.

use std::collections::BTreeSet;
use std::time::Duration;

use pilotbench::run_folder::{JournalEntry, read_journal};
use pilotbench::vocab::created_item::CreatedKind;

use crate::support::{
    Scenario, Simulate, Site, Size, Source, TempDir, describe, read_csv, run_quiet, run_signalled,
    stored_hash,
};

fn scenario(files: u32) -> Scenario {
    Scenario::simulated(5).site(
        Site::sharepoint("Finance", "https://contoso.sharepoint.com/sites/finance")
            .folder("pilot")
            .source(
                Source::synthetic(files)
                    .seed(2)
                    .tree(1, 2)
                    .size(Size::fixed("2KiB")),
            ),
    )
}

/// The first `at_most` created files of the journal at `out` are in the tenant at `url`, with
/// their hash; how many created files it holds.
fn created_files_are_in_the_tenant(out: &std::path::Path, url: &str, at_most: usize) -> usize {
    let journal = read_journal(&out.join("journal.jsonl")).expect("journal");
    let mut files = 0;
    for entry in &journal.entries {
        if let JournalEntry::Created(created) = entry
            && created.kind == CreatedKind::File
        {
            files += 1;
            if files > at_most {
                continue;
            }
            assert_eq!(
                stored_hash(url, "sites/finance", &created.destination_path),
                created.quick_xor_hash,
                "{created:?}"
            );
        }
    }
    files
}

#[test]
fn the_journal_holds_the_session_the_plan_what_was_created_and_every_end() {
    let dir = TempDir::new("journal");
    let scenario = scenario(20);
    let server = Simulate::start(&scenario.write(dir.path(), "serve.toml"));
    let run = scenario.url(&server.url).write(dir.path(), "run.toml");
    let out = dir.path().join("out");
    let output = run_quiet(&run, &out);
    assert_eq!(output.status.code(), Some(0), "{}", describe(&output));

    let journal = read_journal(&out.join("journal.jsonl")).expect("journal");
    assert!(!journal.torn_tail);
    let summary: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("summary.json")).expect("summary"))
            .expect("JSON");
    let (mut planned, mut ended, mut folders) = (Vec::new(), Vec::new(), BTreeSet::new());
    let mut sessions = 0;
    for entry in &journal.entries {
        match entry {
            JournalEntry::Session(session) => {
                sessions += 1;
                assert_eq!(summary["run_id"], session.run_id.as_str());
                assert_eq!(
                    summary["scenario"]["sha256"],
                    session.scenario_sha256.as_str()
                );
            }
            JournalEntry::Planned(item) => planned.push(item.source_path.clone()),
            JournalEntry::Ended(item) => {
                assert_eq!(item.outcome.as_str(), "verified", "{item:?}");
                ended.push(item.source_path.clone());
            }
            JournalEntry::Created(created) if created.kind == CreatedKind::Folder => {
                folders.insert(created.destination_path.clone());
            }
            JournalEntry::Created(_) => {}
        }
    }
    assert_eq!(sessions, 1);
    let items = read_csv(&out.join("items.csv"));
    let listed: BTreeSet<String> = items
        .rows
        .iter()
        .map(|row| row["source_path"].clone())
        .collect();
    assert_eq!(planned.len(), 20);
    assert_eq!(planned.iter().cloned().collect::<BTreeSet<_>>(), listed);
    assert_eq!(ended.len(), 20, "each item ends once");
    assert_eq!(ended.into_iter().collect::<BTreeSet<_>>(), listed);
    assert_eq!(created_files_are_in_the_tenant(&out, &server.url, 20), 20);
    let run_folder = format!(
        "pilot/pilotbench-run-{}",
        summary["run_id"].as_str().unwrap()
    );
    assert!(folders.contains("pilot"), "{folders:?}");
    assert!(folders.contains(&run_folder), "{folders:?}");
    assert_eq!(
        folders.len(),
        4,
        "pilot, the run folder, two source folders: {folders:?}"
    );
}

#[test]
fn a_run_killed_with_sigkill_leaves_a_journal_of_what_it_did() {
    let dir = TempDir::new("journal-sigkill");
    let scenario = scenario(2000).latency_ms(20, 40).engine("concurrency", 4);
    let server = Simulate::start(&scenario.write(dir.path(), "serve.toml"));
    let run = scenario.url(&server.url).write(dir.path(), "run.toml");
    let out = dir.path().join("out");
    let (exit, _) = run_signalled(&run, &out, &[(Duration::from_millis(2500), "KILL")]);
    assert_eq!(exit.code(), None, "killed, not ended: {exit:?}");
    assert!(
        !out.join("summary.json").exists(),
        "nothing written at the end"
    );
    let journal = read_journal(&out.join("journal.jsonl")).expect("journal reads back");
    let planned = journal
        .entries
        .iter()
        .filter(|e| matches!(e, JournalEntry::Planned(_)))
        .count();
    assert_eq!(planned, 2000, "the plan is on disk before the copy");
    let ended: Vec<_> = journal
        .entries
        .iter()
        .filter_map(|e| match e {
            JournalEntry::Ended(item) => Some(item.source_path.clone()),
            _ => None,
        })
        .collect();
    let distinct: BTreeSet<_> = ended.iter().collect();
    assert_eq!(distinct.len(), ended.len(), "each item ends at most once");
    assert!(ended.len() < 2000, "killed mid-way: {}", ended.len());
    assert!(
        created_files_are_in_the_tenant(&out, &server.url, 40) > 0,
        "files stored before the last flush are journaled"
    );
}
