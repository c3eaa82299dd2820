//! Upload sessions: what a session remembers (destination, conflict behaviour, declared size,
//! client timestamps, whether its commit is deferred, the next expected byte, a running
//! QuickXor state and the spooled file the fragments are appended to, on disk), and the
//! fragment rules Graph enforces: in order, constant total, length = range, multiples of
//! 320 KiB except the last, each under 60 MiB.
//!
//! A session whose bytes are all in keeps the finished digest, not the hash state, so that the
//! file can be stored later — on an explicit commit (`deferCommit`), or never, when the store
//! fails: "the upload session is preserved until the expiration time" (`docs/graph-notes.md`
//! §24).

use std::collections::HashMap;

use super::contents::{ItemIdx, NewFile};
use crate::graph::FileSystemInfo;
use crate::sim::exchange::SimFailure;
use crate::sim::file_bytes::{FileBytes, SpooledFile};
use crate::vocab::conflict::ConflictBehavior;
use crate::vocab::graph_limits::{FRAGMENT_LIMIT, FRAGMENT_MULTIPLE};
use crate::vocab::quick_xor::QuickXor;
use crate::vocab::units::Micros;

/// A session's lifetime, extended by every accepted fragment.
pub(crate) const SESSION_LIFETIME_US: Micros = 15 * 60 * 1_000_000;

/// One open upload session.
#[derive(Debug)]
pub(crate) struct Session {
    /// Credential embedded in the upload URL.
    pub(crate) tempauth: String,
    /// Destination folder.
    pub(crate) parent: ItemIdx,
    /// File name.
    pub(crate) name: String,
    /// What to do when the name is taken.
    pub(crate) conflict: ConflictBehavior,
    /// `item.fileSize`, if given.
    pub(crate) file_size: Option<u64>,
    /// `item.fileSystemInfo`, if given.
    pub(crate) file_system_info: Option<FileSystemInfo>,
    /// `deferCommit`: the last fragment does not store the file; an empty `POST` does.
    pub(crate) defer_commit: bool,
    /// The total of the first fragment; every later one must repeat it.
    pub(crate) total: Option<u64>,
    /// The next byte expected.
    pub(crate) next: u64,
    /// QuickXor of the bytes received so far (altered if `corrupt`).
    pub(crate) hash: QuickXor,
    /// The finished quickXorHash, once every byte is in.
    pub(crate) digest: Option<String>,
    /// Store altered bytes: the first byte of the first fragment is flipped.
    pub(crate) corrupt: bool,
    /// The bytes received so far, in the tenant's spool (none before the first fragment).
    pub(crate) bytes: Option<SpooledFile>,
    /// Every byte, once a commit has taken them from the spool: kept by a session whose store
    /// failed, for the next commit.
    pub(crate) finished_bytes: Option<FileBytes>,
    /// Expiry, microseconds since the tenant started.
    pub(crate) expires_at_us: Micros,
}

impl Session {
    /// A session for tests: `name` in folder 0 under `fail`, nothing received, never expiring.
    #[cfg(test)]
    pub(crate) fn for_tests(name: &str) -> Session {
        Session {
            tempauth: "t".into(),
            parent: 0,
            name: name.into(),
            conflict: ConflictBehavior::Fail,
            file_size: None,
            file_system_info: None,
            defer_commit: false,
            total: None,
            next: 0,
            hash: QuickXor::new(),
            digest: None,
            corrupt: false,
            bytes: None,
            finished_bytes: None,
            expires_at_us: u64::MAX,
        }
    }

    /// The file the session holds once every byte is in, its bytes included; `None` while
    /// bytes are missing. The session keeps a handle on the bytes, for a store that fails.
    pub(crate) fn file(&mut self) -> Option<NewFile> {
        if let Some(spooled) = self.bytes.take() {
            self.finished_bytes = Some(FileBytes::spooled(spooled));
        }
        Some(NewFile {
            size: self.total?,
            quick_xor: self.digest.clone()?,
            file_system_info: self.file_system_info.clone(),
            bytes: self.finished_bytes.clone(),
        })
    }

