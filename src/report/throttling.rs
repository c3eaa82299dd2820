//! Throttling evidence for `summary.json`, the end-of-run table and stderr: the share of
//! responses that were throttled, against Microsoft's escalation level, and the time requests
//! were held at the client's throttle gate. Microsoft reviews an app whose requests are
//! throttled above 30 % (`docs/graph-notes.md` §2), so a pilot that ran above it says so loudly.

use crate::engine::RunReport;
use crate::metrics::SiteMetrics;
use crate::vocab::throttling::THROTTLING_ESCALATION_SHARE;
use crate::vocab::units::us_to_s;

use crate::run_folder::{TOTAL_SITE, ThrottlingSummary, round_to};

/// What the throttled count covers, written beside the figures so a reader does not guess.
pub const THROTTLED_COUNTED: &str = "429, and 503 with Retry-After";

/// The throttling figures of `metrics`, as `summary.json` holds them.
pub(super) fn throttling_summary(metrics: &SiteMetrics) -> ThrottlingSummary {
    let share = throttled_share(metrics);
    ThrottlingSummary {
        counted: THROTTLED_COUNTED.to_string(),
        responses: metrics.responses,
        throttled_responses: metrics.throttled_responses,
        throttled_share: round_to(share, 10_000.0),
        escalation_share: THROTTLING_ESCALATION_SHARE,
        above_escalation: share > THROTTLING_ESCALATION_SHARE,
        throttled_wait_s: round_to(us_to_s(metrics.throttled_wait_us), 1_000.0),
        gate_wait_s: round_to(us_to_s(metrics.gate_wait_us), 1_000.0),
    }
}

/// Throttled responses over responses; 0 when there were none.
pub(super) fn throttled_share(metrics: &SiteMetrics) -> f64 {
    if metrics.responses == 0 {
        0.0
    } else {
        metrics.throttled_responses as f64 / metrics.responses as f64
    }
}

/// One warning line per site (and for the run) whose throttled share is above Microsoft's
/// escalation level; empty when none is.
pub fn throttling_warnings(report: &RunReport) -> Vec<String> {
    let named = report
        .sites
        .iter()
        .map(|site| site.name.as_str())
        .zip(&report.metrics.sites)
        .chain(std::iter::once((TOTAL_SITE, &report.metrics.total)));
    named
        .filter_map(|(name, metrics)| {
            let share = throttled_share(metrics);
            (share > THROTTLING_ESCALATION_SHARE).then(|| {
                let whom = if name == TOTAL_SITE {
                    "the whole run".to_string()
                } else {
                    format!("site {name}")
                };
                format!(
                    "Warning: {:.1} % of responses to {whom} were throttled ({} of {}; {THROTTLED_COUNTED}), above Microsoft's escalation level of {:.0} %; lower concurrency or spread the pilot out",
                    share * 100.0,
                    metrics.throttled_responses,
                    metrics.responses,
                    THROTTLING_ESCALATION_SHARE * 100.0
                )
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn metrics(responses: u64, throttled: u64) -> SiteMetrics {
        SiteMetrics {
            requests: responses + 1,
            responses,
            throttled_responses: throttled,
            throttled_wait_us: throttled * 2_000_000,
            gate_wait_us: 1_234_567,
            ..SiteMetrics::default()
        }
    }

    #[test]
    fn the_share_is_against_responses_and_flags_above_thirty_percent() {
        let below = throttling_summary(&metrics(10, 3));
        assert_eq!(below.throttled_share, 0.3);
        assert!(!below.above_escalation, "exactly 30 % is not above it");
        assert_eq!(below.escalation_share, 0.3);
        assert_eq!(below.counted, "429, and 503 with Retry-After");
        assert_eq!(below.throttled_wait_s, 6.0);
        assert_eq!(below.gate_wait_s, 1.235);
        let above = throttling_summary(&metrics(3, 1));
        assert_eq!(above.throttled_share, 0.3333);
        assert!(above.above_escalation);
        let none = throttling_summary(&SiteMetrics::default());
        assert_eq!(none.throttled_share, 0.0);
        assert!(!none.above_escalation);
    }
}
