//! SharePoint's `RateLimit-*` response headers (IETF draft-03, beta and best effort): sent only
//! for the app's 1-minute resource-unit limit and only once usage reaches 80 %. Read so reports
//! can show how close a run came to throttling, because a `RateLimit-Reset` larger than the
//! `Retry-After` is the wait to honour, and to pace: when `RateLimit-Remaining` no longer
//! covers the requests that may be in flight, the client stops sending until the reset rather
//! than spending the rest and being refused ([`pause_for`]). The figures themselves are part
//! of every recorded attempt ([`RateLimit`], shared vocabulary).

use reqwest::header::HeaderMap;

use crate::vocab::attempt::RateLimit;
use crate::vocab::units::Micros;

/// The most resource units one request costs in SharePoint's table (a listing, a create, an
/// update, a delete or an upload: 2). Pacing reserves this much per request in flight.
pub const MOST_RU_PER_REQUEST: u64 = 2;

/// The `RateLimit-*` headers of `headers`, or `None` when the response carried none of them.
pub fn rate_limit_of(headers: &HeaderMap) -> Option<RateLimit> {
    let rate = RateLimit {
        limit: integer(headers, "ratelimit-limit"),
        remaining: integer(headers, "ratelimit-remaining"),
        reset_us: integer(headers, "ratelimit-reset").map(|s| s.saturating_mul(1_000_000)),
    };
    (rate != RateLimit::default()).then_some(rate)
}

/// Proactive pacing: how long to hold new requests back, given `in_flight` requests
/// already sent and not yet answered (the one that carried these headers included). `None`
/// while `Remaining` still covers [`MOST_RU_PER_REQUEST`] for each of them, or when the
/// headers do not say both what remains and when the window resets; else the time to
/// the reset. Holding back then spends the window's budget almost fully while the requests
/// in flight are the only ones that can still overrun it.
pub fn pause_for(rate: &RateLimit, in_flight: usize) -> Option<Micros> {
    let remaining = rate.remaining?;
    let reset_us = rate.reset_us?;
    let in_flight = u64::try_from(in_flight.max(1)).unwrap_or(u64::MAX);
    let reserve = in_flight.saturating_mul(MOST_RU_PER_REQUEST);
    (remaining <= reserve && reset_us > 0).then_some(reset_us)
}

fn integer(headers: &HeaderMap, name: &str) -> Option<u64> {
    let value = headers.get(name)?.to_str().ok()?.trim();
    if value.is_empty() || !value.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    value.parse().ok()
}

#[cfg(test)]
mod tests {
    use reqwest::header::HeaderValue;

    use super::*;

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (name, value) in pairs {
            map.insert(*name, HeaderValue::from_static(value));
        }
        map
    }

    #[test]
    fn the_documented_examples_are_read() {
        let near = headers(&[
            ("RateLimit-Limit", "1200"),
            ("RateLimit-Remaining", "120"),
            ("RateLimit-Reset", "5"),
        ]);
        assert_eq!(
            rate_limit_of(&near),
            Some(RateLimit {
                limit: Some(1200),
                remaining: Some(120),
                reset_us: Some(5_000_000),
            })
        );
        let throttled = headers(&[
            ("Retry-After", "31"),
            ("RateLimit-Remaining", "0"),
            ("RateLimit-Reset", "31"),
        ]);
        assert_eq!(
            rate_limit_of(&throttled),
            Some(RateLimit {
                limit: None,
                remaining: Some(0),
                reset_us: Some(31_000_000),
            })
        );
    }

    #[test]
    fn pacing_holds_back_once_remaining_covers_only_the_requests_in_flight() {
        let rate = |remaining: u64, reset_s: u64| RateLimit {
            limit: Some(1_250),
            remaining: Some(remaining),
            reset_us: Some(reset_s * 1_000_000),
        };
        // Eight in flight may cost 16 RU: 17 left is still enough, 16 is not.
        assert_eq!(pause_for(&rate(17, 12), 8), None);
        assert_eq!(pause_for(&rate(16, 12), 8), Some(12_000_000));
        assert_eq!(pause_for(&rate(0, 3), 8), Some(3_000_000));
        // The answered request counts even if the caller says none are in flight.
        assert_eq!(pause_for(&rate(2, 5), 0), Some(5_000_000));
        assert_eq!(pause_for(&rate(3, 5), 0), None);
        // Plenty left: the 80 % headers alone do not slow the run.
        assert_eq!(pause_for(&rate(250, 40), 32), None);
        // Without both figures, or with a reset already due, there is nothing to wait for.
        let partial = RateLimit {
            remaining: Some(0),
            ..RateLimit::default()
        };
        assert_eq!(pause_for(&partial, 4), None);
        assert_eq!(pause_for(&rate(0, 0), 4), None);
    }

    #[test]
    fn absent_or_malformed_headers_are_none() {
        assert_eq!(rate_limit_of(&headers(&[("Retry-After", "9")])), None);
        let odd = headers(&[
            ("RateLimit-Limit", "-1"),
            ("RateLimit-Remaining", "1.5"),
            ("RateLimit-Reset", "soon"),
        ]);
        assert_eq!(rate_limit_of(&odd), None);
    }
}
