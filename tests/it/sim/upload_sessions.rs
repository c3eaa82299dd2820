//! Upload sessions as Microsoft documents them
//! (<https://learn.microsoft.com/graph/api/driveitem-createuploadsession>;
//! `docs/graph-notes.md` §3, §24): with `deferCommit` the last fragment is a `202` with nothing
//! more expected and the file stays out of the drive until an empty `POST` to the upload URL
//! commits it (`201` new, `200` replaced); a commit on a taken name is `409` and the session
//! is kept, as it is when a session's own last fragment meets a taken name. A commit with a
//! body, before every byte, or on a session not deferred is `400`, and so is any body property
//! of the create that the tenant does not serve.

use pilotbench::sim::SIMULATED_TOKEN;
use reqwest::Response;
use serde_json::{Value, json};

use super::{Tenant, config, error_of};

/// Fragments but the last are multiples of this (320 KiB).
const FRAGMENT: usize = 327_680;

impl Tenant {
    /// `POST root:/{name}:/createUploadSession` with `body`.
    async fn create_session(&self, name: &str, body: &Value) -> Response {
        let path = format!(
            "/drives/{}/items/{}:/{name}:/createUploadSession",
            self.drive, self.root
        );
        self.post_json(&path, body).await
    }

    /// A session for `name` in the root opened with `body`; its upload URL.
    async fn upload_url(&self, name: &str, body: &Value) -> String {
        let opened = self.create_session(name, body).await;
        assert_eq!(opened.status(), 200, "createUploadSession {name}");
        let session: Value = opened.json().await.expect("session");
        session["uploadUrl"].as_str().expect("uploadUrl").to_owned()
    }

    /// `PUT` of `bytes` as the fragment starting at `start` of a `total`-byte file.
    async fn fragment(&self, url: &str, start: usize, bytes: &[u8], total: usize) -> Response {
        let end = start + bytes.len() - 1;
        self.client
            .put(url)
            .header("Content-Range", format!("bytes {start}-{end}/{total}"))
            .body(bytes.to_vec())
            .send()
            .await
            .expect("sent")
    }

    /// The commit: `POST` to the upload URL with `body` (empty, as documented).
    async fn commit(&self, url: &str, body: &[u8]) -> Response {
        self.client
            .post(url)
            .body(body.to_vec())
            .send()
            .await
            .expect("sent")
    }

    /// `GET` of `name` in the root, without asserting the status.
    async fn in_root(&self, name: &str) -> Response {
        self.get(&format!("/drives/{}/root:/{name}", self.drive))
            .await
    }
}

/// A 202's or a status's body, checked for the documented fields; its `nextExpectedRanges`.
async fn ranges_of(response: Response) -> Value {
    let body: Value = response.json().await.expect("session status");
    assert!(body["expirationDateTime"].is_string(), "{body}");
    body["nextExpectedRanges"].clone()
}

