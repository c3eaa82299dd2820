//! Hard weather on demand: the faults the simulated tenant injects, each at its own rate and
//! drawn from its own seeded stream (so turning one fault on does not move another's draws),
//! to prove the client's recovery. What each fault does to the tenant's state is part
//! of its definition:
//!
//! | fault | eligible requests | answer | state |
//! |---|---|---|---|
//! | server error | every Graph call and upload-URL request | 500, 502, 503 (no `Retry-After`), 504 in turn | unchanged |
//! | unauthorized | Graph calls (bearer token) | 401 `InvalidAuthenticationToken` | unchanged |
//! | session expiry | fragment PUTs | 404 `itemNotFound` / `uploadSessionNotFound` | the session is gone |
//! | range error | fragment PUTs | 416 `invalidRange` | unchanged (the fragment is not stored) |
//! | lost response | simple PUTs and final fragments that stored a file, accepted copy requests, deletes that deleted | none: the connection is closed | stored / job started / deleted |
//! | lookup error | GETs of an item by its path (`items/{parent}:/{name}:`) | 500 `generalException` | unchanged |
//! | slow response | every Graph call and upload-URL request | the normal answer, `slow_response` late | changed as usual |
//!
//! A slow write is stored when it arrives, as on the real service (a client that gives up
//! waiting does not undo a request the service took); a client whose `request_timeout` is
//! shorter sees a timeout and must look before writing again. A request refused 401 by the
//! fault is let through when it is repeated (same method and path): the client's one repeat
//! with a fresh token must work, as it would after a real token expiry.

use std::collections::HashSet;

use rand::{RngExt as _, SeedableRng as _};
use rand_chacha::ChaCha8Rng;

use crate::scenario::FaultRates;
use crate::sim::exchange::{Incoming, SimFailure};
use crate::sim::route::{self, GRAPH_PREFIX, UPLOAD_PREFIX};
use crate::sim::state::Sessions;
use crate::vocab::units::Micros;

/// Streams of the fault draws, after latency (1), corruption (2) and busy (3).
const SERVER_ERROR_STREAM: u64 = 4;
const SLOW_STREAM: u64 = 5;
const SESSION_EXPIRY_STREAM: u64 = 6;
const RANGE_ERROR_STREAM: u64 = 7;
const LOST_STREAM: u64 = 8;
const UNAUTHORIZED_STREAM: u64 = 9;
const LOOKUP_ERROR_STREAM: u64 = 10;

/// The statuses of the server-error fault, in the order they are served.
const SERVER_ERRORS: [u16; 4] = [500, 502, 503, 504];

/// Labels of the faults in the request log.
pub(crate) mod label {
    /// 500/502/503/504.
    pub(crate) const SERVER_ERROR: &str = "server-error";
    /// 401.
    pub(crate) const UNAUTHORIZED: &str = "unauthorized";
    /// 404 on a fragment, session gone.
    pub(crate) const SESSION_EXPIRED: &str = "session-expired";
    /// 416 on a fragment.
    pub(crate) const RANGE_ERROR: &str = "range-error";
    /// Stored, then no answer.
    pub(crate) const LOST: &str = "lost-response";
    /// Answered late.
    pub(crate) const SLOW: &str = "slow-response";
    /// 500 on a GET of an item by path.
    pub(crate) const LOOKUP_ERROR: &str = "lookup-error";
}

/// One rate with its own random stream.
#[derive(Debug)]
struct Draw {
    rate: f64,
    rng: ChaCha8Rng,
}

impl Draw {
    fn new(seed: u64, stream: u64, rate: f64) -> Draw {
        let mut rng = ChaCha8Rng::seed_from_u64(seed);
        rng.set_stream(stream);
        Draw {
            rate: if rate.is_finite() {
                rate.clamp(0.0, 1.0)
            } else {
                0.0
            },
            rng,
        }
    }

    fn hit(&mut self) -> bool {
        if self.rate <= 0.0 {
            return false;
        }
        let u: f64 = self.rng.random();
        u < self.rate
    }
}

/// A request refused by a fault before it reached the resource.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Refusal {
    /// The Graph error answered.
    pub(crate) failure: SimFailure,
    /// A body that is not Graph's JSON (a gateway's page), sent instead of the error JSON.
    pub(crate) plain_body: Option<&'static str>,
    /// The fault's label for the request log.
    pub(crate) label: &'static str,
}

