//! What a wiremock server received, read the way the protocol tests need it (requests of one
//! method, a header as text, an upload fragment's `Content-Range`), and the file contents they
//! upload.

use bytes::Bytes;
use pilotbench::graph::ContentRange;
use wiremock::{MockServer, Request};

/// Every request `server` received, in order.
pub async fn received(server: &MockServer) -> Vec<Request> {
    server.received_requests().await.expect("recording on")
}

/// The requests `server` received with method `verb`, in order.
pub async fn requests(server: &MockServer, verb: &str) -> Vec<Request> {
    received(server)
        .await
        .into_iter()
        .filter(|r| r.method.as_str() == verb)
        .collect()
}

/// How many requests with method `verb` `server` received.
pub async fn count(server: &MockServer, verb: &str) -> usize {
    requests(server, verb).await.len()
}

/// The value of header `name`, if it is there and is text.
pub fn header_text<'r>(request: &'r Request, name: &str) -> Option<&'r str> {
    request.headers.get(name).and_then(|v| v.to_str().ok())
}

/// The `Content-Range` of an upload fragment.
pub fn content_range(request: &Request) -> Option<ContentRange> {
    let value = header_text(request, "content-range")?;
    let (span, total) = value.strip_prefix("bytes ")?.split_once('/')?;
    let (start, end) = span.split_once('-')?;
    Some(ContentRange {
        start: start.parse().ok()?,
        end: end.parse().ok()?,
        total: total.parse().ok()?,
    })
}

/// `n` bytes of a file, the same for the same `n`, not all alike.
pub fn file_bytes(n: u64) -> Bytes {
    (0..n)
        .map(|i| (i * 31 % 253) as u8)
        .collect::<Vec<u8>>()
        .into()
}
