//! Removing what a run created (`pilotbench clean`): an item read by id, to see whether it is
//! still what the run left, and `DELETE /drives/{d}/items/{id}` conditional on its eTag
//! (`If-Match`), which moves it to the site's recycle bin (docs/graph-notes.md §10).
//!
//! A delete is a write: when its answer is unclear (a timeout, a broken connection, a 5xx) it may
//! have happened all the same, so it is repeated only through the retry loop, and a repeat that
//! finds the item gone (404) means the lost attempt deleted it. A 404 to the first attempt means
//! someone else removed it first; a 412 means it changed since the eTag was read, and it is left
//! alone. Every attempt goes through the measured send path, like any other.

use reqwest::Method;

use super::client::GraphClient;
use super::context::RequestContext;
use super::error::GraphError;
use super::paths::{encode_id, join};
use super::retry_loop::{self, Failure, Repeatable, Settled};
use super::send::Call;
use super::types::DriveItem;
use crate::vocab::attempt::Operation;

/// How a delete ended, when it did not fail.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Deleted {
    /// The item was deleted by this call (its answer, or a lost answer and a 404 after it).
    Now,
    /// The item was not there at the first attempt: someone else removed it.
    AlreadyGone,
}

impl GraphClient {
    /// `GET /drives/{drive}/items/{item}`: the item as it is now; `None` when it is gone (404).
    /// Its attempts are added to `attempts`.
    pub async fn item_by_id(
        &self,
        ctx: RequestContext,
        drive_id: &str,
        item_id: &str,
        attempts: &mut u32,
    ) -> Result<Option<DriveItem>, GraphError> {
        let url = join(
            self.base_url(),
            &format!(
                "/drives/{}/items/{}",
                encode_id(drive_id),
                encode_id(item_id)
            ),
        )?;
        let call = Call::new(Operation::GetItem, Method::GET, &url, true);
        match self.transport().send(ctx, &call, attempts).await {
            Ok(reply) => reply.json(Operation::GetItem).map(Some),
            Err(GraphError::Status { status: 404, .. }) => Ok(None),
            Err(error) => Err(error),
        }
    }

    /// `DELETE /drives/{drive}/items/{item}` with `If-Match: {e_tag}` when one is given: 204
    /// [`Deleted::Now`]; 404 [`Deleted::AlreadyGone`] (or `Now` after a lost answer); 412 and
    /// every other final answer an error. Its attempts are added to `attempts`.
    pub async fn delete_item(
        &self,
        ctx: RequestContext,
        drive_id: &str,
        item_id: &str,
        e_tag: Option<&str>,
        attempts: &mut u32,
    ) -> Result<Deleted, GraphError> {
        let url = join(
            self.base_url(),
            &format!(
                "/drives/{}/items/{}",
                encode_id(drive_id),
                encode_id(item_id)
            ),
        )?;
        let mut call = Call::new(Operation::DeleteItem, Method::DELETE, &url, true);
        if let Some(tag) = e_tag {
            call = call.if_match(tag);
        }
        let mut delete = Delete {
            client: self,
            ctx,
            call: &call,
            unclear_before: false,
        };
        retry_loop::run(
            self.retry_policy(),
            self.interruption(),
            &mut delete,
            attempts,
        )
        .await
    }
}

/// One delete as the retry loop repeats it.
struct Delete<'a> {
    client: &'a GraphClient,
    ctx: RequestContext,
    call: &'a Call<'a>,
    /// An earlier attempt got no clear answer: it may have deleted the item.
    unclear_before: bool,
}

impl Repeatable for Delete<'_> {
    type Output = Deleted;

    fn carries_token(&self) -> bool {
        self.call.auth
    }

    async fn attempt(&mut self, repeat: bool, attempts: &mut u32) -> Result<Deleted, GraphError> {
        match self
            .client
            .transport()
            .attempt(self.ctx, self.call, repeat, attempts)
            .await
        {
            Ok(_) => Ok(Deleted::Now),
            Err(GraphError::Status { status: 404, .. }) if self.unclear_before => Ok(Deleted::Now),
            Err(GraphError::Status { status: 404, .. }) => Ok(Deleted::AlreadyGone),
            Err(error) => Err(error),
        }
    }

    /// After an unclear failure: remember it, so a 404 to the repeat reads as our delete.
    async fn settle(
        &mut self,
        _failure: Failure,
        _last: bool,
        _attempts: &mut u32,
    ) -> Settled<Deleted> {
        self.unclear_before = true;
        Settled::Repeat
    }
}
