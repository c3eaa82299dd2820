//! The one retry loop of the client. Every request that may be repeated goes round it: plain
//! Graph calls ([`super::send`]), the simple upload and the copy request whose unclear failures
//! are looked after before they are sent again (`recovery`, `copy_start`), and session
//! fragments that resume from where the service stands (`fragments`). Only what differs is left
//! to the request ([`Repeatable`]): how to send one attempt, how to read a failure, and how to
//! find out where it stands after an unclear one. The loop itself owns the rest, so the budget,
//! the waits and the 401 rule cannot drift apart between callers:
//!
//! - a 401 to a request that carried the bearer token gets one more attempt with a fresh token,
//!   outside the budget (the token source records its fetch as its own attempt);
//! - a throttled or unclear failure waits as the [`RetryPolicy`] says (the `Retry-After` in
//!   full, else capped backoff with jitter), up to its `max_attempts`;
//! - an unclear (or out-of-step) failure lets the request look before the next attempt, and
//!   once more after the last one, since the write may have happened all the same.
//!
//! The loop sends nothing itself: each attempt is the request's own call of the measured send
//! path, which records it (contract 2), so nothing is repeated out of sight. It sits below the
//! send path so that plain requests use it too.

use std::time::Duration;

use super::error::GraphError;
use super::interruption::Interruption;
use super::retry::{FailureKind, RetryPolicy, jitter_unit, retry_after_of};

/// How the loop reads a failed attempt.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Failure {
    /// The service refused for load and did not process the request: wait as the policy says,
    /// then send it again as it was.
    Throttled,
    /// No clear answer (timeout, broken connection, 5xx): wait, then let the request find out
    /// where it stands before it is repeated, and once more when no attempt is left.
    Unclear,
    /// A clear answer that the request is out of step with the service (a fragment's 416): let
    /// the request find out where it stands at once, without a wait.
    OutOfStep,
    /// A definite answer that another attempt would not change.
    Final,
}

impl Failure {
    /// The retry policy's reading of `error`: throttled, unclear or final.
    pub(super) fn of(error: &GraphError) -> Failure {
        match FailureKind::of(error) {
            FailureKind::Throttled => Failure::Throttled,
            FailureKind::Ambiguous => Failure::Unclear,
            FailureKind::Final => Failure::Final,
        }
    }
}

/// What a request found out about itself after an unclear or out-of-step failure.
#[derive(Debug)]
pub(super) enum Settled<T> {
    /// Send it again (as it is now: a fragment may resume from a later byte).
    Repeat,
    /// The request is over with this outcome (the write was stored after all, a name conflict,
    /// or the failure of the look-up itself when that is the one to report).
    Done(Result<T, GraphError>),
    /// Finding out failed: the attempt's own error is the one to report.
    GiveUp,
    /// The write got no clear answer and looking for its result failed too (this error): it may
    /// be stored. The request ends [`GraphError::MaybeStored`], naming both failures.
    Unknown(GraphError),
}

/// A request the loop may repeat.
pub(super) trait Repeatable {
    /// What a successful attempt gives.
    type Output;

    /// Whether it carries the bearer token, so a 401 means the token was refused.
    fn carries_token(&self) -> bool;

    /// One attempt through the measured send path, marked as a retry in its record when
    /// `repeat`, and counted in `attempts`.
    async fn attempt(
        &mut self,
        repeat: bool,
        attempts: &mut u32,
    ) -> Result<Self::Output, GraphError>;

    /// How a failure reads for this request; the retry policy's reading unless it says otherwise.
    fn classify(&self, error: &GraphError) -> Failure {
        Failure::of(error)
    }

    /// After an unclear or out-of-step `failure` (and its wait, unless `last`): where the request
    /// stands. `last` when the budget is spent and the loop ends unless this settles it. Any look
    /// it makes goes through the send path and is counted in `attempts`. By default: repeat.
    async fn settle(
        &mut self,
        failure: Failure,
        last: bool,
        attempts: &mut u32,
    ) -> Settled<Self::Output> {
        let _ = (failure, last, attempts);
        Settled::Repeat
    }
}

/// Sends `request` until it succeeds, meets a final failure, settles itself, or `policy`'s
/// attempts run out; returns the last error then. Adds every attempt made to `attempts`. A wait
/// between attempts ends the request with [`GraphError::Interrupted`] when the run is
/// interrupted meanwhile: nothing more is sent, nor looked up.
pub(super) async fn run<R: Repeatable>(
    policy: &RetryPolicy,
    interruption: &Interruption,
    request: &mut R,
    attempts: &mut u32,
) -> Result<R::Output, GraphError> {
    let mut number = 0u32;
    let mut reauthenticated = false;
    loop {
        number += 1;
        let repeat = number > 1 || reauthenticated;
        let error = match request.attempt(repeat, attempts).await {
            Ok(output) => return Ok(output),
            Err(error) => error,
        };
        // An expired or revoked token: one more attempt with a fresh token, outside the budget.
        if !reauthenticated && request.carries_token() && is_unauthorized(&error) {
            reauthenticated = true;
            number -= 1;
            continue;
        }
        let failure = request.classify(&error);
        if failure == Failure::Final {
            return Err(error);
        }
        let last = number >= policy.max_attempts;
        if !last && failure != Failure::OutOfStep {
            let wait_us = policy.wait_us(retry_after_of(&error), number, jitter_unit());
            interruption.sleep(Duration::from_micros(wait_us)).await?;
        }
        if matches!(failure, Failure::Unclear | Failure::OutOfStep) {
            match request.settle(failure, last, attempts).await {
                Settled::Repeat => {}
                Settled::Done(outcome) => return outcome,
                Settled::GiveUp => return Err(error),
                Settled::Unknown(look) => {
                    return Err(GraphError::MaybeStored {
                        write: error.to_string(),
                        look: look.to_string(),
                    });
                }
            }
        }
        if last {
            return Err(error);
        }
    }
}

