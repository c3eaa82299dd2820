//! Who a request is for. Every attempt is filed under a site of the scenario, so the token
//! source, the send path and every call carry this small value down to the sink.

/// Who an attempt is for, so the sink can file it under the right site.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RequestContext {
    /// Index of the site in the scenario.
    pub site: usize,
}
