//! The Graph client's wire protocol against a wiremock server: exact fragments and headers of
//! an upload session, where the bearer token goes and where it must not, paging through
//! nextLinks, error codes, resuming after 416 or an unclear failure, and the retry policy and
//! the client-wide throttle gate as the recorded attempts show them.

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant, SystemTime};

use bytes::Bytes;
use futures::future::BoxFuture;
use pilotbench::graph::{
    ContentRange, FileSystemInfo, GraphClient, GraphError, RequestContext, RetryPolicy, UploadPlan,
    UploadableProperties,
};
use pilotbench::vocab::attempt::Attempt;
use pilotbench::vocab::attempt::Operation;
use pilotbench::vocab::attempt::RateLimit;
use pilotbench::vocab::chunk_read::ChunkRead;
use pilotbench::vocab::conflict::ConflictBehavior;
use serde_json::{Value, json};
use url::Url;
use wiremock::matchers::{method, path, query_param};
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate};

use crate::support::{
    RecordingSink, TestClient, content_range, file_bytes, graph_fixture, header_text, quick_retry,
    requests,
};

const TOKEN: &str = "test-token-5f2c";
const CTX: RequestContext = RequestContext { site: 2 };
const CHUNK: u64 = 327_680 * 2;

fn client_with(server: &MockServer, retry: RetryPolicy) -> (GraphClient, Arc<RecordingSink>) {
    TestClient::on(server)
        .token(TOKEN)
        .retry(retry)
        .timeout_us(10_000_000)
        .build()
}

fn client(server: &MockServer) -> (GraphClient, Arc<RecordingSink>) {
    client_with(server, quick_retry())
}

/// The documented createUploadSession answer, pointing at the mock server.
fn session_created(server: &MockServer) -> Value {
    let mut body = graph_fixture("uploadsession_create_200_response.json");
    body["uploadUrl"] = json!(format!("{}/up/session-1?tempauth=secret", server.uri()));
    body
}

fn accepted(next: u64) -> ResponseTemplate {
    let mut body = graph_fixture("upload_fragment_202_response.json");
    body["nextExpectedRanges"] = json!([format!("{next}-")]);
    ResponseTemplate::new(202).set_body_json(body)
}

fn completed(size: u64) -> ResponseTemplate {
    let mut body = graph_fixture("upload_complete_201_response.json");
    body["size"] = json!(size);
    ResponseTemplate::new(201).set_body_json(body)
}

/// A driveItem answered with 200 (reads).
fn item_ok(size: u64) -> ResponseTemplate {
    let mut body = graph_fixture("upload_complete_201_response.json");
    body["size"] = json!(size);
    ResponseTemplate::new(200).set_body_json(body)
}

/// Hands out a file's bytes in pieces no larger than asked.
struct MemoryReader {
    data: Bytes,
}

impl ChunkRead for MemoryReader {
    fn read_chunk(&mut self, max: usize) -> BoxFuture<'_, std::io::Result<Bytes>> {
        let n = max.min(self.data.len()).min(100_000);
        let piece = self.data.split_to(n);
        Box::pin(async move { Ok(piece) })
    }
}

fn plan<'a>(size: u64, name: &'a str) -> UploadPlan<'a> {
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
struct FragmentTenant;

impl Respond for FragmentTenant {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        match content_range(request) {
            Some(range) if range.end + 1 < range.total => accepted(range.end + 1),
            Some(range) => completed(range.total),
            None => ResponseTemplate::new(400),
        }
    }
}

