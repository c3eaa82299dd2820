//! The one way the client waits. Every pause it takes — the throttle gate, a `Retry-After` or
//! backoff between attempts, the looks after an unclear copy request, a copy monitor's next
//! poll — is a sleep that ends at once when the run is interrupted (Ctrl-C), so an interrupted
//! run never sits out a `Retry-After` of up to ten minutes before it writes its results. The
//! signal is the run's own cancellation token, handed to the client in its configuration.

use std::time::{Duration, Instant};

use tokio_util::sync::CancellationToken;

use super::error::GraphError;

/// The run's interruption, as the client's waits see it. Cloning shares it.
#[derive(Debug, Clone, Default)]
pub struct Interruption {
    token: CancellationToken,
}

impl Interruption {
    /// Waits end when `token` is cancelled.
    pub fn on(token: CancellationToken) -> Interruption {
        Interruption { token }
    }

    /// Whether the run has been interrupted.
    pub fn is_interrupted(&self) -> bool {
        self.token.is_cancelled()
    }

    /// Sleeps for `wait`, or less when the run is interrupted: then
    /// [`GraphError::Interrupted`] (at once, if it already was).
    pub async fn sleep(&self, wait: Duration) -> Result<(), GraphError> {
        self.sleep_until(Instant::now() + wait).await
    }

    /// Sleeps until `deadline`, or less when the run is interrupted: then
    /// [`GraphError::Interrupted`] (at once, if it already was).
    pub async fn sleep_until(&self, deadline: Instant) -> Result<(), GraphError> {
        tokio::select! {
            biased;
            () = self.token.cancelled() => Err(GraphError::Interrupted),
            () = tokio::time::sleep_until(deadline.into()) => Ok(()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_wait_ends_when_the_run_is_interrupted() {
        let token = CancellationToken::new();
        let interruption = Interruption::on(token.clone());
        let started = Instant::now();
        let cancel = tokio::spawn(async move {
            tokio::time::sleep(Duration::from_millis(50)).await;
            token.cancel();
        });
        let waited = interruption.sleep(Duration::from_secs(120)).await;
        cancel.await.expect("cancel task");
        assert_eq!(waited, Err(GraphError::Interrupted));
        assert!(
            started.elapsed() < Duration::from_secs(30),
            "a 120 s wait cut short, not sat out: {:?}",
            started.elapsed()
        );
        assert!(interruption.is_interrupted());
    }

    #[tokio::test]
    async fn an_interrupted_run_does_not_start_a_wait_and_an_open_one_sleeps() {
        let token = CancellationToken::new();
        let interruption = Interruption::on(token.clone());
        assert_eq!(
            interruption.sleep(Duration::from_millis(1)).await,
            Ok(()),
            "an uninterrupted wait ends normally"
        );
        token.cancel();
        assert_eq!(
            interruption.sleep(Duration::ZERO).await,
            Err(GraphError::Interrupted),
            "even a zero wait reports the interruption"
        );
    }
}
