//! Deleting items over real HTTP, as Graph documents it: `DELETE .../items/{id}` (204, the
//! subtree of a folder with it), `If-Match` (412 when the eTag moved on), `permanentDelete`
//! (204, no body), the root refused, a missing item 404; the RU charge and a lost answer.

use reqwest::StatusCode;
use serde_json::Value;

use super::{Fixture, config, error_of};
use crate::graph::DriveItem;
use crate::scenario::FaultRates;
use crate::sim::{SIMULATED_TOKEN, SimConfig};

impl Fixture {
    async fn delete(&self, path: &str, if_match: Option<&str>) -> reqwest::Response {
        let mut request = self
            .client
            .delete(self.graph(path))
            .bearer_auth(SIMULATED_TOKEN);
        if let Some(tag) = if_match {
            request = request.header("If-Match", tag);
        }
        request.send().await.expect("sent")
    }

    async fn item(&self, drive: &str, id: &str) -> reqwest::Response {
        self.get(&format!("/drives/{drive}/items/{id}")).await
    }

    async fn new_file(&self, drive: &str, parent: &str, name: &str) -> DriveItem {
        let response = self
            .put(drive, parent, name, "", b"delete me".to_vec())
            .await;
        assert_eq!(response.status(), StatusCode::CREATED);
        response.json().await.expect("item")
    }
}

fn header(response: &reqwest::Response, name: &str) -> Option<String> {
    response
        .headers()
        .get(name)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned)
}

#[tokio::test]
async fn delete_answers_204_without_a_body_and_the_item_is_gone() {
    let f = Fixture::start(config()).await;
    let (drive, root) = f.documents().await;
    let file = f.new_file(&drive, &root, "old report.txt").await;
    let response = f
        .delete(&format!("/drives/{drive}/items/{}", file.id), None)
        .await;
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    assert!(header(&response, "request-id").is_some());
    assert_eq!(header(&response, "content-type"), None);
    assert!(response.bytes().await.expect("body").is_empty());

    let gone = f.item(&drive, &file.id).await;
    assert_eq!(gone.status(), StatusCode::NOT_FOUND);
    assert_eq!(error_of(gone).await.error.code, "itemNotFound");
    // A delete repeated after its answer was lost learns the item is gone.
    let again = f
        .delete(&format!("/drives/{drive}/items/{}", file.id), None)
        .await;
    assert_eq!(again.status(), StatusCode::NOT_FOUND);
    // The name is free again.
    f.new_file(&drive, &root, "old report.txt").await;

    // By path, as the reference allows.
    let by_path = f
        .delete(&format!("/drives/{drive}/root:/old report.txt"), None)
        .await;
    assert_eq!(by_path.status(), StatusCode::NO_CONTENT);
}

#[tokio::test]
async fn if_match_with_a_stale_etag_is_412_and_deletes_nothing() {
    let f = Fixture::start(config()).await;
    let (drive, root) = f.documents().await;
    let first = f.new_file(&drive, &root, "kept.txt").await;
    // A new version moves the eTag and cTag on.
    let second: DriveItem = f
        .put(&drive, &root, "kept.txt", "", b"changed".to_vec())
        .await
        .json()
        .await
        .expect("item");
    assert_ne!(first.e_tag, second.e_tag);
    let path = format!("/drives/{drive}/items/{}", first.id);
    let refused = f.delete(&path, first.e_tag.as_deref()).await;
    assert_eq!(refused.status(), StatusCode::PRECONDITION_FAILED);
    assert!(header(&refused, "content-type").is_some_and(|v| v.starts_with("application/json")));
    let body: Value = refused.json().await.expect("json");
    assert_eq!(body["error"]["code"], "resourceModified");
    assert_eq!(body["error"]["innerError"]["code"], "preconditionFailed");
    assert_eq!(f.item(&drive, &first.id).await.status(), StatusCode::OK);
    let stale_ctag = f.delete(&path, first.c_tag.as_deref()).await;
    assert_eq!(stale_ctag.status(), StatusCode::PRECONDITION_FAILED);

    // The current cTag (or eTag) matches.
    let deleted = f.delete(&path, second.c_tag.as_deref()).await;
    assert_eq!(deleted.status(), StatusCode::NO_CONTENT);
    let other = f.new_file(&drive, &root, "other.txt").await;
    let path = format!("/drives/{drive}/items/{}", other.id);
    assert_eq!(
        f.delete(&path, other.e_tag.as_deref()).await.status(),
        StatusCode::NO_CONTENT
    );
}

