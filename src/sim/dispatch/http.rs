//! Putting the tenant on the wire: HTTP/1.1 on hyper, one task per connection on the caller's
//! tokio runtime, stopped by a cancellation token when the [`SimulatedTenant`] is dropped. One
//! loop per listening socket: plain http, and https when the tenant serves TLS (`tls` made its
//! certificate); each request is answered knowing which of the two it came in on, so the URLs
//! in its answer keep its scheme.
//! A response marked `drop_connection` is never sent: the service fails, so hyper closes the
//! connection after reading the request (the client sees the connection end without an answer).
//!
//! Why not wiremock, which the design card names: wiremock 0.6.5 keeps a clone of every
//! matched request, body included, for the server's life (`MountedMock::matches` pushes to
//! `matched_requests` whatever `disable_request_recording` says), so a tenant that receives a
//! pilot's uploads grows by every byte uploaded (1.37 GB after 100,000 4 KiB PUTs), and it
//! serves all requests from one thread (≈14,000 constant responses/s on 2 cores). wiremock stays
//! for the client's protocol tests, where that is what one wants.
//!
//! [`SimulatedTenant`]: crate::sim::SimulatedTenant

use std::sync::Arc;

use bytes::Bytes;
use http_body_util::combinators::UnsyncBoxBody;
use http_body_util::{BodyExt, Full, StreamBody};
use hyper::body::Frame;
use hyper::body::Incoming as IncomingBody;
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper::{Request, Response, StatusCode};
use hyper_util::rt::TokioIo;
use tokio::io::{AsyncRead, AsyncWrite};
use tokio::net::TcpListener;
use tokio_rustls::TlsAcceptor;
use tokio_util::sync::CancellationToken;

use super::responder::{Responder, SimResponse};
use crate::sim::exchange::{Download, Incoming};
use crate::sim::file_bytes::FileBytes;
use crate::sim::route::Listener;
use crate::source::SourceReader;

/// A response body: JSON or empty in one piece, or a download streamed in chunks.
type Body = UnsyncBoxBody<Bytes, std::io::Error>;

/// Bytes per frame of a streamed download.
const DOWNLOAD_CHUNK: usize = 64 * 1024;

/// How long a client may take over its TLS handshake before the connection is dropped.
const HANDSHAKE_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(10);

/// Accepts connections on `listener` until `shutdown` fires; with `tls`, each one is a TLS
/// connection (the https listener).
pub(crate) async fn serve(
    listener: TcpListener,
    tls: Option<TlsAcceptor>,
    responder: Responder,
    shutdown: CancellationToken,
) {
    let responder = Arc::new(responder);
    let over = if tls.is_some() {
        Listener::Tls
    } else {
        Listener::Plain
    };
    loop {
        let accepted = tokio::select! {
            () = shutdown.cancelled() => return,
            accepted = listener.accept() => accepted,
        };
        let Ok((stream, _)) = accepted else {
            // Out of file descriptors or a connection reset while queued: keep serving.
            continue;
        };
        let _ = stream.set_nodelay(true);
        let responder = responder.clone();
        let shutdown = shutdown.clone();
        let tls = tls.clone();
        tokio::spawn(async move {
            match tls {
                None => connection(stream, responder, over, shutdown).await,
                Some(acceptor) => {
                    let handshake =
                        tokio::time::timeout(HANDSHAKE_TIMEOUT, acceptor.accept(stream));
                    // A client that does not trust the CA, or speaks plain http here, ends
                    // its handshake with an alert: there is nothing to answer.
                    if let Ok(Ok(stream)) = handshake.await {
                        connection(stream, responder, over, shutdown).await;
                    }
                }
            }
        });
    }
}

/// Serves one connection's requests until it closes or `shutdown` fires.
async fn connection<S>(
    stream: S,
    responder: Arc<Responder>,
    over: Listener,
    shutdown: CancellationToken,
) where
    S: AsyncRead + AsyncWrite + Unpin + Send + 'static,
{
    let service = service_fn(move |request| answer(responder.clone(), request, over));
    let connection = http1::Builder::new()
        .keep_alive(true)
        .serve_connection(TokioIo::new(stream), service);
    tokio::select! {
        () = shutdown.cancelled() => {}
        _ = connection => {}
    }
}

/// The service's error: the answer is withheld and hyper closes the connection without one
/// (an injected lost response).
#[derive(Debug, thiserror::Error)]
#[error("answer withheld: an injected lost response")]
struct Withheld;

