//! The migration list: the whole estate the pilot stands for, one row per site, library or
//! OneDrive, kept by the technical lead as a CSV (`[readiness] migration_list`). The estimate
//! projects the pilot onto it and the Go/No-Go decision checks that it is complete, so it is
//! read once here, with every malformed row reported by line while the good rows still count.
//!
//! Columns (header names, any order; a UTF-8 byte-order mark is fine):
//! `site,workload,items,bytes,owner,destination,status`, and optionally a size profile in
//! item counts per bucket (`items_under_64k`, `items_64k_to_1m`, `items_1m_to_10m`,
//! `items_10m_to_100m`, `items_from_100m`). `pilotbench scan --inventory` writes this shape.

mod inventory;

use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::inputs::csv_reader::{
    CsvFileError, CsvKind, CsvRow, RowProblem, load_file, parse_file, problem_lines, whole_number,
};
use crate::vocab::size_bucket::SizeBucket;
use crate::vocab::units::parse_size;

pub use inventory::{InventoryRow, write_inventory};

/// The columns every migration list has, in the order pilotbench writes them.
pub const REQUIRED_COLUMNS: [&str; 7] = [
    "site",
    "workload",
    "items",
    "bytes",
    "owner",
    "destination",
    "status",
];

/// The workloads a migration list may name (the guidance's list, `other` included).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ListWorkload {
    /// A SharePoint site's document library.
    SharePoint,
    /// A file share.
    Files,
    /// A team's files.
    Teams,
    /// A user's OneDrive.
    OneDrive,
    /// Anything else the estate holds.
    Other,
}

impl ListWorkload {
    /// Every workload, in the order messages list them.
    pub const ALL: [ListWorkload; 5] = [
        ListWorkload::SharePoint,
        ListWorkload::Files,
        ListWorkload::Teams,
        ListWorkload::OneDrive,
        ListWorkload::Other,
    ];

    /// The spelling in the CSV (lower case).
    pub fn as_str(self) -> &'static str {
        match self {
            ListWorkload::SharePoint => "sharepoint",
            ListWorkload::Files => "files",
            ListWorkload::Teams => "teams",
            ListWorkload::OneDrive => "onedrive",
            ListWorkload::Other => "other",
        }
    }

    /// The workload spelled `text`, in any case.
    fn parse(text: &str) -> Option<ListWorkload> {
        let text = text.to_ascii_lowercase();
        ListWorkload::ALL
            .into_iter()
            .find(|workload| workload.as_str() == text)
    }
}

/// Where a row stands in the lead's mapping work.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum RowStatus {
    /// No destination agreed yet.
    Unmapped,
    /// A destination is agreed.
    Mapped,
    /// The owner has signed the mapping off.
    SignedOff,
}

impl RowStatus {
    /// The spelling in the CSV.
    pub fn as_str(self) -> &'static str {
        match self {
            RowStatus::Unmapped => "unmapped",
            RowStatus::Mapped => "mapped",
            RowStatus::SignedOff => "signed-off",
        }
    }

    fn parse(text: &str) -> Option<RowStatus> {
        match text.trim().to_ascii_lowercase().as_str() {
            "unmapped" => Some(RowStatus::Unmapped),
            "mapped" => Some(RowStatus::Mapped),
            "signed-off" | "signed off" | "signedoff" => Some(RowStatus::SignedOff),
            _ => None,
        }
    }
}

/// One good row.
#[derive(Debug, Clone, PartialEq)]
pub struct MigrationRow {
    /// The CSV line it came from (1 = the header).
    pub line: u64,
    /// Site, library or user, as the lead names it.
    pub site: String,
    /// Its workload.
    pub workload: ListWorkload,
    /// Files to migrate.
    pub items: u64,
    /// Bytes to migrate.
    pub bytes: u64,
    /// Who answers for it (may be empty).
    pub owner: String,
    /// Where it goes in the shared tenant (may be empty while unmapped).
    pub destination: String,
    /// Mapping status.
    pub status: RowStatus,
    /// Item counts per size bucket (index = [`SizeBucket::index`]), when the list gives them.
    pub profile: Option<[u64; 5]>,
}

/// A loaded migration list: the rows that count, and the ones that did not.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct MigrationList {
    /// The file read.
    pub path: PathBuf,
    /// Good rows, in file order.
    pub rows: Vec<MigrationRow>,
    /// Malformed rows, in file order.
    pub problems: Vec<RowProblem>,
}

impl MigrationList {
    /// Items over every good row.
    pub fn total_items(&self) -> u64 {
        self.rows.iter().map(|row| row.items).sum()
    }

    /// Bytes over every good row.
    pub fn total_bytes(&self) -> u64 {
        self.rows.iter().map(|row| row.bytes).sum()
    }

    /// Each problem as `file:line: message`, for stderr and reports.
    pub fn problem_lines(&self) -> Vec<String> {
        problem_lines(&self.path, &self.problems)
    }
}

/// The file could not be read at all (missing, unreadable, or a required column absent).
pub type MigrationListError = CsvFileError;

/// What the migration list is, for messages.
static MIGRATION_LIST: CsvKind = CsvKind {
    name: "migration list",
    setting: "[readiness] migration_list",
    columns: &REQUIRED_COLUMNS,
};

/// Reads the migration list at `path`.
pub fn load(path: &Path) -> Result<MigrationList, MigrationListError> {
    let parsed = load_file(&MIGRATION_LIST, path, parse_row)?;
    Ok(MigrationList {
        path: path.to_path_buf(),
        rows: parsed.rows,
        problems: parsed.problems,
    })
}

