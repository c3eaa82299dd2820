//! An upload session whose fragment is refused or unanswered, settled through the session
//! itself: after a 416 only the missing bytes are sent, an unclear failure asks the session
//! where it is instead of resending, a throttled fragment is sent again whole, a gone session
//! fails and is cancelled, and a session that wants to rewind past the fragment is a protocol
//! error. Looks at the destination item, new sessions and several missing ranges are
//! `upload_recovery`'s.

use std::sync::Mutex;

use pilotbench::graph::{ContentRange, GraphError};
use pilotbench::vocab::attempt::Operation;
use serde_json::json;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate};

use crate::support::{content_range, file_bytes, graph_fixture, header_text, requests};

use super::mock_tenant::{
    CHUNK, CTX, FragmentTenant, MemoryReader, accepted, client, completed, mount_create_session,
    plan, session_tenant,
};

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
