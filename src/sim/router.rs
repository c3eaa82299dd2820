//! The one wiremock responder behind the catch-all mock: reads the request, runs the handler
//! under the tenant's lock (held only for the state change), then builds the response outside
//! it: JSON body, `request-id` / `client-request-id` headers, and the delay the behaviour model
//! asks for (ingest pipe plus latency).

use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime};

use wiremock::{Request, Respond, ResponseTemplate};

use super::errors::SimFailure;
use super::handlers::{self, Incoming, Reply, Shared};
use crate::units::Micros;

/// Dispatches every request to the simulated tenant.
#[derive(Debug, Clone)]
pub(crate) struct Router {
    shared: Arc<Mutex<Shared>>,
}

/// What the locked section hands back.
struct Outcome {
    result: Result<Reply, SimFailure>,
    request_id: String,
    delay_us: Micros,
}

impl Router {
    /// A router over `shared`.
    pub(crate) fn new(shared: Shared) -> Router {
        Router {
            shared: Arc::new(Mutex::new(shared)),
        }
    }

    fn run(&self, incoming: &Incoming<'_>, now: SystemTime) -> Outcome {
        // A panic elsewhere must not take the tenant down with a poisoned lock.
        let mut shared = self
            .shared
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let now_us = shared.behaviour.now_us();
        let ingest_us = if incoming.method == "PUT" && !incoming.body.is_empty() {
            shared
                .behaviour
                .ingest_delay_us(incoming.body.len() as u64, now_us)
        } else {
            0
        };
        let result = handlers::handle(&mut shared, incoming, now, now_us);
        let request_id = shared.tenant.ids.request_id();
        let latency_us = shared.behaviour.next_latency_us();
        Outcome {
            result,
            request_id,
            delay_us: ingest_us.saturating_add(latency_us),
        }
    }
}

fn header<'a>(request: &'a Request, name: &str) -> Option<&'a str> {
    request.headers.get(name).and_then(|v| v.to_str().ok())
}

impl Respond for Router {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        let incoming = Incoming {
            method: request.method.as_str(),
            path: request.url.path(),
            query: request.url.query(),
            authorization: header(request, "authorization"),
            content_range: header(request, "content-range"),
            body: &request.body,
        };
        let client_request_id = header(request, "client-request-id");
        let now = SystemTime::now();
        let outcome = self.run(&incoming, now);

        let (status, body) = match &outcome.result {
            Ok(reply) => (reply.status, reply.payload.to_json()),
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
        let mut template =
            ResponseTemplate::new(status).insert_header("request-id", outcome.request_id.as_str());
        if let Some(value) = request.headers.get("client-request-id") {
            template = template.insert_header("client-request-id", value.clone());
        }
        if status == 401 && request.url.path().starts_with(super::routes::GRAPH_PREFIX) {
            template = template.insert_header(
                "www-authenticate",
                "Bearer realm=\"\", error=\"invalid_token\"",
            );
        }
        if let Some(body) = body {
            template = template.set_body_raw(body, "application/json");
        }
        if outcome.delay_us > 0 {
            template = template.set_delay(Duration::from_micros(outcome.delay_us));
        }
        template
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
        let mut headers = wiremock::http::HeaderMap::new();
        headers.insert(
            "authorization",
            format!("Bearer {}", crate::sim::SIMULATED_TOKEN)
                .parse()
                .expect("hv"),
        );
        let n = 50_000;
        let requests: Vec<Request> = (0..n)
            .map(|i| Request {
                url: format!("http://localhost/v1.0/drives/{drive}/root:/f{i}.bin:/content")
                    .parse()
                    .expect("url"),
                method: wiremock::http::Method::PUT,
                headers: headers.clone(),
                body: vec![7u8; 4096],
            })
            .collect();
        let started = Instant::now();
        for r in &requests {
            let t = router.respond(r);
            std::hint::black_box(t);
        }
        println!(
            "responder: {:.2} µs per PUT",
            started.elapsed().as_secs_f64() * 1e6 / n as f64
        );
    }
}
