//! Throttling figures more than one stage judges by: Microsoft's escalation level, which the
//! scenario takes as its default threshold and the reports warn above, and the longest wait
//! the client sits out, which `summary.json` states beside the retry policy.

use super::units::Micros;

/// Microsoft's escalation level: an app with more than 30 % of its requests throttled is
/// reviewed, and may be blocked.
pub const THROTTLING_ESCALATION_SHARE: f64 = 0.30;

/// The longest `Retry-After` the client waits out: 10 minutes. A longer one is taken as a
/// misbehaving service rather than a wait to sit through.
pub const MAX_HONOURED_WAIT_US: Micros = 600_000_000;
