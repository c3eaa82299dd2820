//! Recovering a write whose fate is unclear: a simple PUT or a session's final fragment that
//! timed out, lost its connection or met a 5xx may have stored the file all the same. Sending it
//! again blindly would fail as a conflict (`fail`), create "name 1.ext" (`rename`) or hide the
//! question (`replace`), so the client first *looks*: `GET` the item by its name in its folder.
//! The same size and quickXorHash as the bytes sent → it is ours, done, nothing sent again;
//! absent → send again; present with other content → not overwritten (contract 6) unless the
//! scenario asked for `replace`: it fails as a name conflict, with a message that says why.

use bytes::Bytes;
use reqwest::Method;

use super::client::GraphClient;
use super::context::RequestContext;
use super::error::GraphError;
use super::paths::{child_by_name, join};
use super::retry_loop::{self, Failure, Repeatable, Settled};
use super::send::Call;
use super::types::DriveItem;
use super::upload_plan::UploadPlan;
use crate::vocab::attempt::Operation;
use crate::vocab::conflict::ConflictBehavior;
use crate::vocab::quick_xor::quick_xor_base64;

/// What a look at the destination name found.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Found {
    /// A file with the size and quickXorHash of the bytes we sent: our upload was stored.
    Ours(Box<DriveItem>),
    /// Nothing by that name: the write was not stored.
    Absent,
    /// Something else by that name.
    Different(Box<DriveItem>),
}

/// The file a look hopes to find.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) struct Expected<'a> {
    /// Its size in bytes.
    pub size: u64,
    /// Its quickXorHash (base64), when known.
    pub quick_xor_hash: Option<&'a str>,
}

/// What to do after a look found `found` where an unclear write of `plan` went.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Verdict {
    /// The file is there and is ours: the upload is complete.
    Done(Box<DriveItem>),
    /// Send the file again.
    SendAgain,
    /// Stop: something else holds the name and may not be overwritten.
    Refuse(GraphError),
}

impl Found {
    /// The decision for `plan`, which sent bytes hashing to `sent_hash`.
    pub(super) fn verdict(self, plan: &UploadPlan<'_>, sent_hash: &str) -> Verdict {
        match self {
            Found::Ours(item) => Verdict::Done(item),
            Found::Absent => Verdict::SendAgain,
            // The scenario allows overwriting: the first attempt would have replaced it anyway.
            Found::Different(_) if plan.conflict == ConflictBehavior::Replace => Verdict::SendAgain,
            Found::Different(item) => Verdict::Refuse(GraphError::Conflict(format!(
                "an upload of '{}' got no clear answer, and the folder now holds a '{}' with other \
                 content (size {}, quickXorHash {}; sent {} bytes, {sent_hash}); it is not \
                 overwritten: it may be another writer's file, or the tenant stored our bytes \
                 altered",
                plan.name,
                item.name,
                item.size
                    .map_or_else(|| "unknown".to_owned(), |s| s.to_string()),
                item.quick_xor_hash().unwrap_or("none"),
                plan.size,
            ))),
        }
    }
}

impl GraphClient {
    /// `GET /drives/{drive}/items/{parent}:/{name}:`: whether the upload of `plan`, whose bytes
    /// hash to `sent_hash`, is stored. Its attempts are added to `attempts`.
    pub(super) async fn look_for_upload(
        &self,
        ctx: RequestContext,
        plan: &UploadPlan<'_>,
        sent_hash: &str,
        attempts: &mut u32,
    ) -> Result<Found, GraphError> {
        let expected = Expected {
            size: plan.size,
            quick_xor_hash: Some(sent_hash),
        };
        self.look_for_file(
            ctx,
            plan.drive_id,
            plan.parent_id,
            plan.name,
            expected,
            attempts,
        )
        .await
    }

    /// `GET /drives/{drive}/items/{parent}:/{name}:`: whether a file with `expected`'s size and
    /// quickXorHash is there (an unknown hash matches nothing). Its attempts are added to
    /// `attempts`.
    pub(super) async fn look_for_file(
        &self,
        ctx: RequestContext,
        drive_id: &str,
        parent_id: &str,
        name: &str,
        expected: Expected<'_>,
        attempts: &mut u32,
    ) -> Result<Found, GraphError> {
        let url = join(self.base_url(), &child_by_name(drive_id, parent_id, name))?;
        let call = Call::new(Operation::GetItem, Method::GET, &url, true);
        let item: DriveItem = match self.transport().send(ctx, &call, attempts).await {
            Ok(reply) => reply.json(Operation::GetItem)?,
            Err(GraphError::Status { status: 404, .. }) => return Ok(Found::Absent),
            Err(error) => return Err(error),
        };
        let ours = item.file.is_some()
            && item.size == Some(expected.size)
            && expected.quick_xor_hash.is_some()
            && item.quick_xor_hash() == expected.quick_xor_hash;
        Ok(if ours {
            Found::Ours(Box::new(item))
        } else {
            Found::Different(Box::new(item))
        })
    }

    /// The simple upload of `body` (the whole file), repeated by the retry loop, with a look
    /// before every repeat that follows an unclear failure, and a last look when the attempts
    /// run out on one. A 401 gets one more attempt, as on every Graph call.
    pub(super) async fn put_whole_file(
        &self,
        ctx: RequestContext,
        plan: &UploadPlan<'_>,
        body: Bytes,
        attempts: &mut u32,
    ) -> Result<DriveItem, GraphError> {
        let sent_hash = quick_xor_base64(&body);
        let url = join(
            self.base_url(),
            &format!(
                "{}/content?@microsoft.graph.conflictBehavior={}",
                child_by_name(plan.drive_id, plan.parent_id, plan.name),
                plan.conflict.as_str()
            ),
        )?;
        let call = Call::new(Operation::UploadSimple, Method::PUT, &url, true).octets(body);
        let mut put = WholeFilePut {
            client: self,
            ctx,
            plan,
            call: &call,
            sent_hash: &sent_hash,
        };
        retry_loop::run(self.retry_policy(), self.interruption(), &mut put, attempts).await
    }
}

/// The simple PUT of a whole file, as the retry loop repeats it.
struct WholeFilePut<'a, 'p> {
    client: &'a GraphClient,
    ctx: RequestContext,
    plan: &'a UploadPlan<'p>,
    call: &'a Call<'a>,
    sent_hash: &'a str,
}

impl Repeatable for WholeFilePut<'_, '_> {
    type Output = DriveItem;

    fn carries_token(&self) -> bool {
        self.call.auth
    }

    async fn attempt(&mut self, repeat: bool, attempts: &mut u32) -> Result<DriveItem, GraphError> {
        let reply = self
            .client
            .transport()
            .attempt(self.ctx, self.call, repeat, attempts)
            .await?;
        reply.json(Operation::UploadSimple)
    }

    /// Looks for the file: ours → done, nothing sent again; absent → send again; something
    /// else → refused, unless the plan allows replacing it.
    async fn settle(
        &mut self,
        _failure: Failure,
        _last: bool,
        attempts: &mut u32,
    ) -> Settled<DriveItem> {
        let found = self
            .client
            .look_for_upload(self.ctx, self.plan, self.sent_hash, attempts)
            .await;
        match found {
            Ok(found) => match found.verdict(self.plan, self.sent_hash) {
                Verdict::Done(item) => Settled::Done(Ok(*item)),
                Verdict::Refuse(conflict) => Settled::Done(Err(conflict)),
                Verdict::SendAgain => Settled::Repeat,
            },
            // The look failed too: the write may be stored, or not.
            Err(look) => Settled::Unknown(look),
        }
    }
}
