//! How the Graph client recovers an upload from the faults of a hard day, on wiremock: a write
//! whose answer never came is looked for before it is sent again (stored → done, absent → sent
//! again, someone else's file → not overwritten), an expired upload session is replaced and the
//! file sent again from its first byte (a bounded number of times), and a 416 resumes from the
//! earliest of several `nextExpectedRanges`. Every attempt, looks included, is recorded.

use std::sync::Arc;
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::Duration;

use bytes::Bytes;
use futures::future::BoxFuture;
use pilotbench::engine::GraphFailureClass;
use pilotbench::graph::{
    GraphClient, GraphError, RequestContext, UploadPlan, UploadableProperties,
};
use pilotbench::vocab::attempt::Operation;
use pilotbench::vocab::chunk_read::ChunkRead;
use pilotbench::vocab::conflict::ConflictBehavior;
use pilotbench::vocab::outcome::FailureClass;
use pilotbench::vocab::quick_xor::quick_xor_base64;
use serde_json::{Value, json};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate};

use crate::support::{RecordingSink, TestClient, content_range, count, file_bytes, quick_retry};

const CTX: RequestContext = RequestContext { site: 0 };
const CHUNK: u64 = 327_680 * 2;
const ITEM_PATH: &str = "/v1.0/drives/b!drive/items/PARENT:/f.bin:";

/// A client with a 300 ms timeout and millisecond backoff.
fn client(server: &MockServer) -> (GraphClient, Arc<RecordingSink>) {
    TestClient::on(server)
        .retry(quick_retry())
        .timeout_us(300_000)
        .build()
}

/// A file's bytes, readable again from the start as often as asked.
struct RestartableReader {
    data: Bytes,
    left: Bytes,
    restarts: Arc<AtomicU32>,
}

impl RestartableReader {
    fn new(data: Bytes) -> RestartableReader {
        RestartableReader {
            left: data.clone(),
            data,
            restarts: Arc::default(),
        }
    }
}

impl ChunkRead for RestartableReader {
    fn read_chunk(&mut self, max: usize) -> BoxFuture<'_, std::io::Result<Bytes>> {
        let n = max.min(self.left.len()).min(100_000);
        let piece = self.left.split_to(n);
        Box::pin(async move { Ok(piece) })
    }

    fn restart(&mut self) -> BoxFuture<'_, std::io::Result<()>> {
        self.left = self.data.clone();
        self.restarts.fetch_add(1, Ordering::SeqCst);
        Box::pin(async { Ok(()) })
    }
}

fn plan(size: u64, conflict: ConflictBehavior) -> UploadPlan<'static> {
    UploadPlan {
        drive_id: "b!drive",
        parent_id: "PARENT",
        name: "f.bin",
        size,
        simple_upload_max: 327_680,
        chunk_size: CHUNK,
        conflict,
        properties: UploadableProperties {
            conflict_behavior: conflict.as_str().into(),
            name: None,
            file_size: None,
            file_system_info: None,
        },
    }
}

/// A driveItem as Graph returns it, with a size and a quickXorHash.
fn drive_item(size: u64, hash: &str) -> Value {
    json!({"id": "01ITEM", "name": "f.bin", "size": size,
           "file": {"hashes": {"quickXorHash": hash}}})
}

fn not_found() -> ResponseTemplate {
    ResponseTemplate::new(404).set_body_json(json!({
        "error": {"code": "itemNotFound", "message": "The resource could not be found."}
    }))
}

async fn mount_look(server: &MockServer, answer: ResponseTemplate) {
    Mock::given(method("GET"))
        .and(path(ITEM_PATH))
        .respond_with(answer)
        .mount(server)
        .await;
}

#[tokio::test]
async fn a_simple_put_stored_but_unanswered_is_found_and_not_sent_again() {
    let server = MockServer::start().await;
    let data = file_bytes(1000);
    let hash = quick_xor_base64(&data);
    Mock::given(method("PUT"))
        .respond_with(
            ResponseTemplate::new(201)
                .set_body_json(drive_item(1000, &hash))
                .set_delay(Duration::from_millis(1500)),
        )
        .mount(&server)
        .await;
    mount_look(
        &server,
        ResponseTemplate::new(200).set_body_json(drive_item(1000, &hash)),
    )
    .await;
    let (client, sink) = client(&server);

    let uploaded = client
        .upload_file(
            CTX,
            &plan(1000, ConflictBehavior::Rename),
            &mut RestartableReader::new(data),
        )
        .await
        .expect("found after the timeout");

    assert_eq!(uploaded.item.quick_xor_hash(), Some(hash.as_str()));
    assert_eq!(uploaded.attempts, 2);
    assert_eq!(count(&server, "PUT").await, 1, "never sent twice");
    assert_eq!(
        sink.summary_with_timeouts(),
        vec![
            (Operation::UploadSimple, None, true),
            (Operation::GetItem, Some(200), false),
        ]
    );
}

