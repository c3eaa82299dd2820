//! The client's server-side copy protocol against wiremock, built from Microsoft's documented
//! payloads (fixtures/graph/): the copy request (conflict behaviour in the query, the
//! documented body), the monitor polled WITHOUT a bearer token on another origin through its
//! statuses to completion as 200 and as 303 (read, not followed), and failures with Graph's
//! code. Every poll is checked in the recorded attempts. A copy request answered unclearly (503
//! without `Retry-After`: it may have started a job) is followed by looks for the destination
//! item, never by a blind second request.

use std::collections::VecDeque;
use std::sync::{Arc, Mutex};

use pilotbench::engine::GraphFailureClass;
use pilotbench::graph::{CopyRequest, GraphClient, GraphError, PollSchedule, RequestContext};
use pilotbench::vocab::attempt::Operation;
use pilotbench::vocab::conflict::ConflictBehavior;
use pilotbench::vocab::outcome::FailureClass;
use serde_json::{Value, json};
use url::Url;
use wiremock::matchers::{method, path, query_param};
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate};

use crate::support::{RecordingSink, TestClient, graph_fixture, graph_fixture_text, received};

const TOKEN: &str = "copy-test-token-91d3";
const CTX: RequestContext = RequestContext { site: 1 };
const COPY_PATH: &str = "/v1.0/drives/b!src/items/01SRC/copy";

/// Polls every millisecond or so: the statuses matter here, not the waits.
const FAST: PollSchedule = PollSchedule {
    first_us: 1_000,
    factor: 1.5,
    max_us: 4_000,
    give_up_after_us: 10_000_000,
};

fn client(graph: &MockServer) -> (GraphClient, Arc<RecordingSink>) {
    TestClient::on(graph)
        .token(TOKEN)
        .timeout_us(10_000_000)
        .configure(|config| {
            config.copy_poll = FAST;
            config.retry.base_us = 1_000;
        })
        .build()
}

/// The documented 202 answer's `Location`, moved to `monitor_server`.
fn accepted_at(monitor_server: &MockServer) -> ResponseTemplate {
    let text = graph_fixture_text("copy_202_accepted_response.http");
    assert!(text.starts_with("HTTP/1.1 202 Accepted"));
    let location = text
        .lines()
        .find_map(|line| line.strip_prefix("Location: "))
        .expect("a Location");
    let monitor_path = Url::parse(location.trim()).expect("URL").path().to_owned();
    ResponseTemplate::new(202).insert_header(
        "Location",
        format!("{}{monitor_path}", monitor_server.uri()),
    )
}

/// Answers with each template in turn, repeating the last.
struct Sequence(Mutex<VecDeque<ResponseTemplate>>);

impl Sequence {
    fn of(templates: Vec<ResponseTemplate>) -> Sequence {
        Sequence(Mutex::new(templates.into()))
    }
}

impl Respond for Sequence {
    fn respond(&self, _request: &Request) -> ResponseTemplate {
        let mut queue = self.0.lock().expect("lock");
        if queue.len() > 1 {
            queue.pop_front().expect("non-empty")
        } else {
            queue.front().cloned().expect("non-empty")
        }
    }
}

fn in_progress(status: &str) -> ResponseTemplate {
    let mut body = graph_fixture("monitor_asyncjobstatus_inprogress_202.json");
    body["status"] = json!(status);
    ResponseTemplate::new(202).set_body_json(body)
}

fn request<'a>() -> CopyRequest<'a> {
    CopyRequest {
        source_drive_id: "b!src",
        source_item_id: "01SRC",
        destination_drive_id: "b!dst",
        destination_parent_id: "01PARENT",
        name: None,
        conflict: ConflictBehavior::Rename,
        source_name: "report.docx",
        source_size: 4,
        source_quick_xor_hash: Some("SRCHASH"),
    }
}

async fn mount_monitor(server: &MockServer, answers: Vec<ResponseTemplate>) {
    Mock::given(method("GET"))
        .and(path(
            "/_api/v2.0/monitor/4A3407B5-88FC-4504-8B21-0AABD3412717",
        ))
        .respond_with(Sequence::of(answers))
        .mount(server)
        .await;
}

