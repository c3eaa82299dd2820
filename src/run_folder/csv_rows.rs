//! Reading a run folder's CSV files back into their typed rows: the byte-order mark the
//! writers put first is skipped, the leading `'` that kept a cell from being run by a
//! spreadsheet is dropped (`crate::vocab::csv_cells`), columns are matched by the header's
//! names, and a cell that does not read is an error naming the file, the line and the column.

use std::path::Path;

use serde::de::DeserializeOwned;

use super::error::{RunFolderError, malformed_csv, unreadable};
use crate::vocab::csv_cells::text_of;
use crate::vocab::csv_writer::UTF8_BOM;

/// Every row of the CSV file at `path`, in file order.
pub(super) fn read_rows<Row: DeserializeOwned>(path: &Path) -> Result<Vec<Row>, RunFolderError> {
    let bytes = std::fs::read(path).map_err(|error| unreadable(path, error))?;
    let bytes = bytes.strip_prefix(UTF8_BOM).unwrap_or(&bytes);
    let mut reader = csv::Reader::from_reader(bytes);
    let header: Vec<String> = reader
        .headers()
        .map_err(|error| malformed_csv(path, &[], &error))?
        .iter()
        .map(str::to_string)
        .collect();
    let header_record = csv::StringRecord::from(header.clone());
    reader
        .records()
        .map(|record| {
            let record = record.map_err(|error| malformed_csv(path, &header, &error))?;
            let mut cells: csv::StringRecord = record.iter().map(text_of).collect();
            cells.set_position(record.position().cloned());
            cells
                .deserialize::<Row>(Some(&header_record))
                .map_err(|error| malformed_csv(path, &header, &error))
        })
        .collect()
}
