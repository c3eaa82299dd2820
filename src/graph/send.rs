//! The single send path. Every HTTP request the client makes (Graph calls, upload fragments,
//! session polls and cancels, copy monitors) goes through [`Transport::attempt`], which times it
//! from send to the end of the response body and hands exactly one [`Attempt`] to the sink,
//! whatever the outcome; a download body, which streams to the caller, goes through
//! [`Transport::stream`], recorded once when it ends. [`Transport::send`] runs an attempt through
//! the one retry loop (`retry_loop`) for requests that are safe to repeat as they are; requests
//! that must look before they repeat run the same loop with their own attempt built on
//! [`Transport::attempt`]. Every attempt first waits at the client's throttle gate, which any
//! throttled answer closes for all requests until its wait is over, and which a `RateLimit-*`
//! answer close to the budget closes until the window resets (proactive pacing).

use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime};

use bytes::Bytes;
use reqwest::Method;
use reqwest::header::{AUTHORIZATION, CONTENT_RANGE, CONTENT_TYPE, HeaderMap, RETRY_AFTER};
use serde::de::DeserializeOwned;
use url::Url;

use super::context::RequestContext;
use super::error::GraphError;
use super::gate::ThrottleGate;
use super::interruption::Interruption;
use super::paths::same_origin;
use super::ratelimit::{pause_for, rate_limit_of};
use super::retry::{FailureKind, RetryPolicy, honoured_wait, parse_retry_after, retry_after_of};
use super::retry_loop::{self, Repeatable};
use super::token::TokenSource;
use super::types::ErrorBody;
use crate::vocab::attempt::Attempt;
use crate::vocab::attempt::AttemptSink;
use crate::vocab::attempt::Operation;
use crate::vocab::attempt::RateLimit;
use crate::vocab::throttling::MAX_HONOURED_WAIT_US;
use crate::vocab::units::{Micros, micros};

/// How much of a non-JSON error body goes into an error message.
const MESSAGE_EXCERPT_CHARS: usize = 200;

/// One request, as the send path needs it.
#[derive(Debug, Clone)]
pub(super) struct Call<'a> {
    /// What it is for (the attempt's label).
    pub op: Operation,
    /// HTTP method.
    pub method: Method,
    /// Whole URL.
    pub url: &'a Url,
    /// A Graph call: carries the bearer token when `url` is on the base URL's origin. Upload
    /// session URLs set this to `false` and never carry it.
    pub auth: bool,
    /// `Content-Type` of the body.
    pub content_type: Option<&'static str>,
    /// `Content-Range` of an upload fragment.
    pub content_range: Option<String>,
    /// `If-Match`: the eTag a conditional request expects the item still to have.
    pub if_match: Option<String>,
    /// Request body; reqwest sets `Content-Length` from it.
    pub body: Option<Bytes>,
    /// A 3xx answer is a reply (its `Location` read by the caller), not an error. Redirects
    /// are never followed by the HTTP library.
    pub accept_redirect: bool,
}

impl<'a> Call<'a> {
    /// A request without a body.
    pub fn new(op: Operation, method: Method, url: &'a Url, auth: bool) -> Self {
        Call {
            op,
            method,
            url,
            auth,
            content_type: None,
            content_range: None,
            if_match: None,
            body: None,
            accept_redirect: false,
        }
    }

    /// The same request, made conditional on the item still having the eTag `tag`.
    pub fn if_match(mut self, tag: &str) -> Self {
        self.if_match = Some(tag.to_owned());
        self
    }

    /// The same request, taking a 3xx answer as its reply.
    pub fn redirect_is_reply(mut self) -> Self {
        self.accept_redirect = true;
        self
    }

    /// The same request with a JSON body.
    pub fn json(mut self, body: Bytes) -> Self {
        self.content_type = Some("application/json");
        self.body = Some(body);
        self
    }

    /// The same request with a binary body.
    pub fn octets(mut self, body: Bytes) -> Self {
        self.content_type = Some("application/octet-stream");
        self.body = Some(body);
        self
    }
}

/// A 2xx answer (or a 3xx one, for calls that accept it) with its whole body.
#[derive(Debug, Clone)]
pub(super) struct Reply {
    /// HTTP status.
    pub status: u16,
    /// Response body.
    pub body: Bytes,
    /// The `Location` header, if any (copy monitors, download and See Other redirects).
    pub location: Option<String>,
}

