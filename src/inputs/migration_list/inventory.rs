//! `pilotbench scan --inventory OUT.csv`: one migration-list row per scanned site (the shape
//! [`super::load`] reads, written next to it), so a lead can start the list from real shares.

use std::path::Path;

use super::{REQUIRED_COLUMNS, RowStatus};
use crate::vocab::csv_writer::{WriteError, csv_writer, finish_csv, write_error};
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
    /// The row for a site whose enumerated source holds files of these `sizes` (bytes).
    pub fn of(
        site: &str,
        workload: &str,
        destination: &str,
        sizes: impl IntoIterator<Item = u64>,
    ) -> InventoryRow {
        let mut profile = [0u64; 5];
        let mut items = 0u64;
        let mut bytes = 0u64;
        for size in sizes {
            profile[SizeBucket::of(size).index()] += 1;
            items += 1;
            bytes += size;
        }
        InventoryRow {
            site: site.to_string(),
            workload: workload.to_string(),
            items,
            bytes,
            destination: destination.to_string(),
            profile,
        }
    }
}

/// Writes the rows: [`REQUIRED_COLUMNS`] then the size-bucket columns; status `mapped` (the
/// scenario gives a destination), owner empty for the lead to fill in.
pub fn write_inventory(path: &Path, rows: &[InventoryRow]) -> Result<(), WriteError> {
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

    #[test]
    fn inventory_rows_load_back_as_a_migration_list() {
        let row = InventoryRow::of(
            "Estates, north",
            "sharepoint",
            "https://t/sites/e / Documents / ",
            [0, 2 << 20, 200 << 20],
        );
        let dir = std::env::temp_dir().join(format!("pilotbench-inventory-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("inventory.csv");
        write_inventory(&path, &[row]).unwrap();
        let list = super::super::load(&path).unwrap();
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
