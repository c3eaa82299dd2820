//! A Graph client pointed at a wiremock server, recording its attempts: the one way the
//! protocol tests build one, so each says only what it changes (token, retry policy, timeout,
//! pacing, copy polls).

use std::sync::Arc;

use pilotbench::graph::{ClientConfig, GraphClient, RetryPolicy, StaticToken, TokenSource};
use url::Url;
use wiremock::MockServer;

use super::recording::RecordingSink;

/// The User-Agent every test client sends.
pub const USER_AGENT: &str = "NONISV|test|pilotbench/0";

/// A retry policy with short backoff so tests stay fast: four attempts, 1 ms to 10 ms apart.
pub fn quick_retry() -> RetryPolicy {
    RetryPolicy {
        max_attempts: 4,
        base_us: 1_000,
        cap_us: 10_000,
    }
}

/// How to build the client: [`TestClient::on`] a server, changed as the test needs, then
/// [`TestClient::build`].
pub struct TestClient {
    config: ClientConfig,
    tokens: Arc<dyn TokenSource>,
    sink: Arc<RecordingSink>,
}

impl TestClient {
    /// A client of `server`'s `/v1.0` with the library's defaults and a static token `"t"`.
    pub fn on(server: &MockServer) -> TestClient {
        let base = Url::parse(&format!("{}/v1.0", server.uri())).expect("base url");
        TestClient {
            config: ClientConfig::new(base, USER_AGENT),
            tokens: Arc::new(StaticToken::new("t")),
            sink: Arc::new(RecordingSink::default()),
        }
    }

    /// Sends `token` as the bearer.
    pub fn token(self, token: &str) -> TestClient {
        self.tokens(Arc::new(StaticToken::new(token)))
    }

    /// Takes its tokens from `tokens`.
    pub fn tokens(mut self, tokens: Arc<dyn TokenSource>) -> TestClient {
        self.tokens = tokens;
        self
    }

    /// Records into `sink` (shared with a token source, say) instead of a sink of its own.
    pub fn sink(mut self, sink: Arc<RecordingSink>) -> TestClient {
        self.sink = sink;
        self
    }

    pub fn retry(mut self, retry: RetryPolicy) -> TestClient {
        self.config.retry = retry;
        self
    }

    /// Per-attempt timeout.
    pub fn timeout_us(mut self, timeout_us: u64) -> TestClient {
        self.config.request_timeout_us = timeout_us;
        self
    }

    /// Any other change to the configuration.
    pub fn configure(mut self, change: impl FnOnce(&mut ClientConfig)) -> TestClient {
        change(&mut self.config);
        self
    }

    /// The client and the sink it records into.
    pub fn build(self) -> (GraphClient, Arc<RecordingSink>) {
        let client = GraphClient::new(self.config, self.tokens, self.sink.clone()).expect("client");
        (client, self.sink)
    }
}
