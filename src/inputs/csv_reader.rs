//! The CSV files a technical lead keeps by hand — the migration list, the issues log — read the
//! same lenient way: a UTF-8 byte-order mark is fine, columns may come in any order and any
//! case, cells are trimmed, blank lines are skipped. A missing required column fails the file
//! (line 1); every other problem belongs to one row, is kept with its line number, and the
//! rows that are fine still count (contract 4).

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use crate::vocab::csv_cells::text_of;

/// Which lead-kept file a CSV is, for messages that say what it is and where it is set.
#[derive(Debug)]
pub struct CsvKind {
    /// What the file is, e.g. "migration list".
    pub name: &'static str,
    /// The scenario key naming it, e.g. "[readiness] migration_list".
    pub setting: &'static str,
    /// The columns its header must have.
    pub columns: &'static [&'static str],
}

/// The file as a whole cannot be read.
#[derive(Debug, thiserror::Error)]
pub enum CsvFileError {
    /// The file is missing or unreadable.
    #[error("cannot read {} {}: {reason}; check {} in the scenario", kind.name, path.display(), kind.setting)]
    Read {
        /// Which file.
        kind: &'static CsvKind,
        /// The file.
        path: PathBuf,
        /// Why.
        reason: String,
    },
    /// The header lacks required columns.
    #[error(
        "{}:1: the {} has no column {missing}; the header needs {}",
        path.display(),
        kind.name,
        kind.columns.join(",")
    )]
    MissingColumns {
        /// Which file.
        kind: &'static CsvKind,
        /// The file.
        path: PathBuf,
        /// The missing names, comma separated.
        missing: String,
    },
}

/// Reads the file at `path` and parses it with [`parse_file`].
pub fn load_file<T>(
    kind: &'static CsvKind,
    path: &Path,
    parse_row: impl FnMut(&CsvRow<'_>) -> Result<T, String>,
) -> Result<ParsedRows<T>, CsvFileError> {
    let bytes = std::fs::read(path).map_err(|error| CsvFileError::Read {
        kind,
        path: path.to_path_buf(),
        reason: error.to_string(),
    })?;
    parse_file(kind, path, &bytes, parse_row)
}

/// [`parse_rows`] with `kind`'s required columns, its problems named after the file at `path`.
pub fn parse_file<T>(
    kind: &'static CsvKind,
    path: &Path,
    bytes: &[u8],
    parse_row: impl FnMut(&CsvRow<'_>) -> Result<T, String>,
) -> Result<ParsedRows<T>, CsvFileError> {
    parse_rows(bytes, kind.columns, parse_row).map_err(|problem| match problem {
        HeaderProblem::Unreadable(reason) => CsvFileError::Read {
            kind,
            path: path.to_path_buf(),
            reason,
        },
        HeaderProblem::Missing(missing) => CsvFileError::MissingColumns {
            kind,
            path: path.to_path_buf(),
            missing,
        },
    })
}

/// Each problem as `file:line: message`, for stderr and reports.
pub fn problem_lines(path: &Path, problems: &[RowProblem]) -> Vec<String> {
    problems
        .iter()
        .map(|problem| format!("{}:{}: {}", path.display(), problem.line, problem.message))
        .collect()
}

/// A row that could not be used, with its line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowProblem {
    /// The CSV line (1 = the header).
    pub line: u64,
    /// What is wrong and what to do.
    pub message: String,
}

/// One data row, with its columns found by header name.
pub struct CsvRow<'a> {
    record: &'a csv::StringRecord,
    columns: &'a HashMap<String, usize>,
    /// The CSV line (1 = the header).
    pub line: u64,
}

impl CsvRow<'_> {
    /// Whether the header has `column` (lower case).
    pub fn has_column(&self, column: &str) -> bool {
        self.columns.contains_key(column)
    }

    /// The trimmed cell under `column` (lower case), or "" when the file has no such column or
    /// the row is short. A leading `'` (how pilotbench's own CSVs, and spreadsheets, mark a cell
    /// as text: `crate::vocab::csv_cells`) is not part of the value.
    pub fn field(&self, column: &str) -> &str {
        self.columns
            .get(column)
            .and_then(|&index| self.record.get(index))
            .map_or("", text_of)
    }
}

