//! `PATCH` of a driveItem (<https://learn.microsoft.com/graph/api/driveitem-update>,
//! <https://learn.microsoft.com/graph/api/driveitem-move>, `docs/graph-notes.md` §17): a rename
//! and a move answer `200` with the item (same id, new eTag, new `parentReference`), the
//! client's `fileSystemInfo` is kept, `delta` reports a moved item once in its new place, and
//! what the simulated tenant does not serve is refused by name: a taken name (`409`), a stale
//! `If-Match` (`412`), an unknown property, a folder moved below itself, the root (`400`).

use pilotbench::sim::SIMULATED_TOKEN;
use serde_json::{Value, json};

use super::{Tenant, config, error_of};

impl Tenant {
    /// `PATCH` of item `id` with `body`, and `If-Match: tag` when given.
    async fn patch(&self, id: &str, body: &Value, tag: Option<&str>) -> reqwest::Response {
        let mut request = self
            .client
            .patch(self.graph(&format!("/drives/{}/items/{id}", self.drive)))
            .bearer_auth(SIMULATED_TOKEN)
            .json(body);
        if let Some(tag) = tag {
            request = request.header("If-Match", tag);
        }
        request.send().await.expect("sent")
    }
}

fn id(item: &Value) -> &str {
    item["id"].as_str().expect("id")
}

#[tokio::test]
async fn a_rename_answers_200_with_the_same_item_under_its_new_name_and_a_new_etag() {
    let t = Tenant::start(config()).await;
    let file = t.put_file(&t.root, "draft.txt", b"minutes").await;
    let response = t
        .patch(id(&file), &json!({"name": "final.txt"}), None)
        .await;
    assert_eq!(response.status(), 200);
    assert!(
        response.headers()["content-type"]
            .to_str()
            .is_ok_and(|v| v.starts_with("application/json"))
    );
    let renamed: Value = response.json().await.expect("item");
    assert_eq!(renamed["id"], file["id"]);
    assert_eq!(renamed["name"], "final.txt");
    assert_eq!(renamed["size"], 7);
    assert_ne!(renamed["eTag"], file["eTag"]);
    assert_eq!(
        renamed["file"]["hashes"]["quickXorHash"],
        file["file"]["hashes"]["quickXorHash"]
    );
    let by_path = t
        .json(&format!("/drives/{}/root:/final.txt", t.drive))
        .await;
    assert_eq!(by_path["id"], file["id"]);
    let old = t.get(&format!("/drives/{}/root:/draft.txt", t.drive)).await;
    assert_eq!(old.status(), 404);
}

#[tokio::test]
async fn a_move_with_a_new_name_and_timestamps_lands_in_the_new_folder_and_delta_shows_it_once() {
    let t = Tenant::start(config()).await;
    let archive = t.folder(&t.root, "Archive").await;
    let file = t.put_file(&t.root, "q1.xlsx", b"figures").await;
    let latest = t
        .json(&format!("/drives/{}/root/delta?token=latest", t.drive))
        .await;
    let link = latest["@odata.deltaLink"].as_str().expect("deltaLink");

    let body = json!({
        "parentReference": {"id": id(&archive), "driveId": t.drive},
        "name": "q1 2026.xlsx",
        "fileSystemInfo": {"lastModifiedDateTime": "2024-03-01T09:30:00Z"},
    });
    let response = t.patch(id(&file), &body, file["eTag"].as_str()).await;
    assert_eq!(response.status(), 200);
    let moved: Value = response.json().await.expect("item");
    assert_eq!(moved["id"], file["id"]);
    assert_eq!(moved["parentReference"]["id"], archive["id"]);
    assert_eq!(
        moved["fileSystemInfo"]["lastModifiedDateTime"],
        "2024-03-01T09:30:00Z"
    );
    let inside = t
        .json(&format!(
            "/drives/{}/items/{}/children",
            t.drive,
            id(&archive)
        ))
        .await;
    let names: Vec<&str> = inside["value"]
        .as_array()
        .expect("value")
        .iter()
        .filter_map(|item| item["name"].as_str())
        .collect();
    assert_eq!(names, ["q1 2026.xlsx"]);
    let archive_now = t
        .json(&format!("/drives/{}/items/{}", t.drive, id(&archive)))
        .await;
    assert_ne!(
        archive_now["eTag"], archive["eTag"],
        "the new parent changed"
    );
    assert_eq!(archive_now["size"], 7);

    let changes = t.get_url(link).await;
    assert_eq!(changes.status(), 200);
    let changes: Value = changes.json().await.expect("page");
    let entries: Vec<&Value> = changes["value"]
        .as_array()
        .expect("value")
        .iter()
        .filter(|entry| entry["id"] == file["id"])
        .collect();
    assert_eq!(entries.len(), 1, "{changes}");
    assert_eq!(entries[0]["parentReference"]["id"], archive["id"]);
    assert_eq!(entries[0]["name"], "q1 2026.xlsx");
}

