//! How answers that are not success become errors and attempts: the innermost code of a
//! nested innererror, a body that is not JSON, server errors retried up to the policy's limit,
//! timeouts recorded as timed-out attempts, and no request at all without a token. Waits a
//! throttled answer asks for are `throttling`'s.

use std::sync::Arc;
use std::time::Duration;

use bytes::Bytes;
use futures::future::BoxFuture;
use pilotbench::graph::{ContentRange, GraphError, RetryPolicy};
use pilotbench::vocab::attempt::Operation;
use pilotbench::vocab::conflict::ConflictBehavior;
use serde_json::{Value, json};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::support::{TestClient, graph_fixture, quick_retry, requests};

use super::mock_tenant::{CTX, TOKEN, client, item_ok};

#[tokio::test]
async fn nested_innererror_gives_the_innermost_code() {
    let server = MockServer::start().await;
    Mock::given(method("PUT"))
        .and(path("/up/session-1"))
        .respond_with(
            ResponseTemplate::new(416)
                .set_body_json(graph_fixture("error_onedrive_nested_innererror.json")),
        )
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/v1.0/drives/b!drive/root"))
        .respond_with(ResponseTemplate::new(404).set_body_string("<html>not found</html>"))
        .mount(&server)
        .await;
    let (client, sink) = client(&server);
    let upload_url = format!("{}/up/session-1", server.uri());

    let error = client
        .upload_chunk(
            CTX,
            &upload_url,
            ContentRange {
                start: 0,
                end: 9,
                total: 10,
            },
            Bytes::from_static(b"0123456789"),
        )
        .await
        .expect_err("416");

    assert_eq!(
        error,
        GraphError::Status {
            status: 416,
            code: "fragmentOverlap".into(),
            message: "Uploaded fragment overlaps with existing data.".into(),
            retry_after: None,
        }
    );
    assert_eq!(
        sink.summary_with_retry(),
        vec![(Operation::UploadChunk, Some(416), false)]
    );

    let error = client
        .item_by_path(CTX, "b!drive", "")
        .await
        .expect_err("404");
    assert_eq!(
        error,
        GraphError::Status {
            status: 404,
            code: String::new(),
            message: "<html>not found</html>".into(),
            retry_after: None,
        },
        "a non-JSON error body is tolerated"
    );
    assert_eq!(sink.attempts().len(), 2, "404 is never retried");
}

#[tokio::test]
async fn server_errors_are_retried_up_to_the_limit_and_each_attempt_recorded() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/v1.0/drives/b!drive/items/PARENT/children"))
        .respond_with(ResponseTemplate::new(502).set_body_string("bad gateway"))
        .mount(&server)
        .await;
    let (client, sink) = client(&server);

    let error = client
        .create_folder(CTX, "b!drive", "PARENT", "New #1", ConflictBehavior::Fail)
        .await
        .expect_err("502");

    assert_eq!(error.status(), Some(502));
    assert_eq!(
        sink.summary_with_retry(),
        vec![
            (Operation::CreateFolder, Some(502), false),
            (Operation::CreateFolder, Some(502), true),
            (Operation::CreateFolder, Some(502), true),
            (Operation::CreateFolder, Some(502), true),
        ]
    );
    let body: Value = requests(&server, "POST").await[0]
        .body_json()
        .expect("json");
    assert_eq!(
        body,
        json!({"name": "New #1", "folder": {}, "@microsoft.graph.conflictBehavior": "fail"})
    );
}

#[tokio::test]
async fn timeouts_are_recorded_as_timed_out_attempts() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/v1.0/drives/b!drive/root"))
        .respond_with(item_ok(0).set_delay(Duration::from_millis(800)))
        .mount(&server)
        .await;
    let (client, sink) = TestClient::on(&server)
        .token(TOKEN)
        .timeout_us(200_000)
        .retry(RetryPolicy {
            max_attempts: 2,
            ..quick_retry()
        })
        .build();

    let error = client
        .item_by_path(CTX, "b!drive", "")
        .await
        .expect_err("timeout");

    assert_eq!(error, GraphError::Timeout(Duration::from_millis(200)));
    let attempts = sink.attempts();
    assert_eq!(attempts.len(), 2);
    assert!(
        attempts
            .iter()
            .all(|a| a.timed_out && a.status.is_none() && a.latency_us >= 200_000)
    );
    assert_eq!(
        attempts.iter().map(|a| a.retry).collect::<Vec<_>>(),
        [false, true]
    );
}

/// A token source that cannot deliver.
#[derive(Debug)]
struct NoToken;

impl pilotbench::graph::TokenSource for NoToken {
    fn token(
        &self,
        _ctx: pilotbench::graph::RequestContext,
    ) -> BoxFuture<'_, Result<Arc<str>, GraphError>> {
        Box::pin(async { Err(GraphError::Auth("no credential".into())) })
    }
}

#[tokio::test]
async fn without_a_token_nothing_is_sent_or_recorded() {
    let server = MockServer::start().await;
    let (client, sink) = TestClient::on(&server).tokens(Arc::new(NoToken)).build();

    let error = client
        .item_by_path(CTX, "b!drive", "")
        .await
        .expect_err("no token");

    assert_eq!(error, GraphError::Auth("no credential".into()));
    assert!(sink.attempts().is_empty());
    assert!(requests(&server, "GET").await.is_empty());
}