async fn mount_create_session(server: &MockServer, name_segment: &str) {
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
async fn session_tenant(
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

#[tokio::test]
async fn upload_session_sends_exact_fragments_without_a_bearer() {
    let server = MockServer::start().await;
    mount_create_session(&server, "big%20file%20%231.bin").await;
    Mock::given(method("PUT"))
        .and(path("/up/session-1"))
        .respond_with(FragmentTenant)
        .mount(&server)
        .await;
    let (client, sink) = client(&server);
    let size = CHUNK * 5 / 2;
    let data = file_bytes(size);
    let mut reader = MemoryReader { data: data.clone() };

    let result = client
        .upload_file(CTX, &plan(size, "big file #1.bin"), &mut reader)
        .await
        .expect("upload");

    assert_eq!(result.item.id, "912310013A123");
    assert_eq!(result.bytes_sent, size);
    assert_eq!(result.attempts, 4);

    let puts = requests(&server, "PUT").await;
    let expected = [
        (0, CHUNK - 1),
        (CHUNK, 2 * CHUNK - 1),
        (2 * CHUNK, size - 1),
    ];
    assert_eq!(puts.len(), expected.len());
    for (put, (start, end)) in puts.iter().zip(expected) {
        let len = end - start + 1;
        assert_eq!(
            header_text(put, "content-range"),
            Some(format!("bytes {start}-{end}/{size}").as_str())
        );
        assert_eq!(
            header_text(put, "content-length"),
            Some(len.to_string().as_str())
        );
        assert_eq!(put.body.len() as u64, len);
        assert_eq!(put.body[..], data[start as usize..=end as usize]);
        assert!(
            put.headers.get("authorization").is_none(),
            "a fragment PUT carried an Authorization header"
        );
        assert_eq!(put.url.query(), Some("tempauth=secret"));
    }
    assert!(
        puts[2].body.len() < puts[0].body.len(),
        "the last is shorter"
    );

    let post = &requests(&server, "POST").await[0];
    assert_eq!(
        header_text(post, "authorization"),
        Some(format!("Bearer {TOKEN}").as_str())
    );
    assert_eq!(
        header_text(post, "user-agent"),
        Some("NONISV|test|pilotbench/0")
    );
    let body: Value = post.body_json().expect("json body");
    let item = &body["item"];
    assert_eq!(item["@microsoft.graph.conflictBehavior"], "fail");
    assert_eq!(item["name"], "big file #1.bin");
    assert_eq!(item["fileSize"], size);
    assert_eq!(
        item["fileSystemInfo"]["createdDateTime"],
        "2021-03-04T05:06:07Z"
    );
    assert_eq!(
        item["fileSystemInfo"]["lastModifiedDateTime"],
        "2022-08-09T10:11:12Z"
    );

    assert_eq!(
        sink.summary_with_retry(),
        vec![
            (Operation::CreateUploadSession, Some(200), false),
            (Operation::UploadChunk, Some(202), false),
            (Operation::UploadChunk, Some(202), false),
            (Operation::UploadChunk, Some(201), false),
        ]
    );
    let attempts = sink.attempts();
    assert!(attempts.iter().all(|a| a.site == 2 && !a.timed_out));
    let sent: Vec<u64> = attempts[1..].iter().map(|a| a.bytes_sent).collect();
    assert_eq!(sent, vec![CHUNK, CHUNK, size - 2 * CHUNK]);
    assert!(attempts.iter().all(|a| a.bytes_received > 0));
}

#[tokio::test]
async fn small_files_go_in_one_authenticated_put_with_the_name_encoded() {
    let server = MockServer::start().await;
    Mock::given(method("PUT"))
        .and(path(
            "/v1.0/drives/b!drive/items/PARENT:/O%27Brien%20%231%20100%25%20%C3%A9t%C3%A9.txt:/content",
        ))
        .and(query_param("@microsoft.graph.conflictBehavior", "rename"))
        .respond_with(completed(1000))
        .mount(&server)
        .await;
    let (client, sink) = client(&server);
    let data = file_bytes(1000);
    let mut reader = MemoryReader { data: data.clone() };
    let mut plan = plan(1000, "O'Brien #1 100% été.txt");
    plan.conflict = ConflictBehavior::Rename;

    let result = client
        .upload_file(CTX, &plan, &mut reader)
        .await
        .expect("upload");

    assert_eq!(result.attempts, 1);
    assert_eq!(result.bytes_sent, 1000);
    let put = &requests(&server, "PUT").await[0];
    assert_eq!(put.body[..], data[..]);
    assert_eq!(
        header_text(put, "authorization"),
        Some(format!("Bearer {TOKEN}").as_str())
    );
    assert_eq!(
        sink.summary_with_retry(),
        vec![(Operation::UploadSimple, Some(201), false)]
    );
}

#[tokio::test]
async fn graph_reads_carry_the_bearer_and_decode_the_documented_payloads() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/v1.0/sites/contoso.sharepoint.com:/teams/1drvteam"))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(graph_fixture("site_get_response.json")),
        )
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/v1.0/sites/contoso.sharepoint.com,2C71,2D22/drives"))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(graph_fixture("drive_list_response.json")),
        )
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/v1.0/drives/b!drive/root:/Shared%20Documents/a%23b"))
        .respond_with(item_ok(5))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/v1.0/drives/b!drive/root"))
        .respond_with(item_ok(0))
        .mount(&server)
        .await;
    let (client, sink) = client(&server);

    let site_url = Url::parse("https://contoso.sharepoint.com/teams/1drvteam").expect("url");
    let site = client.site_by_url(CTX, &site_url).await.expect("site");
    assert_eq!(site.display_name.as_deref(), Some("OneDrive Team Site"));
    let drives = client
        .site_drives(CTX, "contoso.sharepoint.com,2C71,2D22")
        .await
        .expect("drives");
    assert_eq!(drives.len(), 1);
    assert_eq!(drives[0].drive_type.as_deref(), Some("business"));
    let item = client
        .item_by_path(CTX, "b!drive", "/Shared Documents/a#b")
        .await
        .expect("item");
    assert_eq!(item.size, Some(5));
    let root = client.item_by_path(CTX, "b!drive", "").await.expect("root");
    assert_eq!(root.size, Some(0));

    for request in requests(&server, "GET").await {
        assert_eq!(
            header_text(&request, "authorization"),
            Some(format!("Bearer {TOKEN}").as_str()),
            "{}",
            request.url
        );
    }
    assert_eq!(
        sink.summary_with_retry(),
        vec![
            (Operation::ResolveSite, Some(200), false),
            (Operation::ListDrives, Some(200), false),
            (Operation::GetItem, Some(200), false),
            (Operation::GetItem, Some(200), false),
        ]
    );
}

