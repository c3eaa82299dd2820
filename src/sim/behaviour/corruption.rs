//! Which completed uploads are stored with altered bytes: a seeded share, drawn in request order
//! from a stream of its own (so turning latency or faults on does not change which files get
//! corrupted). The upload routes draw once per upload that reaches the store, and alter the
//! first byte they hash, so the stored quickXorHash differs from the source's.

use rand::{RngExt as _, SeedableRng as _};
use rand_chacha::ChaCha8Rng;

/// The random stream of corruption draws, apart from latency's (1).
const CORRUPTION_STREAM: u64 = 2;

/// The seeded corruption draws of one tenant.
#[derive(Debug)]
pub(crate) struct Corruption {
    rate: f64,
    rng: ChaCha8Rng,
}

impl Corruption {
    /// Draws with `rate` (0.0 to 1.0; anything else is clamped, a non-number is 0).
    pub(crate) fn new(seed: u64, rate: f64) -> Corruption {
        let mut rng = ChaCha8Rng::seed_from_u64(seed);
        rng.set_stream(CORRUPTION_STREAM);
        Corruption {
            rate: if rate.is_finite() {
                rate.clamp(0.0, 1.0)
            } else {
                0.0
            },
            rng,
        }
    }

    /// Whether the next completed upload is stored with altered bytes.
    pub(crate) fn draw(&mut self) -> bool {
        if self.rate <= 0.0 {
            return false;
        }
        let u: f64 = self.rng.random();
        u < self.rate
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_seed_gives_same_draws() {
        let mut a = Corruption::new(9, 0.5);
        let mut b = Corruption::new(9, 0.5);
        for _ in 0..50 {
            assert_eq!(a.draw(), b.draw());
        }
    }

    #[test]
    fn corruption_rate_extremes() {
        let mut never = Corruption::new(1, 0.0);
        let mut always = Corruption::new(1, 1.0);
        assert!((0..100).all(|_| !never.draw()));
        assert!((0..100).all(|_| always.draw()));
    }
}