/// What happens to an answer after the resource handled the request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Aftermath {
    /// The connection is closed without an answer.
    Lost,
    /// The answer is held back this long.
    Slow(Micros),
}

impl Aftermath {
    /// The fault's label for the request log.
    pub(crate) fn label(self) -> &'static str {
        match self {
            Aftermath::Lost => label::LOST,
            Aftermath::Slow(_) => label::SLOW,
        }
    }
}

/// Which faults a request can meet.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind<'a> {
    /// A Graph call (carries the bearer token).
    Graph,
    /// A PUT of a fragment to the upload URL of session `.0`.
    Fragment(&'a str),
    /// Any other upload-URL request (status, cancel).
    UploadUrl,
    /// Nothing faults touch (admin paths, unknown paths).
    Other,
}

fn kind_of<'a>(request: &Incoming<'a>) -> Kind<'a> {
    if request.path.starts_with(GRAPH_PREFIX) {
        Kind::Graph
    } else if let Some(session) = request.path.strip_prefix(UPLOAD_PREFIX) {
        if request.method == "PUT" {
            Kind::Fragment(session)
        } else {
            Kind::UploadUrl
        }
    } else {
        Kind::Other
    }
}

/// A GET of a drive item addressed by its path below a folder (`…/items/{parent}:/{name}:`),
/// the request a client sends to find out whether an unclear write was stored.
fn is_lookup_by_path(request: &Incoming<'_>) -> bool {
    let path = request.path.trim_end_matches('/');
    request.method == "GET"
        && path.contains("/items/")
        && (path.ends_with(':') || path.to_ascii_uppercase().ends_with("%3A"))
}

/// The tenant's fault state: the draws, the rotation of server errors, and the requests whose
/// repeat after a fault 401 goes through.
#[derive(Debug)]
pub(crate) struct FaultInjector {
    server_error: Draw,
    slow: Draw,
    slow_response_us: Micros,
    session_expiry: Draw,
    range_error: Draw,
    lost: Draw,
    unauthorized: Draw,
    lookup_error: Draw,
    next_server_error: usize,
    /// `(method, path)` of requests refused 401 by the fault, waiting for their repeat.
    refused_unauthorized: HashSet<(String, String)>,
}

impl FaultInjector {
    /// The injector for `faults`, seeded with the tenant's seed.
    pub(crate) fn new(seed: u64, faults: &FaultRates) -> FaultInjector {
        FaultInjector {
            server_error: Draw::new(seed, SERVER_ERROR_STREAM, faults.server_error_rate),
            slow: Draw::new(seed, SLOW_STREAM, faults.slow_rate),
            slow_response_us: faults.slow_response_us,
            session_expiry: Draw::new(seed, SESSION_EXPIRY_STREAM, faults.session_expiry_rate),
            range_error: Draw::new(seed, RANGE_ERROR_STREAM, faults.range_error_rate),
            lost: Draw::new(seed, LOST_STREAM, faults.lost_response_rate),
            unauthorized: Draw::new(seed, UNAUTHORIZED_STREAM, faults.unauthorized_rate),
            lookup_error: Draw::new(seed, LOOKUP_ERROR_STREAM, faults.lookup_error_rate),
            next_server_error: 0,
            refused_unauthorized: HashSet::new(),
        }
    }

    /// Whether any fault can happen (the responder skips the work otherwise).
    pub(crate) fn enabled(&self) -> bool {
        [
            &self.server_error,
            &self.slow,
            &self.session_expiry,
            &self.range_error,
            &self.lost,
            &self.unauthorized,
            &self.lookup_error,
        ]
        .iter()
        .any(|draw| draw.rate > 0.0)
    }

