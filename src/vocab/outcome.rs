//! The vocabulary every module shares about what happened to one planned item: its outcome,
//! the class of its failure, and the flat record that ends up as one row of `items.csv`.
//!
//! It lives in the shared vocabulary, apart from `engine`, so that the reports (which write it)
//! and the run folder's readers can use it without depending on the engine's scheduling; the
//! engine says which class a Graph failure gets (`crate::engine::GraphFailureClass`).

use serde::Serialize;

use crate::vocab::scan_rule::ScanRule;

/// How one planned item ended. Every planned item ends with exactly one (contract 3).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Outcome {
    /// Copied, and the tenant's quickXorHash equals the one computed while reading the source.
    Verified,
    /// Copied, but the tenant returned no hash to compare.
    CopiedUnverified,
    /// Not copied, or copied with the wrong content; `failure_class` says why.
    Failed,
    /// Deliberately not copied (a pre-flight rule); `failure_class` names the rule.
    Skipped,
    /// Never started because the run was interrupted.
    NotRun,
    /// Started (at least one request sent or the source read) and cancelled in flight by an
    /// interruption: the tenant may hold part of it, or all of it.
    Interrupted,
}

impl Outcome {
    /// The spelling used in CSV and JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            Outcome::Verified => "verified",
            Outcome::CopiedUnverified => "copied-unverified",
            Outcome::Failed => "failed",
            Outcome::Skipped => "skipped",
            Outcome::NotRun => "not-run",
            Outcome::Interrupted => "interrupted",
        }
    }
}

/// Why an item failed. Stable kebab-case names: reports group by these, never by message text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum FailureClass {
    /// 429/503 responses until the retry budget ran out.
    Throttled,
    /// 5xx other than throttling.
    ServerError,
    /// 4xx other than the specific classes below; `last_error` carries Graph's error code.
    ClientError,
    /// No response within the request timeout.
    Timeout,
    /// The connection failed or was reset.
    Connection,
    /// The destination already holds an item with that name (conflict behaviour `fail`).
    NameConflict,
    /// The destination is out of storage (507 / quotaLimitReached).
    Quota,
    /// The tenant stored content whose quickXorHash differs from the source's.
    HashMismatch,
    /// The source item could not be read (permissions, I/O error, a name that is not UTF-8).
    SourceUnreadable,
    /// The source file changed while it was read (or since it was listed), on every read
    /// allowed; the reason names what changed. Nothing was stored: the check comes before the
    /// request that would complete the upload.
    SourceChanged,
    /// A write got no clear answer and the looks that followed failed too: the item may be in
    /// the tenant (outcome `failed`, never counted as copied). `clean` and `--resume` look at
    /// it again by its destination path.
    MaybeStored,
    /// A server-side copy job reported failure in its monitor.
    CopyJobFailed,
    /// The tenant answered in a way the Graph protocol does not allow (missing fields, bad JSON).
    Protocol,
    /// Not requested: the pre-flight scan found a blocking rule (an outcome of `skipped`); the
    /// class is spelled as the rule (`path-too-long`, `reserved-name`, ...).
    Blocked(ScanRule),
}

impl FailureClass {
    /// The spelling used in CSV and JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            FailureClass::Throttled => "throttled",
            FailureClass::ServerError => "server-error",
            FailureClass::ClientError => "client-error",
            FailureClass::Timeout => "timeout",
            FailureClass::Connection => "connection",
            FailureClass::NameConflict => "name-conflict",
            FailureClass::Quota => "quota",
            FailureClass::HashMismatch => "hash-mismatch",
            FailureClass::SourceUnreadable => "source-unreadable",
            FailureClass::SourceChanged => "source-changed",
            FailureClass::MaybeStored => "maybe-stored",
            FailureClass::CopyJobFailed => "copy-job-failed",
            FailureClass::Protocol => "protocol",
            FailureClass::Blocked(rule) => rule.as_str(),
        }
    }
}

/// One row of `items.csv`: the end state of one planned item.
#[derive(Debug, Clone, PartialEq)]
pub struct ItemRecord {
    /// Index of the site in the scenario (0-based).
    pub site: usize,
    /// Path relative to the source root, `/`-separated.
    pub source_path: String,
    /// Path in the destination drive, `/`-separated, from the library root.
    pub destination_path: String,
    /// Size of the source item in bytes.
    pub size_bytes: u64,
    /// quickXorHash (base64) computed while reading the source; empty if never read to the end.
    pub quick_xor_hash_source: Option<String>,
    /// quickXorHash (base64) the tenant returned; empty if none.
    pub quick_xor_hash_destination: Option<String>,
    /// How the item ended.
    pub outcome: Outcome,
    /// Why it failed or was skipped.
    pub failure_class: Option<FailureClass>,
    /// HTTP attempts spent on this item (all of them, retries included).
    pub attempts: u32,
    /// Wall time from the item's first request to its end, in microseconds.
    pub duration_us: u64,
    /// The last error seen, for failed items: Graph's error code and message, or the I/O error.
    pub last_error: Option<String>,
}
