//! Where bearer tokens come from. The simulated tenant takes a static token; the real tenant
//! fetches and renews app-only tokens (`auth`), recording each fetch as its own attempt.

use std::sync::Arc;

use super::{GraphError, RequestContext};

/// A source of bearer tokens for Graph calls (never for upload-session URLs).
pub trait TokenSource: Send + Sync + std::fmt::Debug {
    /// A currently valid access token. `ctx` names the site whose request needs it, so a fetch
    /// it causes is recorded under that site.
    fn token(
        &self,
        ctx: RequestContext,
    ) -> futures::future::BoxFuture<'_, Result<Arc<str>, GraphError>>;

    /// The service answered 401 to a request that carried `stale`: forget it, so the next
    /// [`TokenSource::token`] fetches a new one. Sources whose token cannot change ignore it.
    fn invalidate(&self, stale: &str) {
        let _ = stale;
    }
}

/// A fixed token, as the simulated tenant accepts. Its `Debug` never shows the token.
#[derive(Clone)]
pub struct StaticToken(Arc<str>);

impl StaticToken {
    /// Wraps a token.
    pub fn new(token: impl Into<Arc<str>>) -> Self {
        StaticToken(token.into())
    }
}

impl std::fmt::Debug for StaticToken {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("StaticToken(<redacted>)")
    }
}

impl TokenSource for StaticToken {
    fn token(
        &self,
        _ctx: RequestContext,
    ) -> futures::future::BoxFuture<'_, Result<Arc<str>, GraphError>> {
        let token = self.0.clone();
        Box::pin(async move { Ok(token) })
    }
}