/// Parses migration-list CSV bytes; `path` names the file in messages.
pub fn parse(path: &Path, bytes: &[u8]) -> Result<MigrationList, MigrationListError> {
    let parsed = parse_file(&MIGRATION_LIST, path, bytes, parse_row)?;
    Ok(MigrationList {
        path: path.to_path_buf(),
        rows: parsed.rows,
        problems: parsed.problems,
    })
}

/// Whether the file has any size-profile column (an empty cell then counts as 0).
fn has_profile(row: &CsvRow<'_>) -> bool {
    SizeBucket::ALL
        .iter()
        .any(|bucket| row.has_column(bucket.column()))
}

fn parse_row(row: &CsvRow<'_>) -> Result<MigrationRow, String> {
    let field = |name: &str| row.field(name);
    let line = row.line;
    let site = field("site");
    if site.is_empty() {
        return Err("site is empty; name the site, library or user".to_string());
    }
    let workload = ListWorkload::parse(field("workload")).ok_or_else(|| {
        format!(
            "workload {:?} is not one of {}",
            field("workload"),
            ListWorkload::ALL.map(ListWorkload::as_str).join(", ")
        )
    })?;
    let items = whole_number(field("items"), "items")?;
    let bytes = parse_size(field("bytes")).map_err(|error| {
        format!(
            "bytes {:?} is not a size ({error}); write a whole number of bytes or e.g. \"12.5 GiB\"",
            field("bytes")
        )
    })?;
    let status = RowStatus::parse(field("status")).ok_or_else(|| {
        format!(
            "status {:?} is not one of unmapped, mapped, signed-off",
            field("status")
        )
    })?;
    let destination = field("destination").to_string();
    if status != RowStatus::Unmapped && destination.is_empty() {
        return Err(format!(
            "status is {} but destination is empty; give the destination or mark the row unmapped",
            status.as_str()
        ));
    }
    let profile = if has_profile(row) {
        let mut counts = [0u64; 5];
        let mut given = false;
        for (slot, bucket) in counts.iter_mut().zip(SizeBucket::ALL) {
            let text = field(bucket.column());
            if !text.is_empty() {
                given = true;
                *slot = whole_number(text, "a size-profile column")?;
            }
        }
        if given && counts.iter().sum::<u64>() != items {
            return Err(format!(
                "the size profile adds up to {} items but items is {items}; correct one or the other",
                counts.iter().sum::<u64>()
            ));
        }
        given.then_some(counts)
    } else {
        None
    };
    Ok(MigrationRow {
        line,
        site: site.to_string(),
        workload,
        items,
        bytes,
        owner: field("owner").to_string(),
        destination,
        status,
        profile,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_text(text: &str) -> MigrationList {
        parse(Path::new("list.csv"), text.as_bytes()).expect("header is fine")
    }

    #[test]
    fn good_rows_count_and_bad_rows_are_reported_by_line() {
        let list = parse_text(
            "\u{feff}site,workload,items,bytes,owner,destination,status\n\
             Finance,sharepoint,1200,5 GiB,A. Lead,https://t/sites/fin,mapped\n\
             Estates,sharepoint,many,1024,B,https://t/sites/est,mapped\n\
             j.bloggs,onedrive,300,1073741824,J. Bloggs,,unmapped\n\
             HR,teams,10,100,C,,signed-off\n\
             Ops,files,10,100,D,\\\\srv\\ops,approved\n",
        );
        assert_eq!(list.rows.len(), 2);
        assert_eq!(list.rows[0].bytes, 5 * crate::vocab::units::GIB);
        assert_eq!(list.rows[0].line, 2);
        assert_eq!(list.rows[1].status, RowStatus::Unmapped);
        let lines: Vec<u64> = list.problems.iter().map(|p| p.line).collect();
        assert_eq!(lines, vec![3, 5, 6]);
        assert!(list.problems[0].message.contains("items \"many\""));
        assert!(list.problems[1].message.contains("destination is empty"));
        assert!(list.problems[2].message.contains("\"approved\""));
        assert_eq!(list.total_items(), 1500);
        assert!(list.problem_lines()[0].starts_with("list.csv:3: "));
    }

    #[test]
    fn a_missing_column_is_named_and_fails_the_file() {
        let error = parse(Path::new("l.csv"), b"site,workload,items,bytes\n").unwrap_err();
        let message = error.to_string();
        assert!(message.starts_with("l.csv:1: "), "{message}");
        assert!(message.contains("owner, destination, status"), "{message}");
    }

    #[test]
    fn a_size_profile_must_add_up_to_items() {
        let list = parse_text(
            "site,workload,items,bytes,owner,destination,status,items_under_64k,items_64k_to_1m\n\
             A,files,10,100,o,d,mapped,4,6\n\
             B,files,10,100,o,d,mapped,4,5\n\
             C,files,10,100,o,d,mapped,,\n",
        );
        assert_eq!(list.rows.len(), 2);
        assert_eq!(list.rows[0].profile, Some([4, 6, 0, 0, 0]));
        assert_eq!(list.rows[1].profile, None);
        assert_eq!(list.problems[0].line, 3);
    }

    #[test]
    fn broken_quoting_and_short_rows_do_not_panic() {
        let list = parse_text(
            "site,workload,items,bytes,owner,destination,status\n\"A,files\nB,files\n,,,,,,\n",
        );
        assert!(list.rows.is_empty());
        assert!(!list.problems.is_empty());
    }
}
