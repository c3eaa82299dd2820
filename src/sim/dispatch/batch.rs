//! `POST /v1.0/$batch`: up to 20 Graph requests in one JSON body, each answered with its own
//! status, headers and body, as Microsoft documents JSON batching
//! (<https://learn.microsoft.com/graph/json-batching>; `docs/graph-notes.md` §18).
//!
//! The envelope is checked whole first — a body that is not `{"requests":[...]}`, more than 20
//! members, a member without `id`, `method` or `url`, a duplicate `id` (ids compare without
//! case), a `dependsOn` naming no member or going round in a circle, a `body` without its
//! `Content-Type`, a property the tenant does not serve — and any of those answers the whole
//! batch `400`. Otherwise the batch answers `200` and each member goes through `pipeline` as if
//! it had been sent alone: charged its own resource units, throttled on its own (a member over
//! the budget gets its own `429` and `Retry-After` while the batch is still `200`), faulted,
//! logged. Members run in their listed order, a member after those it `dependsOn`; a member
//! whose dependency failed is answered `424 Failed Dependency` without being run. The envelope
//! itself is free and never throttled: the service charges members, not batches.

use std::collections::BTreeMap;
use std::time::SystemTime;

use base64::Engine as _;
use serde::Deserialize;
use serde_json::{Map, Value, json};

use super::pipeline::{self, Outcome};
use crate::sim::exchange::{Incoming, Payload, Reply, SimFailure};
use crate::sim::request_log::LoggedRequest;
use crate::sim::route::GRAPH_PREFIX;
use crate::sim::tenant::Tenant;

/// The most members one batch may hold.
pub(crate) const MAX_MEMBERS: usize = 20;

/// Whether `path` is the batch endpoint (`/v1.0/$batch`, `$` as sent or percent-encoded).
pub(crate) fn is_batch(path: &str) -> bool {
    path.strip_prefix(GRAPH_PREFIX)
        .map(|rest| rest.trim_end_matches('/'))
        .is_some_and(|rest| rest == "/$batch" || rest.eq_ignore_ascii_case("/%24batch"))
}

/// One member as the client wrote it.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct Member {
    id: String,
    method: String,
    url: String,
    #[serde(default)]
    headers: BTreeMap<String, String>,
    #[serde(default)]
    body: Option<Value>,
    #[serde(default)]
    depends_on: Vec<String>,
    /// `depends_on`, as msgraph-core (Python) 1.5.2 writes `dependsOn` on every member.
    #[serde(default, rename = "depends_on")]
    snake_case_depends_on: Vec<String>,
}

/// A member checked: what `pipeline` is handed.
#[derive(Debug)]
struct Checked {
    id: String,
    method: String,
    path: String,
    query: Option<String>,
    content_range: Option<String>,
    if_match: Option<String>,
    if_none_match: Option<String>,
    delta_exclude_parent: bool,
    body: Vec<u8>,
    /// Indexes of the members it depends on.
    depends_on: Vec<usize>,
}

/// Answers a request to the batch endpoint.
pub(crate) fn answer(tenant: &mut Tenant, incoming: &Incoming<'_>, now: SystemTime) -> Outcome {
    let now_us = tenant.now_us();
    if tenant.tokens.check(incoming.authorization, now_us).is_err() {
        // Unauthenticated: answered 401 by the one path every Graph request takes.
        return pipeline::answer(tenant, incoming, now);
    }
    let checked = incoming
        .require_method("POST")
        .and_then(|()| refuse_query(incoming.query))
        .and_then(|()| members(incoming.body));
    let request_id = tenant.contents.ids.request_id();
    let status = match &checked {
        Ok(_) => 200,
        Err(failure) => failure.status,
    };
    tenant.requests.record(LoggedRequest {
        at_us: now_us,
        method: incoming.method.to_owned(),
        path: incoming.path.to_owned(),
        status,
        fault: None,
    });
    let members = match checked {
        Ok(members) => members,
        Err(failure) => return Outcome::plain(Err(failure), request_id),
    };
    let mut statuses: Vec<Option<u16>> = vec![None; members.len()];
    let mut responses = Vec::with_capacity(members.len());
    let mut held_us = 0u64;
    let mut drop_connection = false;
    for index in run_order(&members) {
        let member = &members[index];
        let failed = member
            .depends_on
            .iter()
            .find(|&&on| statuses[on].is_none_or(|status| status >= 400));
        let response = if let Some(&on) = failed {
            statuses[index] = Some(424);
            failed_dependency(member, &members[on].id, tenant, now)
        } else {
            let path = format!("{GRAPH_PREFIX}{}", member.path);
            let member_incoming = Incoming {
                method: &member.method,
                path: &path,
                query: member.query.as_deref(),
                authorization: incoming.authorization,
                content_range: member.content_range.as_deref(),
                range: None,
                if_match: member.if_match.as_deref(),
                if_none_match: member.if_none_match.as_deref(),
                delta_exclude_parent: member.delta_exclude_parent,
                body: &member.body,
                staged: None,
            };
            let outcome = pipeline::answer(tenant, &member_incoming, now);
            statuses[index] = Some(outcome.status());
            held_us = held_us.saturating_add(outcome.held_us);
            drop_connection |= outcome.drop_connection;
            member_response(&member.id, &outcome, &path, now)
        };
        responses.push(response);
    }
    let mut outcome = Outcome::plain(
        Ok(Reply {
            status: 200,
            payload: Payload::Json(json!({ "responses": responses })),
        }),
        request_id,
    );
    // One round trip for the whole batch, plus what each member's answer was held.
    outcome.latency_us = tenant.behaviour.delays.next_latency_us();
    outcome.held_us = held_us;
    outcome.drop_connection = drop_connection;
    outcome
}

