//! The tenant's request log: when each request arrived, its method, path and the status it got,
//! so tests can check client conduct from the server's side (for instance that nothing was sent
//! while a `Retry-After` was running). Bounded, oldest dropped first; bodies, queries and the
//! `Authorization` header are never kept.

use std::collections::VecDeque;

use serde::Serialize;

use crate::vocab::units::Micros;

/// The most entries kept; older ones are dropped.
pub(crate) const LOG_CAPACITY: usize = 200_000;

/// One request as the tenant saw it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub(crate) struct LoggedRequest {
    /// Arrival (the request taken up, body read) in microseconds since the tenant started.
    pub(crate) at_us: Micros,
    /// `GET`, `PUT`, ...
    pub(crate) method: String,
    /// Raw path, without the query.
    pub(crate) path: String,
    /// The status answered (for a lost response: the status that was not sent).
    pub(crate) status: u16,
    /// The injected fault that shaped the answer, if any (`fault_injection::label`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) fault: Option<&'static str>,
}

/// A bounded log of requests in arrival order.
#[derive(Debug)]
pub(crate) struct RequestLog {
    entries: VecDeque<LoggedRequest>,
    capacity: usize,
}

impl Default for RequestLog {
    fn default() -> Self {
        RequestLog::with_capacity(LOG_CAPACITY)
    }
}

impl RequestLog {
    /// A log keeping at most `capacity` entries.
    pub(crate) fn with_capacity(capacity: usize) -> RequestLog {
        RequestLog {
            entries: VecDeque::new(),
            capacity,
        }
    }

    /// Appends one entry, dropping the oldest when full.
    pub(crate) fn record(&mut self, entry: LoggedRequest) {
        if self.capacity == 0 {
            return;
        }
        while self.entries.len() >= self.capacity {
            self.entries.pop_front();
        }
        self.entries.push_back(entry);
    }

    /// A copy of the entries, oldest first (taken under the lock, serialised outside it).
    pub(crate) fn snapshot(&self) -> Vec<LoggedRequest> {
        self.entries.iter().cloned().collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(at_us: Micros) -> LoggedRequest {
        LoggedRequest {
            at_us,
            method: "GET".to_owned(),
            path: "/v1.0/drives/d".to_owned(),
            status: 200,
            fault: None,
        }
    }

    #[test]
    fn keeps_the_newest_entries_in_order() {
        let mut log = RequestLog::with_capacity(3);
        for at in 1..=5 {
            log.record(entry(at));
        }
        let kept: Vec<Micros> = log.snapshot().iter().map(|e| e.at_us).collect();
        assert_eq!(kept, vec![3, 4, 5]);
    }
}