impl Reply {
    /// The body as `T`, or a protocol error naming the operation.
    pub fn json<T: DeserializeOwned>(&self, op: Operation) -> Result<T, GraphError> {
        serde_json::from_slice(&self.body).map_err(|e| {
            GraphError::Protocol(format!(
                "{} answered {} with a body that is not the documented JSON: {e}",
                op.as_str(),
                self.status
            ))
        })
    }
}

/// The HTTP machinery shared by every call: connection pool, token source, sink, policy.
pub(super) struct Transport {
    pub base_url: Url,
    pub http: reqwest::Client,
    pub tokens: Arc<dyn TokenSource>,
    pub sink: Arc<dyn AttemptSink>,
    pub retry: RetryPolicy,
    pub timeout: Duration,
    /// Closed by throttled answers; every attempt waits here before it is sent.
    pub gate: ThrottleGate,
    /// The run's Ctrl-C: every wait of the client (the gate, the retry loop's) ends on it.
    pub interruption: Interruption,
    /// Hold requests back when `RateLimit-Remaining` runs low, before the tenant refuses them.
    pub pacing: bool,
}

impl Transport {
    /// Sends `call` with retries for throttling and transient failures, waiting as the policy
    /// says between attempts (the one retry loop). Adds every attempt made to `attempts`.
    pub async fn send(
        &self,
        ctx: RequestContext,
        call: &Call<'_>,
        attempts: &mut u32,
    ) -> Result<Reply, GraphError> {
        let mut plain = Plain {
            transport: self,
            ctx,
            call,
        };
        retry_loop::run(&self.retry, &self.interruption, &mut plain, attempts).await
    }

    /// One HTTP attempt, recorded once and counted in `attempts` (a token that cannot be had
    /// fails before anything is sent, and is neither). Non-2xx answers become
    /// [`GraphError::Status`] with the innermost Graph error code.
    pub async fn attempt(
        &self,
        ctx: RequestContext,
        call: &Call<'_>,
        retry: bool,
        attempts: &mut u32,
    ) -> Result<Reply, GraphError> {
        let mut request = self.http.request(call.method.clone(), call.url.clone());
        let mut bearer: Option<Arc<str>> = None;
        if call.auth && same_origin(call.url, &self.base_url) {
            let token = self.tokens.token(ctx).await?;
            request = request.header(AUTHORIZATION, format!("Bearer {token}"));
            bearer = Some(token);
        }
        if let Some(content_type) = call.content_type {
            request = request.header(CONTENT_TYPE, content_type);
        }
        if let Some(range) = &call.content_range {
            request = request.header(CONTENT_RANGE, range.as_str());
        }
        if let Some(tag) = &call.if_match {
            request = request.header(reqwest::header::IF_MATCH, tag.as_str());
        }
        let bytes_sent = call.body.as_ref().map_or(0, |b| b.len() as u64);
        if let Some(body) = &call.body {
            request = request.body(body.clone());
        }

        let gate_wait = self.gate.wait_open(&self.interruption).await?;
        *attempts += 1;
        let _in_flight = self.gate.depart();
        let started = Instant::now();
        let outcome = exchange(request).await;
        let mut attempt = Attempt {
            op: call.op,
            site: ctx.site,
            started,
            latency_us: elapsed_us(started),
            gate_wait_us: micros(gate_wait),
            status: None,
            bytes_sent,
            bytes_received: 0,
            retry_after_us: None,
            rate_limit: None,
            timed_out: false,
            retry,
        };
        let result = match outcome {
            Exchange::Answered {
                status,
                headers,
                body,
            } => {
                let rate_limit = rate_limit_of(&headers);
                let reset = rate_limit
                    .and_then(|r| r.reset_us)
                    .map(Duration::from_micros);
                let retry_after = honoured_wait(status, retry_after(&headers), reset);
                attempt.status = Some(status);
                attempt.bytes_received = body.len() as u64;
                attempt.retry_after_us = retry_after.map(micros);
                attempt.rate_limit = rate_limit;
                if let Some(rate) = rate_limit {
                    self.pace(&rate);
                }
                let redirect = call.accept_redirect && (300..400).contains(&status);
                if (200..300).contains(&status) || redirect {
                    let location = headers
                        .get(reqwest::header::LOCATION)
                        .and_then(|value| value.to_str().ok())
                        .map(str::to_owned);
                    Ok(Reply {
                        status,
                        body,
                        location,
                    })
                } else {
                    if status == 401
                        && let Some(token) = &bearer
                    {
                        self.tokens.invalidate(token);
                    }
                    let error = status_error(status, &body, retry_after);
                    self.close_gate_if_throttled(&error);
                    Err(error)
                }
            }
            Exchange::Failed { status, error } => {
                attempt.status = status;
                attempt.timed_out = error.is_timeout();
                Err(self.transport_error(&error))
            }
        };
        self.sink.record(&attempt);
        result
    }

