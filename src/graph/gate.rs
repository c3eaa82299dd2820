//! The throttle gate: one "paused until" instant per client, shared by all its clones and all
//! their tasks. OneDrive's scan guidance says that on a 429 or 503 an app must "pause all
//! further requests", not only repeat the refused one later; every attempt waits here before
//! it is sent, so a throttled tenant sees no traffic from us until its `Retry-After` is over.
//! The gate also counts the requests in flight, which proactive pacing reserves budget for.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

use super::error::GraphError;
use super::interruption::Interruption;

/// Shared "no request before this instant", and the count of requests past the gate and not
/// yet answered. Cloning shares the gate.
#[derive(Debug, Clone, Default)]
pub(super) struct ThrottleGate {
    paused_until: Arc<Mutex<Option<Instant>>>,
    in_flight: Arc<AtomicUsize>,
}

/// One request past the gate; dropping it (when its answer is in) takes it off the count.
#[derive(Debug)]
pub(super) struct InFlight {
    count: Arc<AtomicUsize>,
}

impl Drop for InFlight {
    fn drop(&mut self) {
        self.count.fetch_sub(1, Ordering::AcqRel);
    }
}

impl ThrottleGate {
    /// Holds every request back until `until`. Only ever extends the pause: a shorter
    /// `Retry-After` arriving during a longer one does not reopen the gate early.
    pub fn pause_until(&self, until: Instant) {
        let mut paused = self.lock();
        if paused.is_none_or(|current| until > current) {
            *paused = Some(until);
        }
    }

    /// The end of the pause in force, if one was ever set (it may lie in the past).
    pub fn paused_until(&self) -> Option<Instant> {
        *self.lock()
    }

    /// Waits until the gate is open, following extensions made while waiting, and returns how
    /// long it waited (zero when it was open). A closed gate is left at once, with
    /// [`GraphError::Interrupted`], when the run is interrupted; an open one is passed.
    pub async fn wait_open(&self, interruption: &Interruption) -> Result<Duration, GraphError> {
        let arrived = Instant::now();
        let mut held = false;
        loop {
            match self.paused_until() {
                Some(until) if until > Instant::now() => {
                    held = true;
                    interruption.sleep_until(until).await?;
                }
                // An open gate is no wait, not the few microseconds of looking at it.
                _ if !held => return Ok(Duration::ZERO),
                _ => return Ok(arrived.elapsed()),
            }
        }
    }

    /// Counts one request as sent until the returned guard is dropped.
    pub fn depart(&self) -> InFlight {
        self.in_flight.fetch_add(1, Ordering::AcqRel);
        InFlight {
            count: Arc::clone(&self.in_flight),
        }
    }

    /// Requests sent and not yet answered.
    pub fn in_flight(&self) -> usize {
        self.in_flight.load(Ordering::Acquire)
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Option<Instant>> {
        // The guarded value is a plain instant: a panic elsewhere cannot leave it half-written.
        self.paused_until
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_pause_is_extended_and_never_shortened() {
        let gate = ThrottleGate::default();
        assert_eq!(gate.paused_until(), None);
        let now = Instant::now();
        gate.pause_until(now + Duration::from_secs(5));
        assert_eq!(gate.paused_until(), Some(now + Duration::from_secs(5)));
        gate.pause_until(now + Duration::from_secs(2));
        assert_eq!(
            gate.paused_until(),
            Some(now + Duration::from_secs(5)),
            "a shorter Retry-After must not reopen the gate early"
        );
        gate.pause_until(now + Duration::from_secs(9));
        assert_eq!(gate.paused_until(), Some(now + Duration::from_secs(9)));
    }

    #[test]
    fn clones_share_one_gate() {
        let gate = ThrottleGate::default();
        let clone = gate.clone();
        let until = Instant::now() + Duration::from_secs(3);
        clone.pause_until(until);
        assert_eq!(gate.paused_until(), Some(until));
    }

    #[test]
    fn requests_in_flight_are_counted_until_answered() {
        let gate = ThrottleGate::default();
        let clone = gate.clone();
        let first = gate.depart();
        let second = clone.depart();
        assert_eq!(gate.in_flight(), 2);
        drop(first);
        assert_eq!(clone.in_flight(), 1);
        drop(second);
        assert_eq!(gate.in_flight(), 0);
    }

    #[tokio::test]
    async fn an_open_gate_does_not_wait() {
        let gate = ThrottleGate::default();
        let open = Interruption::default();
        assert_eq!(gate.wait_open(&open).await, Ok(Duration::ZERO));
        gate.pause_until(Instant::now() - Duration::from_millis(10));
        assert_eq!(gate.wait_open(&open).await, Ok(Duration::ZERO));
    }

    #[tokio::test]
    async fn waiters_follow_an_extension_made_while_they_wait() {
        let gate = ThrottleGate::default();
        let start = Instant::now();
        gate.pause_until(start + Duration::from_millis(100));
        let extender = gate.clone();
        let extend = tokio::spawn(async move {
            tokio::time::sleep(Duration::from_millis(50)).await;
            extender.pause_until(Instant::now() + Duration::from_millis(250));
        });
        let waited = gate
            .wait_open(&Interruption::default())
            .await
            .expect("not interrupted");
        extend.await.expect("extender task");
        assert!(
            start.elapsed() >= Duration::from_millis(290),
            "reopened after {:?}",
            start.elapsed()
        );
        assert!(waited >= Duration::from_millis(280), "waited {waited:?}");
    }

    #[tokio::test]
    async fn an_interruption_leaves_a_closed_gate_at_once() {
        let gate = ThrottleGate::default();
        gate.pause_until(Instant::now() + Duration::from_secs(120));
        let token = tokio_util::sync::CancellationToken::new();
        let interruption = Interruption::on(token.clone());
        let started = Instant::now();
        let cancel = tokio::spawn(async move {
            tokio::time::sleep(Duration::from_millis(50)).await;
            token.cancel();
        });
        assert_eq!(
            gate.wait_open(&interruption).await,
            Err(GraphError::Interrupted)
        );
        cancel.await.expect("cancel task");
        assert!(
            started.elapsed() < Duration::from_secs(30),
            "{:?}",
            started.elapsed()
        );
        // An open gate is passed all the same (a clean-up request after Ctrl-C may be sent).
        let open = ThrottleGate::default();
        assert_eq!(open.wait_open(&interruption).await, Ok(Duration::ZERO));
    }
}
