//! Protocol cases the issue lists, built from Microsoft's documented payloads verbatim
//! (fixtures/graph/SOURCES.md): the throttling sample answered with `Retry-After` in seconds
//! and as an HTTP date, and an upload fragment answered with several `nextExpectedRanges`.
//! The nested-innererror case is in `graph::errors_and_retries`.

use std::sync::Arc;
use std::time::{Duration, SystemTime};

use bytes::Bytes;
use pilotbench::graph::{
    ChunkReply, ContentRange, GraphClient, GraphError, RequestContext, RetryPolicy,
};
use pilotbench::vocab::attempt::Operation;
use serde_json::Value;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::support::{RecordingSink, TestClient, graph_fixture_text};

const CTX: RequestContext = RequestContext { site: 1 };
const DRIVE: &str = "/v1.0/users/megan@contoso.com/drive";

fn client(server: &MockServer, retry: RetryPolicy) -> (GraphClient, Arc<RecordingSink>) {
    TestClient::on(server)
        .retry(retry)
        .timeout_us(10_000_000)
        .build()
}

/// A documented `.http` response: status, headers and JSON body.
struct HttpSample {
    status: u16,
    headers: Vec<(String, String)>,
    body: Value,
}

fn http_sample(name: &str) -> HttpSample {
    let text = graph_fixture_text(name).replace("\r\n", "\n");
    let (head, body) = text
        .split_once("\n\n")
        .expect("headers, a blank line, a body");
    let mut lines = head.lines();
    let status_line = lines.next().expect("a status line");
    let status = status_line
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .expect("a status code");
    let headers = lines
        .filter_map(|line| line.split_once(':'))
        .map(|(name, value)| (name.trim().to_string(), value.trim().to_string()))
        .collect();
    HttpSample {
        status,
        headers,
        body: serde_json::from_str(body).expect("the body is JSON"),
    }
}

impl HttpSample {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// The documented answer, with `Retry-After` replaced when `retry_after` is given.
    fn response(&self, retry_after: Option<&str>) -> ResponseTemplate {
        let after = retry_after
            .or(self.header("Retry-After"))
            .expect("a Retry-After");
        ResponseTemplate::new(self.status)
            .insert_header("Retry-After", after)
            .set_body_json(self.body.clone())
    }
}

#[tokio::test]
async fn the_documented_429_gives_its_retry_after_in_seconds_and_its_code() {
    let sample = http_sample("error_429_throttled_response.http");
    assert_eq!(sample.status, 429);
    assert_eq!(sample.header("Retry-After"), Some("10"));
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(DRIVE))
        .respond_with(sample.response(None))
        .mount(&server)
        .await;
    let once = RetryPolicy {
        max_attempts: 1,
        ..RetryPolicy::default()
    };
    let (client, sink) = client(&server, once);

    let error = client
        .user_drive(CTX, "megan@contoso.com")
        .await
        .expect_err("429");

    assert_eq!(
        error,
        GraphError::Status {
            status: 429,
            // The sample's innerError carries code "429": the innermost code wins.
            code: "429".into(),
            message: "Please retry again later.".into(),
            retry_after: Some(Duration::from_secs(10)),
        }
    );
    let attempts = sink.attempts();
    assert_eq!(attempts.len(), 1);
    assert_eq!(attempts[0].status, Some(429));
    assert_eq!(attempts[0].retry_after_us, Some(10_000_000));
    assert_eq!(
        attempts[0].rate_limit, None,
        "the sample has no RateLimit-*"
    );
}

#[tokio::test]
async fn a_429_with_an_http_date_is_waited_out_then_repeated() {
    let sample = http_sample("error_429_throttled_response.http");
    let server = MockServer::start().await;
    // Whole seconds: two seconds ahead is between one and two seconds of wait.
    let when = httpdate::fmt_http_date(SystemTime::now() + Duration::from_secs(2));
    Mock::given(method("GET"))
        .and(path(DRIVE))
        .respond_with(sample.response(Some(&when)))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path(DRIVE))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({"id": "b!me"})))
        .mount(&server)
        .await;
    let (client, sink) = client(&server, RetryPolicy::default());

    let drive = client
        .user_drive(CTX, "megan@contoso.com")
        .await
        .expect("the drive after the wait");

    assert_eq!(drive.id, "b!me");
    let attempts = sink.attempts();
    assert_eq!(attempts.len(), 2);
    assert_eq!((attempts[0].status, attempts[0].retry), (Some(429), false));
    assert_eq!((attempts[1].status, attempts[1].retry), (Some(200), true));
    let asked = attempts[0].retry_after_us.expect("the date was read");
    assert!(
        (500_000..=2_000_000).contains(&asked),
        "the date two seconds ahead is a wait of {asked} µs"
    );
    let answered = attempts[0].started + Duration::from_micros(attempts[0].latency_us);
    let gap = attempts[1].started.duration_since(answered);
    assert!(
        gap >= Duration::from_micros(asked) - Duration::from_millis(50),
        "repeated {gap:?} after the 429, before the date it named ({asked} µs)"
    );
}

#[tokio::test]
async fn several_next_expected_ranges_are_kept_in_order() {
    let documented: Value = serde_json::from_str(&graph_fixture_text(
        "upload_fragment_202_response_multiple_ranges.json",
    ))
    .expect("JSON");
    let server = MockServer::start().await;
    Mock::given(method("PUT"))
        .and(path("/up/session-9"))
        .respond_with(ResponseTemplate::new(202).set_body_json(documented.clone()))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/up/session-9"))
        .respond_with(ResponseTemplate::new(200).set_body_json(documented))
        .mount(&server)
        .await;
    let (client, sink) = client(&server, RetryPolicy::default());
    let upload_url = format!("{}/up/session-9", server.uri());

    let reply = client
        .upload_chunk(
            CTX,
            &upload_url,
            ContentRange {
                start: 0,
                end: 12_344,
                total: 99_376,
            },
            Bytes::from(vec![7u8; 12_345]),
        )
        .await
        .expect("202");
    let status = client
        .upload_session_status(CTX, &upload_url)
        .await
        .expect("status");

    let ranges = vec!["12345-55232".to_string(), "77829-99375".to_string()];
    match reply {
        ChunkReply::Accepted {
            next_expected_ranges,
        } => assert_eq!(next_expected_ranges, ranges),
        ChunkReply::Completed(_) => panic!("a 202 is not a completed upload"),
    }
    assert_eq!(status.next_expected_ranges, ranges);
    let ops: Vec<Operation> = sink.attempts().iter().map(|a| a.op).collect();
    assert_eq!(ops, vec![Operation::UploadChunk, Operation::UploadStatus]);
}
