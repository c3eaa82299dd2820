//! `pilotbench scan --inventory OUT.csv`: one migration-list row per scanned site (the shape
//! `migration_list::load` reads), so a lead can start the list from real shares.

use std::path::Path;

use super::ReportError;
use super::csv_util::{csv_writer, finish_csv, write_error};
use crate::migration_list::{REQUIRED_COLUMNS, RowStatus};
use crate::source::SourceTree;
use crate::vocab::size_bucket::SizeBucket;

/// One site as a migration-list row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InventoryRow {
    /// The site's name.
    pub site: String,
    /// Its workload (`sharepoint`, `files`, `teams`, `onedrive`).
    pub workload: String,
    /// Files.
    pub items: u64,
    /// Bytes.
    pub bytes: u64,
    /// Where it goes, as the scenario says.
    pub destination: String,
    /// Files per size bucket, in [`SizeBucket::ALL`] order.
    pub profile: [u64; 5],
}

impl InventoryRow {
    /// The row for a site's enumerated `tree`.
    pub fn of(site: &str, workload: &str, destination: &str, tree: &SourceTree) -> InventoryRow {
        let mut profile = [0u64; 5];
        for file in &tree.files {
            profile[SizeBucket::of(file.size).index()] += 1;
        }
        InventoryRow {
            site: site.to_string(),
            workload: workload.to_string(),
            items: tree.files.len() as u64,
            bytes: tree.total_bytes(),
            destination: destination.to_string(),
            profile,
        }
    }
}

/// Writes the rows: [`REQUIRED_COLUMNS`] then the size-bucket columns; status `mapped` (the
/// scenario gives a destination), owner empty for the lead to fill in.
pub fn write_inventory(path: &Path, rows: &[InventoryRow]) -> Result<(), ReportError> {
    let header: Vec<&str> = REQUIRED_COLUMNS
        .iter()
        .copied()
        .chain(SizeBucket::ALL.iter().map(|bucket| bucket.column()))
        .collect();
    let mut writer = csv_writer(path, &header)?;
    for row in rows {
        let mut record: Vec<String> = Vec::with_capacity(header.len());
        for column in REQUIRED_COLUMNS {
            record.push(match column {
                "site" => row.site.clone(),
                "workload" => row.workload.clone(),
                "items" => row.items.to_string(),
                "bytes" => row.bytes.to_string(),
                "destination" => row.destination.clone(),
                "status" => RowStatus::Mapped.as_str().to_string(),
                _ => String::new(),
            });
        }
        record.extend(row.profile.iter().map(u64::to_string));
        writer
            .write_record(&record)
            .map_err(|error| write_error(path, error))?;
    }
    finish_csv(path, writer)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::{FileOrigin, SourceFile};

    #[test]
    fn inventory_rows_load_back_as_a_migration_list() {
        let file = |size| SourceFile {
            rel_path: format!("f{size}"),
            size,
            created: None,
            modified: None,
            origin: FileOrigin::Invalid {
                reason: String::new(),
            },
        };
        let tree = SourceTree {
            folders: vec![],
            files: vec![file(0), file(2 << 20), file(200 << 20)],
        };
        let row = InventoryRow::of(
            "Estates, north",
            "sharepoint",
            "https://t/sites/e / Documents / ",
            &tree,
        );
        let dir = std::env::temp_dir().join(format!("pilotbench-inventory-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("inventory.csv");
        write_inventory(&path, &[row]).unwrap();
        let list = crate::migration_list::load(&path).unwrap();
        let _ = std::fs::remove_dir_all(&dir);
        assert!(list.problems.is_empty(), "{:?}", list.problems);
        let loaded = &list.rows[0];
        assert_eq!(loaded.site, "Estates, north");
        assert_eq!(loaded.items, 3);
        assert_eq!(loaded.bytes, (2 << 20) + (200 << 20));
        assert_eq!(loaded.status, RowStatus::Mapped);
        assert_eq!(loaded.profile, Some([1, 0, 1, 0, 1]));
    }
}
