//! Sending a file through an upload session: sequential fragments of `chunk_size` bytes, each
//! read into one buffer, sent, then dropped. When a fragment's fate is unclear (timeout, broken
//! connection, 5xx) or the service answers 416, the session is asked what it has and the
//! fragment resumes from there; bytes of earlier fragments are gone, so a rewind fails. An
//! unclear answer to the final fragment is checked by looking for the file (`recovery`) first:
//! the session is gone once the file is stored. Each fragment goes round the one retry loop
//! (`retry_loop`), which it tells how a 416 reads and how to resume.

use bytes::Bytes;
use url::Url;

use super::client::GraphClient;
use super::context::RequestContext;
use super::error::GraphError;
use super::recovery::Verdict;
use super::retry_loop::{self, Failure, Repeatable, Settled};
use super::source_read::{ensure_at_end, read_exact};
use super::types::DriveItem;
use super::upload_plan::{ChunkReply, ContentRange, UploadPlan};
use crate::vocab::chunk_read::ChunkRead;
use crate::vocab::graph_limits::FRAGMENT_MULTIPLE;
use crate::vocab::quick_xor::QuickXor;

/// The fragment size actually used: `chunk_size` rounded down to a multiple of 320 KiB, and at
/// least 320 KiB.
pub fn fragment_size(chunk_size: u64) -> u64 {
    (chunk_size / FRAGMENT_MULTIPLE).max(1) * FRAGMENT_MULTIPLE
}

/// How one fragment ended.
enum FragmentEnd {
    /// The service has every byte up to the fragment's end and wants the next.
    Accepted,
    /// The upload is complete.
    Completed(Box<DriveItem>),
}

/// Why a session upload stopped, with what a look for the file needs.
pub(super) struct SessionFailure {
    /// The error that ended it.
    pub(super) error: GraphError,
    /// The quickXorHash of the whole file as sent, once the final fragment was read (so a
    /// look can tell whether the file was stored before the session went).
    pub(super) hash_if_complete: Option<String>,
}

impl From<GraphError> for SessionFailure {
    fn from(error: GraphError) -> Self {
        SessionFailure {
            error,
            hash_if_complete: None,
        }
    }
}

/// Sends the whole file to `upload_url`, reading it fragment by fragment from `reader`.
pub(super) async fn send_fragments(
    client: &GraphClient,
    ctx: RequestContext,
    upload_url: &Url,
    plan: &UploadPlan<'_>,
    reader: &mut dyn ChunkRead,
    attempts: &mut u32,
) -> Result<DriveItem, SessionFailure> {
    let total = plan.size;
    let size = fragment_size(plan.chunk_size);
    let mut offset = 0u64;
    let mut hash = QuickXor::new();
    while offset < total {
        let want = size.min(total - offset);
        let fragment = read_exact(reader, want, offset, total).await?;
        let end = offset + want;
        hash.update(&fragment);
        let sent_hash = if end == total {
            ensure_at_end(reader, total).await?;
            Some(std::mem::take(&mut hash).finish_base64())
        } else {
            None
        };
        let mut sender = Fragment {
            client,
            ctx,
            upload_url,
            plan,
            start: offset,
            from: offset,
            bytes: fragment,
            sent_hash: sent_hash.as_deref(),
        };
        match sender.send(attempts).await {
            Ok(FragmentEnd::Accepted) => offset = end,
            Ok(FragmentEnd::Completed(item)) => return Ok(*item),
            Err(error) => {
                return Err(SessionFailure {
                    error,
                    hash_if_complete: sent_hash,
                });
            }
        }
    }
    Err(GraphError::Protocol(format!(
        "the upload session took all {total} bytes without completing"
    ))
    .into())
}

/// One fragment being sent, with the bytes still held for a resume.
struct Fragment<'a> {
    client: &'a GraphClient,
    ctx: RequestContext,
    upload_url: &'a Url,
    plan: &'a UploadPlan<'a>,
    /// File offset of `bytes[0]`.
    start: u64,
    /// Where the next attempt starts: `start`, or later once the session has part of it.
    from: u64,
    bytes: Bytes,
    /// For the final fragment: the quickXorHash of the whole file as sent.
    sent_hash: Option<&'a str>,
}

