//! A latency histogram that cannot panic: fixed bounds, clamping with a counter.
//!
//! Every instance is built with the same bounds (1 µs to 1 h, 3 significant figures) and
//! auto-resize off, so two instances always have the same bucket layout: merging them cannot
//! fail, and recording never allocates. Values outside the range are clamped into it and
//! counted, so a 2-hour timeout or a 0 µs reading is visible instead of a panic (drill's
//! `+=` on a histogram too small for its timeout is the pitfall avoided here).

use hdrhistogram::Histogram;

use crate::vocab::units::Micros;

/// Lowest recordable latency: 1 µs.
pub const LOWEST_US: u64 = 1;
/// Highest recordable latency: 1 h.
pub const HIGHEST_US: u64 = 3_600_000_000;
/// Significant figures.
pub const SIGFIG: u8 = 3;

/// HdrHistogram of microseconds, 1 µs to 1 h, 3 significant figures (about 184 KiB each).
#[derive(Debug, Clone)]
pub struct LatencyHistogram {
    histogram: Histogram<u64>,
    clamped: u64,
}

impl Default for LatencyHistogram {
    fn default() -> Self {
        LatencyHistogram {
            histogram: empty_histogram(),
            clamped: 0,
        }
    }
}

/// The one way a histogram is built here, so that every instance has the same layout.
fn empty_histogram() -> Histogram<u64> {
    // The bounds are constants that satisfy hdrhistogram's rules (low ≥ 1, high ≥ 2 × low,
    // sigfig ≤ 5), so creation cannot fail; nothing a user or a server sends reaches this.
    Histogram::new_with_bounds(LOWEST_US, HIGHEST_US, SIGFIG)
        .expect("constant histogram bounds are valid")
}

impl LatencyHistogram {
    /// Records one value, clamping it into range (and counting the clamp).
    pub fn record(&mut self, us: Micros) {
        let value = us.clamp(LOWEST_US, HIGHEST_US);
        if value != us {
            self.clamped = self.clamped.saturating_add(1);
        }
        // In range by construction; `saturating_record` also never panics.
        self.histogram.saturating_record(value);
    }

    /// Adds every value of `other` (and its clamp count).
    pub fn merge(&mut self, other: &LatencyHistogram) {
        self.clamped = self.clamped.saturating_add(other.clamped);
        if self.histogram.add(&other.histogram).is_err() {
            // Cannot happen (same bounds, values already clamped), but never panic: copy the
            // values one bucket at a time instead.
            for bucket in other.histogram.iter_recorded() {
                let value = bucket.value_iterated_to().clamp(LOWEST_US, HIGHEST_US);
                self.histogram
                    .saturating_record_n(value, bucket.count_at_value());
            }
        }
    }

    /// Number of values.
    pub fn count(&self) -> u64 {
        self.histogram.len()
    }

    /// Values that were outside 1 µs to 1 h and were clamped.
    pub fn clamped(&self) -> u64 {
        self.clamped
    }

    /// The value at quantile `q` (0.0 to 1.0, clamped into that range); 0 when empty.
    pub fn quantile_us(&self, q: f64) -> Micros {
        if self.histogram.is_empty() {
            return 0;
        }
        let q = if q.is_nan() { 0.5 } else { q.clamp(0.0, 1.0) };
        self.histogram.value_at_quantile(q)
    }

    /// Largest value; 0 when empty.
    pub fn max_us(&self) -> Micros {
        if self.histogram.is_empty() {
            0
        } else {
            self.histogram.max()
        }
    }

    /// Mean; 0 when empty.
    pub fn mean_us(&self) -> f64 {
        if self.histogram.is_empty() {
            0.0
        } else {
            self.histogram.mean()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Within 3 significant figures of `expected`.
    fn near(actual: u64, expected: u64) -> bool {
        let tolerance = expected / 500 + 1;
        actual.abs_diff(expected) <= tolerance
    }

    #[test]
    fn empty_histogram_reports_zeros() {
        let histogram = LatencyHistogram::default();
        assert_eq!(histogram.count(), 0);
        assert_eq!(histogram.quantile_us(0.5), 0);
        assert_eq!(histogram.max_us(), 0);
        assert_eq!(histogram.mean_us(), 0.0);
    }

    #[test]
    fn out_of_range_values_are_clamped_and_counted() {
        let mut histogram = LatencyHistogram::default();
        histogram.record(0);
        histogram.record(2 * HIGHEST_US);
        histogram.record(u64::MAX);
        histogram.record(1_000);
        assert_eq!(histogram.count(), 4);
        assert_eq!(histogram.clamped(), 3);
        assert_eq!(histogram.quantile_us(0.0), 1);
        assert!(
            near(histogram.max_us(), HIGHEST_US),
            "{}",
            histogram.max_us()
        );
        assert!(histogram.max_us() >= HIGHEST_US);
    }

    #[test]
    fn quantiles_follow_the_data() {
        let mut histogram = LatencyHistogram::default();
        for ms in 1..=100u64 {
            histogram.record(ms * 1_000);
        }
        assert!(near(histogram.quantile_us(0.5), 50_000));
        assert!(near(histogram.quantile_us(0.9), 90_000));
        assert!(near(histogram.quantile_us(0.99), 99_000));
        assert!(near(histogram.max_us(), 100_000));
        assert!((histogram.mean_us() - 50_500.0).abs() < 100.0);
        assert_eq!(histogram.clamped(), 0);
        // Silly quantiles do not panic.
        assert!(near(histogram.quantile_us(7.0), 100_000));
        assert!(near(histogram.quantile_us(-1.0), 1_000));
        let _ = histogram.quantile_us(f64::NAN);
    }

    #[test]
    fn merge_adds_values_and_clamp_counts() {
        let mut a = LatencyHistogram::default();
        let mut b = LatencyHistogram::default();
        a.record(10);
        a.record(0);
        b.record(5_000_000);
        b.record(u64::MAX);
        b.record(20);
        a.merge(&b);
        assert_eq!(a.count(), 5);
        assert_eq!(a.clamped(), 2);
        assert!(a.max_us() >= HIGHEST_US);
        assert!(near(a.quantile_us(0.5), 20));
        // Merging into an empty histogram copies.
        let mut empty = LatencyHistogram::default();
        empty.merge(&a);
        assert_eq!(empty.count(), 5);
        assert_eq!(empty.clamped(), 2);
        assert_eq!(empty.quantile_us(0.5), a.quantile_us(0.5));
    }
}