    /// `nextExpectedRanges`: the rest of the file from the next expected byte, nothing once
    /// every byte is in.
    pub(crate) fn next_expected_ranges(&self) -> Vec<String> {
        if self.digest.is_some() {
            Vec::new()
        } else {
            vec![format!("{}-", self.next)]
        }
    }
}

/// All open sessions, by id.
#[derive(Debug, Default)]
pub(crate) struct Sessions {
    /// Open sessions.
    pub(crate) by_id: HashMap<String, Session>,
}

impl Sessions {
    /// The live session `id`; an expired one is dropped and reported as not found.
    pub(crate) fn live(&mut self, id: &str, now_us: Micros) -> Result<&mut Session, SimFailure> {
        let expired = match self.by_id.get(id) {
            None => return Err(SimFailure::session_not_found()),
            Some(session) => session.expires_at_us <= now_us,
        };
        if expired {
            self.by_id.remove(id);
            return Err(SimFailure::session_not_found());
        }
        self.by_id
            .get_mut(id)
            .ok_or_else(SimFailure::session_not_found)
    }
}

/// `Content-Range: bytes s-e/total`, end inclusive.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct FragmentRange {
    /// First byte.
    pub(crate) start: u64,
    /// Last byte, inclusive.
    pub(crate) end: u64,
    /// File size.
    pub(crate) total: u64,
}

fn invalid_range(message: impl Into<String>) -> SimFailure {
    SimFailure::new(400, "invalidRange", message)
}

/// Parses a `Content-Range` header value.
pub(crate) fn parse_content_range(value: Option<&str>) -> Result<FragmentRange, SimFailure> {
    let value = value.ok_or_else(|| invalid_range("A Content-Range header is required."))?;
    let malformed = || invalid_range(format!("The Content-Range '{value}' is malformed."));
    let spec = value.trim().strip_prefix("bytes ").ok_or_else(malformed)?;
    let (range, total) = spec.split_once('/').ok_or_else(malformed)?;
    let (start, end) = range.split_once('-').ok_or_else(malformed)?;
    let parse = |s: &str| s.trim().parse::<u64>().map_err(|_| malformed());
    let range = FragmentRange {
        start: parse(start)?,
        end: parse(end)?,
        total: parse(total)?,
    };
    if range.end < range.start || range.end >= range.total {
        return Err(invalid_range(format!(
            "The Content-Range '{value}' is not inside the file."
        )));
    }
    Ok(range)
}

/// Checks a fragment of `body_len` bytes against the session, without changing it.
pub(crate) fn check_fragment(
    session: &Session,
    range: FragmentRange,
    body_len: u64,
) -> Result<(), SimFailure> {
    let expected_total = session.total.or(session.file_size);
    if let Some(total) = expected_total
        && range.total != total
    {
        return Err(invalid_range(format!(
            "The declared total {} differs from the session's {total}.",
            range.total
        )));
    }
    let length = range.end - range.start + 1;
    if length != body_len {
        return Err(SimFailure::invalid_request(format!(
            "The Content-Range covers {length} bytes but the body has {body_len}."
        ))
        .with_inner("fragmentLengthMismatch"));
    }
    if range.start < session.next {
        return Err(SimFailure::new(
            416,
            "invalidRange",
            "Uploaded fragment overlaps with existing data.",
        )
        .with_inner("fragmentOverlap"));
    }
    if range.start > session.next {
        return Err(SimFailure::new(
            416,
            "invalidRange",
            format!(
                "Fragment starts at {} but {} is the next expected byte.",
                range.start, session.next
            ),
        )
        .with_inner("fragmentOutOfOrder"));
    }
    if length >= FRAGMENT_LIMIT {
        return Err(invalid_range(format!(
            "A fragment must be smaller than 60 MiB; this one has {length} bytes."
        )));
    }
    let is_last = range.end + 1 == range.total;
    if !is_last && !length.is_multiple_of(FRAGMENT_MULTIPLE) {
        return Err(invalid_range(format!(
            "Every fragment but the last must be a multiple of 327,680 bytes; this one has {length}."
        )));
    }
    Ok(())
}