#[tokio::test]
async fn an_unclear_simple_put_that_stored_nothing_is_sent_again_after_looking() {
    let server = MockServer::start().await;
    let data = file_bytes(1000);
    let hash = quick_xor_base64(&data);
    Mock::given(method("PUT"))
        .respond_with(ResponseTemplate::new(502).set_body_string("<html>Bad Gateway</html>"))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(method("PUT"))
        .respond_with(ResponseTemplate::new(201).set_body_json(drive_item(1000, &hash)))
        .mount(&server)
        .await;
    mount_look(&server, not_found()).await;
    let (client, sink) = client(&server);

    let uploaded = client
        .upload_file(
            CTX,
            &plan(1000, ConflictBehavior::Fail),
            &mut RestartableReader::new(data),
        )
        .await
        .expect("sent again");

    assert_eq!(uploaded.attempts, 3);
    assert_eq!(
        sink.summary_with_timeouts(),
        vec![
            (Operation::UploadSimple, Some(502), false),
            (Operation::GetItem, Some(404), false),
            (Operation::UploadSimple, Some(201), false),
        ]
    );
}

#[tokio::test]
async fn another_file_under_the_name_is_not_overwritten_after_an_unclear_put() {
    let server = MockServer::start().await;
    let data = file_bytes(1000);
    Mock::given(method("PUT"))
        .respond_with(ResponseTemplate::new(500))
        .mount(&server)
        .await;
    let other = quick_xor_base64(b"someone else's bytes");
    mount_look(
        &server,
        ResponseTemplate::new(200).set_body_json(drive_item(20, &other)),
    )
    .await;
    let (client, _sink) = client(&server);

    let (error, _) = client
        .upload_file(
            CTX,
            &plan(1000, ConflictBehavior::Rename),
            &mut RestartableReader::new(data),
        )
        .await
        .expect_err("conflict");

    assert_eq!(error.failure_class(), FailureClass::NameConflict);
    assert!(
        matches!(&error, GraphError::Conflict(m) if m.contains("not overwritten") && m.contains(&other)),
        "{error}"
    );
    assert_eq!(
        count(&server, "PUT").await,
        1,
        "no second write, no renamed copy"
    );
}

#[tokio::test]
async fn with_replace_another_file_under_the_name_is_replaced() {
    let server = MockServer::start().await;
    let data = file_bytes(1000);
    let hash = quick_xor_base64(&data);
    Mock::given(method("PUT"))
        .respond_with(ResponseTemplate::new(504))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(method("PUT"))
        .respond_with(ResponseTemplate::new(200).set_body_json(drive_item(1000, &hash)))
        .mount(&server)
        .await;
    mount_look(
        &server,
        ResponseTemplate::new(200).set_body_json(drive_item(3, "old")),
    )
    .await;
    let (client, _sink) = client(&server);

    client
        .upload_file(
            CTX,
            &plan(1000, ConflictBehavior::Replace),
            &mut RestartableReader::new(data),
        )
        .await
        .expect("replaced");
    assert_eq!(count(&server, "PUT").await, 2);
}

/// Creates sessions `session-1`, `session-2`, ... in turn.
struct SessionFactory {
    server_uri: String,
    created: AtomicU32,
}

impl Respond for SessionFactory {
    fn respond(&self, _: &Request) -> ResponseTemplate {
        let n = self.created.fetch_add(1, Ordering::SeqCst) + 1;
        ResponseTemplate::new(200).set_body_json(json!({
            "uploadUrl": format!("{}/up/session-{n}?tempauth=x", self.server_uri),
            "expirationDateTime": "2030-01-01T00:00:00Z",
            "nextExpectedRanges": ["0-"]
        }))
    }
}

/// An upload URL whose session expires (404) at its second fragment; `live` sessions take
/// every fragment.
struct Expiring {
    hash: String,
}

