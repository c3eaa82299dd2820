//! How a run folder's files spell the vocabulary — outcomes, failure classes, operations, the
//! engine's site mode and conflict behaviour, workloads — and how those spellings read back.
//!
//! The writer spells a value with the vocabulary's own `as_str`; the reader finds the value
//! whose spelling matches, so the two cannot disagree. A spelling the vocabulary does not know
//! (a hand-edited file, or one from a newer pilotbench) is an error that names the value and
//! lists the spellings it could have been, never a panic and never a quiet default.

use serde::de::Error as _;
use serde::{Deserialize, Deserializer, Serializer};

use crate::scenario::{SiteMode, Workload};
use crate::vocab::attempt::Operation;
use crate::vocab::conflict::ConflictBehavior;
use crate::vocab::created_item::CreatedKind;
use crate::vocab::outcome::{FailureClass, Outcome};
use crate::vocab::scan_rule::ScanRule;

/// A closed set of values that a run folder's files hold by name.
pub trait Spelled: Copy + Sized + 'static {
    /// What the value is, for messages ("outcome", "site mode").
    const WHAT: &'static str;

    /// Every value, in the order a message lists them.
    fn every() -> impl Iterator<Item = Self>;

    /// The spelling in the files.
    fn spelling(self) -> &'static str;

    /// The value spelled `text`.
    fn from_spelling(text: &str) -> Result<Self, UnknownSpelling> {
        Self::every()
            .find(|value| value.spelling() == text)
            .ok_or_else(|| UnknownSpelling {
                what: Self::WHAT,
                found: text.to_string(),
                expected: Self::every().map(Self::spelling).collect(),
            })
    }
}

/// A value the vocabulary does not know.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown {what} {found:?}; expected one of {}", expected.join(", "))]
pub struct UnknownSpelling {
    /// What the value should have been ("outcome").
    pub what: &'static str,
    /// What the file holds.
    pub found: String,
    /// The spellings it could have been.
    pub expected: Vec<&'static str>,
}

impl Spelled for CreatedKind {
    const WHAT: &'static str = "created item kind";

    fn every() -> impl Iterator<Item = Self> {
        let _listed = |kind: CreatedKind| match kind {
            CreatedKind::Folder | CreatedKind::File => {}
        };
        [CreatedKind::Folder, CreatedKind::File].into_iter()
    }

    fn spelling(self) -> &'static str {
        self.as_str()
    }
}

impl Spelled for Outcome {
    const WHAT: &'static str = "outcome";

    fn every() -> impl Iterator<Item = Self> {
        // Exhaustive, so a new outcome does not compile until it is listed below.
        let _listed = |outcome: Outcome| match outcome {
            Outcome::Verified
            | Outcome::CopiedUnverified
            | Outcome::Failed
            | Outcome::Skipped
            | Outcome::NotRun
            | Outcome::Interrupted => {}
        };
        [
            Outcome::Verified,
            Outcome::CopiedUnverified,
            Outcome::Failed,
            Outcome::Skipped,
            Outcome::NotRun,
            Outcome::Interrupted,
        ]
        .into_iter()
    }

    fn spelling(self) -> &'static str {
        self.as_str()
    }
}

impl Spelled for FailureClass {
    const WHAT: &'static str = "failure class";

    fn every() -> impl Iterator<Item = Self> {
        // Exhaustive, so a new class does not compile until it is listed below.
        let _listed = |class: FailureClass| match class {
            FailureClass::Throttled
            | FailureClass::ServerError
            | FailureClass::ClientError
            | FailureClass::Timeout
            | FailureClass::Connection
            | FailureClass::NameConflict
            | FailureClass::Quota
            | FailureClass::HashMismatch
            | FailureClass::SourceUnreadable
            | FailureClass::SourceChanged
            | FailureClass::MaybeStored
            | FailureClass::CopyJobFailed
            | FailureClass::Protocol
            | FailureClass::Blocked(_) => {}
        };
        [
            FailureClass::Throttled,
            FailureClass::ServerError,
            FailureClass::ClientError,
            FailureClass::Timeout,
            FailureClass::Connection,
            FailureClass::NameConflict,
            FailureClass::Quota,
            FailureClass::HashMismatch,
            FailureClass::SourceUnreadable,
            FailureClass::SourceChanged,
            FailureClass::MaybeStored,
            FailureClass::CopyJobFailed,
            FailureClass::Protocol,
        ]
        .into_iter()
        .chain(ScanRule::SKIPPING.into_iter().map(FailureClass::Blocked))
    }

    fn spelling(self) -> &'static str {
        self.as_str()
    }
}