/// Feeds a fragment into the session's hash and moves the next expected byte on; with the last
/// one, finishes the digest. Returns whether the file is complete.
pub(crate) fn accept_fragment(session: &mut Session, range: FragmentRange, body: &[u8]) -> bool {
    session.total = Some(range.total);
    match (range.start, body.split_first()) {
        (0, Some((first, rest))) if session.corrupt => {
            session.hash.update(&[first ^ 0xFF]);
            session.hash.update(rest);
        }
        _ => session.hash.update(body),
    }
    session.next = range.end + 1;
    let complete = session.next == range.total;
    if complete {
        session.digest = Some(std::mem::take(&mut session.hash).finish_base64());
    }
    complete
}

#[cfg(test)]
mod tests {
    use super::*;

    fn session(next: u64, total: Option<u64>) -> Session {
        Session {
            total,
            next,
            ..Session::for_tests("f")
        }
    }

    fn range(start: u64, end: u64, total: u64) -> FragmentRange {
        FragmentRange { start, end, total }
    }

    #[test]
    fn content_range_parses_and_rejects() {
        assert_eq!(
            parse_content_range(Some("bytes 0-25/128")),
            Ok(range(0, 25, 128))
        );
        for bad in [
            "bytes 5-4/10",
            "bytes 0-10/10",
            "0-1/2",
            "bytes */10",
            "bytes a-1/2",
        ] {
            assert_eq!(
                parse_content_range(Some(bad)).map_err(|e| e.code),
                Err("invalidRange"),
                "{bad}"
            );
        }
        assert!(parse_content_range(None).is_err());
    }

    #[test]
    fn fragment_rules() {
        let m = FRAGMENT_MULTIPLE;
        let fresh = session(0, None);
        assert_eq!(check_fragment(&fresh, range(0, m - 1, 3 * m), m), Ok(()));
        // Not a multiple, not last.
        let e = check_fragment(&fresh, range(0, 99, 3 * m), 100).unwrap_err();
        assert_eq!((e.status, e.code), (400, "invalidRange"));
        // Last fragment may be any length.
        assert_eq!(check_fragment(&fresh, range(0, 99, 100), 100), Ok(()));
        // Body shorter than the range.
        let e = check_fragment(&fresh, range(0, 99, 100), 99).unwrap_err();
        assert_eq!(e.inner_code, Some("fragmentLengthMismatch"));
        let mid = session(m, Some(3 * m));
        let e = check_fragment(&mid, range(0, m - 1, 3 * m), m).unwrap_err();
        assert_eq!((e.status, e.inner_code), (416, Some("fragmentOverlap")));
        let e = check_fragment(&mid, range(2 * m, 3 * m - 1, 3 * m), m).unwrap_err();
        assert_eq!((e.status, e.inner_code), (416, Some("fragmentOutOfOrder")));
        // Total changed.
        let e = check_fragment(&mid, range(m, 2 * m - 1, 4 * m), m).unwrap_err();
        assert_eq!((e.status, e.code), (400, "invalidRange"));
        // 60 MiB is too much.
        let big = 192 * m; // exactly 60 MiB
        let e = check_fragment(&fresh, range(0, big - 1, big * 2), big).unwrap_err();
        assert_eq!(e.code, "invalidRange");
    }

    #[test]
    fn hash_is_the_same_however_fragments_fall() {
        let data: Vec<u8> = (0..1000u32).map(|i| (i % 251) as u8).collect();
        let mut s = session(0, None);
        assert!(!accept_fragment(&mut s, range(0, 399, 1000), &data[..400]));
        assert_eq!(s.file().map(|f| f.size), None, "bytes are missing");
        assert_eq!(s.next_expected_ranges(), vec!["400-".to_owned()]);
        assert!(accept_fragment(&mut s, range(400, 999, 1000), &data[400..]));
        let file = s.file().expect("every byte is in");
        assert_eq!(file.size, 1000);
        assert_eq!(
            file.quick_xor,
            crate::vocab::quick_xor::quick_xor_base64(&data)
        );
        assert!(s.next_expected_ranges().is_empty());
    }
}