/// A 401: the bearer token was refused (Graph says `InvalidAuthenticationToken`).
fn is_unauthorized(error: &GraphError) -> bool {
    matches!(error, GraphError::Status { status: 401, .. })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn status(status: u16) -> GraphError {
        GraphError::Status {
            status,
            code: String::new(),
            message: String::new(),
            retry_after: None,
        }
    }

    /// Answers with `script` in turn (then the last entry again), noting what the loop did.
    struct Scripted {
        script: Vec<Result<u32, GraphError>>,
        carries_token: bool,
        sent: Vec<bool>,
        settled: Vec<(Failure, bool)>,
        on_settle: fn(u32) -> Settled<u32>,
    }

    impl Scripted {
        fn new(script: Vec<Result<u32, GraphError>>) -> Self {
            Scripted {
                script,
                carries_token: true,
                sent: Vec::new(),
                settled: Vec::new(),
                on_settle: |_| Settled::Repeat,
            }
        }
    }

    impl Repeatable for Scripted {
        type Output = u32;

        fn carries_token(&self) -> bool {
            self.carries_token
        }

        async fn attempt(&mut self, repeat: bool, attempts: &mut u32) -> Result<u32, GraphError> {
            *attempts += 1;
            self.sent.push(repeat);
            let at = (self.sent.len() - 1).min(self.script.len() - 1);
            self.script[at].clone()
        }

        fn classify(&self, error: &GraphError) -> Failure {
            match error.status() {
                Some(416) => Failure::OutOfStep,
                _ => Failure::of(error),
            }
        }

        async fn settle(
            &mut self,
            failure: Failure,
            last: bool,
            _attempts: &mut u32,
        ) -> Settled<u32> {
            self.settled.push((failure, last));
            (self.on_settle)(self.settled.len() as u32)
        }
    }

    fn policy(max_attempts: u32) -> RetryPolicy {
        RetryPolicy {
            max_attempts,
            base_us: 1,
            cap_us: 1,
        }
    }

    #[tokio::test]
    async fn a_401_gets_one_fresh_attempt_outside_the_budget() {
        let mut request = Scripted::new(vec![Err(status(401)), Ok(7)]);
        let mut attempts = 0;
        let outcome = run(
            &policy(1),
            &Interruption::default(),
            &mut request,
            &mut attempts,
        )
        .await;
        assert_eq!(outcome, Ok(7));
        assert_eq!((attempts, request.sent), (2, vec![false, true]));

        let mut twice = Scripted::new(vec![Err(status(401))]);
        let outcome = run(&policy(4), &Interruption::default(), &mut twice, &mut 0).await;
        assert_eq!(outcome, Err(status(401)), "a second 401 is final");
        assert_eq!(twice.sent.len(), 2);

        let mut no_token = Scripted::new(vec![Err(status(401)), Ok(7)]);
        no_token.carries_token = false;
        assert_eq!(
            run(&policy(4), &Interruption::default(), &mut no_token, &mut 0).await,
            Err(status(401))
        );
    }

    #[tokio::test]
    async fn throttled_attempts_repeat_until_the_budget_is_spent_without_settling() {
        let mut request = Scripted::new(vec![Err(status(429))]);
        let mut attempts = 0;
        assert_eq!(
            run(
                &policy(3),
                &Interruption::default(),
                &mut request,
                &mut attempts
            )
            .await,
            Err(status(429))
        );
        assert_eq!(attempts, 3);
        assert_eq!(request.sent, vec![false, true, true]);
        assert!(request.settled.is_empty());
    }

    #[tokio::test]
    async fn unclear_failures_settle_before_each_repeat_and_after_the_last() {
        let mut request = Scripted::new(vec![Err(status(503)), Err(status(503)), Ok(1)]);
        assert_eq!(
            run(&policy(2), &Interruption::default(), &mut request, &mut 0).await,
            Err(status(503))
        );
        assert_eq!(
            request.settled,
            vec![(Failure::Unclear, false), (Failure::Unclear, true)]
        );

        let mut found = Scripted::new(vec![Err(status(504))]);
        found.on_settle = |_| Settled::Done(Ok(42));
        assert_eq!(
            run(&policy(4), &Interruption::default(), &mut found, &mut 0).await,
            Ok(42)
        );
        assert_eq!(
            found.sent.len(),
            1,
            "a write found stored is not sent again"
        );

        let mut look_failed = Scripted::new(vec![Err(status(500))]);
        look_failed.on_settle = |_| Settled::GiveUp;
        assert_eq!(
            run(
                &policy(4),
                &Interruption::default(),
                &mut look_failed,
                &mut 0
            )
            .await,
            Err(status(500)),
            "the attempt's own error is reported"
        );
    }

    #[tokio::test]
    async fn out_of_step_and_final_failures() {
        let mut request = Scripted::new(vec![Err(status(416)), Ok(5)]);
        assert_eq!(
            run(&policy(4), &Interruption::default(), &mut request, &mut 0).await,
            Ok(5)
        );
        assert_eq!(request.settled, vec![(Failure::OutOfStep, false)]);

        let mut final_answer = Scripted::new(vec![Err(status(404)), Ok(5)]);
        assert_eq!(
            run(
                &policy(4),
                &Interruption::default(),
                &mut final_answer,
                &mut 0
            )
            .await,
            Err(status(404))
        );
        assert_eq!(final_answer.sent.len(), 1);
        assert!(final_answer.settled.is_empty());
    }
}
