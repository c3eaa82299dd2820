//! Replacing a file named by id (<https://learn.microsoft.com/graph/api/driveitem-put-content>,
//! <https://learn.microsoft.com/graph/api/driveitem-createuploadsession>): `PUT
//! items/{id}/content` and an upload session opened on `items/{id}/createUploadSession` give the
//! file new content in place — the same id, a new eTag, size and hash — and what the call does
//! not take is refused: a folder, a stale `If-Match`, a conflict behaviour in the query.

use pilotbench::sim::SIMULATED_TOKEN;
use serde_json::{Value, json};

use super::{Tenant, config, error_of};

impl Tenant {
    /// `PUT items/{id}/content` of `body`, with `If-Match: tag` when given.
    async fn replace(
        &self,
        id: &str,
        query: &str,
        body: &[u8],
        tag: Option<&str>,
    ) -> reqwest::Response {
        let mut request = self
            .client
            .put(self.graph(&format!("/drives/{}/items/{id}/content{query}", self.drive)))
            .bearer_auth(SIMULATED_TOKEN)
            .body(body.to_vec());
        if let Some(tag) = tag {
            request = request.header("If-Match", tag);
        }
        request.send().await.expect("sent")
    }
}

#[tokio::test]
async fn a_put_to_an_items_content_replaces_it_in_place() {
    let t = Tenant::start(config()).await;
    let file = t.put_file(&t.root, "budget.xlsx", b"first draft").await;
    let id = file["id"].as_str().expect("id");
    let response = t
        .replace(id, "", b"the final budget, agreed", file["eTag"].as_str())
        .await;
    assert_eq!(
        response.status(),
        200,
        "an existing file's content replaced"
    );
    let replaced: Value = response.json().await.expect("item");
    assert_eq!(replaced["id"], file["id"]);
    assert_eq!(replaced["name"], "budget.xlsx");
    assert_eq!(replaced["size"], 24);
    assert_ne!(replaced["eTag"], file["eTag"]);
    assert_ne!(
        replaced["file"]["hashes"]["quickXorHash"],
        file["file"]["hashes"]["quickXorHash"]
    );
    let read = t.json(&format!("/drives/{}/items/{id}", t.drive)).await;
    assert_eq!(read["size"], 24);

    // The eTag it was given has moved on.
    let stale = t.replace(id, "", b"late", file["eTag"].as_str()).await;
    assert_eq!(stale.status(), 412);
    assert_eq!(error_of(stale).await.0, "resourceModified");
    let folder = t.folder(&t.root, "Budgets").await;
    let on_folder = t
        .replace(folder["id"].as_str().expect("id"), "", b"x", None)
        .await;
    assert_eq!(on_folder.status(), 400);
    assert!(error_of(on_folder).await.1.contains("folder"));
    let with_conflict = t
        .replace(id, "?@microsoft.graph.conflictBehavior=fail", b"x", None)
        .await;
    assert_eq!(with_conflict.status(), 400);
    assert!(error_of(with_conflict).await.1.contains("conflictBehavior"));
    assert_eq!(t.replace("no-such-id", "", b"x", None).await.status(), 404);
}

#[tokio::test]
async fn an_upload_session_on_an_items_id_replaces_its_content_when_it_completes() {
    let t = Tenant::start(config()).await;
    let file = t.put_file(&t.root, "minutes.docx", b"old minutes").await;
    let id = file["id"].as_str().expect("id");
    let opened = t
        .post_json(
            &format!("/drives/{}/items/{id}/createUploadSession", t.drive),
            &json!({}),
        )
        .await;
    assert_eq!(opened.status(), 200);
    let session: Value = opened.json().await.expect("session");
    let url = session["uploadUrl"].as_str().expect("uploadUrl");
    let body = vec![42u8; 1000];
    let done = t
        .client
        .put(url)
        .header("Content-Range", "bytes 0-999/1000")
        .body(body)
        .send()
        .await
        .expect("sent");
    assert_eq!(done.status(), 200, "the last fragment replaced the file");
    let item: Value = done.json().await.expect("item");
    assert_eq!(item["id"], file["id"]);
    assert_eq!(item["size"], 1000);
    assert_ne!(item["eTag"], file["eTag"]);

    let folder = t.folder(&t.root, "Minutes").await;
    let on_folder = t
        .client
        .post(t.graph(&format!(
            "/drives/{}/items/{}/createUploadSession",
            t.drive,
            folder["id"].as_str().expect("id")
        )))
        .bearer_auth(SIMULATED_TOKEN)
        .send()
        .await
        .expect("sent");
    assert_eq!(on_folder.status(), 400);
}