/// A page of the documented children listing, with ids and the given nextLink.
fn children_page(prefix: &str, next_link: Option<String>) -> Value {
    let mut page = graph_fixture("list_children_response.json");
    let items = page["value"].as_array_mut().expect("value array");
    for (i, item) in items.iter_mut().enumerate() {
        item["id"] = json!(format!("{prefix}-{i}"));
    }
    match next_link {
        Some(link) => page["@odata.nextLink"] = json!(link),
        None => {
            page.as_object_mut()
                .expect("object")
                .remove("@odata.nextLink");
        }
    }
    page
}

#[tokio::test]
async fn children_listing_follows_absolute_next_links_to_the_end() {
    let server = MockServer::start().await;
    let base = format!("{}/v1.0/drives/b!drive/items/ROOT/children", server.uri());
    Mock::given(method("GET"))
        .and(path("/v1.0/drives/b!drive/items/ROOT/children"))
        .and(query_param("$skiptoken", "p2"))
        .and(query_param("$top", "4"))
        .respond_with(ResponseTemplate::new(200).set_body_json(children_page(
            "p2",
            Some(format!("{base}?$skiptoken=p3&$top=4")),
        )))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/v1.0/drives/b!drive/items/ROOT/children"))
        .and(query_param("$skiptoken", "p3"))
        .respond_with(ResponseTemplate::new(200).set_body_json(children_page("p3", None)))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/v1.0/drives/b!drive/items/ROOT/children"))
        .respond_with(ResponseTemplate::new(200).set_body_json(children_page(
            "p1",
            Some(format!("{base}?$skiptoken=p2&$top=4")),
        )))
        .mount(&server)
        .await;
    let (client, sink) = client(&server);

    let children = client
        .list_children(CTX, "b!drive", "ROOT")
        .await
        .expect("children");

    let ids: Vec<&str> = children.iter().map(|c| c.id.as_str()).collect();
    assert_eq!(
        ids,
        [
            "p1-0", "p1-1", "p1-2", "p1-3", "p2-0", "p2-1", "p2-2", "p2-3", "p3-0", "p3-1", "p3-2",
            "p3-3"
        ]
    );
    assert_eq!(children[1].folder.as_ref().map(|f| f.child_count), Some(4));
    let gets = requests(&server, "GET").await;
    let queries: Vec<Option<&str>> = gets.iter().map(|r| r.url.query()).collect();
    assert_eq!(
        queries,
        [
            None,
            Some("$skiptoken=p2&$top=4"),
            Some("$skiptoken=p3&$top=4")
        ]
    );
    assert!(
        gets.iter()
            .all(|r| header_text(r, "authorization") == Some(&format!("Bearer {TOKEN}")))
    );
    assert_eq!(
        sink.summary_with_retry(),
        vec![(Operation::ListChildren, Some(200), false); 3]
    );
}