impl Spelled for Operation {
    const WHAT: &'static str = "operation";

    fn every() -> impl Iterator<Item = Self> {
        Operation::ALL.into_iter()
    }

    fn spelling(self) -> &'static str {
        self.as_str()
    }
}

impl Spelled for SiteMode {
    const WHAT: &'static str = "site mode";

    fn every() -> impl Iterator<Item = Self> {
        // Exhaustive, so a new mode does not compile until it is listed below.
        let _listed = |mode: SiteMode| match mode {
            SiteMode::Sequential | SiteMode::Parallel => {}
        };
        [SiteMode::Sequential, SiteMode::Parallel].into_iter()
    }

    fn spelling(self) -> &'static str {
        self.as_str()
    }
}

impl Spelled for Workload {
    const WHAT: &'static str = "workload";

    fn every() -> impl Iterator<Item = Self> {
        // Exhaustive, so a new workload does not compile until it is listed below.
        let _listed = |workload: Workload| match workload {
            Workload::SharePoint | Workload::Files | Workload::Teams | Workload::OneDrive => {}
        };
        [
            Workload::SharePoint,
            Workload::Files,
            Workload::Teams,
            Workload::OneDrive,
        ]
        .into_iter()
    }

    fn spelling(self) -> &'static str {
        self.as_str()
    }
}

impl Spelled for ConflictBehavior {
    const WHAT: &'static str = "conflict behaviour";

    fn every() -> impl Iterator<Item = Self> {
        // Exhaustive, so a new behaviour does not compile until it is listed below.
        let _listed = |behaviour: ConflictBehavior| match behaviour {
            ConflictBehavior::Fail | ConflictBehavior::Replace | ConflictBehavior::Rename => {}
        };
        [
            ConflictBehavior::Fail,
            ConflictBehavior::Replace,
            ConflictBehavior::Rename,
        ]
        .into_iter()
    }

    fn spelling(self) -> &'static str {
        self.as_str()
    }
}

/// `#[serde(with = "spelling::spelled")]`: a [`Spelled`] value as its spelling.
pub(super) mod spelled {
    use super::*;

    /// Writes the spelling.
    pub fn serialize<T: Spelled, S: Serializer>(
        value: &T,
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(value.spelling())
    }

    /// Reads a spelling back; an unknown one is an error naming it.
    pub fn deserialize<'de, T: Spelled, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<T, D::Error> {
        let text = String::deserialize(deserializer)?;
        T::from_spelling(&text).map_err(D::Error::custom)
    }
}

/// `#[serde(with = "spelling::optional")]`: an optional [`Spelled`] value, `None` as an empty
/// cell.
pub(super) mod optional {
    use super::*;

    /// Writes the spelling, or nothing.
    pub fn serialize<T: Spelled, S: Serializer>(
        value: &Option<T>,
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(value.map_or("", Spelled::spelling))
    }

    /// Reads a spelling back; an empty (or absent) cell is `None`.
    pub fn deserialize<'de, T: Spelled, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<Option<T>, D::Error> {
        let text = Option::<String>::deserialize(deserializer)?.unwrap_or_default();
        if text.is_empty() {
            return Ok(None);
        }
        T::from_spelling(&text).map(Some).map_err(D::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spellings_read_back<T: Spelled + PartialEq + std::fmt::Debug>() {
        let mut seen = std::collections::BTreeSet::new();
        for value in T::every() {
            assert!(
                seen.insert(value.spelling()),
                "{} spelled twice",
                value.spelling()
            );
            assert_eq!(T::from_spelling(value.spelling()), Ok(value));
        }
        assert!(!seen.is_empty());
    }

    #[test]
    fn every_value_reads_back_from_its_spelling() {
        spellings_read_back::<Outcome>();
        spellings_read_back::<FailureClass>();
        spellings_read_back::<Operation>();
        spellings_read_back::<SiteMode>();
        spellings_read_back::<Workload>();
        spellings_read_back::<ConflictBehavior>();
        assert_eq!(Outcome::every().count(), 6);
        assert_eq!(FailureClass::every().count(), 13 + ScanRule::SKIPPING.len());
    }

    #[test]
    fn an_unknown_spelling_names_itself_and_what_it_could_be() {
        let error = Outcome::from_spelling("finished").unwrap_err();
        assert_eq!(
            error.to_string(),
            "unknown outcome \"finished\"; expected one of verified, copied-unverified, failed, skipped, not-run, interrupted"
        );
        let error = SiteMode::from_spelling("Parallel").unwrap_err();
        assert_eq!(
            error.to_string(),
            "unknown site mode \"Parallel\"; expected one of sequential, parallel"
        );
    }
}