#[tokio::test]
async fn a_taken_name_is_409_and_a_stale_etag_is_412_and_neither_changes_anything() {
    let t = Tenant::start(config()).await;
    let first = t.put_file(&t.root, "a.txt", b"a").await;
    t.put_file(&t.root, "b.txt", b"b").await;
    let taken = t.patch(id(&first), &json!({"name": "B.TXT"}), None).await;
    assert_eq!(taken.status(), 409);
    assert_eq!(error_of(taken).await.0, "nameAlreadyExists");

    let newer = t.put_file(&t.root, "a.txt", b"a, again").await;
    let stale = t
        .patch(
            id(&first),
            &json!({"name": "c.txt"}),
            first["eTag"].as_str(),
        )
        .await;
    assert_eq!(stale.status(), 412);
    assert_eq!(error_of(stale).await.0, "resourceModified");
    let now = t
        .json(&format!("/drives/{}/items/{}", t.drive, id(&first)))
        .await;
    assert_eq!(now["name"], "a.txt");
    assert_eq!(now["eTag"], newer["eTag"]);
}

#[tokio::test]
async fn what_the_simulated_tenant_does_not_change_is_refused_by_name() {
    let t = Tenant::start(config()).await;
    let outer = t.folder(&t.root, "Outer").await;
    let inner = t.folder(id(&outer), "Inner").await;
    let file = t.put_file(&t.root, "f.txt", b"f").await;
    let cases = [
        (id(&file), json!({"description": "x"}), "description"),
        (id(&file), json!({}), "nothing to change"),
        (
            id(&file),
            json!({"parentReference": {"path": "/drive/root:/Outer"}}),
            "parentReference.path",
        ),
        (
            id(&file),
            json!({"parentReference": {"id": id(&outer), "driveId": "b!other"}}),
            "within its drive",
        ),
        (
            id(&file),
            json!({"fileSystemInfo": {"lastModifiedDateTime": "yesterday"}}),
            "RFC 3339",
        ),
        (id(&file), json!({"name": "bad:name.txt"}), ":"),
        (
            id(&outer),
            json!({"parentReference": {"id": id(&inner)}}),
            "below itself",
        ),
        (t.root.as_str(), json!({"name": "Root2"}), "root folder"),
    ];
    for (item, body, named) in cases {
        let response = t.patch(item, &body, None).await;
        assert_eq!(response.status(), 400, "{body}");
        let (code, message) = error_of(response).await;
        assert_eq!(code, "invalidRequest", "{body}");
        assert!(message.contains(named), "{body}: {message}");
    }
    let conflict_behavior = t
        .client
        .patch(t.graph(&format!(
            "/drives/{}/items/{}?@microsoft.graph.conflictBehavior=rename",
            t.drive,
            id(&file)
        )))
        .bearer_auth(SIMULATED_TOKEN)
        .json(&json!({"name": "g.txt"}))
        .send()
        .await
        .expect("sent");
    assert_eq!(conflict_behavior.status(), 400);
    assert!(
        error_of(conflict_behavior)
            .await
            .1
            .contains("conflictBehavior")
    );
    let unchanged = t
        .json(&format!("/drives/{}/items/{}", t.drive, id(&file)))
        .await;
    assert_eq!(unchanged["name"], "f.txt");
}
