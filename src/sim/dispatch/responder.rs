//! From a request to a response, free of any HTTP library (`http` puts it on the wire). Under
//! the tenant's lock, held only for the state change: sign-in (the token endpoint, the OpenID
//! discovery document and its keys) and the admin path are answered apart (logged or not,
//! never charged, throttled or delayed); a `$batch` is opened by `batch`; any other request
//! goes through `pipeline` (the behaviour model, its route, the model again, the log).
//! Outside the lock: the JSON body, `request-id` / `client-request-id` headers, and the delay
//! the model asks for (ingest pipe plus latency).

use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime};

use super::batch;
use super::pipeline::{self, Outcome, Rendered};
use crate::sim::exchange::{Download, Incoming};
use crate::sim::file_bytes::FileBytes;
use crate::sim::request_log::LoggedRequest;
use crate::sim::route::{self, ADMIN_PREFIX, Listener, Route};
use crate::sim::serve::{admin, openid_discovery, token_endpoint};
use crate::sim::state::Spool;
use crate::sim::tenant::Tenant;

/// Answers every request to the simulated tenant.
#[derive(Debug, Clone)]
pub(crate) struct Responder {
    tenant: Arc<Mutex<Tenant>>,
    /// The tenant's spool, reached without its lock.
    spool: Arc<Spool>,
}

impl Responder {
    /// A responder for `tenant`.
    pub(crate) fn new(tenant: Tenant) -> Responder {
        Responder {
            spool: tenant.spool.clone(),
            tenant: Arc::new(Mutex::new(tenant)),
        }
    }

    /// A simple upload's body (`PUT …:/{name}:/content`, `PUT …/items/{id}/content`) written
    /// to the spool before the lock is taken, so the lock is not held for disk writes. If the
    /// request is refused, the file goes with the handle; if the spool fails, the route meets
    /// the failure itself.
    fn stage(&self, incoming: &Incoming<'_>) -> Option<FileBytes> {
        if incoming.method != "PUT" {
            return None;
        }
        match route::parse(incoming.path) {
            Ok(Route::Content { .. } | Route::ItemContent { .. }) => {
                self.spool.keep(incoming.body, false).ok()
            }
            _ => None,
        }
    }

    fn run(&self, incoming: &Incoming<'_>, over: Listener, now: SystemTime) -> Outcome {
        let mut guard = self.lock();
        let tenant = &mut *guard;
        tenant.links.answer_over(over);
        if batch::is_batch(incoming.path) {
            batch::answer(tenant, incoming, now)
        } else {
            pipeline::answer(tenant, incoming, now)
        }
    }

    /// The admin paths (`/_sim/...`), for the bearer token only. Not themselves logged, charged
    /// or throttled.
    fn admin(&self, incoming: &Incoming<'_>) -> Outcome {
        let mut tenant = self.lock();
        let result = admin::answer_admin(&mut tenant, incoming);
        let request_id = tenant.contents.ids.request_id();
        Outcome::plain(result, request_id)
    }

