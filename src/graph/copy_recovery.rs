//! Starting a copy job whose `POST .../copy` got no clear answer (timeout, lost connection,
//! 5xx): the tenant may have started the job all the same, so posting again blindly would run
//! two jobs — a "name 1.ext" duplicate under `rename`, a `nameAlreadyExists` failure under
//! `fail` although the copy succeeded. As for uploads (recovery.rs), the client first *looks*
//! for the destination item by name: the source's size and quickXorHash → the unseen job
//! finished, the item is done; absent → the job may still be running, so it looks again a few
//! times along the poll schedule before posting again; something else → a name conflict,
//! never overwritten (contract 6) unless the scenario asked for `replace`.

use std::time::Duration;

use url::Url;

use super::copy::{CopyRequest, PollSchedule, monitor_from};
use super::recovery::{Expected, Found};
use super::retry::{FailureKind, jitter_unit};
use super::send::{Call, is_unauthorized};
use super::{DriveItem, GraphClient, GraphError, RequestContext};
use crate::vocab::conflict::ConflictBehavior;

/// Looks for the destination item after an unclear copy answer before posting again.
const LOOKS_BEFORE_REPOST: u32 = 4;

/// What a copy request led to.
#[derive(Debug, Clone, PartialEq)]
pub enum CopyStarted {
    /// The job was accepted: poll its monitor.
    Monitor(Url),
    /// The answer was lost, but the copy is already in place (a job we could not see finished).
    AlreadyCopied(Box<DriveItem>),
}

/// What the looks after an unclear answer decided.
enum AfterLooks {
    Done(Box<DriveItem>),
    PostAgain,
    Refuse(GraphError),
}

impl GraphClient {
    /// Posts `call` (the copy request), repeated as the retry policy allows, with looks for the
    /// destination item before every repeat that follows an unclear failure, and after the
    /// last one. A 401 gets one more attempt, as on every Graph call.
    pub(super) async fn post_copy(
        &self,
        ctx: RequestContext,
        request: &CopyRequest<'_>,
        call: &Call<'_>,
        attempts: &mut u32,
    ) -> Result<CopyStarted, GraphError> {
        let policy = *self.retry_policy();
        let schedule = *self.copy_poll();
        let mut number = 0u32;
        let mut reauthenticated = false;
        loop {
            number += 1;
            let repeat = number > 1 || reauthenticated;
            let error = match self.transport().attempt(ctx, call, repeat, attempts).await {
                Ok(reply) => return monitor_from(reply, call.url).map(CopyStarted::Monitor),
                Err(error) => error,
            };
            if !reauthenticated && is_unauthorized(&error) {
                reauthenticated = true;
                number -= 1;
                continue;
            }
            let wait = policy.delay_after(&error, number, jitter_unit());
            if let Some(wait_us) = wait {
                tokio::time::sleep(Duration::from_micros(wait_us)).await;
            }
            if FailureKind::of(&error) == FailureKind::Ambiguous {
                match self.look_for_copy(ctx, request, &schedule, attempts).await {
                    Ok(AfterLooks::Done(item)) => return Ok(CopyStarted::AlreadyCopied(item)),
                    Ok(AfterLooks::Refuse(conflict)) => return Err(conflict),
                    Ok(AfterLooks::PostAgain) => {}
                    // The look failed too: the request's own failure is the one to report.
                    Err(_) => return Err(error),
                }
            }
            if wait.is_none() {
                return Err(error);
            }
        }
    }

    /// Looks for the copy of `request` up to [`LOOKS_BEFORE_REPOST`] times, waiting along
    /// `schedule` between looks while nothing is there. Each look is a recorded attempt.
    async fn look_for_copy(
        &self,
        ctx: RequestContext,
        request: &CopyRequest<'_>,
        schedule: &PollSchedule,
        attempts: &mut u32,
    ) -> Result<AfterLooks, GraphError> {
        let name = request.name.unwrap_or(request.source_name);
        let expected = Expected {
            size: request.source_size,
            quick_xor_hash: request.source_quick_xor_hash,
        };
        let mut wait_us = schedule.first_us;
        for look in 1..=LOOKS_BEFORE_REPOST {
            let found = self
                .look_for_file(
                    ctx,
                    request.destination_drive_id,
                    request.destination_parent_id,
                    name,
                    expected,
                    attempts,
                )
                .await?;
            match found {
                Found::Ours(item) => return Ok(AfterLooks::Done(item)),
                Found::Different(_) if request.conflict == ConflictBehavior::Replace => {
                    return Ok(AfterLooks::PostAgain);
                }
                Found::Different(item) => {
                    return Ok(AfterLooks::Refuse(GraphError::Conflict(format!(
                        "a copy of '{name}' got no clear answer, and the folder now holds a \
                         '{}' with other content (size {}, quickXorHash {}; the source has {} \
                         bytes, {}); it is not overwritten",
                        item.name,
                        item.size
                            .map_or_else(|| "unknown".to_owned(), |s| s.to_string()),
                        item.quick_xor_hash().unwrap_or("none"),
                        request.source_size,
                        request.source_quick_xor_hash.unwrap_or("no hash"),
                    ))));
                }
                Found::Absent if look < LOOKS_BEFORE_REPOST => {
                    tokio::time::sleep(Duration::from_micros(wait_us)).await;
                    wait_us = schedule.next_wait_us(wait_us);
                }
                Found::Absent => {}
            }
        }
        Ok(AfterLooks::PostAgain)
    }
}