/// The envelope's 400: Graph's batch front end answers `BadRequest`.
fn malformed(message: impl Into<String>) -> SimFailure {
    SimFailure::new(400, "BadRequest", message)
}

fn refuse_query(query: Option<&str>) -> Result<(), SimFailure> {
    match query.filter(|q| !q.is_empty()) {
        None => Ok(()),
        Some(query) => Err(malformed(format!(
            "The $batch endpoint takes no query options; this tenant does not serve '{query}'. \
             Put query options in each member's url."
        ))),
    }
}

/// The members of a batch body, checked whole.
fn members(body: &[u8]) -> Result<Vec<Checked>, SimFailure> {
    let envelope: Value = serde_json::from_slice(body).map_err(|e| {
        malformed(format!(
            "The batch body is not JSON ({e}); send {{\"requests\":[...]}}."
        ))
    })?;
    let Value::Object(mut envelope) = envelope else {
        return Err(malformed(
            "The batch body must be a JSON object {\"requests\":[...]}.",
        ));
    };
    let requests = envelope
        .remove("requests")
        .ok_or_else(|| malformed("The batch body has no 'requests' array."))?;
    if let Some(other) = envelope.keys().next() {
        return Err(malformed(format!(
            "The batch body's property '{other}' is not served; only 'requests' is."
        )));
    }
    let Value::Array(requests) = requests else {
        return Err(malformed("The batch body's 'requests' must be an array."));
    };
    if requests.is_empty() {
        return Err(malformed("The batch holds no requests."));
    }
    if requests.len() > MAX_MEMBERS {
        return Err(malformed(format!(
            "The batch holds {} requests; a batch holds at most {MAX_MEMBERS}.",
            requests.len()
        )));
    }
    let written: Vec<Member> = requests
        .into_iter()
        .enumerate()
        .map(|(index, value)| {
            serde_json::from_value(value).map_err(|e| malformed(format!("requests[{index}]: {e}.")))
        })
        .collect::<Result<_, _>>()?;
    let ids: Vec<String> = written.iter().map(|m| m.id.to_lowercase()).collect();
    for (index, id) in ids.iter().enumerate() {
        if id.is_empty() {
            return Err(malformed(format!("requests[{index}] has an empty id.")));
        }
        if ids[..index].contains(id) {
            return Err(malformed(format!(
                "The id '{}' is used by more than one request; ids must be unique in a batch \
                 (case is ignored).",
                written[index].id
            )));
        }
    }
    let checked = written
        .into_iter()
        .map(|member| check(member, &ids))
        .collect::<Result<Vec<_>, _>>()?;
    if run_order(&checked).len() < checked.len() {
        return Err(malformed(
            "The requests' dependsOn go round in a circle; no request can run first.",
        ));
    }
    Ok(checked)
}