#[tokio::test]
async fn a_next_link_to_another_host_never_receives_the_bearer() {
    let server = MockServer::start().await;
    let foreign = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/v1.0/drives/b!drive/items/ROOT/children"))
        .respond_with(ResponseTemplate::new(200).set_body_json(children_page(
            "home",
            Some(format!("{}/elsewhere/children?page=2", foreign.uri())),
        )))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/elsewhere/children"))
        .respond_with(ResponseTemplate::new(200).set_body_json(children_page("away", None)))
        .mount(&foreign)
        .await;
    let (client, sink) = client(&server);

    let children = client
        .list_children(CTX, "b!drive", "ROOT")
        .await
        .expect("children");

    assert_eq!(children.len(), 8);
    let home = requests(&server, "GET").await;
    assert_eq!(
        header_text(&home[0], "authorization"),
        Some(format!("Bearer {TOKEN}").as_str())
    );
    let away = requests(&foreign, "GET").await;
    assert_eq!(away.len(), 1);
    assert!(away[0].headers.get("authorization").is_none());
    assert_eq!(sink.attempts().len(), 2);
}

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

/// A tenant that answers the second fragment's first PUT with 416 after keeping part of it,
/// and reports what it has on `GET {uploadUrl}`.
struct PartialTenant {
    kept: Mutex<Option<u64>>,
    total: u64,
}

impl Respond for PartialTenant {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        let mut kept = self.kept.lock().expect("lock");
        if request.method.as_str() == "GET" {
            let mut body = graph_fixture("upload_session_status_get_200_response.json");
            body["nextExpectedRanges"] = json!([format!("{}-", kept.unwrap_or(0))]);
            return ResponseTemplate::new(200).set_body_json(body);
        }
        let Some(range) = content_range(request) else {
            return ResponseTemplate::new(400);
        };
        if range.start == 327_680 && kept.is_none() {
            *kept = Some(327_680 + 100_000);
            return ResponseTemplate::new(416)
                .set_body_json(graph_fixture("error_onedrive_nested_innererror.json"));
        }
        if range.end + 1 == self.total {
            completed(self.total)
        } else {
            accepted(range.end + 1)
        }
    }
}

#[tokio::test]
async fn after_416_only_the_missing_bytes_are_sent() {
    let size = 327_680 * 2 + 1000;
    let (server, client, sink) = session_tenant(
        "resume.bin",
        PartialTenant {
            kept: Mutex::new(None),
            total: size,
        },
    )
    .await;
    let data = file_bytes(size);
    let mut reader = MemoryReader { data: data.clone() };
    let mut plan = plan(size, "resume.bin");
    plan.chunk_size = 327_680;

    let result = client
        .upload_file(CTX, &plan, &mut reader)
        .await
        .expect("upload");

    let puts = requests(&server, "PUT").await;
    let ranges: Vec<Option<&str>> = puts
        .iter()
        .map(|p| header_text(p, "content-range"))
        .collect();
    assert_eq!(
        ranges,
        [
            Some("bytes 0-327679/656360"),
            Some("bytes 327680-655359/656360"),
            Some("bytes 427680-655359/656360"),
            Some("bytes 655360-656359/656360"),
        ]
    );
    assert_eq!(puts[2].body.len(), 655_360 - 427_680);
    assert_eq!(puts[2].body[..], data[427_680..655_360]);
    assert_eq!(result.attempts, 6);
    assert_eq!(
        sink.summary_with_retry(),
        vec![
            (Operation::CreateUploadSession, Some(200), false),
            (Operation::UploadChunk, Some(202), false),
            (Operation::UploadChunk, Some(416), false),
            (Operation::UploadStatus, Some(200), false),
            (Operation::UploadChunk, Some(202), true),
            (Operation::UploadChunk, Some(201), false),
        ]
    );
}

/// A tenant that stores the second fragment but answers 500, so only the status tells.
struct LostAnswerTenant {
    failed_once: Mutex<bool>,
    total: u64,
}

