//! App-only authentication against Microsoft Entra ID for the real tenant: the client
//! credentials grant with a client secret or a certificate, its form written here (`request`),
//! sent on our own HTTP client and recorded as one [`Operation::Token`] attempt per fetch
//! (contract 2), outside the copy latencies.
//!
//! [`AppTokenSource`] caches the token until shortly before it expires (five minutes, or a tenth
//! of its lifetime when that is shorter), lets concurrent callers share one fetch, and forgets a
//! token the service refused ([`TokenSource::invalidate`]) so the send path's one extra attempt
//! after a 401 carries a fresh one. No secret, assertion or access token ever appears in an
//! error, a `Debug` output or a log line (contract 5).
//!
//! The files build on each other one way: `secret` and `certificate` (the credentials' values),
//! `credential` (what the app is configured with), `request` and `response` (the token
//! exchange's two halves), and this file, the token source that sends one and reads the other.

mod certificate;
mod credential;
mod request;
mod response;
mod secret;

#[cfg(test)]
mod tests;

pub use certificate::{CertificateError, ClientCertificate};
pub use credential::{AppAuthConfig, AppCredential};
pub use secret::Secret;

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant, SystemTime};

use futures::future::BoxFuture;
use reqwest::header::{ACCEPT, CONTENT_TYPE, RETRY_AFTER};
use reqwest::redirect::Policy;
use url::Url;

use super::{GraphError, RequestContext, TokenSource, parse_retry_after};
use crate::vocab::attempt::{Attempt, AttemptSink, Operation};
use crate::vocab::units::micros;

/// The longest a token is refreshed ahead of its expiry.
const MAX_REFRESH_MARGIN: Duration = Duration::from_secs(300);

/// The time before expiry at which a token of `lifetime` is refreshed: five minutes, or a tenth
/// of its lifetime when that is shorter (a one-hour token is used for 55 minutes, a
/// five-second token for 4.5 seconds).
pub fn refresh_margin(lifetime: Duration) -> Duration {
    MAX_REFRESH_MARGIN.min(lifetime / 10)
}

/// App-only tokens from Entra ID (or the simulated tenant's token endpoint): cached, shared by
/// concurrent callers, each fetch recorded as one [`Operation::Token`] attempt.
pub struct AppTokenSource {
    config: AppAuthConfig,
    endpoint: Url,
    http: reqwest::Client,
    sink: Arc<dyn AttemptSink>,
    timeout: Duration,
    /// The current token and when to refresh it. Never held across an await.
    cached: Mutex<Option<CachedToken>>,
    /// Held by the one caller fetching; the others wait for it and then read `cached`.
    fetching: tokio::sync::Mutex<()>,
}

struct CachedToken {
    token: Arc<str>,
    refresh_at: Instant,
}

impl std::fmt::Debug for AppTokenSource {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AppTokenSource")
            .field("endpoint", &self.endpoint.as_str())
            .field("tenant_id", &self.config.tenant_id)
            .field("client_id", &self.config.client_id)
            .field("credential", &self.config.credential)
            .finish_non_exhaustive()
    }
}

impl AppTokenSource {
    /// Checks the identifiers and builds the source; nothing is sent until the first
    /// [`TokenSource::token`].
    pub fn new(
        config: AppAuthConfig,
        sink: Arc<dyn AttemptSink>,
    ) -> Result<AppTokenSource, GraphError> {
        check_client_id(&config.client_id)?;
        check_tenant_id(&config.tenant_id)?;
        let endpoint = request::token_url(&config.login_url, &config.tenant_id)?;
        let timeout = Duration::from_micros(config.request_timeout_us);
        let http = reqwest::Client::builder()
            .redirect(Policy::none())
            .timeout(timeout)
            .user_agent(config.user_agent.as_str())
            .build()
            .map_err(|e| GraphError::Connection(format!("cannot build the HTTP client: {e}")))?;
        Ok(AppTokenSource {
            config,
            endpoint,
            http,
            sink,
            timeout,
            cached: Mutex::new(None),
            fetching: tokio::sync::Mutex::new(()),
        })
    }

    /// The token endpoint this source posts to: `{login_url}/{tenant}/oauth2/v2.0/token`.
    pub fn token_endpoint(&self) -> &Url {
        &self.endpoint
    }

    fn cache(&self) -> std::sync::MutexGuard<'_, Option<CachedToken>> {
        self.cached
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    fn fresh(&self) -> Option<Arc<str>> {
        let cache = self.cache();
        let cached = cache.as_ref()?;
        (Instant::now() < cached.refresh_at).then(|| cached.token.clone())
    }

