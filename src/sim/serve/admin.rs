//! The simulated tenant's own admin endpoints, outside `/v1.0`, for the simulated tenant's
//! bearer token only. The dispatch answers them before the behaviour model: they are not logged,
//! charged, throttled or delayed.
//!
//! - `GET /_sim/requests`: the request log as a JSON array, oldest first.
//! - `POST /_sim/expire-delta-tokens`: every delta token handed out so far becomes too old; its
//!   next use is answered `410 Gone` (`resyncChangesApplyDifferences`), as the service answers
//!   a token it can no longer serve. Answers 204.

use crate::sim::config::SIMULATED_TOKEN;
use crate::sim::exchange::{Incoming, Payload, Reply, SimFailure, answer};
use crate::sim::route::{EXPIRE_DELTA_TOKENS_PATH, REQUEST_LOG_PATH};
use crate::sim::tenant::Tenant;

/// Answers a request below `/_sim/`.
pub(crate) fn answer_admin(
    tenant: &mut Tenant,
    request: &Incoming<'_>,
) -> Result<Reply, SimFailure> {
    if !bearer_ok(request.authorization) {
        return Err(SimFailure::invalid_token());
    }
    match request.path {
        REQUEST_LOG_PATH => {
            request.require_method("GET")?;
            answer(200, Payload::Requests(tenant.requests.snapshot()))
        }
        EXPIRE_DELTA_TOKENS_PATH => {
            request.require_method("POST")?;
            tenant.delta_tokens.expire_all();
            answer(204, Payload::Empty)
        }
        _ => Err(SimFailure::not_found(
            "No such admin path; the simulated tenant serves /_sim/requests and \
             /_sim/expire-delta-tokens.",
        )),
    }
}

/// `true` if `authorization` carries the simulated tenant's bearer token.
fn bearer_ok(authorization: Option<&str>) -> bool {
    let Some(value) = authorization else {
        return false;
    };
    match value.trim().split_once(' ') {
        Some((scheme, token)) => {
            scheme.eq_ignore_ascii_case("bearer") && token.trim() == SIMULATED_TOKEN
        }
        None => false,
    }
}
