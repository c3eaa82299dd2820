//! What `reads`, `uploads`, `upload_sessions`, `errors_and_retries` and `throttling` share:
//! the client they drive (its token, its site, its quick retries), a mock tenant's documented
//! answers to uploads (a session created, a fragment accepted, a file completed, an item read),
//! and the plan and reader of the file sent. No tests here.

use std::sync::Arc;

use bytes::Bytes;
use futures::future::BoxFuture;
use pilotbench::graph::{
    FileSystemInfo, GraphClient, RequestContext, RetryPolicy, UploadPlan, UploadableProperties,
};
use pilotbench::vocab::chunk_read::ChunkRead;
use pilotbench::vocab::conflict::ConflictBehavior;
use serde_json::{Value, json};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate};

use crate::support::{RecordingSink, TestClient, content_range, graph_fixture, quick_retry};

/// The bearer the client sends.
pub const TOKEN: &str = "test-token-5f2c";
/// The site every attempt is recorded for.
pub const CTX: RequestContext = RequestContext { site: 2 };
/// The upload fragment: two 320 KiB units.
pub const CHUNK: u64 = 327_680 * 2;

/// The client, with `retry` and a 10 s timeout.
pub fn client_with(server: &MockServer, retry: RetryPolicy) -> (GraphClient, Arc<RecordingSink>) {
    TestClient::on(server)
        .token(TOKEN)
        .retry(retry)
        .timeout_us(10_000_000)
        .build()
}

/// The client, with quick retries.
pub fn client(server: &MockServer) -> (GraphClient, Arc<RecordingSink>) {
    client_with(server, quick_retry())
}

/// The documented createUploadSession answer, pointing at the mock server.
fn session_created(server: &MockServer) -> Value {
    let mut body = graph_fixture("uploadsession_create_200_response.json");
    body["uploadUrl"] = json!(format!("{}/up/session-1?tempauth=secret", server.uri()));
    body
}

/// A fragment accepted, the session expecting `next` onwards.
pub fn accepted(next: u64) -> ResponseTemplate {
    let mut body = graph_fixture("upload_fragment_202_response.json");
    body["nextExpectedRanges"] = json!([format!("{next}-")]);
    ResponseTemplate::new(202).set_body_json(body)
}

/// The upload completed: the documented driveItem of `size` bytes.
pub fn completed(size: u64) -> ResponseTemplate {
    let mut body = graph_fixture("upload_complete_201_response.json");
    body["size"] = json!(size);
    ResponseTemplate::new(201).set_body_json(body)
}

/// A driveItem answered with 200 (reads).
pub fn item_ok(size: u64) -> ResponseTemplate {
    let mut body = graph_fixture("upload_complete_201_response.json");
    body["size"] = json!(size);
    ResponseTemplate::new(200).set_body_json(body)
}

/// Hands out a file's bytes in pieces no larger than asked.
pub struct MemoryReader {
    pub data: Bytes,
}

impl ChunkRead for MemoryReader {
    fn read_chunk(&mut self, max: usize) -> BoxFuture<'_, std::io::Result<Bytes>> {
        let n = max.min(self.data.len()).min(100_000);
        let piece = self.data.split_to(n);
        Box::pin(async move { Ok(piece) })
    }
}

/// Uploading `name` of `size` bytes into folder PARENT of drive `b!drive`: sessions from
/// 320 KiB, fragments of [`CHUNK`], conflict behaviour `fail`, with its dates.
pub fn plan<'a>(size: u64, name: &'a str) -> UploadPlan<'a> {
    UploadPlan {
        drive_id: "b!drive",
        parent_id: "PARENT",
        name,
        size,
        simple_upload_max: 327_680,
        chunk_size: CHUNK,
        conflict: ConflictBehavior::Fail,
        properties: UploadableProperties {
            conflict_behavior: "replace".into(),
            name: None,
            file_size: None,
            file_system_info: Some(FileSystemInfo {
                created_date_time: Some("2021-03-04T05:06:07Z".into()),
                last_modified_date_time: Some("2022-08-09T10:11:12Z".into()),
            }),
        },
    }
}

/// Answers fragment PUTs by their Content-Range: 202 with the next offset, 201 at the end.
pub struct FragmentTenant;

impl Respond for FragmentTenant {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        match content_range(request) {
            Some(range) if range.end + 1 < range.total => accepted(range.end + 1),
            Some(range) => completed(range.total),
            None => ResponseTemplate::new(400),
        }
    }
}

/// Mounts createUploadSession for `name_segment` (as it appears in the path), answered with
/// a session at `/up/session-1` on the same server.
pub async fn mount_create_session(server: &MockServer, name_segment: &str) {
    Mock::given(method("POST"))
        .and(path(format!(
            "/v1.0/drives/b!drive/items/PARENT:/{name_segment}:/createUploadSession"
        )))
        .respond_with(ResponseTemplate::new(200).set_body_json(session_created(server)))
        .mount(server)
        .await;
}

/// A mock tenant that creates the upload session for `name_segment` and answers the session's
/// URL with `fragments`, and a recording client for it.
pub async fn session_tenant(
    name_segment: &str,
    fragments: impl wiremock::Respond + 'static,
) -> (MockServer, GraphClient, Arc<RecordingSink>) {
    let server = MockServer::start().await;
    mount_create_session(&server, name_segment).await;
    Mock::given(path("/up/session-1"))
        .respond_with(fragments)
        .mount(&server)
        .await;
    let (client, sink) = client(&server);
    (server, client, sink)
}
