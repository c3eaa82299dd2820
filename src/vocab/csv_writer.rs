//! What every file pilotbench writes shares: it is written as a new file beside its place and
//! renamed into place when complete ([`NewFile`]), so a symbolic link planted where an output
//! goes is replaced, never followed, and a reader never sees half a file; the UTF-8 byte-order
//! mark Excel needs to read non-ASCII names; cells no spreadsheet runs (`csv_cells`); plain
//! fixed-precision numbers; and I/O failures as [`WriteError::Write`] naming the file. The
//! migration-list rows written for the lead, the run folder's files and the reports use the
//! same conventions, so it sits in the vocabulary, below all of them; `crate::inputs::csv_reader`
//! and `crate::run_folder` read the files back.

use std::fs::{File, OpenOptions};
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

use serde::Serialize;

use super::csv_cells::{CellError, neutralise, row_cells};
use super::printable::printable;

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

/// A file being written: a new file beside `path`, created exclusively (it never opens what is
/// already there, a symbolic link included), renamed over `path` by [`finish`]. Dropped
/// unfinished, it is removed and `path` is left as it was.
#[derive(Debug)]
pub struct NewFile {
    path: PathBuf,
    temporary: PathBuf,
    file: Option<BufWriter<File>>,
}

impl NewFile {
    fn writer(&mut self) -> std::io::Result<&mut BufWriter<File>> {
        self.file
            .as_mut()
            .ok_or_else(|| std::io::Error::other("the file is already finished"))
    }
}

impl Write for NewFile {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.writer()?.write(bytes)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.writer()?.flush()
    }
}

impl Drop for NewFile {
    fn drop(&mut self) {
        if self.file.take().is_some() {
            let _ = std::fs::remove_file(&self.temporary);
        }
    }
}

/// Starts writing `path`: a new, exclusively created file beside it, behind a buffer.
pub fn create(path: &Path) -> Result<NewFile, WriteError> {
    static NEXT: AtomicU64 = AtomicU64::new(0);
    let name = path
        .file_name()
        .map(|name| name.to_string_lossy().into_owned())
        .unwrap_or_default();
    let temporary = path.with_file_name(format!(
        ".{name}.{}-{}.partial",
        std::process::id(),
        NEXT.fetch_add(1, Ordering::Relaxed)
    ));
    let file = OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&temporary)
        .map_err(|error| write_error(path, error))?;
    Ok(NewFile {
        path: path.to_path_buf(),
        temporary,
        file: Some(BufWriter::new(file)),
    })
}

/// A CSV file being written: the header first, then rows whose text cells are neutralised
/// (`csv_cells`), so no spreadsheet runs a cell.
pub struct CsvFile {
    writer: csv::Writer<NewFile>,
}

impl CsvFile {
    /// Writes one row serialized from a flat struct whose fields match the header.
    pub fn serialize<T: Serialize>(&mut self, row: T) -> Result<(), CsvRowError> {
        let cells = row_cells(&row)?;
        Ok(self.writer.write_record(&cells)?)
    }

    /// Writes one row of text cells, each shown escaped ([`printable`]) and neutralised.
    pub fn write_record<I, S>(&mut self, cells: I) -> Result<(), CsvRowError>
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        let cells: Vec<String> = cells
            .into_iter()
            .map(|cell| neutralise(&printable(cell.as_ref())).into_owned())
            .collect();
        Ok(self.writer.write_record(&cells)?)
    }
}

/// A CSV row could not be written.
#[derive(Debug, thiserror::Error)]
pub enum CsvRowError {
    /// The row is not a flat struct.
    #[error(transparent)]
    Cells(#[from] CellError),
    /// Writing failed.
    #[error(transparent)]
    Csv(#[from] csv::Error),
}

/// Starts writing the CSV file `path`: the BOM, then `header` (even when no row follows).
pub fn csv_writer(path: &Path, header: &[&str]) -> Result<CsvFile, WriteError> {
    let mut file = create(path)?;
    file.write_all(UTF8_BOM)
        .map_err(|error| write_error(path, error))?;
    let mut writer = csv::WriterBuilder::new()
        .has_headers(false)
        .from_writer(file);
    writer
        .write_record(header)
        .map_err(|error| write_error(path, error))?;
    Ok(CsvFile { writer })
}

/// Flushes a CSV file and puts it in place.
pub fn finish_csv(path: &Path, writer: CsvFile) -> Result<(), WriteError> {
    let file = writer
        .writer
        .into_inner()
        .map_err(|error| write_error(path, error.error()))?;
    finish(path, file)
}

/// Flushes a file to disk and renames it over its place (a full disk shows here).
pub fn finish(path: &Path, mut file: NewFile) -> Result<(), WriteError> {
    let Some(buffer) = file.file.take() else {
        return Err(write_error(path, "the file is already finished"));
    };
    let result = buffer
        .into_inner()
        .map_err(|error| write_error(path, error.error()))
        .and_then(|inner| inner.sync_all().map_err(|error| write_error(path, error)))
        .and_then(|()| {
            std::fs::rename(&file.temporary, &file.path).map_err(|error| write_error(path, error))
        });
    if result.is_err() {
        let _ = std::fs::remove_file(&file.temporary);
    }
    result
}

/// Writes `bytes` as the whole of `path`, through a new file renamed into place.
pub fn write_whole(path: &Path, bytes: &[u8]) -> Result<(), WriteError> {
    let mut file = create(path)?;
    file.write_all(bytes)
        .map_err(|error| write_error(path, error))?;
    finish(path, file)
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
    fn a_file_replaces_a_link_in_its_place_and_never_writes_through_it() {
        let dir =
            std::env::temp_dir().join(format!("pilotbench-csv-writer-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("dir");
        let target = dir.join("precious.txt");
        std::fs::write(&target, "keep me").expect("target");
        let output = dir.join("summary.json");
        #[cfg(unix)]
        std::os::unix::fs::symlink(&target, &output).expect("link");
        write_whole(&output, b"{}").expect("written");
        assert_eq!(std::fs::read_to_string(&target).expect("target"), "keep me");
        assert_eq!(std::fs::read_to_string(&output).expect("output"), "{}");
        assert!(
            !std::fs::symlink_metadata(&output)
                .expect("meta")
                .file_type()
                .is_symlink()
        );

        // Unfinished, nothing is left behind and the old file stays.
        let mut unfinished = create(&output).expect("created");
        unfinished.write_all(b"half").expect("written");
        drop(unfinished);
        assert_eq!(std::fs::read_to_string(&output).expect("output"), "{}");
        let left: Vec<_> = std::fs::read_dir(&dir)
            .expect("dir")
            .flatten()
            .map(|e| e.file_name())
            .collect();
        assert_eq!(left.len(), 2, "{left:?}");

        let csv = dir.join("rows.csv");
        let mut writer = csv_writer(&csv, &["a", "b"]).expect("csv");
        writer.write_record(["=1+1", "x"]).expect("row");
        finish_csv(&csv, writer).expect("finished");
        let text = std::fs::read(&csv).expect("csv");
        assert_eq!(&text[3..], b"a,b\n'=1+1,x\n");
        let _ = std::fs::remove_dir_all(&dir);
    }

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