    /// Sign-in: the token endpoint (`POST /{tenant}/oauth2/v2.0/token`), the OpenID discovery
    /// document and its keys, answered as Entra does; logged but not charged, throttled or
    /// delayed.
    fn sign_in(
        &self,
        incoming: &Incoming<'_>,
        asked: SignIn<'_>,
        over: Listener,
        now: SystemTime,
    ) -> SimResponse {
        let mut guard = self.lock();
        let tenant = &mut *guard;
        tenant.links.answer_over(over);
        let now_us = tenant.now_us();
        let trace_id = tenant.contents.ids.request_id();
        let answer = match asked {
            SignIn::Token(directory) => {
                let endpoint = tenant.links.token_endpoint(directory);
                token_endpoint::answer(
                    &mut tenant.tokens,
                    incoming,
                    directory,
                    &endpoint,
                    now,
                    now_us,
                    &trace_id,
                )
            }
            SignIn::Discovery(directory) => {
                token_endpoint::get_only(incoming, now, &trace_id, || {
                    openid_discovery::configuration(&tenant.links, directory)
                })
            }
            SignIn::Keys => token_endpoint::get_only(incoming, now, &trace_id, || {
                openid_discovery::signing_keys()
            }),
        };
        tenant.requests.record(LoggedRequest {
            at_us: now_us,
            method: incoming.method.to_owned(),
            path: incoming.path.to_owned(),
            status: answer.status,
            fault: None,
        });
        // Entra lets clients cache its discovery documents for a day, never a token.
        let cache = match asked {
            SignIn::Token(_) => "no-store, no-cache",
            SignIn::Discovery(_) | SignIn::Keys => "max-age=86400, private",
        };
        SimResponse {
            status: answer.status,
            headers: vec![
                ("x-ms-request-id", trace_id),
                ("cache-control", cache.to_string()),
            ],
            body: serde_json::to_vec(&answer.body).ok(),
            delay: Duration::ZERO,
            drop_connection: false,
            stream: None,
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Tenant> {
        // A panic elsewhere must not take the tenant down with a poisoned lock.
        self.tenant
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

/// Which sign-in endpoint a request names, with its Entra tenant.
#[derive(Debug, Clone, Copy)]
enum SignIn<'a> {
    /// `/{tenant}/oauth2/v2.0/token`.
    Token(&'a str),
    /// `/{tenant}/v2.0/.well-known/openid-configuration`.
    Discovery(&'a str),
    /// `/{tenant}/discovery/v2.0/keys`.
    Keys,
}

impl<'a> SignIn<'a> {
    fn of(path: &'a str) -> Option<SignIn<'a>> {
        if let Some(directory) = route::token_endpoint_tenant(path) {
            Some(SignIn::Token(directory))
        } else if let Some(directory) = route::openid_configuration_tenant(path) {
            Some(SignIn::Discovery(directory))
        } else {
            route::signing_keys_tenant(path).map(|_| SignIn::Keys)
        }
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
    /// A file whose bytes (or one range of them) are the body (a download), streamed by the
    /// server.
    pub(crate) stream: Option<Download>,
    /// How long to hold the response back (ingest pipe plus latency).
    pub(crate) delay: Duration,
    /// Close the connection after the delay instead of answering (an injected lost response).
    pub(crate) drop_connection: bool,
}

impl Responder {
    /// Answers one request that came in on `over`. `client_request_id` is echoed as Graph
    /// does.
    pub(crate) fn respond(
        &self,
        incoming: &Incoming<'_>,
        over: Listener,
        client_request_id: Option<&str>,
    ) -> SimResponse {
        let now = SystemTime::now();
        if let Some(asked) = SignIn::of(incoming.path) {
            return self.sign_in(incoming, asked, over, now);
        }
        let outcome = if incoming.path.starts_with(ADMIN_PREFIX) {
            self.admin(incoming)
        } else {
            let staged = self.stage(incoming);
            let incoming = Incoming {
                staged: staged.as_ref(),
                ..*incoming
            };
            self.run(&incoming, over, now)
        };
        let Rendered {
            status,
            headers,
            body,
            stream,
        } = pipeline::rendered(&outcome, incoming.path, client_request_id, now);
        SimResponse {
            status,
            headers,
            body,
            stream,
            delay: Duration::from_micros(outcome.latency_us.saturating_add(outcome.held_us)),
            drop_connection: outcome.drop_connection,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Instant;

    /// A simple upload's body is written to the spool before the lock is taken; the file is the
    /// item's when the upload is stored, and gone when the upload is refused.
    #[test]
    fn a_staged_upload_is_kept_when_stored_and_gone_when_refused() {
        let config = crate::sim::SimConfig {
            sites: vec![crate::sim::SimSite {
                url: "https://h/sites/a".parse().expect("url"),
                libraries: vec![],
            }],
            ..Default::default()
        };
        let links =
            crate::sim::route::Links::new(crate::sim::route::Origins::loopback("http", 1), None);
        let responder = Responder::new(Tenant::new(&config, links, SystemTime::now()));
        let drive = {
            let s = responder.lock();
            let site = s
                .contents
                .site_by_path("h", "sites/a")
                .expect("site")
                .id
                .clone();
            s.contents.site_default_drive(&site).expect("drive").id
        };
        let authorization = format!("Bearer {}", crate::sim::SIMULATED_TOKEN);
        let path = format!("/v1.0/drives/{drive}/root:/a.txt:/content");
        let put = |query| {
            let incoming = Incoming {
                method: "PUT",
                path: &path,
                query,
                authorization: Some(&authorization),
                content_range: None,
                range: None,
                if_match: None,
                if_none_match: None,
                delta_exclude_parent: false,
                body: b"hello",
                staged: None,
            };
            responder.respond(&incoming, Listener::Plain, None).status
        };
        assert_eq!(put(None), 201);
        assert_eq!(responder.spool.files_held(), 1, "the item's bytes");
        assert_eq!(put(Some("@microsoft.graph.conflictBehavior=fail")), 409);
        assert_eq!(responder.spool.files_held(), 1, "the refused body is gone");
        assert_eq!(put(None), 200);
        assert_eq!(
            responder.spool.files_held(),
            1,
            "replaced: the old bytes are gone"
        );
    }

    /// Cost of the responder alone (no HTTP), per 4 KiB simple PUT into one folder. Run by hand:
    /// `cargo test --release --lib sim::dispatch::responder -- --ignored --nocapture`.
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
        let links =
            crate::sim::route::Links::new(crate::sim::route::Origins::loopback("http", 1), None);
        let tenant = Tenant::new(&config, links, SystemTime::now());
        let responder = Responder::new(tenant);
        let drive = {
            let s = responder.tenant.lock().expect("lock");
            s.contents
                .site_default_drive(
                    &s.contents
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
                range: None,
                if_match: None,
                if_none_match: None,
                delta_exclude_parent: false,
                body: &body,
                staged: None,
            };
            std::hint::black_box(responder.respond(&incoming, Listener::Plain, None));
        }
        println!(
            "responder: {:.2} µs per PUT",
            started.elapsed().as_secs_f64() * 1e6 / n as f64
        );
    }
}
