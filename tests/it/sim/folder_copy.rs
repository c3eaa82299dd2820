//! Copying a folder as one job (<https://learn.microsoft.com/graph/api/driveitem-copy>,
//! <https://learn.microsoft.com/graph/long-running-actions-overview>; `docs/graph-notes.md`
//! §22): `POST items/{folder}/copy` answers `202` with one monitor, which reports
//! `percentageComplete` and then `resourceId` of the new folder, holding the same tree under new
//! ids. A copy into the folder's own subtree is refused up front; a taken name fails in the
//! monitor, under `replace` too, since the service replaces files only.

use pilotbench::sim::SimConfig;
use reqwest::Response;
use serde_json::{Value, json};

use super::{Tenant, error_of, quick_jobs};

impl Tenant {
    /// `POST items/{id}/copy` into folder `parent` of this drive, with `query` and `extra` body
    /// fields.
    pub(super) async fn copy_item(
        &self,
        id: &str,
        parent: &str,
        query: &str,
        extra: Value,
    ) -> Response {
        let mut body = json!({"parentReference": {"driveId": self.drive, "id": parent}});
        if let (Some(body), Value::Object(extra)) = (body.as_object_mut(), extra) {
            body.extend(extra);
        }
        self.post_copy(id, query, &body).await
    }

    /// (path below `folder`, size, quickXorHash, id) of everything below it, sorted by path.
    async fn tree(&self, folder: &str) -> Vec<(String, u64, Value, String)> {
        let mut out = Vec::new();
        let mut pending = vec![(folder.to_owned(), String::new())];
        while let Some((id, path)) = pending.pop() {
            let page = self
                .json(&format!("/drives/{}/items/{id}/children", self.drive))
                .await;
            for child in page["value"].as_array().expect("value") {
                let child_path = format!("{path}/{}", child["name"].as_str().expect("name"));
                let child_id = child["id"].as_str().expect("id").to_owned();
                if child["folder"].is_object() {
                    pending.push((child_id.clone(), child_path.clone()));
                }
                out.push((
                    child_path,
                    child["size"].as_u64().expect("size"),
                    child["file"]["hashes"]["quickXorHash"].clone(),
                    child_id,
                ));
            }
        }
        out.sort_by(|a, b| a.0.cmp(&b.0));
        out
    }
}

/// `Reports/` with `a.txt`, `b.txt`, `Q1/c.txt`, `Q1/Deep/d.txt`: its id, and `Q1`'s.
pub(super) async fn reports(t: &Tenant) -> (String, String) {
    let reports = t.folder(&t.root, "Reports").await;
    let reports = reports["id"].as_str().expect("id").to_owned();
    let q1 = t.folder(&reports, "Q1").await;
    let q1 = q1["id"].as_str().expect("id").to_owned();
    let deep = t.folder(&q1, "Deep").await;
    t.put_file(&reports, "a.txt", b"first file").await;
    t.put_file(&reports, "b.txt", &[7u8; 3000]).await;
    t.put_file(&q1, "c.txt", b"quarter one").await;
    t.put_file(deep["id"].as_str().expect("id"), "d.txt", &[1u8; 500])
        .await;
    (reports, q1)
}

