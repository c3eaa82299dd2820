//! The one retry policy of the Graph client: which failures are worth another attempt and how
//! long to wait before it. Kept in one place so throttling behaviour grows here and
//! nowhere else; the retry loop (`retry_loop`) and the send path only ask it questions.

use std::time::{Duration, SystemTime};

use super::GraphError;
use crate::vocab::throttling::MAX_HONOURED_WAIT_US;
use crate::vocab::units::{Micros, micros};

/// How the client repeats failed attempts. Every repeated attempt is recorded like the first.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Attempts per request, the first included (1 = never retry).
    pub max_attempts: u32,
    /// First backoff step, doubled for each further retry.
    pub base_us: Micros,
    /// Longest backoff between two attempts when the service asked for no wait. A
    /// `Retry-After` is honoured in full (up to [`MAX_HONOURED_WAIT_US`]): Microsoft asks
    /// clients to wait it out, and a shorter wait only earns another 429.
    pub cap_us: Micros,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            max_attempts: 4,
            base_us: 500_000,
            cap_us: 30_000_000,
        }
    }
}

/// What a failure means for the request that met it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FailureKind {
    /// The service refused for load (429, or 503 with a `Retry-After`): the request was not
    /// processed, so it can be sent again as it was.
    Throttled,
    /// No clear answer (timeout, broken connection, 5xx): the request may or may not have
    /// been processed.
    Ambiguous,
    /// A definite answer that another attempt would not change (4xx other than 429,
    /// protocol, source or auth failures).
    Final,
}

impl FailureKind {
    /// Classifies an error.
    pub fn of(error: &GraphError) -> FailureKind {
        match error {
            GraphError::Status { status: 429, .. } => FailureKind::Throttled,
            GraphError::Status {
                status: 503,
                retry_after: Some(_),
                ..
            } => FailureKind::Throttled,
            GraphError::Status {
                status: 500 | 502 | 503 | 504,
                ..
            } => FailureKind::Ambiguous,
            GraphError::Timeout(_) | GraphError::Connection(_) => FailureKind::Ambiguous,
            _ => FailureKind::Final,
        }
    }
}

impl RetryPolicy {
    /// The wait before attempt number `attempt + 1`, or `None` when `error` is final or
    /// `attempt` (1-based, the one that just failed) was the last allowed. `unit` is a random
    /// number in `[0, 1)` for the jitter.
    pub fn delay_after(&self, error: &GraphError, attempt: u32, unit: f64) -> Option<Micros> {
        if attempt >= self.max_attempts {
            return None;
        }
        match FailureKind::of(error) {
            FailureKind::Final => None,
            FailureKind::Throttled | FailureKind::Ambiguous => {
                Some(self.wait_us(retry_after_of(error), attempt, unit))
            }
        }
    }

    /// The wait before the next attempt: the server's `Retry-After` when it gave one (up to
    /// [`MAX_HONOURED_WAIT_US`]), else the backoff for `attempt`.
    pub fn wait_us(&self, retry_after: Option<Duration>, attempt: u32, unit: f64) -> Micros {
        match retry_after {
            Some(after) => micros(after).min(MAX_HONOURED_WAIT_US),
            None => self.backoff_us(attempt, unit),
        }
    }

    /// Capped exponential backoff with full jitter: uniform in `[0, min(cap, base * 2^(n-1)))`
    /// for the `n`-th retry, `unit` being a random number in `[0, 1)`.
    pub fn backoff_us(&self, attempt: u32, unit: f64) -> Micros {
        let exponent = attempt.saturating_sub(1).min(40);
        let ceiling = self
            .base_us
            .saturating_mul(1u64 << exponent)
            .min(self.cap_us);
        let unit = if unit.is_finite() {
            unit.clamp(0.0, 1.0)
        } else {
            0.0
        };
        ((ceiling as f64) * unit) as Micros
    }
}

/// A random number in `[0, 1)` for the jitter.
pub fn jitter_unit() -> f64 {
    use rand::RngExt as _;
    rand::rng().random::<f64>()
}

pub(super) fn retry_after_of(error: &GraphError) -> Option<Duration> {
    match error {
        GraphError::Status { retry_after, .. } => *retry_after,
        _ => None,
    }
}

/// The wait a response asks for: its `Retry-After`, raised to its `RateLimit-Reset` when that
/// is larger (Microsoft: "If Retry-After is smaller than RateLimit-Reset, honour the larger").
/// A 429 without `Retry-After` falls back to `RateLimit-Reset`; other statuses without
/// `Retry-After` ask for nothing, since `RateLimit-*` alone only reports usage above 80 %.
pub fn honoured_wait(
    status: u16,
    retry_after: Option<Duration>,
    ratelimit_reset: Option<Duration>,
) -> Option<Duration> {
    match (retry_after, ratelimit_reset) {
        (Some(after), Some(reset)) => Some(after.max(reset)),
        (Some(after), None) => Some(after),
        (None, Some(reset)) if status == 429 => Some(reset),
        (None, _) => None,
    }
}

