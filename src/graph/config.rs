//! What a client is built with: the base URL, timeouts and pool size, the retry policy, proactive
//! pacing and the copy-monitor poll schedule. The scenario's engine settings become this value
//! (in `app`); the send path, the calls and the copy monitor only read it.

use url::Url;

use super::interruption::Interruption;
use super::retry::RetryPolicy;
use crate::vocab::units::Micros;

/// How to build a client.
#[derive(Debug, Clone)]
pub struct ClientConfig {
    /// Graph root including the version, e.g. `https://graph.microsoft.com/v1.0` or
    /// `http://127.0.0.1:PORT/v1.0`. Paths are appended to it.
    pub base_url: Url,
    /// Sent on every request (`NONISV|org|pilotbench/version`).
    pub user_agent: String,
    /// Per-attempt timeout.
    pub request_timeout_us: Micros,
    /// Connections kept per host (at least the engine's concurrency).
    pub max_idle_per_host: usize,
    /// When and how failed attempts are repeated.
    pub retry: RetryPolicy,
    /// Proactive pacing: when a response's `RateLimit-Remaining` no longer covers the requests
    /// in flight, hold every new request back until its `RateLimit-Reset`. Default on.
    pub pacing: bool,
    /// How often a server-side copy job's monitor is polled.
    pub copy_poll: PollSchedule,
    /// The run's Ctrl-C: every wait of the client (throttle gate, `Retry-After`, backoff, copy
    /// monitor) ends at once on it. Default: never interrupted.
    pub interruption: Interruption,
}

impl ClientConfig {
    /// A configuration with the defaults: 120 s per attempt, 8 idle connections per host, the
    /// default retry policy and pacing on.
    pub fn new(base_url: Url, user_agent: impl Into<String>) -> Self {
        ClientConfig {
            base_url,
            user_agent: user_agent.into(),
            request_timeout_us: 120_000_000,
            max_idle_per_host: 8,
            retry: RetryPolicy::default(),
            pacing: true,
            copy_poll: PollSchedule::default(),
            interruption: Interruption::default(),
        }
    }
}

/// How a copy job's monitor is polled: `first_us`, then each wait `factor` times the last,
/// at most `max_us`; a job still running after `give_up_after_us` fails the item.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PollSchedule {
    /// Wait before the first poll.
    pub first_us: Micros,
    /// Growth of the wait from one poll to the next.
    pub factor: f64,
    /// Longest wait between polls.
    pub max_us: Micros,
    /// How long a job may run before the item is given up as `copy-job-failed`.
    pub give_up_after_us: Micros,
}

impl Default for PollSchedule {
    /// 200 ms, ×1.5 per poll, at most 5 s; give up after one hour.
    fn default() -> Self {
        PollSchedule {
            first_us: 200_000,
            factor: 1.5,
            max_us: 5_000_000,
            give_up_after_us: 3_600_000_000,
        }
    }
}

impl PollSchedule {
    /// The wait after `wait_us`.
    pub fn next_wait_us(&self, wait_us: Micros) -> Micros {
        let grown = (wait_us as f64 * self.factor.max(1.0)).round();
        if grown >= self.max_us as f64 {
            self.max_us
        } else {
            (grown as Micros).max(1)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_poll_interval_grows_to_its_cap() {
        let schedule = PollSchedule::default();
        let mut wait = schedule.first_us;
        let mut waits = vec![wait];
        for _ in 0..12 {
            wait = schedule.next_wait_us(wait);
            waits.push(wait);
        }
        assert_eq!(&waits[..4], &[200_000, 300_000, 450_000, 675_000]);
        assert_eq!(waits.last(), Some(&5_000_000));
        assert!(waits.windows(2).all(|w| w[0] <= w[1]));
    }
}
