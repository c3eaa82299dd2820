//! Proactive pacing on wiremock: when a successful answer's `RateLimit-Remaining` no longer
//! covers the requests in flight, the client holds every new request at its throttle gate until
//! `RateLimit-Reset`, records that hold as gate wait (never as latency) and is never refused;
//! with budget to spare, or with pacing off, it does not slow down. Headers as SharePoint sends
//! them from 80 % use (fixtures/graph/ratelimit_headers_examples.http).

use std::sync::Arc;
use std::time::Duration;

use pilotbench::graph::{GraphClient, RequestContext};
use pilotbench::vocab::attempt::Attempt;
use pilotbench::vocab::attempt::Operation;
use pilotbench::vocab::attempt::RateLimit;
use serde_json::json;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::support::{RecordingSink, TestClient};

const CTX: RequestContext = RequestContext { site: 0 };
const DRIVE: &str = "/v1.0/users/megan@contoso.com/drive";
const ROOT: &str = "/v1.0/drives/b!drive/root";

fn client(server: &MockServer, pacing: bool) -> (GraphClient, Arc<RecordingSink>) {
    TestClient::on(server)
        .timeout_us(10_000_000)
        .configure(|config| config.pacing = pacing)
        .build()
}

/// The drive answers 200 with these `RateLimit-*` headers; the root item answers plainly.
async fn tenant(remaining: &str, reset: &str) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(DRIVE))
        .respond_with(
            ResponseTemplate::new(200)
                .insert_header("RateLimit-Limit", "1250")
                .insert_header("RateLimit-Remaining", remaining)
                .insert_header("RateLimit-Reset", reset)
                .set_body_json(json!({"id": "b!drive"})),
        )
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path(ROOT))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "id": "root", "name": "root", "folder": {"childCount": 0}
        })))
        .mount(&server)
        .await;
    server
}

/// The drive, then the root item: the second request is the one pacing may hold back.
async fn two_requests(client: &GraphClient, sink: &RecordingSink) -> (Attempt, Attempt) {
    client
        .user_drive(CTX, "megan@contoso.com")
        .await
        .expect("drive");
    client.item_by_path(CTX, "b!drive", "").await.expect("root");
    let attempts = sink.attempts();
    assert_eq!(attempts.len(), 2, "nothing refused, nothing retried");
    (attempts[0].clone(), attempts[1].clone())
}

#[tokio::test]
async fn a_budget_nearly_spent_holds_the_next_request_until_the_reset() {
    let server = tenant("1", "1").await;
    let (client, sink) = client(&server, true);

    let (drive, root) = two_requests(&client, &sink).await;

    assert_eq!(drive.status, Some(200));
    assert_eq!(
        drive.rate_limit,
        Some(RateLimit {
            limit: Some(1250),
            remaining: Some(1),
            reset_us: Some(1_000_000),
        })
    );
    assert_eq!(drive.retry_after_us, None, "a 200 asks for no wait");
    assert_eq!(drive.gate_wait_us, 0);
    assert_eq!(
        (root.op, root.status, root.retry),
        (Operation::GetItem, Some(200), false)
    );
    assert!(
        root.gate_wait_us >= 900_000,
        "1 RU left of the window: the next request waits for the 1 s reset, held {} µs",
        root.gate_wait_us
    );
    let answered = drive.started + Duration::from_micros(drive.latency_us);
    assert!(
        root.started >= answered + Duration::from_millis(900),
        "sent {:?} after the paced answer",
        root.started.duration_since(answered)
    );
    assert!(
        root.latency_us < root.gate_wait_us,
        "the hold is gate wait, not latency: latency {} µs, held {} µs",
        root.latency_us,
        root.gate_wait_us
    );
}

#[tokio::test]
async fn budget_to_spare_is_not_paced() {
    // 80 % of 1,250 used: the headers come, but 250 RU cover any requests in flight.
    let server = tenant("250", "30").await;
    let (client, sink) = client(&server, true);

    let (drive, root) = two_requests(&client, &sink).await;

    assert_eq!(drive.rate_limit.and_then(|r| r.remaining), Some(250));
    assert!(
        root.gate_wait_us < 500_000,
        "a 30 s hold would show here: held {} µs",
        root.gate_wait_us
    );
}

#[tokio::test]
async fn with_pacing_off_the_headers_only_report_usage() {
    let server = tenant("0", "30").await;
    let (client, sink) = client(&server, false);

    let (drive, root) = two_requests(&client, &sink).await;

    assert_eq!(drive.rate_limit.and_then(|r| r.remaining), Some(0));
    assert!(
        root.gate_wait_us < 500_000,
        "pacing is off, yet the request was held {} µs",
        root.gate_wait_us
    );
}
