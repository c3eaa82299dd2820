//! A target once reached: its Graph client and what the reports and the sources' own clients
//! need to know of it.

use url::Url;

use crate::graph::{GraphClient, Interruption};
use crate::sim::SimulatedTenant;

/// A reachable target, kept alive for the run.
pub(crate) struct ReadyTarget {
    /// The Graph client for it.
    pub client: GraphClient,
    /// Description for reports.
    pub description: String,
    /// Kind for reports.
    pub kind: &'static str,
    /// The target's Graph root, which a source's `credentials` use unless they name their own.
    pub graph_url: Url,
    /// The target's token authority (the simulated tenant's own server for a simulated target).
    pub login_url: Url,
    /// The run's Ctrl-C, which ends the waits of its client and of every source client.
    pub interruption: Interruption,
    /// The tenant we started, if we started one (stops when dropped).
    pub _tenant: Option<SimulatedTenant>,
}
