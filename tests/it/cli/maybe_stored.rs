//! A write whose answer was lost, followed by looks that fail too, may have stored the file:
//! such an item is `failed` with the class `maybe-stored` (never `connection`, never counted as
//! copied), its destination path kept in `items.csv` for `clean` and `--resume` to look at, and
//! counted in the accounting and the summary's failure classes (issue 14 item 6).

use crate::support::{
    Scenario, Simulate, Site, Size, Source, TempDir, assert_accounting, describe, run_quiet,
    stored_hash,
};

#[test]
fn a_simple_upload_whose_answer_and_looks_were_lost_is_maybe_stored_and_is_in_the_tenant() {
    lost_answers_and_looks_give_maybe_stored("simple", "2KiB");
}

#[test]
fn a_final_fragment_whose_answer_and_looks_were_lost_is_maybe_stored_and_is_in_the_tenant() {
    // Past `simple_upload_max`: an upload session of two fragments.
    lost_answers_and_looks_give_maybe_stored("session", "600KiB");
}

fn lost_answers_and_looks_give_maybe_stored(name: &str, size: &str) {
    let dir = TempDir::new(&format!("maybe-stored-{name}"));
    // Every completed upload is stored and left unanswered, and every look by path fails:
    // nobody can tell the client whether its file is there. It is, every time.
    let scenario = Scenario::simulated(3)
        .engine("retry_attempts", 2)
        .engine("retry_base", "10ms")
        .engine("run_folder", false)
        .engine("simple_upload_max", "256KiB")
        .engine("chunk_size", "320KiB")
        .fault("lost_response_rate", 1.0)
        .fault("lookup_error_rate", 1.0)
        .site(
            Site::sharepoint("Finance", "https://contoso.sharepoint.com/sites/finance")
                .folder("pilot")
                .source(Source::synthetic(4).seed(9).size(Size::fixed(size))),
        );
    let server = Simulate::start(&scenario.write(dir.path(), "serve.toml"));
    let run = scenario.url(&server.url).write(dir.path(), "run.toml");
    let out = dir.path().join("out");
    let output = run_quiet(&run, &out);
    assert_ne!(output.status.code(), Some(0), "{}", describe(&output));

    let (_, items) = assert_accounting(&out);
    assert_eq!(items.rows.len(), 4);
    for item in &items.rows {
        assert_eq!(item["outcome"], "failed", "{item:?}");
        assert_eq!(item["failure_class"], "maybe-stored", "{item:?}");
        assert!(
            item["last_error"].contains("may be stored"),
            "the reason says so: {item:?}"
        );
        let stored = stored_hash(&server.url, "sites/finance", &item["destination_path"]);
        assert_eq!(
            stored.as_deref(),
            Some(item["quick_xor_hash_source"].as_str()),
            "the tenant holds the file a maybe-stored item names: {item:?}"
        );
    }
    let summary: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("summary.json")).expect("summary.json"))
            .expect("JSON");
    let text = summary.to_string();
    assert!(
        text.contains("\"maybe-stored\":4"),
        "the summary counts the class: {text}"
    );
}
