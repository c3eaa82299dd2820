//! A run's id: the name that tells one run's evidence and one run's items in the tenant apart.
//! A pilot is run again and again against one tenant (another concurrency, another time of day),
//! and two runs may start in the same millisecond on one machine or on two, so the id is the
//! start time to the millisecond plus a random part. It names the folder each run writes below
//! in the destination (`pilotbench-run-{id}`) and appears in every report, so an item in the
//! tenant leads back to the run that wrote it.
//!
//! Its characters are digits, capitals and `-`: valid in a SharePoint name and a file name
//! everywhere, and sorted by time as text.

use std::collections::hash_map::RandomState;
use std::hash::BuildHasher;
use std::time::SystemTime;

/// The folder name of a run in the tenant is this prefix and the run id.
pub const TENANT_RUN_FOLDER_PREFIX: &str = "pilotbench-run-";

/// A run's id, e.g. `20261203T182403125Z-3FA9C2`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct RunId(String);

impl RunId {
    /// A new id for a run starting at `started`.
    pub fn new(started: SystemTime) -> RunId {
        let stamp = humantime::format_rfc3339_millis(started).to_string();
        // 2026-12-03T18:24:03.125Z -> 20261203T182403125Z
        let compact: String = stamp.chars().filter(char::is_ascii_alphanumeric).collect();
        // RandomState is seeded from the OS's randomness once per process and differs for
        // every instance made: enough to tell apart runs that share a millisecond.
        let random = RandomState::new().hash_one(std::process::id()) & 0xFF_FFFF;
        RunId(format!("{compact}-{random:06X}"))
    }

    /// A stand-in of the length every real id has, for checks that only need its length: the
    /// pre-flight scan counts the run folder in each destination path before any run exists,
    /// and shows this template where the id will be.
    pub fn placeholder() -> RunId {
        RunId("YYYYMMDDTHHMMSSmmmZ-XXXXXX".to_owned())
    }

    /// The id as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The name of the folder the run writes below in each destination folder.
    pub fn tenant_folder(&self) -> String {
        format!("{TENANT_RUN_FOLDER_PREFIX}{}", self.0)
    }
}

impl std::fmt::Display for RunId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::{Duration, UNIX_EPOCH};

    #[test]
    fn an_id_is_the_start_to_the_millisecond_and_a_random_part() {
        let started = UNIX_EPOCH + Duration::from_millis(1_764_786_243_125);
        let id = RunId::new(started);
        assert!(id.as_str().starts_with("20251203T182403125Z-"), "{id}");
        assert_eq!(id.as_str().len(), RunId::placeholder().as_str().len());
        assert!(
            id.as_str()
                .chars()
                .all(|c| c.is_ascii_digit() || c.is_ascii_uppercase() || c == '-'),
            "{id}"
        );
        assert_eq!(id.tenant_folder(), format!("pilotbench-run-{id}"));
    }

    #[test]
    fn runs_in_the_same_millisecond_get_different_ids() {
        let started = SystemTime::now();
        let ids: std::collections::BTreeSet<_> = (0..64).map(|_| RunId::new(started)).collect();
        assert!(ids.len() >= 60, "{} distinct of 64", ids.len());
    }
}
