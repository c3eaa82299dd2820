//! The body of `POST items/{id}/copy` as Microsoft documents it
//! (<https://learn.microsoft.com/graph/api/driveitem-copy>; `docs/graph-notes.md` §24): every
//! part optional — without `parentReference` the copy lands beside the original, so under its
//! own name it clashes (and fails in the monitor) unless renamed — `includeAllVersionHistory`
//! taken, and anything the tenant does not serve refused up front by name.

use serde_json::{Value, json};

use super::{Tenant, error_of, quick_jobs};

impl Tenant {
    /// Copies `id` with `body` and `query`, expecting `202`; the ended monitor's body.
    async fn copied(&self, id: &str, query: &str, body: Value) -> Value {
        let accepted = self.post_copy(id, query, &body).await;
        assert_eq!(accepted.status(), 202, "{body}");
        let monitor = accepted.headers()["location"]
            .to_str()
            .expect("text")
            .to_owned();
        self.poll_to_end(&monitor).await.0
    }
}

#[tokio::test]
async fn without_a_parent_reference_the_copy_lands_beside_the_original() {
    let t = Tenant::start(quick_jobs()).await;
    let folder = t.folder(&t.root, "Plans").await;
    let folder = folder["id"].as_str().expect("id").to_owned();
    let file = t.put_file(&folder, "plan.txt", b"the plan").await;
    let id = file["id"].as_str().expect("id");

    let done = t.copied(id, "", json!({"name": "plan (copy).txt"})).await;
    assert_eq!(done["status"], "completed", "{done}");
    let copy = t
        .json(&format!(
            "/drives/{}/items/{}",
            t.drive,
            done["resourceId"].as_str().expect("resourceId")
        ))
        .await;
    assert_eq!(copy["name"], "plan (copy).txt");
    assert_eq!(copy["parentReference"]["id"], folder.as_str());
    assert_eq!(copy["size"], 8);

    let clash = t.copied(id, "", json!({})).await;
    assert_eq!(clash["status"], "failed", "its own name is taken");
    assert_eq!(clash["error"]["code"], "nameAlreadyExists");
    let renamed = t
        .copied(id, "?@microsoft.graph.conflictBehavior=rename", json!({}))
        .await;
    assert_eq!(renamed["status"], "completed", "{renamed}");
}

#[tokio::test]
async fn include_all_version_history_is_taken_and_unknown_fields_are_refused_by_name() {
    let t = Tenant::start(quick_jobs()).await;
    let file = t.put_file(&t.root, "a.txt", b"abc").await;
    let id = file["id"].as_str().expect("id");
    let archive = t.folder(&t.root, "Archive").await;
    let archive = archive["id"].as_str().expect("id");
    let to_archive = json!({"driveId": t.drive, "id": archive});

    for history in [true, false] {
        let done = t
            .copied(
                id,
                "?@microsoft.graph.conflictBehavior=rename",
                json!({"parentReference": to_archive, "includeAllVersionHistory": history}),
            )
            .await;
        assert_eq!(done["status"], "completed", "{done}");
    }
    let sdk_typed = json!({"parentReference": {
        "@odata.type": "#microsoft.graph.itemReference", "driveId": t.drive, "id": archive,
    }, "name": "typed.txt"});
    assert_eq!(t.copied(id, "", sdk_typed).await["status"], "completed");

    let refused = [
        (
            json!({"parentReference": to_archive, "keepSharing": true}),
            "keepSharing",
        ),
        (
            json!({"parentReference": {"driveId": t.drive, "path": "/drive/root:/Archive"}}),
            "path",
        ),
        (
            json!({"parentReference": {"id": archive, "siteId": "x"}}),
            "siteId",
        ),
        (
            json!({"@microsoft.graph.conflictBehavior": "rename"}),
            "conflictBehavior",
        ),
    ];
    for (body, named) in refused {
        let response = t.post_copy(id, "", &body).await;
        assert_eq!(response.status(), 400, "{body}");
        let (code, message) = error_of(response).await;
        assert_eq!(code, "invalidRequest");
        assert!(message.contains(named), "{body}: {message}");
    }
}
