//! `items.csv`: one row per planned item, in the order the engine recorded them, so a reader
//! can find every file of the pilot and see how it ended (contract 3). The estimate fits its
//! model on these rows and the decision counts their failure classes; both read them back
//! through [`read_items`] into the same [`ItemRow`] the run wrote.

use std::path::Path;

use serde::{Deserialize, Serialize, Serializer};

use super::csv_rows::read_rows;
use super::error::RunFolderError;
use super::spelling::{optional, spelled};
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