impl Respond for LostAnswerTenant {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        if request.method.as_str() == "GET" {
            let mut body = graph_fixture("upload_session_status_get_200_response.json");
            body["nextExpectedRanges"] = json!([format!("{}-", CHUNK * 2)]);
            return ResponseTemplate::new(200).set_body_json(body);
        }
        let Some(range) = content_range(request) else {
            return ResponseTemplate::new(400);
        };
        let mut failed = self.failed_once.lock().expect("lock");
        if range.start == CHUNK && !*failed {
            *failed = true;
            return ResponseTemplate::new(500).set_body_string("upstream went away");
        }
        if range.end + 1 == self.total {
            completed(self.total)
        } else {
            accepted(range.end + 1)
        }
    }
}

#[tokio::test]
async fn an_unclear_fragment_failure_asks_the_session_instead_of_resending() {
    let size = CHUNK * 3;
    let (server, client, sink) = session_tenant(
        "lost.bin",
        LostAnswerTenant {
            failed_once: Mutex::new(false),
            total: size,
        },
    )
    .await;
    let mut reader = MemoryReader {
        data: file_bytes(size),
    };

    let result = client
        .upload_file(CTX, &plan(size, "lost.bin"), &mut reader)
        .await
        .expect("upload");

    let puts = requests(&server, "PUT").await;
    let starts: Vec<u64> = puts
        .iter()
        .filter_map(content_range)
        .map(|r| r.start)
        .collect();
    assert_eq!(starts, [0, CHUNK, 2 * CHUNK], "fragment 2 was not resent");
    assert_eq!(result.attempts, 5);
    assert_eq!(
        sink.summary_with_retry(),
        vec![
            (Operation::CreateUploadSession, Some(200), false),
            (Operation::UploadChunk, Some(202), false),
            (Operation::UploadChunk, Some(500), false),
            (Operation::UploadStatus, Some(200), false),
            (Operation::UploadChunk, Some(201), false),
        ]
    );
}

#[tokio::test]
async fn a_gone_session_fails_and_is_cancelled() {
    let server = MockServer::start().await;
    mount_create_session(&server, "gone.bin").await;
    Mock::given(method("PUT"))
        .and(path("/up/session-1"))
        .respond_with(ResponseTemplate::new(404).set_body_json(json!({
            "error": {"code": "itemNotFound", "message": "gone",
                      "innererror": {"code": "uploadSessionNotFound"}}
        })))
        .mount(&server)
        .await;
    Mock::given(method("DELETE"))
        .and(path("/up/session-1"))
        .respond_with(ResponseTemplate::new(204))
        .mount(&server)
        .await;
    let (client, sink) = client(&server);
    let size = CHUNK + 1;
    let mut reader = MemoryReader {
        data: file_bytes(size),
    };

    let (error, attempts) = client
        .upload_file(CTX, &plan(size, "gone.bin"), &mut reader)
        .await
        .expect_err("session gone");

    assert_eq!(error.status(), Some(404));
    assert!(matches!(&error, GraphError::Status { code, .. } if code == "uploadSessionNotFound"));
    assert_eq!(attempts, 3);
    assert_eq!(
        sink.summary_with_retry(),
        vec![
            (Operation::CreateUploadSession, Some(200), false),
            (Operation::UploadChunk, Some(404), false),
            (Operation::UploadCancel, Some(204), false),
        ]
    );
    let delete = &requests(&server, "DELETE").await[0];
    assert!(delete.headers.get("authorization").is_none());
}

#[tokio::test]
async fn a_file_that_shrank_fails_as_a_source_error_and_cancels() {
    let server = MockServer::start().await;
    mount_create_session(&server, "shrunk.bin").await;
    Mock::given(method("PUT"))
        .and(path("/up/session-1"))
        .respond_with(FragmentTenant)
        .mount(&server)
        .await;
    Mock::given(method("DELETE"))
        .and(path("/up/session-1"))
        .respond_with(ResponseTemplate::new(204))
        .mount(&server)
        .await;
    let (client, sink) = client(&server);
    let size = CHUNK * 2;
    let mut reader = MemoryReader {
        data: file_bytes(size - 10),
    };

    let (error, attempts) = client
        .upload_file(CTX, &plan(size, "shrunk.bin"), &mut reader)
        .await
        .expect_err("short file");

    assert_eq!(
        error,
        GraphError::Source(format!(
            "file changed while reading: expected {size} bytes, read {}",
            size - 10
        ))
    );
    assert_eq!(attempts, 3);
    assert_eq!(
        sink.summary_with_retry(),
        vec![
            (Operation::CreateUploadSession, Some(200), false),
            (Operation::UploadChunk, Some(202), false),
            (Operation::UploadCancel, Some(204), false),
        ]
    );
}

