//! The Graph client (`pilotbench::graph`) on the wire, against wiremock servers answering with
//! Microsoft's documented payloads (`fixtures/graph/`): what each request carries and where
//! the bearer token goes, how answers are read, and how every attempt is recorded as the
//! measurements will see it. No binary runs here; a test that needs the engine or the
//! simulated tenant belongs in `cli`.

mod auth;
mod copy;
mod documented_payloads;
mod download;
mod errors_and_retries;
mod mock_tenant;
mod pacing;
mod reads;
mod throttling;
mod upload_recovery;
mod upload_sessions;
mod uploads;