#[tokio::test]
async fn a_deferred_session_waits_for_an_empty_post_and_then_answers_201_with_the_item() {
    let t = Tenant::start(config()).await;
    let url = t
        .upload_url("plan.docx", &json!({"item": {}, "deferCommit": true}))
        .await;
    let bytes: Vec<u8> = (0..FRAGMENT + 1000).map(|i| (i % 251) as u8).collect();

    let first = t.fragment(&url, 0, &bytes[..FRAGMENT], bytes.len()).await;
    assert_eq!(first.status(), 202);
    assert_eq!(ranges_of(first).await, json!([format!("{FRAGMENT}-")]));
    let early = t.commit(&url, b"").await;
    assert_eq!(early.status(), 400, "bytes are missing");
    let (code, message) = error_of(early).await;
    assert_eq!(code, "invalidRequest");
    assert!(message.contains(&FRAGMENT.to_string()), "{message}");

    let last = t
        .fragment(&url, FRAGMENT, &bytes[FRAGMENT..], bytes.len())
        .await;
    assert_eq!(last.status(), 202, "the last fragment does not commit");
    assert_eq!(ranges_of(last).await, json!([]));
    assert_eq!(
        t.in_root("plan.docx").await.status(),
        404,
        "not yet in the drive"
    );
    let status = t.client.get(&url).send().await.expect("sent");
    assert_eq!(status.status(), 200);
    assert_eq!(ranges_of(status).await, json!([]));

    let with_body = t.commit(&url, b"{}").await;
    assert_eq!(with_body.status(), 400);
    assert!(error_of(with_body).await.1.contains("empty body"));

    let committed = t.commit(&url, b"").await;
    assert_eq!(committed.status(), 201);
    assert!(
        committed.headers()["content-type"]
            .to_str()
            .expect("text")
            .starts_with("application/json")
    );
    let item: Value = committed.json().await.expect("driveItem");
    assert_eq!(item["name"], "plan.docx");
    assert_eq!(item["size"], bytes.len());
    assert_eq!(
        item["file"]["hashes"]["quickXorHash"],
        pilotbench::vocab::quick_xor::quick_xor_base64(&bytes)
    );
    let stored = t.in_root("plan.docx").await;
    assert_eq!(stored.status(), 200);
    let stored: Value = stored.json().await.expect("item");
    assert_eq!(stored["id"], item["id"]);
    assert_eq!(
        t.commit(&url, b"").await.status(),
        404,
        "the session is closed"
    );
}

#[tokio::test]
async fn a_deferred_commit_on_a_taken_name_is_409_and_the_session_is_kept() {
    let t = Tenant::start(config()).await;
    let url = t
        .upload_url(
            "budget.xlsx",
            &json!({"item": {"@microsoft.graph.conflictBehavior": "fail"}, "deferCommit": true}),
        )
        .await;
    assert_eq!(t.fragment(&url, 0, b"new budget", 10).await.status(), 202);
    let clash = t.put_file(&t.root, "budget.xlsx", b"someone else's").await;

    let refused = t.commit(&url, b"").await;
    assert_eq!(refused.status(), 409);
    assert_eq!(error_of(refused).await.0, "nameAlreadyExists");
    let status = t.client.get(&url).send().await.expect("sent");
    assert_eq!(status.status(), 200, "the session is kept");
    assert_eq!(ranges_of(status).await, json!([]));

    let delete = t
        .client
        .delete(t.graph(&format!(
            "/drives/{}/items/{}",
            t.drive,
            clash["id"].as_str().expect("id")
        )))
        .bearer_auth(SIMULATED_TOKEN)
        .send()
        .await
        .expect("sent");
    assert_eq!(delete.status(), 204);
    let committed = t.commit(&url, b"").await;
    assert_eq!(committed.status(), 201, "committed once the name is free");
    let item: Value = committed.json().await.expect("driveItem");
    assert_eq!(item["size"], 10);
    let download = item["@microsoft.graph.downloadUrl"]
        .as_str()
        .expect("a download URL");
    let bytes = t.client.get(download).send().await.expect("sent");
    assert_eq!(bytes.status(), 200);
    assert_eq!(
        bytes.bytes().await.expect("body").as_ref(),
        b"new budget",
        "the bytes outlived the refused commit"
    );
}

#[tokio::test]
async fn a_deferred_session_on_an_items_id_replaces_it_on_commit_with_200() {
    let t = Tenant::start(config()).await;
    let file = t.put_file(&t.root, "minutes.docx", b"old minutes").await;
    let id = file["id"].as_str().expect("id");
    let opened = t
        .post_json(
            &format!("/drives/{}/items/{id}/createUploadSession", t.drive),
            &json!({"deferCommit": true}),
        )
        .await;
    assert_eq!(opened.status(), 200);
    let session: Value = opened.json().await.expect("session");
    let url = session["uploadUrl"].as_str().expect("uploadUrl");
    assert_eq!(t.fragment(url, 0, b"new minutes!", 12).await.status(), 202);
    let unchanged = t.json(&format!("/drives/{}/items/{id}", t.drive)).await;
    assert_eq!(unchanged["size"], 11, "the old content until the commit");

    let committed = t.commit(url, b"").await;
    assert_eq!(committed.status(), 200);
    let item: Value = committed.json().await.expect("driveItem");
    assert_eq!(item["id"], file["id"]);
    assert_eq!(item["size"], 12);
    assert_ne!(item["eTag"], file["eTag"]);
}

