//! Waits the tenant asks for: `Retry-After` in seconds and as an HTTP date, a
//! `RateLimit-Reset` longer than the `Retry-After`, and the client-wide gate that holds every
//! other request back while one is throttled, that time recorded as gate wait and not latency.
//! Pacing before any refusal is `pacing`'s.

use std::time::{Duration, Instant, SystemTime};

use pilotbench::graph::{ContentRange, GraphError, RetryPolicy};
use pilotbench::vocab::attempt::Attempt;
use pilotbench::vocab::attempt::Operation;
use pilotbench::vocab::attempt::RateLimit;
use serde_json::json;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::support::{RecordingSink, file_bytes};

use super::mock_tenant::{CHUNK, CTX, accepted, client_with, item_ok};

#[tokio::test]
async fn throttled_attempt_waits_retry_after_then_repeats() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/v1.0/users/megan@contoso.com/drive"))
        .respond_with(
            ResponseTemplate::new(429)
                .insert_header("Retry-After", "1")
                .set_body_json(json!({"error": {"code": "TooManyRequests",
                    "message": "Please retry again later.",
                    "innerError": {"code": "throttledRequest"}}})),
        )
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/v1.0/users/megan@contoso.com/drive"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"id": "b!me"})))
        .mount(&server)
        .await;
    let (client, sink) = client_with(&server, RetryPolicy::default());

    let drive = client
        .user_drive(CTX, "megan@contoso.com")
        .await
        .expect("drive");

    assert_eq!(drive.id, "b!me");
    let attempts = sink.attempts();
    assert_eq!(attempts.len(), 2);
    assert_eq!(
        (attempts[0].op, attempts[0].status, attempts[0].retry),
        (Operation::UserDrive, Some(429), false)
    );
    assert_eq!(attempts[0].retry_after_us, Some(1_000_000));
    assert_eq!(
        (attempts[1].op, attempts[1].status, attempts[1].retry),
        (Operation::UserDrive, Some(200), true)
    );
    let gap = attempts[1].started.duration_since(attempts[0].started);
    assert!(gap >= Duration::from_secs(1), "waited only {gap:?}");
}

#[tokio::test]
async fn retry_after_as_an_http_date_is_parsed() {
    let server = MockServer::start().await;
    let when = httpdate::fmt_http_date(SystemTime::now() + Duration::from_secs(3));
    Mock::given(method("GET"))
        .and(path("/v1.0/drives/b!drive/root"))
        .respond_with(
            ResponseTemplate::new(503)
                .insert_header("Retry-After", when.as_str())
                .set_body_string("Server Too Busy"),
        )
        .mount(&server)
        .await;
    let single = RetryPolicy {
        max_attempts: 1,
        ..RetryPolicy::default()
    };
    let (client, sink) = client_with(&server, single);

    let error = client
        .item_by_path(CTX, "b!drive", "")
        .await
        .expect_err("503");

    let GraphError::Status {
        status,
        retry_after: Some(after),
        code,
        ..
    } = error
    else {
        panic!("expected a 503 with Retry-After, got {error:?}");
    };
    assert_eq!((status, code.as_str()), (503, ""));
    assert!(
        after > Duration::from_secs(1) && after <= Duration::from_secs(3),
        "{after:?}"
    );
    let attempts = sink.attempts();
    assert_eq!(attempts.len(), 1);
    let recorded = attempts[0].retry_after_us.expect("recorded Retry-After");
    assert!((1_000_000..=3_000_000).contains(&recorded), "{recorded}");
}

/// Mounts, for `GET {route}`, one 429 asking for `retry_after` seconds with the given
/// extra headers, then 200s.
async fn mount_throttled_once(
    server: &MockServer,
    route: &str,
    retry_after: &str,
    extra: &[(&str, &str)],
) {
    let mut refusal = ResponseTemplate::new(429)
        .insert_header("Retry-After", retry_after)
        .set_body_json(json!({"error": {"code": "TooManyRequests",
            "message": "Please retry again later.",
            "innerError": {"code": "throttledRequest"}}}));
    for (name, value) in extra {
        refusal = refusal.insert_header(*name, *value);
    }
    Mock::given(method("GET"))
        .and(path(route))
        .respond_with(refusal)
        .up_to_n_times(1)
        .mount(server)
        .await;
    Mock::given(method("GET"))
        .and(path(route))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"id": "b!me"})))
        .mount(server)
        .await;
}

