//! The tenant's request dispatch: runs the handler under the tenant's lock (held only for the
//! state change), then builds the response outside it: JSON body, `request-id` /
//! `client-request-id` headers, and the delay the behaviour model asks for (ingest pipe plus
//! latency). Throttling (429/503) and refusing faults are decided before the handler runs,
//! lost or late answers after it (`faults`), and every request is logged with its status. Free of any HTTP library; `server` puts it on the wire.

use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime};

use super::errors::SimFailure;
use super::faults::Aftermath;
use super::handlers::{self, Incoming, Payload, Reply, Shared};
use super::request_log::LoggedRequest;
use super::routes;
use super::throttle::ru_cost;
use super::token_endpoint;
use crate::vocab::units::Micros;

/// The admin path serving the request log (outside `/v1.0`, bearer token required).
pub(crate) const REQUEST_LOG_PATH: &str = "/_sim/requests";

/// Dispatches every request to the simulated tenant.
#[derive(Debug, Clone)]
pub(crate) struct Router {
    shared: Arc<Mutex<Shared>>,
}

/// What the locked section hands back.
struct Outcome {
    result: Result<Reply, SimFailure>,
    /// Throttling headers (`Retry-After`, `RateLimit-*`).
    headers: Vec<(&'static str, String)>,
    request_id: String,
    delay_us: Micros,
    /// A non-JSON error body (an injected gateway error), sent instead of Graph's error JSON.
    plain_body: Option<&'static str>,
    /// Close the connection instead of answering (an injected lost response).
    drop_connection: bool,
}

impl Router {
    /// A router over `shared`.
    pub(crate) fn new(shared: Shared) -> Router {
        Router {
            shared: Arc::new(Mutex::new(shared)),
        }
    }

    fn run(&self, incoming: &Incoming<'_>, now: SystemTime) -> Outcome {
        let mut shared = self.lock();
        let now_us = shared.behaviour.now_us();
        // A request without the token is no app's: it is answered 401 and charged to no budget.
        let authorised = !incoming.path.starts_with(routes::GRAPH_PREFIX)
            || shared.tokens.check(incoming.authorization, now_us).is_ok();
        let admission = if authorised {
            let cost = if shared.throttle.charges_ru() {
                ru_cost(incoming.method, routes::parse(incoming.path).ok().as_ref())
            } else {
                0
            };
            shared.throttle.admit(cost, now_us)
        } else {
            Ok(None)
        };
        let refusal = match admission {
            Ok(_) if authorised && shared.faults.enabled() => {
                let Shared {
                    faults, sessions, ..
                } = &mut *shared;
                faults.before(incoming, sessions)
            }
            _ => None,
        };
        let mut fault = refusal.as_ref().map(|r| r.label);
        let plain_body = refusal.as_ref().and_then(|r| r.plain_body);
        let (result, headers, ingest_us) = match (admission, refusal) {
            // Refused before touching any state; its body never goes through the ingest pipe.
            (Err(rejection), _) => (Err(rejection.failure()), rejection.headers(), 0),
            // An injected fault refused it; likewise.
            (Ok(_), Some(refusal)) => (Err(refusal.failure), Vec::new(), 0),
            (Ok(rate_limit), None) => {
                let ingest_us = if incoming.method == "PUT" && !incoming.body.is_empty() {
                    shared
                        .behaviour
                        .ingest_delay_us(incoming.body.len() as u64, now_us)
                } else {
                    0
                };
                let result = handlers::handle(&mut shared, incoming, now, now_us);
                let headers = match (&result, rate_limit) {
                    (Ok(_), Some(limit)) => limit.headers().to_vec(),
                    _ => Vec::new(),
                };
                (result, headers, ingest_us)
            }
        };
        let status = match &result {
            Ok(reply) => reply.status,
            Err(failure) => failure.status,
        };
        let aftermath = if authorised && fault.is_none() && shared.faults.enabled() {
            shared.faults.after(incoming, status)
        } else {
            None
        };
        fault = fault.or(aftermath.map(Aftermath::label));
        shared.requests.record(LoggedRequest {
            at_us: now_us,
            method: incoming.method.to_owned(),
            path: incoming.path.to_owned(),
            status,
            fault,
        });
        let request_id = shared.tenant.ids.request_id();
        let latency_us = shared.behaviour.next_latency_us();
        let slow_us = match aftermath {
            Some(Aftermath::Slow(late_us)) => late_us,
            _ => 0,
        };
        Outcome {
            result,
            headers,
            request_id,
            delay_us: ingest_us.saturating_add(latency_us).saturating_add(slow_us),
            plain_body,
            drop_connection: aftermath == Some(Aftermath::Lost),
        }
    }

    /// `GET /_sim/requests`: the request log, for the bearer token only. Not itself logged,
    /// charged or throttled.
    fn request_log(&self, incoming: &Incoming<'_>) -> Outcome {
        let mut shared = self.lock();
        let result = if !handlers::bearer_ok(incoming.authorization) {
            Err(SimFailure::invalid_token())
        } else if incoming.method != "GET" {
            Err(SimFailure::method_not_allowed(incoming.method))
        } else {
            Ok(Reply {
                status: 200,
                payload: Payload::Requests(shared.requests.snapshot()),
            })
        };
        Outcome {
            result,
            headers: Vec::new(),
            request_id: shared.tenant.ids.request_id(),
            delay_us: 0,
            plain_body: None,
            drop_connection: false,
        }
    }