    /// One `GET` whose body streams to the caller (a download URL): no bearer token, never
    /// repeated. It waits at the gate and is counted in `attempts` like any other; a failure or
    /// a non-2xx answer is recorded here, a 2xx one by the returned [`StreamingAttempt`] once
    /// the body has arrived (or broken off, or been abandoned).
    pub async fn stream(
        &self,
        ctx: RequestContext,
        op: Operation,
        url: &Url,
        attempts: &mut u32,
    ) -> Result<(reqwest::Response, StreamingAttempt), GraphError> {
        let request = self.http.request(Method::GET, url.clone());
        let gate_wait = self.gate.wait_open(&self.interruption).await?;
        *attempts += 1;
        let started = Instant::now();
        let mut attempt = Attempt {
            op,
            site: ctx.site,
            started,
            latency_us: 0,
            gate_wait_us: micros(gate_wait),
            status: None,
            bytes_sent: 0,
            bytes_received: 0,
            retry_after_us: None,
            rate_limit: None,
            timed_out: false,
            retry: false,
        };
        let response = match request.send().await {
            Ok(response) => response,
            Err(error) => {
                attempt.latency_us = elapsed_us(started);
                attempt.timed_out = error.is_timeout();
                self.sink.record(&attempt);
                return Err(if error.is_timeout() {
                    GraphError::Timeout(self.timeout)
                } else {
                    GraphError::Connection(error.without_url().to_string())
                });
            }
        };
        let status = response.status().as_u16();
        attempt.status = Some(status);
        if !(200..300).contains(&status) {
            let body = response.bytes().await.unwrap_or_default();
            attempt.latency_us = elapsed_us(started);
            attempt.bytes_received = body.len() as u64;
            self.sink.record(&attempt);
            return Err(status_error(status, &body, None));
        }
        let record = StreamingAttempt {
            attempt: Some(attempt),
            sink: self.sink.clone(),
        };
        Ok((response, record))
    }

    /// After a throttled answer, holds every request of this client back for the wait it
    /// asked for (up to the longest honoured wait), counted from now.
    fn close_gate_if_throttled(&self, error: &GraphError) {
        if FailureKind::of(error) != FailureKind::Throttled {
            return;
        }
        let Some(after) = retry_after_of(error) else {
            return;
        };
        let pause = after.min(Duration::from_micros(MAX_HONOURED_WAIT_US));
        if let Some(until) = Instant::now().checked_add(pause) {
            self.gate.pause_until(until);
        }
    }

    /// Proactive pacing: when the tenant's `RateLimit-Remaining` no longer covers the requests
    /// in flight, holds every new request back until its `RateLimit-Reset`, so the budget is
    /// spent almost fully without being overrun. Off when the client was built without it.
    fn pace(&self, rate: &RateLimit) {
        if !self.pacing {
            return;
        }
        let Some(wait_us) = pause_for(rate, self.gate.in_flight()) else {
            return;
        };
        let wait = Duration::from_micros(wait_us.min(MAX_HONOURED_WAIT_US));
        if let Some(until) = Instant::now().checked_add(wait) {
            self.gate.pause_until(until);
        }
    }

    fn transport_error(&self, error: &reqwest::Error) -> GraphError {
        if error.is_timeout() {
            return GraphError::Timeout(self.timeout);
        }
        // Upload URLs carry their own credential: never let a URL into a message.
        let mut text = error.to_string();
        let mut source = std::error::Error::source(error);
        while let Some(cause) = source {
            text.push_str(": ");
            text.push_str(&cause.to_string());
            source = cause.source();
        }
        GraphError::Connection(text)
    }
}

/// An attempt whose answer is still arriving: recorded exactly once, by [`StreamingAttempt::finish`]
/// or, for a body abandoned part-way, when dropped.
pub(super) struct StreamingAttempt {
    /// `None` once recorded.
    attempt: Option<Attempt>,
    sink: Arc<dyn AttemptSink>,
}