async fn answer(
    responder: Arc<Responder>,
    request: Request<IncomingBody>,
    over: Listener,
) -> Result<Response<Body>, Withheld> {
    let (parts, body) = request.into_parts();
    let body = match body.collect().await {
        Ok(collected) => collected.to_bytes(),
        Err(_) => {
            // The client went away mid-body: nothing to answer.
            return Ok(plain(StatusCode::BAD_REQUEST));
        }
    };
    let header = |name: &str| parts.headers.get(name).and_then(|v| v.to_str().ok());
    let incoming = Incoming {
        method: parts.method.as_str(),
        path: parts.uri.path(),
        query: parts.uri.query(),
        authorization: header("authorization"),
        content_range: header("content-range"),
        range: header("range"),
        if_match: header("if-match"),
        if_none_match: header("if-none-match"),
        delta_exclude_parent: parts.headers.contains_key("deltaexcludeparent"),
        body: &body,
        staged: None,
    };
    let response = responder.respond(&incoming, over, header("client-request-id"));
    if !response.delay.is_zero() {
        tokio::time::sleep(response.delay).await;
    }
    if response.drop_connection {
        return Err(Withheld);
    }
    Ok(to_hyper(response))
}

fn to_hyper(response: SimResponse) -> Response<Body> {
    let mut builder = Response::builder().status(response.status);
    for (name, value) in &response.headers {
        builder = builder.header(*name, value.as_str());
    }
    let body = match (response.stream, response.body) {
        (Some(download), _) => {
            builder = builder
                .header("content-type", "application/octet-stream")
                .header("content-length", download.len().to_string())
                .header("accept-ranges", "bytes");
            if let Some(range) = download.range {
                builder = builder.header(
                    "content-range",
                    format!(
                        "bytes {}-{}/{}",
                        range.first,
                        range.last,
                        download.bytes.size()
                    ),
                );
            }
            file_body(download)
        }
        (None, Some(body)) => {
            // A fault's HTML page names its own type; everything else is Graph's JSON.
            if !response
                .headers
                .iter()
                .any(|(name, _)| *name == "content-type")
            {
                builder = builder.header("content-type", "application/json");
            }
            full(Bytes::from(body))
        }
        (None, None) => full(Bytes::new()),
    };
    builder
        .body(body)
        .unwrap_or_else(|_| plain(StatusCode::INTERNAL_SERVER_ERROR))
}

fn full(bytes: Bytes) -> Body {
    Full::new(bytes)
        .map_err(|never| match never {})
        .boxed_unsync()
}

/// Where a streamed download is.
struct Streaming {
    /// Held until the stream ends, so a spooled file outlives the item it was read from.
    bytes: FileBytes,
    /// Opened with the first frame.
    reader: Option<SourceReader>,
    /// Bytes still to pass over before the range asked for.
    skip: u64,
    /// Bytes still to send.
    left: u64,
}

/// A file's bytes (or one range of them) read from their origin as the client takes them,
/// never held whole. A range is reached by reading past what comes before it: the origins
/// regenerate or read in order, and a download is not the fake's hot path.
fn file_body(download: Download) -> Body {
    let start = Streaming {
        skip: download.range.map_or(0, |range| range.first),
        left: download.len(),
        bytes: download.bytes,
        reader: None,
    };
    let frames = futures::stream::unfold(Some(start), |state| async move {
        let mut streaming = state?;
        if streaming.left == 0 {
            return None;
        }
        let reader = match &mut streaming.reader {
            Some(reader) => reader,
            None => match SourceReader::open(&streaming.bytes.source_file()).await {
                Ok(reader) => streaming.reader.insert(reader),
                Err(error) => return Some((Err(error), None)),
            },
        };
        loop {
            let want = if streaming.skip > 0 {
                streaming.skip
            } else {
                streaming.left
            };
            let chunk = match reader
                .read_chunk(want.min(DOWNLOAD_CHUNK as u64) as usize)
                .await
            {
                Ok(chunk) if chunk.is_empty() => {
                    let short = std::io::Error::new(
                        std::io::ErrorKind::UnexpectedEof,
                        "the file ended before its size",
                    );
                    return Some((Err(short), None));
                }
                Ok(chunk) => chunk,
                Err(error) => return Some((Err(error), None)),
            };
            let got = chunk.len() as u64;
            if streaming.skip > 0 {
                streaming.skip -= got;
                continue;
            }
            streaming.left -= got;
            return Some((Ok(Frame::data(chunk)), Some(streaming)));
        }
    });
    StreamBody::new(frames).boxed_unsync()
}

fn plain(status: StatusCode) -> Response<Body> {
    let mut response = Response::new(full(Bytes::new()));
    *response.status_mut() = status;
    response
}
