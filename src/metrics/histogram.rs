//! A latency histogram that cannot panic: fixed bounds, clamping with a counter.

use hdrhistogram::Histogram;

use crate::units::Micros;

/// Lowest recordable latency: 1 µs.
pub const LOWEST_US: u64 = 1;
/// Highest recordable latency: 1 h.
pub const HIGHEST_US: u64 = 3_600_000_000;
/// Significant figures.
pub const SIGFIG: u8 = 3;

/// HdrHistogram of microseconds, 1 µs to 1 h, 3 significant figures.
#[derive(Debug, Clone)]
pub struct LatencyHistogram {
    histogram: Histogram<u64>,
    clamped: u64,
}

impl Default for LatencyHistogram {
    fn default() -> Self {
        todo!()
    }
}

impl LatencyHistogram {
    /// Records one value, clamping it into range (and counting the clamp).
    pub fn record(&mut self, us: Micros) {
        let _ = us;
        todo!()
    }

    /// Adds every value of `other`.
    pub fn merge(&mut self, other: &LatencyHistogram) {
        let _ = other;
        todo!()
    }

    /// Number of values.
    pub fn count(&self) -> u64 {
        self.histogram.len()
    }

    /// Values that were outside 1 µs to 1 h and were clamped.
    pub fn clamped(&self) -> u64 {
        self.clamped
    }

    /// The value at quantile `q` (0.0 to 1.0); 0 when empty.
    pub fn quantile_us(&self, q: f64) -> Micros {
        let _ = q;
        todo!()
    }

    /// Largest value; 0 when empty.
    pub fn max_us(&self) -> Micros {
        todo!()
    }

    /// Mean; 0 when empty.
    pub fn mean_us(&self) -> f64 {
        todo!()
    }
}
