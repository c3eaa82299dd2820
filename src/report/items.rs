//! `items.csv`: one row per planned item, in the order the engine recorded them, so a reader
//! can find every file of the pilot and see how it ended (contract 3).

use std::path::Path;

use serde::Serialize;

use crate::engine::RunReport;
use crate::vocab::units::us_to_ms;

use crate::vocab::csv_writer::{WriteError, csv_writer, finish_csv, fixed, write_error};

/// The columns of `items.csv`, in order.
pub const ITEMS_HEADER: [&str; 11] = [
    "site",
    "source_path",
    "destination_path",
    "size_bytes",
    "quick_xor_hash_source",
    "quick_xor_hash_destination",
    "outcome",
    "failure_class",
    "attempts",
    "duration_ms",
    "last_error",
];

/// One row of `items.csv`, borrowing from the item it describes.
#[derive(Serialize)]
struct ItemRow<'a> {
    /// The site's name (not its index).
    site: &'a str,
    source_path: &'a str,
    destination_path: &'a str,
    size_bytes: u64,
    /// Base64 as computed; empty when the source was never read to the end.
    quick_xor_hash_source: &'a str,
    /// Base64 as the tenant returned it; empty when it returned none.
    quick_xor_hash_destination: &'a str,
    /// `verified`, `copied-unverified`, `failed`, `skipped` or `not-run`.
    outcome: &'static str,
    /// Kebab-case failure class; empty when none.
    failure_class: &'static str,
    attempts: u32,
    /// From the item's first request to its end, milliseconds with 3 decimals.
    duration_ms: String,
    /// Empty when none.
    last_error: &'a str,
}

/// Writes every item of `report` to `path`.
pub(super) fn write(path: &Path, report: &RunReport) -> Result<(), WriteError> {
    let mut writer = csv_writer(path, &ITEMS_HEADER)?;
    // Names for indexes the scenario does not have (an engine bug) stay visible, not blank.
    let unknown_site = |index: usize| format!("#{index}");
    for item in &report.items {
        let fallback;
        let site = match report.sites.get(item.site) {
            Some(site) => site.name.as_str(),
            None => {
                fallback = unknown_site(item.site);
                fallback.as_str()
            }
        };
        let row = ItemRow {
            site,
            source_path: &item.source_path,
            destination_path: &item.destination_path,
            size_bytes: item.size_bytes,
            quick_xor_hash_source: item.quick_xor_hash_source.as_deref().unwrap_or(""),
            quick_xor_hash_destination: item.quick_xor_hash_destination.as_deref().unwrap_or(""),
            outcome: item.outcome.as_str(),
            failure_class: item.failure_class.map_or("", |class| class.as_str()),
            attempts: item.attempts,
            duration_ms: fixed(us_to_ms(item.duration_us), 3),
            last_error: item.last_error.as_deref().unwrap_or(""),
        };
        writer
            .serialize(row)
            .map_err(|error| write_error(path, error))?;
    }
    finish_csv(path, writer)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_header_constant_matches_the_serialized_row() {
        let row = ItemRow {
            site: "s",
            source_path: "a",
            destination_path: "b",
            size_bytes: 1,
            quick_xor_hash_source: "",
            quick_xor_hash_destination: "",
            outcome: "verified",
            failure_class: "",
            attempts: 1,
            duration_ms: "1.000".into(),
            last_error: "",
        };
        assert_eq!(
            crate::vocab::csv_writer::header_of(&row),
            ITEMS_HEADER.join(",")
        );
    }
}
