//! `scan.csv` (one row per pre-flight finding: `site,path,rule,detail,severity`) and the
//! summary by rule printed by `pilotbench scan` (and, shortened, by `pilotbench run`).

use std::collections::BTreeMap;
use std::path::Path;

use serde::Serialize;

use crate::scan::Finding;
use crate::vocab::csv_writer::{WriteError, csv_writer, finish_csv, write_error};
use crate::vocab::scan_rule::{ScanRule, Severity};

/// The columns of `scan.csv`.
pub const SCAN_HEADER: [&str; 5] = ["site", "path", "rule", "detail", "severity"];

#[derive(Serialize)]
struct ScanRow<'a> {
    site: &'a str,
    path: &'a str,
    rule: &'static str,
    detail: &'a str,
    severity: &'static str,
}

/// Writes `scan.csv` (with the header even when nothing was found).
pub fn write_scan(path: &Path, findings: &[Finding]) -> Result<(), WriteError> {
    let mut writer = csv_writer(path, &SCAN_HEADER)?;
    for finding in findings {
        writer
            .serialize(ScanRow {
                site: &finding.site,
                path: &finding.path,
                rule: finding.rule.as_str(),
                detail: &finding.detail,
                severity: finding.severity.as_str(),
            })
            .map_err(|error| write_error(path, error))?;
    }
    finish_csv(path, writer)
}

/// Findings counted by (rule, severity), in [`ScanRule::ALL`] order, blocking first.
pub fn scan_counts(findings: &[Finding]) -> BTreeMap<(ScanRule, Severity), u64> {
    let mut counts = BTreeMap::new();
    for finding in findings {
        *counts.entry((finding.rule, finding.severity)).or_insert(0) += 1;
    }
    counts
}

/// The summary by rule: rule, severity, count and the rule's source, then a line of totals.
pub fn render_scan_summary(findings: &[Finding]) -> String {
    let counts = scan_counts(findings);
    let mut out = format!(
        "{:<24} {:<9} {:>7}  {}\n",
        "rule", "severity", "count", "reference"
    );
    for ((rule, severity), count) in &counts {
        out.push_str(&format!(
            "{:<24} {:<9} {:>7}  {}\n",
            rule.as_str(),
            severity.as_str(),
            count,
            rule.reference()
        ));
    }
    out.push_str(&scan_totals(findings));
    out
}

/// One line: how many findings block and how many warn.
pub fn scan_totals(findings: &[Finding]) -> String {
    let blocking = findings
        .iter()
        .filter(|f| f.severity == Severity::Blocking)
        .count();
    format!(
        "Pre-flight scan: {blocking} blocking finding(s), {} warning(s).",
        findings.len() - blocking
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::run_folder::SCAN_FILE;

    fn finding(path: &str, rule: ScanRule, severity: Severity) -> Finding {
        Finding {
            site: "Estates, \"north\"".to_string(),
            path: path.to_string(),
            rule,
            detail: "why, exactly".to_string(),
            severity,
        }
    }

    #[test]
    fn scan_csv_has_the_bom_the_header_and_one_row_per_finding() {
        let dir = std::env::temp_dir().join(format!("pilotbench-scan-csv-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join(SCAN_FILE);
        let findings = [
            finding("a/CON", ScanRule::ReservedName, Severity::Blocking),
            finding("e.txt", ScanRule::EmptyFile, Severity::Warning),
        ];
        write_scan(&path, &findings).unwrap();
        let bytes = std::fs::read(&path).unwrap();
        let _ = std::fs::remove_dir_all(&dir);
        assert!(bytes.starts_with(b"\xEF\xBB\xBF"));
        let text = String::from_utf8(bytes[3..].to_vec()).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines[0], "site,path,rule,detail,severity");
        assert_eq!(
            lines[1],
            "\"Estates, \"\"north\"\"\",a/CON,reserved-name,\"why, exactly\",blocking"
        );
        assert_eq!(lines.len(), 3);
    }

    #[test]
    fn the_summary_counts_by_rule_and_severity_with_the_source() {
        let findings = [
            finding("a", ScanRule::PathTooLong, Severity::Warning),
            finding("b", ScanRule::PathTooLong, Severity::Blocking),
            finding("c", ScanRule::PathTooLong, Severity::Blocking),
            finding("d", ScanRule::EmptyFile, Severity::Warning),
        ];
        let summary = render_scan_summary(&findings);
        let lines: Vec<&str> = summary.lines().collect();
        assert!(lines[1].starts_with("path-too-long"), "{summary}");
        assert!(
            lines[1].contains("blocking        2  SharePoint Online limits"),
            "{summary}"
        );
        assert!(lines[2].contains("warning         1"), "{summary}");
        assert!(lines[3].starts_with("empty-file"), "{summary}");
        assert_eq!(
            lines[4],
            "Pre-flight scan: 2 blocking finding(s), 2 warning(s)."
        );
    }
}