impl Fragment<'_> {
    fn end(&self) -> u64 {
        self.start + self.bytes.len() as u64
    }

    fn is_last(&self) -> bool {
        self.end() == self.total()
    }

    fn total(&self) -> u64 {
        self.plan.size
    }

    /// After an unclear answer to the final fragment: whether the file is stored. `Ok(Some)`
    /// ends the fragment (done, or a conflict); `Ok(None)` means carry on with the session;
    /// `Err` is the look's own failure.
    async fn look(
        &self,
        attempts: &mut u32,
    ) -> Result<Option<Result<FragmentEnd, GraphError>>, GraphError> {
        let Some(sent_hash) = self.sent_hash else {
            return Ok(None);
        };
        let found = self
            .client
            .look_for_upload(self.ctx, self.plan, sent_hash, attempts)
            .await?;
        Ok(match found.verdict(self.plan, sent_hash) {
            Verdict::Done(item) => Some(Ok(FragmentEnd::Completed(item))),
            Verdict::Refuse(conflict) => Some(Err(conflict)),
            Verdict::SendAgain => None,
        })
    }

    /// Sends the fragment, resuming or repeating as the retry loop allows.
    async fn send(&mut self, attempts: &mut u32) -> Result<FragmentEnd, GraphError> {
        let policy = *self.client.retry_policy();
        let interruption = self.client.interruption().clone();
        retry_loop::run(&policy, &interruption, self, attempts).await
    }

    /// What a 2xx answer to this fragment means.
    fn settle_reply(&self, reply: ChunkReply) -> Result<FragmentEnd, GraphError> {
        match reply {
            ChunkReply::Completed(item) if self.is_last() => Ok(FragmentEnd::Completed(item)),
            ChunkReply::Completed(_) => Err(GraphError::Protocol(format!(
                "the upload completed after {} of {} bytes",
                self.end(),
                self.total()
            ))),
            ChunkReply::Accepted { .. } if self.is_last() => Err(GraphError::Protocol(format!(
                "the service still expects bytes after all {} were sent",
                self.total()
            ))),
            ChunkReply::Accepted {
                next_expected_ranges,
            } => match first_expected_start(&next_expected_ranges) {
                // The list is optional; the service took the fragment.
                None => Ok(FragmentEnd::Accepted),
                Some(next) if next == self.end() => Ok(FragmentEnd::Accepted),
                Some(next) => Err(GraphError::Protocol(format!(
                    "after bytes {}-{} the service expects byte {next}, not {}",
                    self.start,
                    self.end() - 1,
                    self.end()
                ))),
            },
        }
    }

    /// Where to resume this fragment from the session's `nextExpectedRanges`: `Some(offset)`
    /// inside the fragment, `None` when the service already has all of it.
    fn resume_point(&self, ranges: &[String]) -> Result<Option<u64>, GraphError> {
        let next = first_expected_start(ranges).ok_or_else(|| {
            GraphError::Protocol("the upload session lists no missing bytes".into())
        })?;
        if next < self.start {
            return Err(GraphError::Protocol(format!(
                "the upload session wants bytes from {next} again, before the current fragment at \
                 {}; earlier fragments are no longer held",
                self.start
            )));
        }
        if next > self.end() || (next == self.end() && self.is_last()) {
            return Err(GraphError::Protocol(format!(
                "the upload session expects byte {next}, past the {} bytes sent",
                self.end()
            )));
        }
        Ok((next < self.end()).then_some(next))
    }
}

/// A fragment as the retry loop repeats it: a 416 or an unclear answer asks the session what
/// it has and resumes from there (a throttled one is sent again as it was); an unclear answer to
/// the final fragment first looks for the file, which may be stored already.
impl Repeatable for Fragment<'_> {
    type Output = FragmentEnd;

    fn carries_token(&self) -> bool {
        false
    }

    async fn attempt(
        &mut self,
        repeat: bool,
        attempts: &mut u32,
    ) -> Result<FragmentEnd, GraphError> {
        let range = ContentRange {
            start: self.from,
            end: self.end() - 1,
            total: self.total(),
        };
        let body = self.bytes.slice(offset_in(self.from, self.start)..);
        let reply = self
            .client
            .chunk_attempt(self.ctx, self.upload_url, range, body, repeat, attempts)
            .await?;
        self.settle_reply(reply)
    }

    fn classify(&self, error: &GraphError) -> Failure {
        match error {
            GraphError::Status { status: 416, .. } => Failure::OutOfStep,
            _ => Failure::of(error),
        }
    }

    async fn settle(
        &mut self,
        failure: Failure,
        last: bool,
        attempts: &mut u32,
    ) -> Settled<FragmentEnd> {
        // The final fragment may have completed the file even though no answer said so.
        let mut unknown = false;
        if failure == Failure::Unclear && self.is_last() {
            match self.look(attempts).await {
                Ok(Some(end)) => return Settled::Done(end),
                Ok(None) => {}
                // Nothing more may be sent and nobody could tell: it may be stored.
                Err(look) if last => return Settled::Unknown(look),
                // The session's status below tells whether the bytes were taken.
                Err(_) => unknown = true,
            }
        }
        if last {
            return Settled::GiveUp;
        }
        let session = match self
            .client
            .session_status_counted(self.ctx, self.upload_url, attempts)
            .await
        {
            Ok(session) => session,
            Err(error) if unknown => return Settled::Unknown(error),
            Err(error) => return Settled::Done(Err(error)),
        };
        match self.resume_point(&session.next_expected_ranges) {
            Ok(Some(next)) => {
                self.from = next;
                Settled::Repeat
            }
            Ok(None) => Settled::Done(Ok(FragmentEnd::Accepted)),
            Err(error) => Settled::Done(Err(error)),
        }
    }
}

fn offset_in(from: u64, start: u64) -> usize {
    usize::try_from(from - start).unwrap_or(usize::MAX)
}

/// The earliest start among `nextExpectedRanges` (`"start-"` or `"start-end"`); entries that
/// do not parse are ignored.
pub fn first_expected_start(ranges: &[String]) -> Option<u64> {
    ranges
        .iter()
        .filter_map(|range| range.split('-').next()?.trim().parse::<u64>().ok())
        .min()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fragment_sizes_are_multiples_of_320_kib() {
        assert_eq!(fragment_size(10 * 1024 * 1024), 10 * 1024 * 1024);
        assert_eq!(fragment_size(327_680 * 2 + 5), 327_680 * 2);
        assert_eq!(fragment_size(1), 327_680);
        assert_eq!(fragment_size(0), 327_680);
    }

    #[test]
    fn expected_ranges_parse_in_both_forms() {
        let ranges = |r: &[&str]| r.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(first_expected_start(&ranges(&["26-"])), Some(26));
        assert_eq!(
            first_expected_start(&ranges(&["12345-55232", "77829-99375"])),
            Some(12345)
        );
        assert_eq!(
            first_expected_start(&ranges(&["500-", "100-200"])),
            Some(100)
        );
        assert_eq!(first_expected_start(&ranges(&["junk"])), None);
        assert_eq!(first_expected_start(&[]), None);
    }
}