#[tokio::test]
async fn a_folder_is_copied_with_its_whole_tree_as_one_job() {
    let t = Tenant::start(quick_jobs()).await;
    let (reports, _) = reports(&t).await;
    let archive = t.folder(&t.root, "Archive").await;
    let archive = archive["id"].as_str().expect("id").to_owned();

    let accepted = t
        .copy_item(&reports, &archive, "", json!({"name": "Reports 2025"}))
        .await;
    assert_eq!(accepted.status(), 202);
    let monitor = accepted.headers()["location"]
        .to_str()
        .expect("text")
        .to_owned();
    assert!(
        monitor.starts_with(t.tenant.files_url().as_str()),
        "{monitor}"
    );
    let (done, percentages) = t.poll_to_end(&monitor).await;
    assert_eq!(done["status"], "completed");
    assert_eq!(done["percentageComplete"], 100.0);
    assert!(
        percentages.windows(2).all(|w| w[0] <= w[1]),
        "{percentages:?}"
    );

    let copy_id = done["resourceId"].as_str().expect("resourceId");
    let copy = t
        .json(&format!("/drives/{}/items/{copy_id}", t.drive))
        .await;
    assert_eq!(copy["name"], "Reports 2025");
    assert_eq!(copy["parentReference"]["id"], archive.as_str());
    assert_eq!(copy["size"], 10 + 3000 + 11 + 500);
    let original = t.tree(&reports).await;
    let copied = t.tree(copy_id).await;
    assert_eq!(original.len(), 6, "{original:?}");
    let shape = |tree: &[(String, u64, Value, String)]| {
        tree.iter()
            .map(|(path, size, hash, _)| (path.clone(), *size, hash.clone()))
            .collect::<Vec<_>>()
    };
    assert_eq!(shape(&copied), shape(&original));
    for ((_, _, _, from), (_, _, _, to)) in original.iter().zip(&copied) {
        assert_ne!(from, to, "a copy has ids of its own");
    }
    // The original is untouched.
    assert_eq!(t.tree(&reports).await, original);
}

#[tokio::test]
async fn a_folder_copied_into_its_own_subtree_is_refused_up_front() {
    let t = Tenant::start(quick_jobs()).await;
    let (reports, q1) = reports(&t).await;
    for into in [&q1, &reports] {
        let refused = t.copy_item(&reports, into, "", json!({})).await;
        assert_eq!(refused.status(), 400);
        let (code, message) = error_of(refused).await;
        assert_eq!(code, "invalidRequest");
        assert!(message.contains("itself"), "{message}");
    }
    let children_only = t
        .copy_item(&reports, &t.root, "", json!({"childrenOnly": true}))
        .await;
    assert_eq!(children_only.status(), 400);
    assert!(error_of(children_only).await.1.contains("childrenOnly"));
}

#[tokio::test]
async fn a_taken_folder_name_fails_in_the_monitor_unless_renamed() {
    let t = Tenant::start(quick_jobs()).await;
    let (reports, _) = reports(&t).await;
    for conflict in ["fail", "replace"] {
        let query = format!("?@microsoft.graph.conflictBehavior={conflict}");
        let accepted = t.copy_item(&reports, &t.root, &query, json!({})).await;
        assert_eq!(accepted.status(), 202, "accepted, failing later");
        let monitor = accepted.headers()["location"].to_str().expect("text");
        let (failed, _) = t.poll_to_end(monitor).await;
        assert_eq!(failed["status"], "failed", "{conflict}");
        assert_eq!(failed["error"]["code"], "nameAlreadyExists", "{conflict}");
    }
    let accepted = t
        .copy_item(
            &reports,
            &t.root,
            "?@microsoft.graph.conflictBehavior=rename",
            json!({}),
        )
        .await;
    let monitor = accepted.headers()["location"].to_str().expect("text");
    let (done, _) = t.poll_to_end(monitor).await;
    assert_eq!(done["status"], "completed");
    let renamed = t
        .json(&format!(
            "/drives/{}/items/{}",
            t.drive,
            done["resourceId"].as_str().expect("id")
        ))
        .await;
    assert_eq!(renamed["name"], "Reports 1");
}

#[tokio::test]
async fn an_injected_copy_failure_fails_a_folder_copy_and_writes_nothing() {
    let t = Tenant::start(SimConfig {
        copy_failure_rate: 1.0,
        ..quick_jobs()
    })
    .await;
    let (reports, _) = reports(&t).await;
    let archive = t.folder(&t.root, "Archive").await;
    let archive = archive["id"].as_str().expect("id").to_owned();
    let accepted = t.copy_item(&reports, &archive, "", json!({})).await;
    let monitor = accepted.headers()["location"].to_str().expect("text");
    let (failed, _) = t.poll_to_end(monitor).await;
    assert_eq!(failed["status"], "failed");
    assert_eq!(failed["error"]["code"], "generalException");
    assert!(t.tree(&archive).await.is_empty());
}
