//! A download through the client: the content request answered 302 is followed by hand to
//! the pre-authenticated URL, which never receives the bearer token, and the bytes are read in
//! chunks no larger than asked. Both hops are checked in the recorded attempts.

use std::sync::Arc;

use pilotbench::graph::{GraphClient, RequestContext};
use pilotbench::vocab::attempt::Operation;
use pilotbench::vocab::chunk_read::ChunkRead;
use wiremock::matchers::{method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::support::{RecordingSink, TestClient, received};

const TOKEN: &str = "download-test-token-6b2e";
const CTX: RequestContext = RequestContext { site: 1 };

fn client(graph: &MockServer) -> (GraphClient, Arc<RecordingSink>) {
    TestClient::on(graph)
        .token(TOKEN)
        .timeout_us(10_000_000)
        .build()
}

#[tokio::test]
async fn a_download_takes_the_302_hop_by_hand_and_leaves_the_bearer_behind() {
    let graph = MockServer::start().await;
    let storage = MockServer::start().await;
    let bytes: Vec<u8> = (0..300_000u32).map(|i| (i % 251) as u8).collect();
    Mock::given(method("GET"))
        .and(path("/v1.0/drives/b!src/items/01SRC/content"))
        .respond_with(ResponseTemplate::new(302).insert_header(
            "Location",
            format!(
                "{}/download/01SRC?tempauth=pre-authenticated",
                storage.uri()
            ),
        ))
        .mount(&graph)
        .await;
    Mock::given(method("GET"))
        .and(path("/download/01SRC"))
        .and(query_param("tempauth", "pre-authenticated"))
        .respond_with(ResponseTemplate::new(200).set_body_bytes(bytes.clone()))
        .mount(&storage)
        .await;
    let (client, sink) = client(&graph);

    let mut attempts = 0;
    let mut download = client
        .open_download(CTX, "b!src", "01SRC", &mut attempts)
        .await
        .expect("the download starts");
    let mut read = Vec::new();
    let mut reads = 0;
    loop {
        let chunk = download.read_chunk(40_000).await.expect("bytes");
        if chunk.is_empty() {
            break;
        }
        assert!(chunk.len() <= 40_000);
        reads += 1;
        read.extend_from_slice(&chunk);
    }
    drop(download);

    assert_eq!(read, bytes);
    assert!(reads >= 8, "read in chunks, not whole: {reads}");
    assert_eq!(attempts, 2);
    let recorded = sink.attempts();
    assert_eq!(
        sink.summary(),
        vec![
            (Operation::DownloadRedirect, Some(302)),
            (Operation::Download, Some(200)),
        ]
    );
    assert_eq!(recorded[1].bytes_received, bytes.len() as u64);
    let content = &received(&graph).await[0];
    assert_eq!(
        content
            .headers
            .get("authorization")
            .and_then(|v| v.to_str().ok()),
        Some(format!("Bearer {TOKEN}").as_str())
    );
    let fetched = received(&storage).await;
    assert_eq!(fetched.len(), 1);
    assert!(
        fetched[0].headers.get("authorization").is_none(),
        "the bearer token went to the download host"
    );
}
