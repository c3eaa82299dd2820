//! Uploading a file when all goes well: a small file in one authenticated PUT (its name
//! encoded), a large one through an upload session in exact fragments sent without the bearer,
//! and the createUploadSession request's item properties; a file that changes while it is read
//! fails as a source error (and its session is cancelled). Faults answered by the session are
//! `upload_sessions`'s.

use pilotbench::graph::GraphError;
use pilotbench::vocab::attempt::Operation;
use pilotbench::vocab::conflict::ConflictBehavior;
use serde_json::Value;
use wiremock::matchers::{method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::support::{file_bytes, header_text, requests};

use super::mock_tenant::{
    CHUNK, CTX, FragmentTenant, MemoryReader, TOKEN, client, completed, mount_create_session, plan,
};

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