/// Waits until the sink holds a 429, i.e. the throttled answer has fully arrived.
async fn first_refusal(sink: &RecordingSink) -> Attempt {
    for _ in 0..500 {
        if let Some(refused) = sink.attempts().into_iter().find(|a| a.status == Some(429)) {
            return refused;
        }
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    panic!("no 429 was recorded");
}

/// When the refused attempt's answer had fully arrived.
fn answered_at(attempt: &Attempt) -> Instant {
    attempt.started + Duration::from_micros(attempt.latency_us)
}

#[tokio::test]
async fn a_ratelimit_reset_longer_than_retry_after_is_the_wait() {
    let server = MockServer::start().await;
    mount_throttled_once(
        &server,
        "/v1.0/users/megan@contoso.com/drive",
        "1",
        &[
            ("RateLimit-Limit", "1200"),
            ("RateLimit-Remaining", "0"),
            ("RateLimit-Reset", "2"),
        ],
    )
    .await;
    let (client, sink) = client_with(&server, RetryPolicy::default());

    client
        .user_drive(CTX, "megan@contoso.com")
        .await
        .expect("drive after the wait");

    let attempts = sink.attempts();
    assert_eq!(attempts.len(), 2);
    assert_eq!(attempts[0].status, Some(429));
    assert_eq!(attempts[0].retry_after_us, Some(2_000_000));
    assert_eq!(
        attempts[0].rate_limit,
        Some(RateLimit {
            limit: Some(1200),
            remaining: Some(0),
            reset_us: Some(2_000_000),
        })
    );
    assert_eq!(attempts[1].rate_limit, None);
    let gap = attempts[1]
        .started
        .duration_since(answered_at(&attempts[0]));
    assert!(
        gap >= Duration::from_millis(1_900),
        "retried {gap:?} after the 429: Retry-After 1 was honoured instead of RateLimit-Reset 2"
    );
    assert!(gap < Duration::from_secs(10), "waited {gap:?}");
}

#[tokio::test]
async fn a_throttled_request_holds_back_every_other_request_of_the_client() {
    let server = MockServer::start().await;
    mount_throttled_once(&server, "/v1.0/users/megan@contoso.com/drive", "1", &[]).await;
    Mock::given(method("GET"))
        .and(path("/v1.0/drives/b!drive/root"))
        .respond_with(item_ok(5))
        .mount(&server)
        .await;
    let (client, sink) = client_with(&server, RetryPolicy::default());

    let throttled = client.clone();
    let a = tokio::spawn(async move { throttled.user_drive(CTX, "megan@contoso.com").await });
    let refused = first_refusal(&sink).await;
    assert_eq!(refused.gate_wait_us, 0, "the gate was open before the 429");
    let b_called = Instant::now();
    client
        .item_by_path(CTX, "b!drive", "")
        .await
        .expect("item after the pause");
    a.await.expect("task A").expect("drive after the wait");

    let attempts = sink.attempts();
    let b: Vec<&Attempt> = attempts
        .iter()
        .filter(|x| x.op == Operation::GetItem)
        .collect();
    assert_eq!(b.len(), 1, "B was sent once, never refused");
    let b = b[0];
    let pause_end = answered_at(&refused) + Duration::from_millis(900);
    assert!(
        b.started >= pause_end,
        "B was sent {:?} after A's 429 arrived, inside its 1 s Retry-After",
        b.started.duration_since(answered_at(&refused))
    );
    assert!(
        b.gate_wait_us >= 500_000,
        "B was held {} µs at the gate",
        b.gate_wait_us
    );
    assert!(
        b.started.duration_since(b_called) >= Duration::from_micros(b.gate_wait_us),
        "the gate wait happened before B was sent"
    );
    // The wiremock side: B's request reached the server only after the pause.
    let got = server.received_requests().await.expect("recording on");
    let b_requests = got
        .iter()
        .filter(|r| r.url.path() == "/v1.0/drives/b!drive/root")
        .count();
    assert_eq!(b_requests, 1);
}

#[tokio::test]
async fn time_held_at_the_gate_is_not_latency() {
    let server = MockServer::start().await;
    mount_throttled_once(&server, "/v1.0/users/megan@contoso.com/drive", "1", &[]).await;
    // An upload-session URL on the same tenant, answering slowly.
    Mock::given(method("PUT"))
        .and(path("/up/session-1"))
        .respond_with(accepted(CHUNK).set_delay(Duration::from_millis(300)))
        .mount(&server)
        .await;
    let (client, sink) = client_with(&server, RetryPolicy::default());

    let throttled = client.clone();
    let a = tokio::spawn(async move { throttled.user_drive(CTX, "megan@contoso.com").await });
    let refused = first_refusal(&sink).await;
    let b_called = Instant::now();
    let reply = client
        .upload_chunk(
            CTX,
            &format!("{}/up/session-1?tempauth=secret", server.uri()),
            ContentRange {
                start: 0,
                end: CHUNK - 1,
                total: 2 * CHUNK,
            },
            file_bytes(CHUNK),
        )
        .await
        .expect("fragment accepted");
    let b_total = b_called.elapsed();
    a.await.expect("task A").expect("drive after the wait");

    assert!(matches!(
        reply,
        pilotbench::graph::ChunkReply::Accepted { .. }
    ));
    let chunk = sink
        .attempts()
        .into_iter()
        .find(|x| x.op == Operation::UploadChunk)
        .expect("chunk attempt recorded");
    assert!(
        chunk.started >= answered_at(&refused) + Duration::from_millis(900),
        "upload-session calls wait at the gate too"
    );
    assert!(
        chunk.gate_wait_us >= 500_000,
        "held {} µs",
        chunk.gate_wait_us
    );
    assert!(
        (300_000..800_000).contains(&chunk.latency_us),
        "latency {} µs should be the 300 ms service time alone, not the {} µs at the gate",
        chunk.latency_us,
        chunk.gate_wait_us
    );
    let accounted = Duration::from_micros(chunk.gate_wait_us + chunk.latency_us);
    assert!(
        accounted <= b_total,
        "gate wait + latency ({accounted:?}) exceed the call's wall time ({b_total:?})"
    );
}
