//! One Graph request through the tenant, under the lock its caller holds: the behaviour model
//! first (throttling 429/503, a refusing fault), then its route (`routing`), then the model again
//! (a lost or late answer), and the request log. Shared by a request on the wire (`responder`)
//! and by each member of a `$batch` (`batch`), so that a member is charged, throttled, faulted
//! and logged exactly as the same request sent alone — which is what Microsoft documents:
//! "Requests in a batch are evaluated individually against the applicable throttling limits"
//! (<https://learn.microsoft.com/graph/json-batching>). [`rendered`] turns the outcome into the
//! status, headers and body either of them sends.

use std::time::SystemTime;

use super::routing;
use crate::sim::behaviour::{Aftermath, ru_cost};
use crate::sim::exchange::{Download, Incoming, Payload, Reply, SimFailure};
use crate::sim::request_log::LoggedRequest;
use crate::sim::route::{self, GRAPH_PREFIX};
use crate::sim::tenant::Tenant;
use crate::vocab::units::Micros;

/// What one request came to, before its body is serialised.
#[derive(Debug)]
pub(crate) struct Outcome {
    /// The route's answer, or the error answered instead.
    pub(crate) result: Result<Reply, SimFailure>,
    /// Throttling headers (`Retry-After`, `RateLimit-*`).
    pub(crate) headers: Vec<(&'static str, String)>,
    /// The answer's `request-id`.
    pub(crate) request_id: String,
    /// The model's network latency for this answer.
    pub(crate) latency_us: Micros,
    /// Time the answer is held on top of the latency: the ingest pipe for an upload's body and
    /// an injected slow answer.
    pub(crate) held_us: Micros,
    /// A non-JSON error body (an injected gateway error), sent instead of Graph's error JSON.
    pub(crate) plain_body: Option<&'static str>,
    /// Close the connection instead of answering (an injected lost response).
    pub(crate) drop_connection: bool,
    /// Resource units charged (0 when the tenant charges none).
    pub(crate) resource_units: u64,
}

impl Outcome {
    /// An answer that met no behaviour model (the admin paths, a batch envelope).
    pub(crate) fn plain(result: Result<Reply, SimFailure>, request_id: String) -> Outcome {
        Outcome {
            result,
            headers: Vec::new(),
            request_id,
            latency_us: 0,
            held_us: 0,
            plain_body: None,
            drop_connection: false,
            resource_units: 0,
        }
    }

    /// The HTTP status it answers.
    pub(crate) fn status(&self) -> u16 {
        match &self.result {
            Ok(reply) => reply.status,
            Err(failure) => failure.status,
        }
    }
}

/// Takes one Graph, upload, monitor or download request through the model, its route and the
/// log.
pub(crate) fn answer(tenant: &mut Tenant, incoming: &Incoming<'_>, now: SystemTime) -> Outcome {
    let now_us = tenant.now_us();
    // A request without the token is no app's: it is answered 401 and charged to no budget.
    let authorised = !incoming.path.starts_with(GRAPH_PREFIX)
        || tenant.tokens.check(incoming.authorization, now_us).is_ok();
    let behaviour = &mut tenant.behaviour;
    let resource_units = if authorised && behaviour.throttle.charges_ru() {
        ru_cost(
            incoming.method,
            route::parse(incoming.path).ok().as_ref(),
            incoming.query,
        )
    } else {
        0
    };
    let admission = if authorised {
        behaviour.throttle.admit(resource_units, now_us)
    } else {
        Ok(None)
    };
    let refusal = match admission {
        Ok(_) if authorised && behaviour.faults.enabled() => {
            behaviour.faults.before(incoming, &mut tenant.sessions)
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
                tenant
                    .behaviour
                    .delays
                    .ingest_delay_us(incoming.body.len() as u64, now_us)
            } else {
                0
            };
            let result = routing::route(tenant, incoming, now, now_us);
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
    let faults = &mut tenant.behaviour.faults;
    let aftermath = if authorised && fault.is_none() && faults.enabled() {
        faults.after(incoming, status)
    } else {
        None
    };
    fault = fault.or(aftermath.map(Aftermath::label));
    tenant.requests.record(LoggedRequest {
        at_us: now_us,
        method: incoming.method.to_owned(),
        path: incoming.path.to_owned(),
        status,
        fault,
    });
    let request_id = tenant.contents.ids.request_id();
    let latency_us = tenant.behaviour.delays.next_latency_us();
    let slow_us = match aftermath {
        Some(Aftermath::Slow(late_us)) => late_us,
        _ => 0,
    };
    Outcome {
        result,
        headers,
        request_id,
        latency_us,
        held_us: ingest_us.saturating_add(slow_us),
        plain_body,
        drop_connection: aftermath == Some(Aftermath::Lost),
        resource_units,
    }
}

/// An outcome as it is sent: status, headers, and the JSON body or the file to stream.
#[derive(Debug)]
pub(crate) struct Rendered {
    /// HTTP status.
    pub(crate) status: u16,
    /// Headers (besides `content-type` for a JSON body).
    pub(crate) headers: Vec<(&'static str, String)>,
    /// JSON body (or an injected gateway error's HTML), if any.
    pub(crate) body: Option<Vec<u8>>,
    /// A file whose bytes (or one range of them) are the body: a download.
    pub(crate) stream: Option<Download>,
}

/// The outcome of a request to `path` as it is sent; `client_request_id` is echoed as Graph
/// does.
pub(crate) fn rendered(
    outcome: &Outcome,
    path: &str,
    client_request_id: Option<&str>,
    now: SystemTime,
) -> Rendered {
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
            if let Some(location) = &failure.location {
                headers.push(("location", location.clone()));
            }
            if let Some(content_range) = &failure.content_range {
                headers.push(("content-range", content_range.clone()));
            }
            let date = humantime::format_rfc3339_seconds(now).to_string();
            let body = failure.body(
                &outcome.request_id,
                client_request_id.unwrap_or(&outcome.request_id),
                &date,
            );
            (failure.status, serde_json::to_vec(&body).ok())
        }
    };
    headers.extend(outcome.headers.iter().cloned());
    let mut stream = None;
    if let Ok(reply) = &outcome.result {
        if let Some(location) = reply.payload.location() {
            headers.push(("location", location.to_owned()));
        }
        if let Payload::Stream(download) = &reply.payload {
            stream = Some(download.clone());
        }
    }
    if let Some(value) = client_request_id {
        headers.push(("client-request-id", value.to_string()));
    }
    if status == 401 && path.starts_with(GRAPH_PREFIX) {
        headers.push((
            "www-authenticate",
            "Bearer realm=\"\", error=\"invalid_token\"".to_string(),
        ));
    }
    Rendered {
        status,
        headers,
        body,
        stream,
    }
}
