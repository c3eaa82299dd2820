//! The project's issues log, a CSV the lead keeps (`[readiness] issues_log`): one row per
//! issue, `id,title,severity,status,owner` (header names, any order, a UTF-8 byte-order mark
//! is fine). The Outstanding Issues criterion reads it; like the migration list, every
//! malformed row is reported by line while the good rows still count.
//!
//! Severity: `critical`, `high`, `medium`, `low`. Status: `open` and `in-progress` (also
//! written `in progress`) are outstanding; `closed` and `resolved` are not.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use crate::inputs::csv_reader::{
    CsvFileError, CsvKind, CsvRow, RowProblem, load_file, parse_file, problem_lines,
};

/// The columns every issues log has, in the order pilotbench documents them.
pub const ISSUES_COLUMNS: [&str; 5] = ["id", "title", "severity", "status", "owner"];

/// How bad an issue is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    /// Blocks the migration.
    Critical,
    /// Blocks the migration unless worked around.
    High,
    /// To fix, does not block.
    Medium,
    /// Cosmetic or minor.
    Low,
}

impl Severity {
    /// The spelling in the CSV.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Critical => "critical",
            Severity::High => "high",
            Severity::Medium => "medium",
            Severity::Low => "low",
        }
    }

    /// Whether an outstanding issue of this severity is a No Go.
    pub fn blocks(self) -> bool {
        matches!(self, Severity::Critical | Severity::High)
    }

    fn parse(text: &str) -> Option<Severity> {
        match text.trim().to_ascii_lowercase().as_str() {
            "critical" => Some(Severity::Critical),
            "high" => Some(Severity::High),
            "medium" => Some(Severity::Medium),
            "low" => Some(Severity::Low),
            _ => None,
        }
    }
}

/// Where an issue stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum IssueStatus {
    /// Raised, not worked on yet.
    Open,
    /// Being worked on.
    InProgress,
    /// Closed (fixed, or accepted and closed).
    Closed,
    /// Resolved.
    Resolved,
}

impl IssueStatus {
    /// The spelling in the CSV.
    pub fn as_str(self) -> &'static str {
        match self {
            IssueStatus::Open => "open",
            IssueStatus::InProgress => "in-progress",
            IssueStatus::Closed => "closed",
            IssueStatus::Resolved => "resolved",
        }
    }

    /// Open or in progress: still to deal with before go-live.
    pub fn is_outstanding(self) -> bool {
        matches!(self, IssueStatus::Open | IssueStatus::InProgress)
    }

    fn parse(text: &str) -> Option<IssueStatus> {
        match text.trim().to_ascii_lowercase().as_str() {
            "open" => Some(IssueStatus::Open),
            "in-progress" | "in progress" | "inprogress" => Some(IssueStatus::InProgress),
            "closed" => Some(IssueStatus::Closed),
            "resolved" => Some(IssueStatus::Resolved),
            _ => None,
        }
    }
}

/// One good row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Issue {
    /// The CSV line it came from (1 = the header).
    pub line: u64,
    /// The log's identifier ("ISS-014").
    pub id: String,
    /// What the issue is.
    pub title: String,
    /// How bad.
    pub severity: Severity,
    /// Where it stands.
    pub status: IssueStatus,
    /// Who answers for it (may be empty).
    pub owner: String,
}

/// A loaded issues log: the rows that count, and the ones that did not.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct IssuesLog {
    /// The file read.
    pub path: PathBuf,
    /// Good rows, in file order.
    pub issues: Vec<Issue>,
    /// Malformed rows, in file order.
    pub problems: Vec<RowProblem>,
}

impl IssuesLog {
    /// Outstanding issues (open or in progress), in file order.
    pub fn outstanding(&self) -> impl Iterator<Item = &Issue> {
        self.issues
            .iter()
            .filter(|issue| issue.status.is_outstanding())
    }

    /// Each problem as `file:line: message`, for stderr and reports.
    pub fn problem_lines(&self) -> Vec<String> {
        problem_lines(&self.path, &self.problems)
    }
}

/// The file could not be read at all (missing, unreadable, or a required column absent).
pub type IssuesLogError = CsvFileError;

/// What the issues log is, for messages.
static ISSUES_LOG: CsvKind = CsvKind {
    name: "issues log",
    setting: "[readiness] issues_log",
    columns: &ISSUES_COLUMNS,
};

/// Reads the issues log at `path`.
pub fn load(path: &Path) -> Result<IssuesLog, IssuesLogError> {
    let parsed = load_file(&ISSUES_LOG, path, unique_ids(parse_row))?;
    Ok(IssuesLog {
        path: path.to_path_buf(),
        issues: parsed.rows,
        problems: parsed.problems,
    })
}

/// Parses issues-log CSV bytes; `path` names the file in messages.
pub fn parse(path: &Path, bytes: &[u8]) -> Result<IssuesLog, IssuesLogError> {
    let parsed = parse_file(&ISSUES_LOG, path, bytes, unique_ids(parse_row))?;
    Ok(IssuesLog {
        path: path.to_path_buf(),
        issues: parsed.rows,
        problems: parsed.problems,
    })
}