/// Parses a `Retry-After` value: delay-seconds (`"10"`) or an HTTP-date, which is turned into
/// the time left from `now` (zero when it lies in the past). Anything else is ignored.
pub fn parse_retry_after(value: &str, now: SystemTime) -> Option<Duration> {
    let value = value.trim();
    if value.is_empty() {
        return None;
    }
    if value.bytes().all(|b| b.is_ascii_digit()) {
        return value.parse::<u64>().ok().map(Duration::from_secs);
    }
    let when = httpdate::parse_http_date(value).ok()?;
    Some(when.duration_since(now).unwrap_or(Duration::ZERO))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn status(status: u16, retry_after: Option<Duration>) -> GraphError {
        GraphError::Status {
            status,
            code: String::new(),
            message: String::new(),
            retry_after,
        }
    }

    #[test]
    fn retry_after_seconds_and_dates() {
        let now = SystemTime::UNIX_EPOCH + Duration::from_secs(1_445_412_480);
        assert_eq!(parse_retry_after("10", now), Some(Duration::from_secs(10)));
        assert_eq!(parse_retry_after(" 0 ", now), Some(Duration::ZERO));
        // 1_445_412_480 is Wed, 21 Oct 2015 07:28:00 GMT.
        assert_eq!(
            parse_retry_after("Wed, 21 Oct 2015 07:28:30 GMT", now),
            Some(Duration::from_secs(30))
        );
        assert_eq!(
            parse_retry_after("Wed, 21 Oct 2015 07:27:00 GMT", now),
            Some(Duration::ZERO),
            "a date in the past means no wait"
        );
        assert_eq!(parse_retry_after("", now), None);
        assert_eq!(parse_retry_after("-5", now), None);
        assert_eq!(parse_retry_after("1.5", now), None);
        assert_eq!(parse_retry_after("soon", now), None);
    }

    #[test]
    fn the_larger_of_retry_after_and_ratelimit_reset_is_honoured() {
        let s = Duration::from_secs;
        assert_eq!(honoured_wait(429, Some(s(1)), Some(s(2))), Some(s(2)));
        assert_eq!(honoured_wait(429, Some(s(31)), Some(s(31))), Some(s(31)));
        assert_eq!(honoured_wait(503, Some(s(9)), Some(s(4))), Some(s(9)));
        assert_eq!(honoured_wait(429, Some(s(9)), None), Some(s(9)));
        assert_eq!(honoured_wait(429, None, Some(s(5))), Some(s(5)));
        assert_eq!(
            honoured_wait(200, None, Some(s(5))),
            None,
            "RateLimit-Reset on a success only reports usage"
        );
        assert_eq!(
            honoured_wait(503, None, Some(s(5))),
            None,
            "a 503 without Retry-After stays an ambiguous failure"
        );
        assert_eq!(honoured_wait(429, None, None), None);
    }

    #[test]
    fn backoff_grows_then_stays_under_the_cap() {
        let policy = RetryPolicy {
            max_attempts: 10,
            base_us: 500_000,
            cap_us: 3_000_000,
        };
        assert_eq!(policy.backoff_us(1, 0.0), 0);
        assert_eq!(policy.backoff_us(1, 0.999_999), 499_999);
        assert_eq!(policy.backoff_us(2, 0.5), 500_000);
        assert_eq!(policy.backoff_us(3, 0.5), 1_000_000);
        assert_eq!(policy.backoff_us(4, 0.5), 1_500_000, "capped at 3 s");
        assert_eq!(policy.backoff_us(60, 0.5), 1_500_000, "no overflow");
        for attempt in 1..20 {
            for _ in 0..50 {
                let wait = policy.backoff_us(attempt, jitter_unit());
                assert!(wait < policy.cap_us, "attempt {attempt}: {wait}");
            }
        }
        assert_eq!(policy.backoff_us(2, f64::NAN), 0);
    }

    #[test]
    fn throttling_honours_retry_after_in_full_up_to_ten_minutes() {
        let policy = RetryPolicy::default();
        let throttled = status(429, Some(Duration::from_secs(7)));
        assert_eq!(policy.delay_after(&throttled, 1, 0.9), Some(7_000_000));
        let minute = status(503, Some(Duration::from_secs(60)));
        assert_eq!(
            policy.delay_after(&minute, 1, 0.9),
            Some(60_000_000),
            "a Retry-After longer than the backoff cap is still waited out"
        );
        let absurd = status(429, Some(Duration::from_secs(86_400)));
        assert_eq!(
            policy.delay_after(&absurd, 1, 0.9),
            Some(MAX_HONOURED_WAIT_US)
        );
    }

    #[test]
    fn only_transient_failures_are_retried_and_only_up_to_the_limit() {
        let policy = RetryPolicy::default();
        for code in [429, 500, 502, 503, 504] {
            assert!(
                policy.delay_after(&status(code, None), 1, 0.5).is_some(),
                "{code}"
            );
            assert_eq!(policy.delay_after(&status(code, None), 4, 0.5), None);
        }
        for code in [400, 401, 403, 404, 409, 416, 501, 507] {
            assert_eq!(
                policy.delay_after(&status(code, None), 1, 0.5),
                None,
                "{code}"
            );
        }
        let timeout = GraphError::Timeout(Duration::from_secs(1));
        assert!(policy.delay_after(&timeout, 3, 0.5).is_some());
        let connection = GraphError::Connection("reset".into());
        assert!(policy.delay_after(&connection, 1, 0.5).is_some());
        assert_eq!(
            policy.delay_after(&GraphError::Protocol("x".into()), 1, 0.5),
            None
        );
    }
}