impl Respond for Expiring {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        let Some(range) = content_range(request) else {
            return ResponseTemplate::new(400);
        };
        if range.start > 0 {
            return ResponseTemplate::new(404).set_body_json(json!({
                "error": {"code": "itemNotFound", "message": "gone",
                          "innerError": {"code": "uploadSessionNotFound"}}
            }));
        }
        if range.end + 1 == range.total {
            return ResponseTemplate::new(201).set_body_json(drive_item(range.total, &self.hash));
        }
        ResponseTemplate::new(202)
            .set_body_json(json!({"nextExpectedRanges": [format!("{}-", range.end + 1)]}))
    }
}

/// Takes every fragment in order and completes with `hash`.
struct Live {
    hash: String,
}

impl Respond for Live {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        match content_range(request) {
            Some(range) if range.end + 1 == range.total => {
                ResponseTemplate::new(201).set_body_json(drive_item(range.total, &self.hash))
            }
            Some(range) => ResponseTemplate::new(202)
                .set_body_json(json!({"nextExpectedRanges": [format!("{}-", range.end + 1)]})),
            None => ResponseTemplate::new(400),
        }
    }
}

async fn mount_sessions(server: &MockServer) {
    Mock::given(method("POST"))
        .and(path(format!("{ITEM_PATH}/createUploadSession")))
        .respond_with(SessionFactory {
            server_uri: server.uri(),
            created: AtomicU32::new(0),
        })
        .mount(server)
        .await;
}

#[tokio::test]
async fn an_expired_session_is_replaced_and_the_file_sent_again_from_its_first_byte() {
    let server = MockServer::start().await;
    let size = CHUNK * 2 + 100;
    let data = file_bytes(size);
    let hash = quick_xor_base64(&data);
    mount_sessions(&server).await;
    Mock::given(path("/up/session-1"))
        .respond_with(Expiring { hash: hash.clone() })
        .mount(&server)
        .await;
    Mock::given(path("/up/session-2"))
        .respond_with(Live { hash: hash.clone() })
        .mount(&server)
        .await;
    let (client, sink) = client(&server);
    let mut reader = RestartableReader::new(data);
    let restarts = reader.restarts.clone();

    let uploaded = client
        .upload_file(CTX, &plan(size, ConflictBehavior::Fail), &mut reader)
        .await
        .expect("second session");

    assert_eq!(uploaded.item.quick_xor_hash(), Some(hash.as_str()));
    assert_eq!(restarts.load(Ordering::SeqCst), 1);
    let second: Vec<u64> = server
        .received_requests()
        .await
        .expect("recording")
        .iter()
        .filter(|r| r.url.path() == "/up/session-2")
        .filter_map(|r| content_range(r).map(|c| c.start))
        .collect();
    assert_eq!(second, [0, CHUNK, 2 * CHUNK], "from the first byte again");
    assert_eq!(
        sink.summary_with_timeouts(),
        vec![
            (Operation::CreateUploadSession, Some(200), false),
            (Operation::UploadChunk, Some(202), false),
            (Operation::UploadChunk, Some(404), false),
            (Operation::CreateUploadSession, Some(200), false),
            (Operation::UploadChunk, Some(202), false),
            (Operation::UploadChunk, Some(202), false),
            (Operation::UploadChunk, Some(201), false),
        ]
    );
}

#[tokio::test]
async fn session_restarts_are_bounded() {
    let server = MockServer::start().await;
    let size = CHUNK * 2;
    mount_sessions(&server).await;
    Mock::given(method("PUT"))
        .respond_with(Expiring {
            hash: String::new(),
        })
        .mount(&server)
        .await;
    Mock::given(method("DELETE"))
        .respond_with(ResponseTemplate::new(204))
        .mount(&server)
        .await;
    let (client, _sink) = client(&server);
    let mut reader = RestartableReader::new(file_bytes(size));
    let restarts = reader.restarts.clone();

    let (error, _) = client
        .upload_file(CTX, &plan(size, ConflictBehavior::Fail), &mut reader)
        .await
        .expect_err("keeps expiring");

    assert_eq!(error.status(), Some(404));
    assert_eq!(error.failure_class(), FailureClass::ClientError);
    assert!(
        error.to_string().contains("uploadSessionNotFound"),
        "{error}"
    );
    assert_eq!(
        restarts.load(Ordering::SeqCst),
        pilotbench::graph::MAX_SESSION_RESTARTS
    );
    assert_eq!(
        count(&server, "POST").await as u32,
        pilotbench::graph::MAX_SESSION_RESTARTS + 1
    );
}

