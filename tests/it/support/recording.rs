//! An attempt sink that keeps every attempt a Graph client (or token source) reports, so a
//! test can assert on the attempts as the measurements will see them.

use std::sync::Mutex;

use pilotbench::vocab::attempt::Attempt;
use pilotbench::vocab::attempt::AttemptSink;
use pilotbench::vocab::attempt::Operation;

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
