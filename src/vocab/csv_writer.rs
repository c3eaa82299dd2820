//! What every file pilotbench writes shares: opening with a buffer, the UTF-8 byte-order mark
//! Excel needs to read non-ASCII names, plain fixed-precision numbers, and turning I/O failures
//! into [`WriteError::Write`] naming the file. The migration-list rows written for the lead, the
//! run folder's files and the reports use the same conventions, so it sits in the vocabulary,
//! below all of them; `crate::inputs::csv_reader` reads the lead's files back.

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

/// A file could not be written.
#[derive(Debug, thiserror::Error)]
pub enum WriteError {
    /// Creating or writing a file failed.
    #[error("cannot write {}: {reason}; check that the folder is writable and has space", path.display())]
    Write {
        /// The file.
        path: PathBuf,
        /// The I/O error.
        reason: String,
    },
}

/// The UTF-8 byte-order mark. Excel reads a CSV without it in the legacy code page and
/// garbles names like "naïve.docx"; the `csv` crate's reader skips it.
pub const UTF8_BOM: &[u8] = b"\xEF\xBB\xBF";

/// A [`WriteError::Write`] for `path`.
pub fn write_error(path: &Path, reason: impl std::fmt::Display) -> WriteError {
    WriteError::Write {
        path: path.to_path_buf(),
        reason: reason.to_string(),
    }
}

/// Creates (or truncates) `path` behind a buffer.
pub fn create(path: &Path) -> Result<BufWriter<File>, WriteError> {
    File::create(path)
        .map(BufWriter::new)
        .map_err(|error| write_error(path, error))
}

/// Creates `path`, writes the BOM, and returns a CSV writer that writes `header` first (even
/// when no row follows) and then rows serialized from flat structs whose fields match it.
pub fn csv_writer(
    path: &Path,
    header: &[&str],
) -> Result<csv::Writer<BufWriter<File>>, WriteError> {
    let mut file = create(path)?;
    file.write_all(UTF8_BOM)
        .map_err(|error| write_error(path, error))?;
    let mut writer = csv::WriterBuilder::new()
        .has_headers(false)
        .from_writer(file);
    writer
        .write_record(header)
        .map_err(|error| write_error(path, error))?;
    Ok(writer)
}

/// Flushes a CSV writer and its file buffer.
pub fn finish_csv(path: &Path, writer: csv::Writer<BufWriter<File>>) -> Result<(), WriteError> {
    let file = writer
        .into_inner()
        .map_err(|error| write_error(path, error.error()))?;
    finish(path, file)
}

/// Flushes a buffered file and reports a failure (a full disk shows here).
pub fn finish(path: &Path, file: BufWriter<File>) -> Result<(), WriteError> {
    let file = file
        .into_inner()
        .map_err(|error| write_error(path, error.error()))?;
    file.sync_all().map_err(|error| write_error(path, error))
}

/// `value` with exactly `decimals` decimals and a '.' separator, never in exponent form;
/// a non-finite value (which the computations avoid) is written as 0.
pub fn fixed(value: f64, decimals: usize) -> String {
    let value = if value.is_finite() { value } else { 0.0 };
    let text = format!("{value:.decimals$}");
    // "-0.000" is noise in a report.
    if text.starts_with('-') && text[1..].bytes().all(|b| b == b'0' || b == b'.') {
        text[1..].to_string()
    } else {
        text
    }
}

/// The header line the csv crate writes for `row`: tests compare it with the header constants.
#[cfg(test)]
pub fn header_of(row: &impl serde::Serialize) -> String {
    let mut writer = csv::Writer::from_writer(Vec::new());
    writer.serialize(row).expect("serialize");
    let text = String::from_utf8(writer.into_inner().expect("flush")).expect("utf8");
    text.lines().next().expect("header line").to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fixed_is_plain_and_finite() {
        assert_eq!(fixed(1.0 / 3.0, 3), "0.333");
        assert_eq!(fixed(2.0, 4), "2.0000");
        assert_eq!(fixed(1e-9, 3), "0.000");
        assert_eq!(fixed(-1e-9, 3), "0.000");
        assert_eq!(fixed(1e12, 3), "1000000000000.000");
        assert_eq!(fixed(f64::NAN, 3), "0.000");
        assert_eq!(fixed(f64::INFINITY, 3), "0.000");
        assert_eq!(fixed(-2.5, 1), "-2.5");
    }
}
