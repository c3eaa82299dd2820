//! Starting a server-side copy job:
//! `POST /drives/{d}/items/{id}/copy?@microsoft.graph.conflictBehavior=...` answered
//! `202 Accepted` with a `Location` monitor URL, which `copy` polls.
//!
//! A `POST .../copy` that got no clear answer (timeout, lost connection, 5xx) may have started
//! the job all the same, so posting again blindly would run two jobs — a "name 1.ext" duplicate
//! under `rename`, a `nameAlreadyExists` failure under `fail` although the copy succeeded. As for
//! uploads (`recovery`), the retry loop lets the request first *look* for the destination item
//! by name: the source's size and quickXorHash → the unseen job finished, the item is done;
//! absent → the job may still be running, so it looks again a few times along the poll schedule
//! before posting again; something else → a name conflict, never overwritten (contract 6)
//! unless the scenario asked for `replace`.

use std::time::Duration;

use reqwest::Method;
use serde::Serialize;
use url::Url;

use super::client::GraphClient;
use super::config::PollSchedule;
use super::context::RequestContext;
use super::error::GraphError;
use super::paths::encode_id;
use super::recovery::{Expected, Found};
use super::retry_loop::{self, Failure, Repeatable, Settled};
use super::send::{Call, Reply};
use super::types::DriveItem;
use crate::vocab::attempt::Operation;
use crate::vocab::conflict::ConflictBehavior;

/// Looks for the destination item after an unclear copy answer before posting again.
const LOOKS_BEFORE_REPOST: u32 = 4;

/// One file to copy inside the tenant.
#[derive(Debug, Clone)]
pub struct CopyRequest<'a> {
    /// The source item's drive.
    pub source_drive_id: &'a str,
    /// The source item.
    pub source_item_id: &'a str,
    /// The destination drive.
    pub destination_drive_id: &'a str,
    /// The destination folder's item id.
    pub destination_parent_id: &'a str,
    /// A new name, or `None` to keep the source's.
    pub name: Option<&'a str>,
    /// What the job does when the name is taken (in the query string, as Graph requires).
    pub conflict: ConflictBehavior,
    /// The source item's name (the copy's, unless `name` is given): looked for when the copy
    /// request gets no clear answer.
    pub source_name: &'a str,
    /// The source item's size in bytes: a copy found after an unclear answer must have it.
    pub source_size: u64,
    /// The source item's quickXorHash (base64), when known: a copy found after an unclear
    /// answer must have it (without it, nothing found counts as our copy).
    pub source_quick_xor_hash: Option<&'a str>,
}

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

/// The copy request body, as Microsoft documents it (`docs/graph-notes.md` §4).
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
struct CopyBody<'a> {
    parent_reference: ParentReference<'a>,
    #[serde(skip_serializing_if = "Option::is_none")]
    name: Option<&'a str>,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
struct ParentReference<'a> {
    drive_id: &'a str,
    id: &'a str,
}

impl GraphClient {
    /// `POST .../copy`: returns the monitor URL from the `202 Accepted` answer's `Location`,
    /// or the copy itself when an unclear answer hid a job that finished (`CopyPost`).
    pub async fn start_copy(
        &self,
        ctx: RequestContext,
        request: &CopyRequest<'_>,
        attempts: &mut u32,
    ) -> Result<CopyStarted, GraphError> {
        let url = self.graph_url(&format!(
            "/drives/{}/items/{}/copy?@microsoft.graph.conflictBehavior={}",
            encode_id(request.source_drive_id),
            encode_id(request.source_item_id),
            request.conflict.as_str()
        ))?;
        let body = serde_json::to_vec(&CopyBody {
            parent_reference: ParentReference {
                drive_id: request.destination_drive_id,
                id: request.destination_parent_id,
            },
            name: request.name,
        })
        .map_err(|e| GraphError::Protocol(format!("cannot encode the copy request: {e}")))?;
        let call = Call::new(Operation::CopyItem, Method::POST, &url, true).json(body.into());
        let mut post = CopyPost {
            client: self,
            ctx,
            request,
            call: &call,
            schedule: *self.copy_poll(),
        };
        retry_loop::run(
            self.retry_policy(),
            self.interruption(),
            &mut post,
            attempts,
        )
        .await
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
                    self.interruption()
                        .sleep(Duration::from_micros(wait_us))
                        .await?;
                    wait_us = schedule.next_wait_us(wait_us);
                }
                Found::Absent => {}
            }
        }
        Ok(AfterLooks::PostAgain)
    }
}

/// The copy request, as the retry loop repeats it.
struct CopyPost<'a, 'r> {
    client: &'a GraphClient,
    ctx: RequestContext,
    request: &'a CopyRequest<'r>,
    call: &'a Call<'a>,
    schedule: PollSchedule,
}

impl Repeatable for CopyPost<'_, '_> {
    type Output = CopyStarted;

    fn carries_token(&self) -> bool {
        self.call.auth
    }

    async fn attempt(
        &mut self,
        repeat: bool,
        attempts: &mut u32,
    ) -> Result<CopyStarted, GraphError> {
        let reply = self
            .client
            .transport()
            .attempt(self.ctx, self.call, repeat, attempts)
            .await?;
        monitor_from(reply, self.call.url).map(CopyStarted::Monitor)
    }

    /// Looks for the destination item before posting again (and after the last attempt).
    async fn settle(
        &mut self,
        _failure: Failure,
        _last: bool,
        attempts: &mut u32,
    ) -> Settled<CopyStarted> {
        let looked = self
            .client
            .look_for_copy(self.ctx, self.request, &self.schedule, attempts)
            .await;
        match looked {
            Ok(AfterLooks::Done(item)) => Settled::Done(Ok(CopyStarted::AlreadyCopied(item))),
            Ok(AfterLooks::Refuse(conflict)) => Settled::Done(Err(conflict)),
            Ok(AfterLooks::PostAgain) => Settled::Repeat,
            // The look failed too: the copy may have started, or not.
            Err(look) => Settled::Unknown(look),
        }
    }
}

/// The monitor URL of the copy request's answer (`202 Accepted` with `Location`), resolved
/// against the request's `url`.
fn monitor_from(reply: Reply, url: &Url) -> Result<Url, GraphError> {
    if reply.status != 202 {
        return Err(GraphError::Protocol(format!(
            "copy answered {} instead of 202 Accepted",
            reply.status
        )));
    }
    let location = reply.location.ok_or_else(|| {
        GraphError::Protocol("copy answered 202 without a Location monitor URL".into())
    })?;
    let monitor = url
        .join(&location)
        .map_err(|e| GraphError::Protocol(format!("copy gave an unusable monitor URL: {e}")))?;
    if !matches!(monitor.scheme(), "http" | "https") {
        return Err(GraphError::Protocol(
            "copy gave a monitor URL that is not HTTP(S)".into(),
        ));
    }
    Ok(monitor)
}