impl StreamingAttempt {
    /// `bytes` more of the body arrived.
    pub fn received(&mut self, bytes: usize) {
        if let Some(attempt) = &mut self.attempt {
            attempt.bytes_received += bytes as u64;
        }
    }

    /// The body ended (or broke off, timed out when `timed_out`): records the attempt.
    pub fn finish(mut self, timed_out: bool) {
        self.record(timed_out);
    }

    fn record(&mut self, timed_out: bool) {
        if let Some(mut attempt) = self.attempt.take() {
            attempt.latency_us = elapsed_us(attempt.started);
            attempt.timed_out = timed_out;
            self.sink.record(&attempt);
        }
    }
}

impl Drop for StreamingAttempt {
    fn drop(&mut self) {
        self.record(false);
    }
}

/// A request that is safe to repeat as it is: nothing to look after between attempts.
struct Plain<'a, 'c> {
    transport: &'a Transport,
    ctx: RequestContext,
    call: &'a Call<'c>,
}

impl Repeatable for Plain<'_, '_> {
    type Output = Reply;

    fn carries_token(&self) -> bool {
        self.call.auth
    }

    async fn attempt(&mut self, repeat: bool, attempts: &mut u32) -> Result<Reply, GraphError> {
        self.transport
            .attempt(self.ctx, self.call, repeat, attempts)
            .await
    }
}

/// What came back from one request.
enum Exchange {
    /// Status, headers and the whole body.
    Answered {
        status: u16,
        headers: HeaderMap,
        body: Bytes,
    },
    /// No complete answer; `status` when the headers arrived but the body did not.
    Failed {
        status: Option<u16>,
        error: reqwest::Error,
    },
}

async fn exchange(request: reqwest::RequestBuilder) -> Exchange {
    let response = match request.send().await {
        Ok(response) => response,
        Err(error) => {
            return Exchange::Failed {
                status: None,
                error: error.without_url(),
            };
        }
    };
    let status = response.status().as_u16();
    let headers = response.headers().clone();
    match response.bytes().await {
        Ok(body) => Exchange::Answered {
            status,
            headers,
            body,
        },
        Err(error) => Exchange::Failed {
            status: Some(status),
            error: error.without_url(),
        },
    }
}

fn retry_after(headers: &HeaderMap) -> Option<Duration> {
    let value = headers.get(RETRY_AFTER)?.to_str().ok()?;
    parse_retry_after(value, SystemTime::now())
}

/// A non-2xx answer as an error: the innermost Graph code when the body is Graph's error JSON,
/// else an empty code and an excerpt of the body.
pub(super) fn status_error(status: u16, body: &[u8], retry_after: Option<Duration>) -> GraphError {
    let (code, message) = match serde_json::from_slice::<ErrorBody>(body) {
        Ok(parsed) => (
            parsed.error.innermost_code().to_owned(),
            parsed.error.message,
        ),
        Err(_) => (
            String::new(),
            String::from_utf8_lossy(body)
                .chars()
                .take(MESSAGE_EXCERPT_CHARS)
                .collect(),
        ),
    };
    GraphError::Status {
        status,
        code,
        message,
        retry_after,
    }
}

fn elapsed_us(started: Instant) -> Micros {
    micros(started.elapsed())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn error_bodies_give_the_innermost_code() {
        let body = br#"{"error":{"code":"invalidRange","message":"overlap","innererror":{"code":"fragmentOverlap"}}}"#;
        let error = status_error(416, body, None);
        assert_eq!(
            error,
            GraphError::Status {
                status: 416,
                code: "fragmentOverlap".into(),
                message: "overlap".into(),
                retry_after: None
            }
        );
    }

    #[test]
    fn non_json_error_bodies_are_tolerated() {
        let error = status_error(
            502,
            b"<html>Bad gateway</html>",
            Some(Duration::from_secs(2)),
        );
        assert_eq!(
            error,
            GraphError::Status {
                status: 502,
                code: String::new(),
                message: "<html>Bad gateway</html>".into(),
                retry_after: Some(Duration::from_secs(2))
            }
        );
        let long = vec![b'x'; 5000];
        match status_error(500, &long, None) {
            GraphError::Status { message, .. } => assert_eq!(message.len(), 200),
            other => panic!("unexpected {other:?}"),
        }
    }
}