#[tokio::test]
async fn a_folder_goes_with_everything_below_it_and_its_parent_changes() {
    let f = Fixture::start(config()).await;
    let (drive, root) = f.documents().await;
    let folder: DriveItem = f
        .new_folder(&drive, &root, "run", "fail")
        .await
        .json()
        .await
        .expect("folder");
    let inner: DriveItem = f
        .new_folder(&drive, &folder.id, "inner", "fail")
        .await
        .json()
        .await
        .expect("folder");
    let file = f.new_file(&drive, &inner.id, "deep.txt").await;
    let before: DriveItem = f.item(&drive, &root).await.json().await.expect("root");

    let response = f
        .delete(&format!("/drives/{drive}/items/{}", folder.id), None)
        .await;
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    for id in [&folder.id, &inner.id, &file.id] {
        assert_eq!(
            f.item(&drive, id).await.status(),
            StatusCode::NOT_FOUND,
            "{id}"
        );
    }
    let after: DriveItem = f.item(&drive, &root).await.json().await.expect("root");
    assert_ne!(before.e_tag, after.e_tag, "the parent's eTag moves on");
    assert_eq!(after.size, Some(0), "the parent no longer counts the bytes");
    assert_eq!(after.folder.map(|folder| folder.child_count), Some(0));
}

#[tokio::test]
async fn permanent_delete_is_a_post_without_a_body() {
    let f = Fixture::start(config()).await;
    let (drive, root) = f.documents().await;
    let file = f.new_file(&drive, &root, "gone for good.txt").await;
    let url = f.graph(&format!(
        "/drives/{drive}/items/{}/permanentDelete",
        file.id
    ));
    let with_body = f
        .client
        .post(&url)
        .bearer_auth(SIMULATED_TOKEN)
        .body("{}")
        .send()
        .await
        .expect("sent");
    assert_eq!(with_body.status(), StatusCode::BAD_REQUEST);
    assert_eq!(error_of(with_body).await.error.code, "invalidRequest");
    let get = f.client.get(&url).bearer_auth(SIMULATED_TOKEN).send().await;
    assert_eq!(get.expect("sent").status(), StatusCode::METHOD_NOT_ALLOWED);

    let response = f
        .client
        .post(&url)
        .bearer_auth(SIMULATED_TOKEN)
        .send()
        .await
        .expect("sent");
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    assert!(response.bytes().await.expect("body").is_empty());
    assert_eq!(
        f.item(&drive, &file.id).await.status(),
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn the_root_and_missing_items_are_refused() {
    let f = Fixture::start(config()).await;
    let (drive, root) = f.documents().await;
    let response = f
        .delete(&format!("/drives/{drive}/items/{root}"), None)
        .await;
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
    assert_eq!(error_of(response).await.error.code, "invalidRequest");
    let response = f.delete(&format!("/drives/{drive}/root"), None).await;
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
    let missing = f
        .delete(&format!("/drives/{drive}/items/01NOSUCHITEM"), None)
        .await;
    assert_eq!(missing.status(), StatusCode::NOT_FOUND);
    assert_eq!(error_of(missing).await.error.code, "itemNotFound");
    let unauthenticated = f
        .client
        .delete(f.graph(&format!("/drives/{drive}/items/{root}")))
        .send()
        .await
        .expect("sent");
    assert_eq!(unauthenticated.status(), StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn a_delete_costs_two_resource_units_and_is_throttled_like_any_write() {
    // A budget of 7 RU per window: resolving the drive costs 1 + 1 + 1 and the file 2, so the
    // first delete (2) brings the window to exactly 7 and is served; the next one is refused.
    // At 1 RU a delete the second would be served too.
    let f = Fixture::start_with_ru_window(
        SimConfig {
            ru_per_minute: Some(7),
            ..config()
        },
        60_000_000,
    )
    .await;
    let (drive, root) = f.documents().await;
    let file = f.new_file(&drive, &root, "a.txt").await;
    let path = format!("/drives/{drive}/items/{}", file.id);
    assert_eq!(f.delete(&path, None).await.status(), StatusCode::NO_CONTENT);
    let refused = f.delete(&path, None).await;
    assert_eq!(refused.status(), StatusCode::TOO_MANY_REQUESTS);
    assert!(header(&refused, "retry-after").is_some());
}

#[tokio::test]
async fn a_lost_answer_to_a_delete_closes_the_connection_after_deleting() {
    let f = Fixture::start(SimConfig {
        faults: FaultRates {
            lost_response_rate: 1.0,
            ..FaultRates::default()
        },
        ..config()
    })
    .await;
    let (drive, root) = f.documents().await;
    let folder: DriveItem = f
        .new_folder(&drive, &root, "lost", "fail")
        .await
        .json()
        .await
        .expect("folder");
    let sent = f
        .client
        .delete(f.graph(&format!("/drives/{drive}/items/{}", folder.id)))
        .bearer_auth(SIMULATED_TOKEN)
        .send()
        .await;
    assert!(sent.is_err(), "no answer: {sent:?}");
    assert_eq!(
        f.item(&drive, &folder.id).await.status(),
        StatusCode::NOT_FOUND
    );
}
