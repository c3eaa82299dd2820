//! SharePoint's `RateLimit-*` response headers (IETF draft-03, beta and best effort): sent only
//! for the app's 1-minute resource-unit limit and only once usage reaches 80 %. Read so reports
//! can show how close a run came to throttling, and because a `RateLimit-Reset` larger than the
//! `Retry-After` is the wait to honour.

use reqwest::header::HeaderMap;

use crate::units::Micros;

/// The `RateLimit-*` headers of one response; each part is `None` when absent or not a
/// non-negative integer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct RateLimit {
    /// `RateLimit-Limit`: resource units allowed in the window.
    pub limit: Option<u64>,
    /// `RateLimit-Remaining`: resource units left in the window.
    pub remaining: Option<u64>,
    /// `RateLimit-Reset`: time until the window resets (sent in seconds).
    pub reset_us: Option<Micros>,
}

impl RateLimit {
    /// The headers of `headers`, or `None` when the response carried none of them.
    pub fn from_headers(headers: &HeaderMap) -> Option<RateLimit> {
        let rate = RateLimit {
            limit: integer(headers, "ratelimit-limit"),
            remaining: integer(headers, "ratelimit-remaining"),
            reset_us: integer(headers, "ratelimit-reset").map(|s| s.saturating_mul(1_000_000)),
        };
        (rate != RateLimit::default()).then_some(rate)
    }
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
            RateLimit::from_headers(&near),
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
            RateLimit::from_headers(&throttled),
            Some(RateLimit {
                limit: None,
                remaining: Some(0),
                reset_us: Some(31_000_000),
            })
        );
    }

    #[test]
    fn absent_or_malformed_headers_are_none() {
        assert_eq!(
            RateLimit::from_headers(&headers(&[("Retry-After", "9")])),
            None
        );
        let odd = headers(&[
            ("RateLimit-Limit", "-1"),
            ("RateLimit-Remaining", "1.5"),
            ("RateLimit-Reset", "soon"),
        ]);
        assert_eq!(RateLimit::from_headers(&odd), None);
    }
}