/// One member checked against the rules the tenant serves; `ids` are every member's id, in
/// lower case.
fn check(member: Member, ids: &[String]) -> Result<Checked, SimFailure> {
    let id = member.id;
    let method = member.method.to_ascii_uppercase();
    if !["GET", "POST", "PUT", "PATCH", "DELETE"].contains(&method.as_str()) {
        return Err(malformed(format!(
            "Request '{id}': the method '{}' is not one of GET, POST, PUT, PATCH, DELETE.",
            member.method
        )));
    }
    if member.url.contains("://") {
        return Err(malformed(format!(
            "Request '{id}': the url '{}' is absolute; give it relative to the version, \
             as '/drives/{{id}}/root'.",
            member.url
        )));
    }
    let url = if member.url.starts_with('/') {
        member.url
    } else {
        format!("/{}", member.url)
    };
    let (path, query) = match url.split_once('?') {
        Some((path, query)) => (path.to_owned(), Some(query.to_owned())),
        None => (url, None),
    };
    let header = |name: &str| {
        member
            .headers
            .iter()
            .find(|(key, _)| key.eq_ignore_ascii_case(name))
            .map(|(_, value)| value.clone())
    };
    let body = match &member.body {
        None => Vec::new(),
        Some(body) => {
            let Some(content_type) = header("content-type") else {
                return Err(malformed(format!(
                    "Request '{id}' has a body but no Content-Type header; a member with a \
                     body must say its Content-Type."
                )));
            };
            body_bytes(&id, body, &content_type)?
        }
    };
    if !member.snake_case_depends_on.is_empty() {
        // Empty, it asks for nothing and is let through; with ids, the service's property is
        // `dependsOn`, and an order that would not be kept is refused rather than ignored.
        return Err(malformed(format!(
            "Request '{id}': 'depends_on' is not a batch property; the order it asks for \
             would not be kept. Write it 'dependsOn'."
        )));
    }
    let mut depends_on = Vec::with_capacity(member.depends_on.len());
    for on in &member.depends_on {
        let lower = on.to_lowercase();
        match ids.iter().position(|id| *id == lower) {
            Some(index) if ids[index] != id.to_lowercase() => depends_on.push(index),
            Some(_) => {
                return Err(malformed(format!("Request '{id}' depends on itself.")));
            }
            None => {
                return Err(malformed(format!(
                    "Request '{id}' depends on '{on}', which is not in the batch."
                )));
            }
        }
    }
    Ok(Checked {
        content_range: header("content-range"),
        if_match: header("if-match"),
        if_none_match: header("if-none-match"),
        delta_exclude_parent: header("deltaexcludeparent").is_some(),
        id,
        method,
        path,
        query,
        body,
        depends_on,
    })
}

/// A member's body as bytes: JSON for a JSON `Content-Type`, otherwise base64 (standard or
/// URL-safe, padded or not), as the documentation allows.
fn body_bytes(id: &str, body: &Value, content_type: &str) -> Result<Vec<u8>, SimFailure> {
    if content_type.to_ascii_lowercase().contains("json") {
        return Ok(serde_json::to_vec(body).unwrap_or_default());
    }
    let Value::String(encoded) = body else {
        return Err(malformed(format!(
            "Request '{id}': a body of Content-Type '{content_type}' must be a base64 string."
        )));
    };
    use base64::engine::general_purpose::{STANDARD, STANDARD_NO_PAD, URL_SAFE, URL_SAFE_NO_PAD};
    [STANDARD, URL_SAFE, STANDARD_NO_PAD, URL_SAFE_NO_PAD]
        .iter()
        .find_map(|engine| engine.decode(encoded).ok())
        .ok_or_else(|| {
            malformed(format!(
                "Request '{id}': its body is not base64 (Content-Type '{content_type}')."
            ))
        })
}

/// The order the members run in: listed order, each after the members it depends on. Shorter
/// than `members` when their dependencies go round in a circle.
fn run_order(members: &[Checked]) -> Vec<usize> {
    let mut done = vec![false; members.len()];
    let mut order = Vec::with_capacity(members.len());
    while let Some(next) =
        (0..members.len()).find(|&i| !done[i] && members[i].depends_on.iter().all(|&on| done[on]))
    {
        done[next] = true;
        order.push(next);
    }
    order
}

/// The answer to a member that was not run because `on`, which it depends on, failed.
fn failed_dependency(member: &Checked, on: &str, tenant: &mut Tenant, now: SystemTime) -> Value {
    let failure = SimFailure::new(
        424,
        "failedDependency",
        format!(
            "Request '{}' was not run: request '{on}', which it depends on, failed.",
            member.id
        ),
    );
    let request_id = tenant.contents.ids.request_id();
    let outcome = Outcome::plain(Err(failure), request_id);
    member_response(&member.id, &outcome, "", now)
}

/// One entry of `responses`: the member's id, status, headers (named as the documentation's
/// sample names them) and JSON body.
fn member_response(id: &str, outcome: &Outcome, path: &str, now: SystemTime) -> Value {
    let rendered = pipeline::rendered(outcome, path, None, now);
    let mut headers = Map::new();
    for (name, value) in &rendered.headers {
        let name = match *name {
            "location" => "Location",
            "content-type" => "Content-Type",
            "www-authenticate" => "WWW-Authenticate",
            other => other,
        };
        headers.insert(name.to_owned(), Value::String(value.clone()));
    }
    if outcome.resource_units > 0 {
        headers.insert(
            "x-ms-resource-unit".to_owned(),
            Value::String(outcome.resource_units.to_string()),
        );
    }
    let mut response = Map::new();
    response.insert("id".to_owned(), Value::String(id.to_owned()));
    response.insert("status".to_owned(), Value::from(rendered.status));
    if let Some(body) = rendered.body {
        headers
            .entry("Content-Type")
            .or_insert_with(|| Value::String("application/json".to_owned()));
        let body = serde_json::from_slice(&body)
            .unwrap_or_else(|_| Value::String(String::from_utf8_lossy(&body).into_owned()));
        response.insert("headers".to_owned(), Value::Object(headers));
        response.insert("body".to_owned(), body);
    } else {
        response.insert("headers".to_owned(), Value::Object(headers));
    }
    Value::Object(response)
}
