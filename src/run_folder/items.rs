//! `items.csv`: one row per planned item, in the order the engine recorded them, so a reader
//! can find every file of the pilot and see how it ended (contract 3). The estimate fits its
//! model on these rows and the decision counts their failure classes; both read them back
//! through [`read_items`] into the same [`ItemRow`] the run wrote.

use std::path::Path;

use serde::{Deserialize, Serialize, Serializer};

use super::csv_rows::read_rows;
use super::error::RunFolderError;
use super::spelling::{optional, spelled};
#[cfg(test)]
use crate::vocab::csv_writer::UTF8_BOM;
use crate::vocab::csv_writer::{WriteError, csv_writer, finish_csv, fixed, write_error};
use crate::vocab::outcome::{FailureClass, Outcome};

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

/// One row of `items.csv`: how one planned item ended. An empty cell is `None` (so an empty
/// hash or error reads back as `None`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ItemRow {
    /// The site's name (not its index).
    pub site: String,
    /// Path relative to the source root, `/`-separated.
    pub source_path: String,
    /// Path in the destination drive, `/`-separated, from the library root.
    pub destination_path: String,
    /// Size of the source item in bytes.
    pub size_bytes: u64,
    /// quickXorHash (base64) computed while reading the source; `None` when the source was
    /// never read to the end.
    pub quick_xor_hash_source: Option<String>,
    /// quickXorHash (base64) the tenant returned; `None` when it returned none.
    pub quick_xor_hash_destination: Option<String>,
    /// How the item ended.
    #[serde(with = "spelled")]
    pub outcome: Outcome,
    /// Why it failed, or the rule that skipped it.
    #[serde(with = "optional")]
    pub failure_class: Option<FailureClass>,
    /// HTTP attempts spent on the item, retries included.
    pub attempts: u32,
    /// From the item's first request to its end, milliseconds (written with 3 decimals).
    #[serde(serialize_with = "three_decimals")]
    pub duration_ms: f64,
    /// The last error seen, for failed items.
    pub last_error: Option<String>,
}

/// Serializes an f64 as text with exactly 3 decimals.
fn three_decimals<S: Serializer>(value: &f64, serializer: S) -> Result<S::Ok, S::Error> {
    serializer.serialize_str(&fixed(*value, 3))
}

/// Writes `rows` to `path` as `items.csv` (the header even when there is no row). The rows
/// are taken one at a time, so a caller can build each as it goes.
pub fn write_items(path: &Path, rows: impl IntoIterator<Item = ItemRow>) -> Result<(), WriteError> {
    let mut writer = csv_writer(path, &ITEMS_HEADER)?;
    for row in rows {
        writer
            .serialize(&row)
            .map_err(|error| write_error(path, error))?;
    }
    finish_csv(path, writer)
}

/// Reads `items.csv` at `path` back, in file order.
pub fn read_items(path: &Path) -> Result<Vec<ItemRow>, RunFolderError> {
    read_rows(path)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::run_folder::spelling::Spelled;
    use crate::run_folder::temp_dir::TempDir;
    use crate::vocab::csv_writer::header_of;

    /// Names a spreadsheet or a CSV parser could trip on.
    const AWKWARD: [&str; 6] = [
        "Reports/Q1 \"draft\", naïve.docx",
        "日本語/ファイル 📁.txt",
        "Ünïcødé/line break;semi,comma.txt",
        "e\u{301}cole/Zoë's ½ café.xlsx",
        " leading and trailing space ",
        "=SUM(A1:A2)",
    ];

    fn row(index: usize, outcome: Outcome, failure_class: Option<FailureClass>) -> ItemRow {
        let name = AWKWARD[index % AWKWARD.len()];
        ItemRow {
            site: format!(
                "Site {}, \"{}\"",
                index % 3,
                AWKWARD[(index + 1) % AWKWARD.len()]
            ),
            source_path: name.to_string(),
            destination_path: format!("Pilot/{name}"),
            size_bytes: index as u64 * 1_048_576 + 7,
            quick_xor_hash_source: index
                .is_multiple_of(2)
                .then(|| "AAAAAAAAAAAAAAAAAAAAAAAAAAA=".to_string()),
            quick_xor_hash_destination: index
                .is_multiple_of(3)
                .then(|| "QUJDREVGR0hJSktMTU5PUFFSU1Q=".to_string()),
            outcome,
            failure_class,
            attempts: index as u32 % 5,
            duration_ms: index as f64 * 12.125,
            last_error: failure_class.map(|class| format!("{class:?}: \"quoted\", with a comma")),
        }
    }

    #[test]
    fn the_header_constant_matches_the_serialized_row() {
        assert_eq!(
            header_of(&row(0, Outcome::Verified, None)),
            ITEMS_HEADER.join(",")
        );
    }

    #[test]
    fn every_outcome_and_failure_class_reads_back_as_written() {
        let mut rows = Vec::new();
        for outcome in Outcome::every() {
            rows.push(row(rows.len(), outcome, None));
            for class in FailureClass::every() {
                rows.push(row(rows.len(), outcome, Some(class)));
            }
        }
        let dir = TempDir::new("items");
        let path = dir.path().join("items.csv");
        write_items(&path, rows.clone()).expect("written");
        assert!(std::fs::read(&path).expect("read").starts_with(UTF8_BOM));
        assert_eq!(read_items(&path).expect("read back"), rows);
    }

    #[test]
    fn empty_optionals_read_back_as_none_and_no_rows_as_none() {
        let dir = TempDir::new("items-empty");
        let path = dir.path().join("items.csv");
        write_items(&path, Vec::new()).expect("written");
        assert_eq!(read_items(&path).expect("read back"), Vec::new());
        let bare = ItemRow {
            site: String::new(),
            source_path: String::new(),
            destination_path: String::new(),
            size_bytes: 0,
            quick_xor_hash_source: None,
            quick_xor_hash_destination: None,
            outcome: Outcome::NotRun,
            failure_class: None,
            attempts: 0,
            duration_ms: 0.0,
            last_error: None,
        };
        write_items(&path, vec![bare.clone()]).expect("written");
        assert_eq!(read_items(&path).expect("read back"), vec![bare]);
    }

    #[test]
    fn an_unknown_outcome_or_class_names_the_file_the_line_and_the_value() {
        let dir = TempDir::new("items-bad");
        let path = dir.path().join("items.csv");
        let header = ITEMS_HEADER.join(",");
        let read_back = |body: &str| {
            std::fs::write(&path, format!("{header}\n{body}")).expect("written");
            read_items(&path).unwrap_err().to_string()
        };
        let error = read_back("A,a,b,1,,,verified,,1,1.000,\nA,c,d,1,,,finished,,1,1.000,\n");
        assert!(
            error.starts_with(&format!(
                "{}:3: unknown outcome \"finished\"; expected one of verified, copied-unverified, failed, skipped, not-run, interrupted;",
                path.display()
            )),
            "{error}"
        );
        let error = read_back("A,a,b,1,,,failed,gremlins,1,1.000,\n");
        assert!(
            error.contains(
                "items.csv:2: unknown failure class \"gremlins\"; expected one of throttled,"
            ),
            "{error}"
        );
        // A cell the csv reader itself cannot parse is named by its column.
        let error = read_back("A,a,b,big,,,verified,,1,1.000,\n");
        assert!(
            error.contains("items.csv:2: column size_bytes: "),
            "{error}"
        );
        let missing = read_items(&dir.path().join("absent.csv"))
            .unwrap_err()
            .to_string();
        assert!(missing.starts_with("cannot read "), "{missing}");
    }
}