    /// `POST /{tenant}/oauth2/v2.0/token`: Entra's answer, logged but not charged, throttled
    /// or delayed.
    fn token(&self, incoming: &Incoming<'_>, tenant: &str, now: SystemTime) -> SimResponse {
        let mut shared = self.lock();
        let now_us = shared.behaviour.now_us();
        let endpoint = format!(
            "{}/{tenant}/oauth2/v2.0/token",
            shared.server_root.trim_end_matches('/')
        );
        let trace_id = shared.tenant.ids.request_id();
        let answer = shared
            .tokens
            .answer(incoming, &endpoint, now, now_us, &trace_id);
        shared.requests.record(LoggedRequest {
            at_us: now_us,
            method: incoming.method.to_owned(),
            path: incoming.path.to_owned(),
            status: answer.status,
            fault: None,
        });
        SimResponse {
            status: answer.status,
            headers: vec![
                ("x-ms-request-id", trace_id),
                ("cache-control", "no-store, no-cache".to_string()),
            ],
            body: serde_json::to_vec(&answer.body).ok(),
            delay: Duration::ZERO,
            drop_connection: false,
            stream: None,
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Shared> {
        // A panic elsewhere must not take the tenant down with a poisoned lock.
        self.shared
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

/// A response, free of any HTTP library: the server turns it into bytes on the wire.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct SimResponse {
    /// HTTP status.
    pub(crate) status: u16,
    /// Extra headers (besides `content-type` for a body).
    pub(crate) headers: Vec<(&'static str, String)>,
    /// JSON body, if any.
    pub(crate) body: Option<Vec<u8>>,
    /// A file whose bytes are the body (a download), streamed by the server.
    pub(crate) stream: Option<crate::source::SourceFile>,
    /// How long to hold the response back (ingest pipe plus latency).
    pub(crate) delay: Duration,
    /// Close the connection after the delay instead of answering (an injected lost response).
    pub(crate) drop_connection: bool,
}

impl Router {
    /// Answers one request. `client_request_id` is echoed as Graph does.
    pub(crate) fn respond(
        &self,
        incoming: &Incoming<'_>,
        client_request_id: Option<&str>,
    ) -> SimResponse {
        let now = SystemTime::now();
        if let Some(tenant) = token_endpoint::tenant_of(incoming.path) {
            return self.token(incoming, tenant, now);
        }
        let outcome = if incoming.path == REQUEST_LOG_PATH {
            self.request_log(incoming)
        } else {
            self.run(incoming, now)
        };
        let mut headers = vec![("request-id", outcome.request_id.clone())];
        let (status, body) = match &outcome.result {
            Ok(reply) => (reply.status, reply.payload.to_json()),
            Err(failure) if outcome.plain_body.is_some() => {
                headers.push(("content-type", "text/html".to_string()));
                (
                    failure.status,
                    outcome.plain_body.map(|b| b.as_bytes().to_vec()),
                )
            }
            Err(failure) => {
                let date = humantime::format_rfc3339_seconds(now).to_string();
                let body = failure.body(
                    &outcome.request_id,
                    client_request_id.unwrap_or(&outcome.request_id),
                    &date,
                );
                (failure.status, serde_json::to_vec(&body).ok())
            }
        };
        headers.extend(outcome.headers);
        let mut stream = None;
        if let Ok(reply) = &outcome.result {
            if let Some(location) = reply.payload.location() {
                headers.push(("location", location.to_owned()));
            }
            if let Payload::Stream(file) = &reply.payload {
                stream = Some(file.clone());
            }
        }
        if let Some(value) = client_request_id {
            headers.push(("client-request-id", value.to_string()));
        }
        if status == 401 && incoming.path.starts_with(routes::GRAPH_PREFIX) {
            headers.push((
                "www-authenticate",
                "Bearer realm=\"\", error=\"invalid_token\"".to_string(),
            ));
        }
        SimResponse {
            status,
            headers,
            body,
            stream,
            delay: Duration::from_micros(outcome.delay_us),
            drop_connection: outcome.drop_connection,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Instant;

    /// Cost of the responder alone (no HTTP), per 4 KiB simple PUT into one folder. Run by hand:
    /// `cargo test --release --lib sim::router -- --ignored --nocapture`.
    #[test]
    #[ignore = "measurement, not a check; run by hand"]
    fn responder_cost() {
        let config = crate::sim::SimConfig {
            sites: vec![crate::sim::SimSite {
                url: "https://h/sites/a".parse().expect("url"),
                libraries: vec![],
            }],
            ..Default::default()
        };
        let shared =
            handlers::shared_state(&config, "http://127.0.0.1:1".into(), SystemTime::now());
        let router = Router::new(shared);
        let drive = {
            let s = router.shared.lock().expect("lock");
            s.tenant
                .site_default_drive(
                    &s.tenant
                        .site_by_path("h", "sites/a")
                        .expect("site")
                        .id
                        .clone(),
                )
                .expect("drive")
                .id
        };
        let authorization = format!("Bearer {}", crate::sim::SIMULATED_TOKEN);
        let body = vec![7u8; 4096];
        let n = 50_000;
        let paths: Vec<String> = (0..n)
            .map(|i| format!("/v1.0/drives/{drive}/root:/f{i}.bin:/content"))
            .collect();
        let started = Instant::now();
        for path in &paths {
            let incoming = Incoming {
                method: "PUT",
                path,
                query: None,
                authorization: Some(&authorization),
                content_range: None,
                body: &body,
            };
            std::hint::black_box(router.respond(&incoming, None));
        }
        println!(
            "responder: {:.2} µs per PUT",
            started.elapsed().as_secs_f64() * 1e6 / n as f64
        );
    }
}