#[tokio::test]
async fn a_copy_is_requested_as_documented_and_its_monitor_polled_without_the_bearer() {
    let graph = MockServer::start().await;
    let sharepoint = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(COPY_PATH))
        .and(query_param("@microsoft.graph.conflictBehavior", "rename"))
        .respond_with(accepted_at(&sharepoint))
        .mount(&graph)
        .await;
    mount_monitor(
        &sharepoint,
        vec![
            in_progress("notStarted"),
            in_progress("inProgress"),
            ResponseTemplate::new(200)
                .set_body_json(graph_fixture("monitor_asyncjobstatus_completed.json")),
        ],
    )
    .await;
    let (client, sink) = client(&graph);

    let (done, attempts) = client
        .copy_item(CTX, &request(), &FAST)
        .await
        .expect("the copy completes");

    assert_eq!(
        done.resource_id.as_deref(),
        Some("01MOWKYVJML57KN2ANMBA3JZJS2MBGC7KM")
    );
    assert_eq!(done.polls, 3);
    assert!(done.duration_us > 0);
    assert_eq!(attempts, 4);
    assert_eq!(
        sink.summary(),
        vec![
            (Operation::CopyItem, Some(202)),
            (Operation::CopyMonitor, Some(202)),
            (Operation::CopyMonitor, Some(202)),
            (Operation::CopyMonitor, Some(200)),
        ]
    );
    assert!(sink.attempts().iter().all(|a| a.site == 1));

    let copy = &received(&graph).await[0];
    assert_eq!(
        copy.headers
            .get("authorization")
            .and_then(|v| v.to_str().ok()),
        Some(format!("Bearer {TOKEN}").as_str())
    );
    let body: Value = serde_json::from_slice(&copy.body).expect("JSON body");
    let documented = graph_fixture("copy_request_body.json");
    let keys = |v: &Value| -> Vec<String> {
        let mut keys: Vec<String> = v["parentReference"]
            .as_object()
            .expect("parentReference")
            .keys()
            .cloned()
            .collect();
        keys.sort();
        keys
    };
    assert_eq!(
        keys(&body),
        keys(&documented),
        "the documented parentReference"
    );
    assert_eq!(
        body["parentReference"],
        json!({"driveId": "b!dst", "id": "01PARENT"})
    );
    assert!(body.get("name").is_none(), "no new name asked for: {body}");

    let polls = received(&sharepoint).await;
    assert_eq!(polls.len(), 3);
    for poll in &polls {
        assert!(
            poll.headers.get("authorization").is_none(),
            "a monitor poll carried the bearer token"
        );
    }
}

#[tokio::test]
async fn completion_as_see_other_is_read_and_never_followed() {
    let graph = MockServer::start().await;
    let sharepoint = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(COPY_PATH))
        .respond_with(accepted_at(&sharepoint))
        .mount(&graph)
        .await;
    let new_item = format!("{}/v1.0/drives/b!dst/items/01NEWITEM", graph.uri());
    mount_monitor(
        &sharepoint,
        vec![
            in_progress("inProgress"),
            in_progress("waiting"),
            ResponseTemplate::new(303).insert_header("Location", new_item.as_str()),
        ],
    )
    .await;
    let (client, sink) = client(&graph);

    let (done, _) = client
        .copy_item(CTX, &request(), &FAST)
        .await
        .expect("the copy completes");

    assert_eq!(done.resource_id.as_deref(), Some("01NEWITEM"));
    assert_eq!(
        sink.summary(),
        vec![
            (Operation::CopyItem, Some(202)),
            (Operation::CopyMonitor, Some(202)),
            (Operation::CopyMonitor, Some(202)),
            (Operation::CopyMonitor, Some(303)),
        ]
    );
    let graph_requests = received(&graph).await;
    assert_eq!(
        graph_requests.len(),
        1,
        "the 303 was followed: {graph_requests:?}"
    );
}

#[tokio::test]
async fn a_job_that_fails_in_its_monitor_fails_with_graphs_code() {
    for (fixture_name, message) in [
        (
            "monitor_sharepoint_failed_nameAlreadyExists.json",
            "Name already exists",
        ),
        (
            "monitor_sharepoint_failed_with_details.json",
            "Errors occurred during copy/move operation.",
        ),
    ] {
        let graph = MockServer::start().await;
        let sharepoint = MockServer::start().await;
        Mock::given(method("POST"))
            .and(path(COPY_PATH))
            .respond_with(accepted_at(&sharepoint))
            .mount(&graph)
            .await;
        mount_monitor(
            &sharepoint,
            vec![
                in_progress("inProgress"),
                ResponseTemplate::new(200).set_body_json(graph_fixture(fixture_name)),
            ],
        )
        .await;
        let (client, sink) = client(&graph);

        let (error, attempts) = client
            .copy_item(CTX, &request(), &FAST)
            .await
            .expect_err("the job failed");

        assert_eq!(
            error,
            GraphError::CopyJobFailed {
                code: "nameAlreadyExists".into(),
                message: message.into()
            },
            "{fixture_name}"
        );
        assert_eq!(error.failure_class(), FailureClass::CopyJobFailed);
        assert_eq!(attempts, 3);
        assert_eq!(
            sink.summary(),
            vec![
                (Operation::CopyItem, Some(202)),
                (Operation::CopyMonitor, Some(202)),
                (Operation::CopyMonitor, Some(200)),
            ]
        );
    }
}

