//! The behaviour model: how the tenant's answers differ from an idle, perfect service's. Each
//! part is seeded and draws from a stream of its own, so turning one on does not move another's
//! draws, and the same seed with the same request order gives the same run:
//!
//! - `throttle`: SharePoint's resource-unit budget per app and window (429 with `Retry-After`
//!   and `RateLimit-*`), and a share of 503 Server Too Busy; decided before a request touches
//!   any state.
//! - `fault_injection`: server errors, 401s, expired upload sessions, 416 on fragments (before
//!   the route), lost and late answers (after it), each at its rate.
//! - `delays`: latency per answer and the shared ingest pipe (bandwidth), added after the route.
//! - `corruption`: the share of uploads stored with altered bytes, drawn by the upload routes.
//!
//! It sits above the tenant's state (a fault can drop an upload session) and the URL space
//! (costs and faults depend on the resource a request names), below the routes and the
//! dispatch that consult it.

mod corruption;
mod delays;
mod fault_injection;
mod throttle;

pub(crate) use corruption::Corruption;
pub(crate) use delays::Delays;
#[cfg(test)]
pub(crate) use fault_injection::label;
pub(crate) use fault_injection::{Aftermath, FaultInjector};
pub(crate) use throttle::{Throttle, ru_cost};

use crate::sim::config::SimConfig;

/// The behaviour model of one tenant, from its settings.
#[derive(Debug)]
pub(crate) struct Behaviour {
    /// Latency and bandwidth.
    pub(crate) delays: Delays,
    /// Altered uploads.
    pub(crate) corruption: Corruption,
    /// RU budget and busy draws.
    pub(crate) throttle: Throttle,
    /// Injected faults.
    pub(crate) faults: FaultInjector,
}

impl Behaviour {
    /// The model `config` asks for.
    pub(crate) fn new(config: &SimConfig) -> Behaviour {
        Behaviour {
            delays: Delays::new(config.seed, config.latency, config.bandwidth_bytes_per_s),
            corruption: Corruption::new(config.seed, config.corrupt_rate),
            throttle: Throttle::new(config, config.ru_window_us),
            faults: FaultInjector::new(config.seed, &config.faults),
        }
    }
}