/// The rows that parsed, and the problems of those that did not, in file order.
#[derive(Debug)]
pub struct ParsedRows<T> {
    /// Rows that parsed.
    pub rows: Vec<T>,
    /// Rows that did not.
    pub problems: Vec<RowProblem>,
    /// The header's column names, lower case.
    pub columns: Vec<String>,
}

/// The file as a whole cannot be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HeaderProblem {
    /// The header line is not readable CSV.
    Unreadable(String),
    /// Required columns are missing, comma separated.
    Missing(String),
}

/// Reads `bytes` as CSV with a header holding every name in `required`; each data row goes
/// through `parse_row`, whose `Err` message is kept with the row's line.
pub fn parse_rows<T>(
    bytes: &[u8],
    required: &[&str],
    mut parse_row: impl FnMut(&CsvRow<'_>) -> Result<T, String>,
) -> Result<ParsedRows<T>, HeaderProblem> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .trim(csv::Trim::All)
        .from_reader(bytes);
    let headers = reader
        .headers()
        .map_err(|error| HeaderProblem::Unreadable(error.to_string()))?
        .clone();
    let names: Vec<String> = headers.iter().map(str::to_ascii_lowercase).collect();
    let columns: HashMap<String, usize> = names
        .iter()
        .enumerate()
        .map(|(index, name)| (name.clone(), index))
        .collect();
    let missing: Vec<&str> = required
        .iter()
        .copied()
        .filter(|name| !columns.contains_key(*name))
        .collect();
    if !missing.is_empty() {
        return Err(HeaderProblem::Missing(missing.join(", ")));
    }

    let mut parsed = ParsedRows {
        rows: Vec::new(),
        problems: Vec::new(),
        columns: names,
    };
    for record in reader.records() {
        let record = match record {
            Ok(record) => record,
            Err(error) => {
                parsed.problems.push(RowProblem {
                    line: error.position().map_or(0, |position| position.line()),
                    message: format!("not valid CSV ({error}); fix the quoting on this line"),
                });
                continue;
            }
        };
        if record.iter().all(str::is_empty) {
            continue;
        }
        let row = CsvRow {
            record: &record,
            columns: &columns,
            line: record.position().map_or(0, |position| position.line()),
        };
        match parse_row(&row) {
            Ok(value) => parsed.rows.push(value),
            Err(message) => parsed.problems.push(RowProblem {
                line: row.line,
                message,
            }),
        }
    }
    Ok(parsed)
}

/// A whole number, commas allowed as thousands separators; `what` names it in the message.
pub fn whole_number(text: &str, what: &str) -> Result<u64, String> {
    text.replace(',', "")
        .parse::<u64>()
        .map_err(|_| format!("{what} {text:?} is not a whole number"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_are_parsed_by_header_name_and_problems_keep_their_lines() {
        let parsed = parse_rows(
            "\u{feff}B,A\n 2 ,1\n\nx,3\n\"broken,4\n".as_bytes(),
            &["a", "b"],
            |row| {
                Ok::<_, String>((
                    whole_number(row.field("a"), "a")?,
                    row.field("b").to_string(),
                ))
            },
        )
        .expect("header is fine");
        assert_eq!(
            parsed.rows,
            vec![(1, "2".to_string()), (3, "x".to_string())]
        );
        assert_eq!(parsed.problems.len(), 1, "{:?}", parsed.problems);
        assert_eq!(parsed.problems[0].line, 5);
        assert_eq!(parsed.columns, vec!["b", "a"]);
    }

    #[test]
    fn a_missing_column_fails_the_file() {
        let missing = parse_rows(b"a\n1\n", &["a", "b", "c"], |_| Ok::<_, String>(()))
            .expect_err("b and c are missing");
        assert_eq!(missing, HeaderProblem::Missing("b, c".to_string()));
    }
}
