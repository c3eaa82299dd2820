//! How long an answer is held back: a per-response latency (lognormal through median and
//! p99), and one shared ingest pipe for upload bodies (the tenant's aggregate bandwidth).
//! Seeded and drawn in request order, so the same seed and the same request order give the
//! same delays.

use rand::{RngExt as _, SeedableRng as _};
use rand_chacha::ChaCha8Rng;
use rand_distr::StandardNormal;

use crate::sim::config::SimLatency;
use crate::vocab::units::Micros;

/// The standard normal quantile at 0.99: p99 = median · e^(σ·z99).
const Z_99: f64 = 2.326_347_874_040_841;

/// The random stream of latency draws, apart from corruption's (2), so turning latency on does
/// not change which files get corrupted.
const LATENCY_STREAM: u64 = 1;

/// Lognormal parameters (of the natural log of the delay in microseconds).
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct LogNormal {
    mu: f64,
    sigma: f64,
}

impl LogNormal {
    /// The lognormal whose median and 99th percentile are the given ones. A p99 below the
    /// median is taken as the median (no spread); a zero median means no delay at all.
    pub(crate) fn through(latency: SimLatency) -> Option<LogNormal> {
        if latency.median_us == 0 {
            return None;
        }
        let median = latency.median_us as f64;
        let p99 = latency.p99_us.max(latency.median_us) as f64;
        Some(LogNormal {
            mu: median.ln(),
            sigma: (p99.ln() - median.ln()) / Z_99,
        })
    }

    /// The delay for a standard normal draw `z`.
    pub(crate) fn delay_for(&self, z: f64) -> Micros {
        let value = (self.mu + self.sigma * z).exp();
        if value.is_finite() {
            // Capped at an hour: a wild draw must not hang a run.
            value.min(3_600_000_000.0).round() as Micros
        } else {
            0
        }
    }
}

/// The seeded delay state of one tenant.
#[derive(Debug)]
pub(crate) struct Delays {
    latency: Option<LogNormal>,
    latency_rng: ChaCha8Rng,
    bandwidth_bytes_per_s: Option<u64>,
    /// When the shared ingest pipe is next free, in microseconds since the tenant started.
    pipe_free_at_us: Micros,
}

impl Delays {
    /// The delays for the given settings.
    pub(crate) fn new(
        seed: u64,
        latency: Option<SimLatency>,
        bandwidth_bytes_per_s: Option<u64>,
    ) -> Delays {
        let mut latency_rng = ChaCha8Rng::seed_from_u64(seed);
        latency_rng.set_stream(LATENCY_STREAM);
        Delays {
            latency: latency.and_then(LogNormal::through),
            latency_rng,
            bandwidth_bytes_per_s: bandwidth_bytes_per_s.filter(|b| *b > 0),
            pipe_free_at_us: 0,
        }
    }

    /// The latency to add to the next response.
    pub(crate) fn next_latency_us(&mut self) -> Micros {
        match self.latency {
            Some(model) => {
                let z: f64 = self.latency_rng.sample(StandardNormal);
                model.delay_for(z)
            }
            None => 0,
        }
    }

    /// Puts an upload body of `bytes` through the shared pipe; returns how long its response must
    /// wait for the body to have "arrived".
    pub(crate) fn ingest_delay_us(&mut self, bytes: u64, now_us: Micros) -> Micros {
        let Some(bandwidth) = self.bandwidth_bytes_per_s else {
            return 0;
        };
        let (free_at, delay) = schedule(self.pipe_free_at_us, now_us, bytes, bandwidth);
        self.pipe_free_at_us = free_at;
        delay
    }
}

/// One body through the pipe: starts when both it and the pipe are ready and takes
/// `bytes / bandwidth`. Returns the pipe's new free time and the delay from `now_us` to it.
pub(crate) fn schedule(
    pipe_free_at_us: Micros,
    now_us: Micros,
    bytes: u64,
    bandwidth_bytes_per_s: u64,
) -> (Micros, Micros) {
    let start = pipe_free_at_us.max(now_us);
    let transfer = (u128::from(bytes) * 1_000_000 / u128::from(bandwidth_bytes_per_s.max(1)))
        .min(u128::from(u64::MAX / 2)) as u64;
    let free_at = start.saturating_add(transfer);
    (free_at, free_at - now_us)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn model(median_us: Micros, p99_us: Micros) -> LogNormal {
        LogNormal::through(SimLatency { median_us, p99_us }).expect("non-zero median")
    }

    #[test]
    fn lognormal_passes_through_median_and_p99() {
        let m = model(20_000, 200_000);
        assert_eq!(m.delay_for(0.0), 20_000);
        let p99 = m.delay_for(Z_99) as i64;
        assert!((p99 - 200_000).abs() <= 1, "p99 draw {p99}");
        assert!(m.delay_for(-Z_99) < 20_000);
    }

    #[test]
    fn sampled_latency_has_the_configured_median() {
        let latency = SimLatency {
            median_us: 10_000,
            p99_us: 50_000,
        };
        let mut delays = Delays::new(3, Some(latency), None);
        let mut draws: Vec<Micros> = (0..2001).map(|_| delays.next_latency_us()).collect();
        draws.sort_unstable();
        let median = draws[1000];
        assert!((9_000..11_000).contains(&median), "median {median}");
        let p99 = draws[1980];
        assert!((40_000..62_000).contains(&p99), "p99 {p99}");
    }

    #[test]
    fn same_seed_gives_same_draws() {
        let latency = Some(SimLatency {
            median_us: 1_000,
            p99_us: 9_000,
        });
        let mut a = Delays::new(9, latency, None);
        let mut b = Delays::new(9, latency, None);
        for _ in 0..50 {
            assert_eq!(a.next_latency_us(), b.next_latency_us());
        }
    }

    #[test]
    fn pipe_serialises_bodies() {
        // 1 MB/s: 500 kB takes 0.5 s.
        let (free, delay) = schedule(0, 0, 500_000, 1_000_000);
        assert_eq!((free, delay), (500_000, 500_000));
        // A second body arriving at 0.1 s waits for the first.
        let (free, delay) = schedule(free, 100_000, 500_000, 1_000_000);
        assert_eq!((free, delay), (1_000_000, 900_000));
        // An idle pipe starts at once.
        let (free, delay) = schedule(free, 2_000_000, 1_000, 1_000_000);
        assert_eq!((free, delay), (2_001_000, 1_000));
    }
}