#[tokio::test]
async fn a_file_that_grew_is_not_uploaded() {
    let server = MockServer::start().await;
    let (client, sink) = client(&server);
    let mut reader = MemoryReader {
        data: file_bytes(101),
    };

    let (error, attempts) = client
        .upload_file(CTX, &plan(100, "grew.txt"), &mut reader)
        .await
        .expect_err("long file");

    assert_eq!(
        error,
        GraphError::Source(
            "file changed while reading: expected 100 bytes, read at least 101".into()
        )
    );
    assert_eq!(attempts, 0);
    assert!(sink.attempts().is_empty());
}

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

/// A tenant whose session, asked after a 500 on the second fragment, claims to have lost the
/// first one too.
struct AmnesiacTenant;

impl Respond for AmnesiacTenant {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        match request.method.as_str() {
            "GET" => {
                let mut body = graph_fixture("upload_session_status_get_200_response.json");
                body["nextExpectedRanges"] = json!(["0-"]);
                ResponseTemplate::new(200).set_body_json(body)
            }
            "DELETE" => ResponseTemplate::new(204),
            _ => match content_range(request) {
                Some(range) if range.start == 0 => accepted(range.end + 1),
                _ => ResponseTemplate::new(500),
            },
        }
    }
}

#[tokio::test]
async fn a_session_that_wants_to_rewind_past_the_fragment_fails_as_protocol() {
    let (_server, client, sink) = session_tenant("rewind.bin", AmnesiacTenant).await;
    let size = CHUNK * 2;
    let mut reader = MemoryReader {
        data: file_bytes(size),
    };

    let (error, attempts) = client
        .upload_file(CTX, &plan(size, "rewind.bin"), &mut reader)
        .await
        .expect_err("rewind");

    assert!(matches!(error, GraphError::Protocol(_)), "{error:?}");
    assert_eq!(attempts, 6);
    assert_eq!(
        sink.summary_with_retry(),
        vec![
            (Operation::CreateUploadSession, Some(200), false),
            (Operation::UploadChunk, Some(202), false),
            (Operation::UploadChunk, Some(500), false),
            // The final fragment's fate is unclear: look for the file first (not there).
            (Operation::GetItem, Some(404), false),
            (Operation::UploadStatus, Some(200), false),
            (Operation::UploadCancel, Some(204), false),
        ]
    );
}

#[tokio::test]
async fn a_throttled_fragment_is_resent_as_it_was() {
    let server = MockServer::start().await;
    mount_create_session(&server, "busy.bin").await;
    Mock::given(method("PUT"))
        .and(path("/up/session-1"))
        .respond_with(
            ResponseTemplate::new(429)
                .insert_header("Retry-After", "0")
                .set_body_json(json!({"error": {"code": "activityLimitReached",
                    "message": "slow down"}})),
        )
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(method("PUT"))
        .and(path("/up/session-1"))
        .respond_with(FragmentTenant)
        .mount(&server)
        .await;
    let (client, sink) = client(&server);
    let size = CHUNK + 10;
    let mut reader = MemoryReader {
        data: file_bytes(size),
    };

    let result = client
        .upload_file(CTX, &plan(size, "busy.bin"), &mut reader)
        .await
        .expect("upload");

    assert_eq!(result.attempts, 4);
    let ranges: Vec<Option<ContentRange>> = requests(&server, "PUT")
        .await
        .iter()
        .map(content_range)
        .collect();
    let first = Some(ContentRange {
        start: 0,
        end: CHUNK - 1,
        total: size,
    });
    assert_eq!(ranges[0], first);
    assert_eq!(
        ranges[1], first,
        "the throttled fragment is sent again whole"
    );
    assert_eq!(
        sink.summary_with_retry(),
        vec![
            (Operation::CreateUploadSession, Some(200), false),
            (Operation::UploadChunk, Some(429), false),
            (Operation::UploadChunk, Some(202), true),
            (Operation::UploadChunk, Some(201), false),
        ]
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