#[tokio::test]
async fn an_unanswered_final_fragment_that_completed_the_file_is_found() {
    let server = MockServer::start().await;
    let size = CHUNK + 100;
    let data = file_bytes(size);
    let hash = quick_xor_base64(&data);
    mount_sessions(&server).await;
    Mock::given(path("/up/session-1"))
        .respond_with(SlowEnd {
            live: Live { hash: hash.clone() },
        })
        .mount(&server)
        .await;
    mount_look(
        &server,
        ResponseTemplate::new(200).set_body_json(drive_item(size, &hash)),
    )
    .await;
    let (client, sink) = client(&server);

    client
        .upload_file(
            CTX,
            &plan(size, ConflictBehavior::Rename),
            &mut RestartableReader::new(data),
        )
        .await
        .expect("found");

    assert_eq!(
        sink.summary_with_timeouts(),
        vec![
            (Operation::CreateUploadSession, Some(200), false),
            (Operation::UploadChunk, Some(202), false),
            (Operation::UploadChunk, None, true),
            (Operation::GetItem, Some(200), false),
        ]
    );
}

/// [`Live`], but the final fragment's answer comes too late for the client.
struct SlowEnd {
    live: Live,
}

impl Respond for SlowEnd {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        let answer = self.live.respond(request);
        match content_range(request) {
            Some(range) if range.end + 1 == range.total => {
                answer.set_delay(Duration::from_millis(1500))
            }
            _ => answer,
        }
    }
}

/// Refuses the second fragment 416 once; the status then lists several missing ranges.
struct SeveralRanges {
    refused: AtomicU32,
    live: Live,
}

impl Respond for SeveralRanges {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        if request.method.as_str() == "GET" {
            return ResponseTemplate::new(200).set_body_json(json!({
                "expirationDateTime": "2030-01-01T00:00:00Z",
                "nextExpectedRanges": ["800000-900000", "700000-"]
            }));
        }
        match content_range(request) {
            Some(range)
                if range.start == CHUNK && self.refused.fetch_add(1, Ordering::SeqCst) == 0 =>
            {
                ResponseTemplate::new(416).set_body_json(json!({
                    "error": {"code": "invalidRange", "message": "not stored"}
                }))
            }
            _ => self.live.respond(request),
        }
    }
}

#[tokio::test]
async fn after_416_the_fragment_resumes_from_the_earliest_of_several_ranges() {
    let server = MockServer::start().await;
    let size = CHUNK * 2 + 100;
    let data = file_bytes(size);
    let hash = quick_xor_base64(&data);
    mount_sessions(&server).await;
    Mock::given(path("/up/session-1"))
        .respond_with(SeveralRanges {
            refused: AtomicU32::new(0),
            live: Live { hash },
        })
        .mount(&server)
        .await;
    let (client, sink) = client(&server);

    client
        .upload_file(
            CTX,
            &plan(size, ConflictBehavior::Fail),
            &mut RestartableReader::new(data.clone()),
        )
        .await
        .expect("resumed");

    let puts: Vec<(u64, u64, usize)> = server
        .received_requests()
        .await
        .expect("recording")
        .iter()
        .filter(|r| r.method.as_str() == "PUT")
        .filter_map(|r| content_range(r).map(|c| (c.start, c.end, r.body.len())))
        .collect();
    assert_eq!(
        puts,
        [
            (0, CHUNK - 1, CHUNK as usize),
            (CHUNK, 2 * CHUNK - 1, CHUNK as usize),
            (700_000, 2 * CHUNK - 1, (2 * CHUNK - 700_000) as usize),
            (2 * CHUNK, size - 1, 100),
        ]
    );
    let resent = server
        .received_requests()
        .await
        .expect("recording")
        .into_iter()
        .find(|r| content_range(r).is_some_and(|c| c.start == 700_000))
        .expect("resumed PUT");
    assert_eq!(resent.body[..], data[700_000..2 * CHUNK as usize]);
    assert_eq!(
        sink.summary_with_timeouts()[2..5],
        [
            (Operation::UploadChunk, Some(416), false),
            (Operation::UploadStatus, Some(200), false),
            (Operation::UploadChunk, Some(202), false),
        ]
    );
}