/// `parse_row`, refusing an id (any case) already used on an earlier line.
fn unique_ids(
    parse_row: impl Fn(&CsvRow<'_>) -> Result<Issue, String>,
) -> impl FnMut(&CsvRow<'_>) -> Result<Issue, String> {
    let mut first_line_of_id: HashMap<String, u64> = HashMap::new();
    move |row| {
        let issue = parse_row(row)?;
        let key = issue.id.to_lowercase();
        if let Some(first) = first_line_of_id.get(&key) {
            return Err(format!(
                "id {:?} is already used at line {first}; give each issue its own id",
                issue.id
            ));
        }
        first_line_of_id.insert(key, row.line);
        Ok(issue)
    }
}

fn parse_row(row: &CsvRow<'_>) -> Result<Issue, String> {
    let field = |name: &str| row.field(name);
    let line = row.line;
    let id = field("id");
    if id.is_empty() {
        return Err("id is empty; give the issue its identifier from the log".to_string());
    }
    let title = field("title");
    if title.is_empty() {
        return Err(format!("issue {id} has no title; say what the issue is"));
    }
    let severity = Severity::parse(field("severity")).ok_or_else(|| {
        format!(
            "severity {:?} is not one of critical, high, medium, low",
            field("severity")
        )
    })?;
    let status = IssueStatus::parse(field("status")).ok_or_else(|| {
        format!(
            "status {:?} is not one of open, in-progress, closed, resolved",
            field("status")
        )
    })?;
    Ok(Issue {
        line,
        id: id.to_string(),
        title: title.to_string(),
        severity,
        status,
        owner: field("owner").to_string(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_text(text: &str) -> IssuesLog {
        parse(Path::new("issues.csv"), text.as_bytes()).expect("header is fine")
    }

    #[test]
    fn good_rows_count_in_any_column_order_and_bad_rows_are_reported_by_line() {
        let log = parse_text(
            "\u{feff}status,id,owner,severity,title\n\
             open,ISS-1,A. Lead,High,Consent not granted\n\
             In Progress,ISS-2,,medium,Training dates\n\
             closed,ISS-3,B,urgent,Firewall\n\
             resolved,,C,low,No id\n\
             done,ISS-5,D,low,Unknown status\n\
             closed,iss-1,E,low,Duplicate id\n\
             ,,,,\n\
             resolved,ISS-7,F,critical,\n\
             closed,ISS-8,G,critical,Old blocker\n",
        );
        let ids: Vec<&str> = log.issues.iter().map(|issue| issue.id.as_str()).collect();
        assert_eq!(ids, ["ISS-1", "ISS-2", "ISS-8"]);
        assert_eq!(log.issues[0].severity, Severity::High);
        assert_eq!(log.issues[1].status, IssueStatus::InProgress);
        assert_eq!(log.issues[0].line, 2);
        let lines: Vec<u64> = log.problems.iter().map(|problem| problem.line).collect();
        assert_eq!(lines, [4, 5, 6, 7, 9]);
        let lines_text = log.problem_lines();
        assert!(
            lines_text[0].starts_with("issues.csv:4: severity \"urgent\""),
            "{lines_text:?}"
        );
        assert!(lines_text[1].contains("id is empty"));
        assert!(lines_text[2].contains("status \"done\""));
        assert!(lines_text[3].contains("already used at line 2"));
        assert!(lines_text[4].contains("no title"));
        let outstanding: Vec<&str> = log.outstanding().map(|issue| issue.id.as_str()).collect();
        assert_eq!(outstanding, ["ISS-1", "ISS-2"]);
    }

    #[test]
    fn a_missing_column_is_named_and_fails_the_file() {
        let error = parse(Path::new("i.csv"), b"id,title,status\n").unwrap_err();
        let message = error.to_string();
        assert!(message.starts_with("i.csv:1: "), "{message}");
        assert!(message.contains("severity, owner"), "{message}");
    }

    #[test]
    fn random_csv_like_bytes_never_panic_and_every_problem_has_a_line() {
        const ALPHABET: &[u8] =
            b"id,title,severity,status,owner\n\r\"high open closed ,\xef\xbb\xbf\xff";
        let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
        let mut next = || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        for _ in 0..2_000 {
            let length = (next() % 200) as usize;
            let mut bytes = b"id,title,severity,status,owner\n".to_vec();
            bytes.extend((0..length).map(|_| ALPHABET[(next() % ALPHABET.len() as u64) as usize]));
            if let Ok(log) = parse(Path::new("fuzz.csv"), &bytes) {
                assert!(
                    log.problems.iter().all(|problem| problem.line >= 2),
                    "{log:?}"
                );
            }
        }
    }

    #[test]
    fn broken_quoting_short_rows_and_binary_do_not_panic() {
        let log = parse_text("id,title,severity,status,owner\n\"A,b\nB,c\n");
        assert!(log.issues.is_empty());
        assert!(!log.problems.is_empty());
        let header_only = parse_text("id,title,severity,status,owner\n");
        assert!(header_only.issues.is_empty() && header_only.problems.is_empty());
        for bytes in [
            &b""[..],
            b"\xff\xfe\x00\x01",
            b"\n\n\n",
            b"id,title,severity,status,owner\n\xff,\xfe,high,open,x\n",
        ] {
            let _ = parse(Path::new("x.csv"), bytes);
        }
    }
}