#[tokio::test]
async fn a_commit_on_a_session_not_deferred_is_400() {
    let t = Tenant::start(config()).await;
    for body in [json!({}), json!({"deferCommit": false})] {
        let url = t.upload_url("notes.txt", &body).await;
        let refused = t.commit(&url, b"").await;
        assert_eq!(refused.status(), 400, "{body}");
        let (code, message) = error_of(refused).await;
        assert_eq!(code, "invalidRequest");
        assert!(message.contains("deferCommit"), "{message}");
        let done = t.fragment(&url, 0, b"notes", 5).await;
        assert_eq!(done.status(), 201, "completes with its last fragment");
        let _ = t
            .client
            .delete(t.graph(&format!("/drives/{}/root:/notes.txt", t.drive)))
            .bearer_auth(SIMULATED_TOKEN)
            .send()
            .await;
    }
}

#[tokio::test]
async fn a_session_whose_last_fragment_meets_a_taken_name_is_kept() {
    let t = Tenant::start(config()).await;
    let url = t.upload_url("report.pdf", &json!({})).await;
    t.put_file(&t.root, "report.pdf", b"got there first").await;

    let refused = t.fragment(&url, 0, b"my report", 9).await;
    assert_eq!(refused.status(), 409);
    assert_eq!(error_of(refused).await.0, "nameAlreadyExists");
    let status = t.client.get(&url).send().await.expect("sent");
    assert_eq!(status.status(), 200, "preserved until it expires");
    assert_eq!(ranges_of(status).await, json!([]));
    let again = t.fragment(&url, 0, b"my report", 9).await;
    assert_eq!(again.status(), 416, "every byte is already in");
    let cancelled = t.client.delete(&url).send().await.expect("sent");
    assert_eq!(cancelled.status(), 204);
    let stored: Value = t.in_root("report.pdf").await.json().await.expect("item");
    assert_eq!(stored["size"], 15, "the other file is untouched");
}

#[tokio::test]
async fn the_create_body_takes_what_microsoft_documents_and_refuses_the_rest_by_name() {
    let t = Tenant::start(config()).await;
    let taken = [
        json!({"item": {
            "@odata.type": "#microsoft.graph.driveItemUploadableProperties",
            "@microsoft.graph.conflictBehavior": "rename",
            "name": "a.txt",
            "fileSize": 3,
            "fileSystemInfo": {"lastModifiedDateTime": "2024-05-01T10:00:00Z"},
        }}),
        json!({"deferCommit": true}),
        json!({"item": null, "deferCommit": null}),
    ];
    for body in taken {
        assert_eq!(
            t.create_session("a.txt", &body).await.status(),
            200,
            "{body}"
        );
    }
    let refused = [
        (
            json!({"deferCommit": true, "autoCommit": true}),
            "autoCommit",
        ),
        (json!({"item": {"color": "red"}}), "color"),
        (json!({"item": {"description": "minutes"}}), "description"),
        (json!({"item": {"driveItemSource": {}}}), "driveItemSource"),
        (json!({"item": {"mediaSource": {}}}), "mediaSource"),
        (
            json!({"item": {"@odata.type": "#microsoft.graph.driveItem"}}),
            "@odata.type",
        ),
        (json!({"deferCommit": "yes"}), "deferCommit"),
    ];
    for (body, named) in refused {
        let response = t.create_session("a.txt", &body).await;
        assert_eq!(response.status(), 400, "{body}");
        let (code, message) = error_of(response).await;
        assert_eq!(code, "invalidRequest");
        assert!(message.contains(named), "{body}: {message}");
    }
}