    /// Before the resource sees an authorised request: a fault that refuses it, if one is
    /// drawn. Every eligible stream is drawn whatever the outcome, so each fault's draws do not
    /// depend on the others'. Only session expiry changes state (the session is dropped).
    pub(crate) fn before(
        &mut self,
        request: &Incoming<'_>,
        sessions: &mut Sessions,
    ) -> Option<Refusal> {
        let kind = kind_of(request);
        if kind == Kind::Other {
            return None;
        }
        let unauthorized = kind == Kind::Graph && self.unauthorized.hit();
        let server_error = self.server_error.hit();
        let (expired, range_error) = match kind {
            Kind::Fragment(_) => (self.session_expiry.hit(), self.range_error.hit()),
            _ => (false, false),
        };
        if kind == Kind::Graph {
            let key = (request.method.to_owned(), request.path.to_owned());
            if self.refused_unauthorized.remove(&key) {
                // The repeat after a fault 401: a fresh token works.
            } else if unauthorized {
                self.refused_unauthorized.insert(key);
                return Some(Refusal {
                    failure: SimFailure::new(
                        401,
                        "InvalidAuthenticationToken",
                        "Access token has expired or is not yet valid.",
                    ),
                    plain_body: None,
                    label: label::UNAUTHORIZED,
                });
            }
        }
        let lookup_error =
            kind == Kind::Graph && is_lookup_by_path(request) && self.lookup_error.hit();
        if server_error {
            return Some(self.server_error());
        }
        if lookup_error {
            return Some(Refusal {
                failure: SimFailure::new(
                    500,
                    "generalException",
                    "An unspecified error has occurred.",
                ),
                plain_body: None,
                label: label::LOOKUP_ERROR,
            });
        }
        if let Kind::Fragment(session) = kind {
            if expired && sessions.by_id.remove(session).is_some() {
                return Some(Refusal {
                    failure: SimFailure::session_not_found(),
                    plain_body: None,
                    label: label::SESSION_EXPIRED,
                });
            }
            if range_error && sessions.by_id.contains_key(session) {
                return Some(Refusal {
                    failure: SimFailure::new(
                        416,
                        "invalidRange",
                        "The fragment could not be stored; ask the session for its nextExpectedRanges.",
                    ),
                    plain_body: None,
                    label: label::RANGE_ERROR,
                });
            }
        }
        None
    }

    /// The next server error of the rotation.
    fn server_error(&mut self) -> Refusal {
        let status = SERVER_ERRORS[self.next_server_error % SERVER_ERRORS.len()];
        self.next_server_error = self.next_server_error.wrapping_add(1);
        let (failure, plain_body) = match status {
            500 => (
                SimFailure::new(
                    500,
                    "generalException",
                    "An unspecified error has occurred.",
                ),
                None,
            ),
            502 => (
                SimFailure::new(502, "", "Bad Gateway"),
                Some("<html><body><h1>502 Bad Gateway</h1></body></html>"),
            ),
            503 => (
                SimFailure::new(
                    503,
                    "serviceNotAvailable",
                    "The service is temporarily unavailable.",
                ),
                None,
            ),
            _ => (
                SimFailure::new(
                    504,
                    "generalException",
                    "The gateway did not receive a timely response.",
                ),
                None,
            ),
        };
        Refusal {
            failure,
            plain_body,
            label: label::SERVER_ERROR,
        }
    }

    /// After the resource answered `status`: whether the answer is lost or late. A lost answer
    /// is drawn only for a completed upload (a simple PUT, or the fragment that completed a
    /// session: 200/201), an accepted copy request (202: its job runs) or a delete that deleted
    /// (204), a late one for every Graph call and upload-URL request.
    pub(crate) fn after(&mut self, request: &Incoming<'_>, status: u16) -> Option<Aftermath> {
        let kind = kind_of(request);
        if kind == Kind::Other {
            return None;
        }
        let stored_a_file = request.method == "PUT"
            && matches!(status, 200 | 201)
            && match kind {
                Kind::Fragment(_) => true,
                Kind::Graph => {
                    matches!(route::parse(request.path), Ok(route::Route::Content { .. }))
                }
                _ => false,
            };
        let started_a_copy = request.method == "POST"
            && status == 202
            && kind == Kind::Graph
            && matches!(route::parse(request.path), Ok(route::Route::Copy { .. }));
        let deleted_an_item = status == 204
            && kind == Kind::Graph
            && match route::parse(request.path) {
                Ok(route::Route::Item { .. }) => request.method == "DELETE",
                Ok(route::Route::PermanentDelete { .. }) => request.method == "POST",
                _ => false,
            };
        let lost = (stored_a_file || started_a_copy || deleted_an_item) && self.lost.hit();
        let slow = self.slow.hit();
        if lost {
            Some(Aftermath::Lost)
        } else if slow {
            Some(Aftermath::Slow(self.slow_response_us))
        } else {
            None
        }
    }
}

#[cfg(test)]
#[path = "fault_injection_tests.rs"]
mod tests;
