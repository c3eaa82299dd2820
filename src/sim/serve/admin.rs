//! The simulated tenant's own admin endpoints, outside `/v1.0`: `GET /_sim/requests` (bearer
//! token required) returns the request log as a JSON array, oldest first. The dispatch answers
//! them before the behaviour model: they are not logged, charged, throttled or delayed.

use crate::sim::config::SIMULATED_TOKEN;
use crate::sim::exchange::{Incoming, Payload, Reply, SimFailure, answer};
use crate::sim::tenant::Tenant;

/// `GET /_sim/requests`: the request log, for the simulated tenant's bearer token only.
pub(crate) fn request_log(tenant: &Tenant, request: &Incoming<'_>) -> Result<Reply, SimFailure> {
    if !bearer_ok(request.authorization) {
        return Err(SimFailure::invalid_token());
    }
    request.require_method("GET")?;
    answer(200, Payload::Requests(tenant.requests.snapshot()))
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