#[tokio::test]
async fn a_copy_refused_up_front_is_a_client_error_and_nothing_is_polled() {
    let graph = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(COPY_PATH))
        .respond_with(
            ResponseTemplate::new(400)
                .set_body_json(graph_fixture("copy_400_invalidRequest_copy_root.json")),
        )
        .mount(&graph)
        .await;
    let (client, sink) = client(&graph);
    let (error, attempts) = client
        .copy_item(CTX, &request(), &FAST)
        .await
        .expect_err("refused");
    assert!(
        matches!(&error, GraphError::Status { status: 400, code, .. } if code == "invalidRequest"),
        "{error:?}"
    );
    assert_eq!(error.failure_class(), FailureClass::ClientError);
    assert_eq!(attempts, 1);
    assert_eq!(sink.summary(), vec![(Operation::CopyItem, Some(400))]);
}

/// The destination item's by-name address, as the client looks for it.
const LOOK_PATH: &str = "/v1.0/drives/b!dst/items/01PARENT:/report.docx:";

/// A copy request that answers 503 without `Retry-After` first (unclear: a job may have started),
/// then 202 to the monitor on `sharepoint`.
async fn mount_unclear_copy(graph: &MockServer, sharepoint: &MockServer) {
    Mock::given(method("POST"))
        .and(path(COPY_PATH))
        .respond_with(Sequence::of(vec![
            ResponseTemplate::new(503),
            accepted_at(sharepoint),
        ]))
        .mount(graph)
        .await;
}

async fn mount_look(graph: &MockServer, answers: Vec<ResponseTemplate>) {
    Mock::given(method("GET"))
        .and(path(LOOK_PATH))
        .respond_with(Sequence::of(answers))
        .mount(graph)
        .await;
}

fn destination_item(size: u64, hash: &str) -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_json(json!({
        "id": "01COPIED",
        "name": "report.docx",
        "size": size,
        "file": {"mimeType": "application/octet-stream", "hashes": {"quickXorHash": hash}}
    }))
}

async fn copy_posts(graph: &MockServer) -> usize {
    received(graph)
        .await
        .iter()
        .filter(|r| r.method.as_str() == "POST")
        .count()
}

#[tokio::test]
async fn an_unclear_copy_answer_whose_copy_then_appears_is_done_without_a_second_request() {
    let graph = MockServer::start().await;
    let sharepoint = MockServer::start().await;
    mount_unclear_copy(&graph, &sharepoint).await;
    mount_look(
        &graph,
        vec![ResponseTemplate::new(404), destination_item(4, "SRCHASH")],
    )
    .await;
    let (client, sink) = client(&graph);

    let (done, attempts) = client
        .copy_item(CTX, &request(), &FAST)
        .await
        .expect("the unseen job's copy counts");

    assert_eq!(done.resource_id.as_deref(), Some("01COPIED"));
    assert_eq!(done.polls, 0);
    assert_eq!(copy_posts(&graph).await, 1, "the copy was requested again");
    assert_eq!(attempts, 3);
    assert_eq!(
        sink.summary(),
        vec![
            (Operation::CopyItem, Some(503)),
            (Operation::GetItem, Some(404)),
            (Operation::GetItem, Some(200)),
        ]
    );
    assert!(received(&sharepoint).await.is_empty());
}

#[tokio::test]
async fn an_unclear_copy_answer_whose_copy_never_appears_is_requested_once_more() {
    let graph = MockServer::start().await;
    let sharepoint = MockServer::start().await;
    mount_unclear_copy(&graph, &sharepoint).await;
    mount_look(&graph, vec![ResponseTemplate::new(404)]).await;
    mount_monitor(
        &sharepoint,
        vec![
            ResponseTemplate::new(200)
                .set_body_json(graph_fixture("monitor_asyncjobstatus_completed.json")),
        ],
    )
    .await;
    let (client, sink) = client(&graph);

    let (done, _) = client
        .copy_item(CTX, &request(), &FAST)
        .await
        .expect("the second job completes");

    assert_eq!(done.polls, 1);
    assert_eq!(copy_posts(&graph).await, 2, "exactly one re-post");
    let summary = sink.summary();
    let looks = summary
        .iter()
        .filter(|(op, status)| *op == Operation::GetItem && *status == Some(404))
        .count();
    assert!(
        looks >= 2,
        "looked again while the job could run: {summary:?}"
    );
    assert_eq!(summary[0], (Operation::CopyItem, Some(503)));
    assert_eq!(summary[1 + looks], (Operation::CopyItem, Some(202)));
    assert_eq!(summary.len(), looks + 3, "{summary:?}");
}

#[tokio::test]
async fn an_unclear_copy_answer_and_another_file_by_that_name_is_a_conflict() {
    let graph = MockServer::start().await;
    let sharepoint = MockServer::start().await;
    mount_unclear_copy(&graph, &sharepoint).await;
    mount_look(&graph, vec![destination_item(9, "OTHERHASH")]).await;
    let (client, _) = client(&graph);

    let (error, attempts) = client
        .copy_item(CTX, &request(), &FAST)
        .await
        .expect_err("not overwritten");

    assert_eq!(
        error.failure_class(),
        FailureClass::NameConflict,
        "{error:?}"
    );
    assert_eq!(attempts, 2);
    assert_eq!(copy_posts(&graph).await, 1);
}