    /// One token request: sent once, recorded once, whatever the outcome.
    async fn fetch(&self, ctx: RequestContext) -> Result<CachedToken, GraphError> {
        let secret = match &self.config.credential {
            AppCredential::Secret(secret) => Some(secret),
            AppCredential::Certificate(_) => None,
        };
        let scrub = |text: String| match secret {
            Some(secret) => secret.scrub(&text),
            None => text,
        };
        let built = request::build(
            &self.config.login_url,
            &self.config.tenant_id,
            &self.config.client_id,
            &self.config.credential,
        )
        .map_err(|e| scrub_error(e, secret))?;
        let bytes_sent = built.body.expose().len() as u64;
        let mut http = self
            .http
            .post(built.url.clone())
            .header(CONTENT_TYPE, "application/x-www-form-urlencoded")
            .header(ACCEPT, "application/json")
            .body(built.body.expose().to_owned());
        if let Some((id, secret)) = &built.basic {
            http = http.basic_auth(id, Some(secret.expose()));
        }
        let started = Instant::now();
        let outcome = exchange(http).await;
        let latency_us = micros(started.elapsed());
        let mut attempt = Attempt {
            op: Operation::Token,
            site: ctx.site,
            started,
            latency_us,
            gate_wait_us: 0,
            status: None,
            bytes_sent,
            bytes_received: 0,
            retry_after_us: None,
            rate_limit: None,
            timed_out: false,
            retry: false,
        };
        let result = match outcome {
            Ok((status, retry_after, body)) => {
                attempt.status = Some(status);
                attempt.bytes_received = body.len() as u64;
                attempt.retry_after_us = retry_after.map(micros);
                response::read(status, &body, retry_after, secret).map(|issued| CachedToken {
                    refresh_at: started + issued.lifetime - refresh_margin(issued.lifetime),
                    token: Arc::from(issued.access_token),
                })
            }
            Err(error) => {
                attempt.timed_out = error.is_timeout();
                Err(if error.is_timeout() {
                    GraphError::Timeout(self.timeout)
                } else {
                    GraphError::Connection(scrub(format!(
                        "cannot reach the token endpoint {}: {}",
                        self.endpoint,
                        error_chain(&error)
                    )))
                })
            }
        };
        self.sink.record(&attempt);
        match &result {
            Ok(_) => tracing::debug!(site = ctx.site, "app-only token fetched"),
            Err(error) => tracing::debug!(site = ctx.site, %error, "token fetch failed"),
        }
        result
    }
}

impl TokenSource for AppTokenSource {
    fn token(&self, ctx: RequestContext) -> BoxFuture<'_, Result<Arc<str>, GraphError>> {
        Box::pin(async move {
            if let Some(token) = self.fresh() {
                return Ok(token);
            }
            let _fetching = self.fetching.lock().await;
            // Whoever held the lock before us may have fetched already.
            if let Some(token) = self.fresh() {
                return Ok(token);
            }
            let fetched = self.fetch(ctx).await?;
            let token = fetched.token.clone();
            *self.cache() = Some(fetched);
            Ok(token)
        })
    }

    fn invalidate(&self, stale: &str) {
        let mut cache = self.cache();
        if cache.as_ref().is_some_and(|c| &*c.token == stale) {
            *cache = None;
        }
    }
}

/// Status, `Retry-After` and body of an answer, or the transport error.
async fn exchange(
    request: reqwest::RequestBuilder,
) -> Result<(u16, Option<Duration>, bytes::Bytes), reqwest::Error> {
    let response = request.send().await.map_err(reqwest::Error::without_url)?;
    let status = response.status().as_u16();
    let retry_after = response
        .headers()
        .get(RETRY_AFTER)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| parse_retry_after(v, SystemTime::now()));
    let body = response
        .bytes()
        .await
        .map_err(reqwest::Error::without_url)?;
    Ok((status, retry_after, body))
}

fn error_chain(error: &reqwest::Error) -> String {
    let mut text = error.to_string();
    let mut source = std::error::Error::source(error);
    while let Some(cause) = source {
        text.push_str(": ");
        text.push_str(&cause.to_string());
        source = cause.source();
    }
    text
}

fn scrub_error(error: GraphError, secret: Option<&Secret>) -> GraphError {
    match (error, secret) {
        (GraphError::Auth(text), Some(secret)) => GraphError::Auth(secret.scrub(&text)),
        (error, _) => error,
    }
}

/// An Application (client) ID is a GUID: 8-4-4-4-12 hex digits.
fn check_client_id(client_id: &str) -> Result<(), GraphError> {
    let groups: Vec<&str> = client_id.split('-').collect();
    let shape = [8, 4, 4, 4, 12];
    let is_guid = groups.len() == shape.len()
        && groups
            .iter()
            .zip(shape)
            .all(|(group, len)| group.len() == len && group.chars().all(|c| c.is_ascii_hexdigit()));
    if is_guid {
        Ok(())
    } else {
        Err(GraphError::Auth(
            "the client id is not a GUID; use the app registration's Application (client) ID, \
             like 00000000-0000-0000-0000-000000000000"
                .to_owned(),
        ))
    }
}

/// A tenant is a GUID or a domain name: letters, digits, `.` and `-` only (it becomes a path
/// segment of the token endpoint).
fn check_tenant_id(tenant_id: &str) -> Result<(), GraphError> {
    let ok = !tenant_id.is_empty()
        && tenant_id.len() <= 253
        && tenant_id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '.' || c == '-');
    if ok {
        Ok(())
    } else {
        Err(GraphError::Auth(
            "the tenant id is neither a GUID nor a domain name; use the Directory (tenant) ID \
             from the app registration's overview, or a domain like contoso.onmicrosoft.com"
                .to_owned(),
        ))
    }
}
