//! Helpers shared by the wiremock protocol tests: an attempt sink that keeps every attempt the
//! client reports, and the documented Graph payloads in `fixtures/graph/`.

#![allow(dead_code)]

use std::sync::Mutex;

use pilotbench::vocab::attempt::Attempt;
use pilotbench::vocab::attempt::AttemptSink;
use pilotbench::vocab::attempt::Operation;
use serde_json::Value;

/// Collects every attempt the client reports, in order.
#[derive(Default)]
pub struct RecordingSink(Mutex<Vec<Attempt>>);

impl AttemptSink for RecordingSink {
    fn record(&self, attempt: &Attempt) {
        self.0.lock().expect("sink lock").push(attempt.clone());
    }
}

impl RecordingSink {
    /// Every attempt so far.
    pub fn attempts(&self) -> Vec<Attempt> {
        self.0.lock().expect("sink lock").clone()
    }

    /// (operation, status) of every attempt, in order.
    pub fn summary(&self) -> Vec<(Operation, Option<u16>)> {
        self.attempts().iter().map(|a| (a.op, a.status)).collect()
    }

    /// (operation, status, repeated) of every attempt, in order.
    pub fn summary_with_retry(&self) -> Vec<(Operation, Option<u16>, bool)> {
        self.attempts()
            .iter()
            .map(|a| (a.op, a.status, a.retry))
            .collect()
    }

    /// (operation, status, timed out) of every attempt, in order.
    pub fn summary_with_timeouts(&self) -> Vec<(Operation, Option<u16>, bool)> {
        self.attempts()
            .iter()
            .map(|a| (a.op, a.status, a.timed_out))
            .collect()
    }
}

/// Path of a file in `fixtures/graph/`.
pub fn fixture_path(name: &str) -> String {
    format!("{}/fixtures/graph/{name}", env!("CARGO_MANIFEST_DIR"))
}

/// Text of a file in `fixtures/graph/`.
pub fn fixture_text(name: &str) -> String {
    std::fs::read_to_string(fixture_path(name)).expect("read fixture")
}

/// A JSON payload from `fixtures/graph/`.
pub fn fixture(name: &str) -> Value {
    serde_json::from_str(&fixture_text(name)).expect("fixture is JSON")
}
