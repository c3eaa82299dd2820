//! The scan's vocabulary: which rule a finding breaks, how serious it is, and where the limit
//! is written down (the Microsoft pages listed in `docs/graph-notes.md` §9), so every finding in
//! `scan.csv` can be traced to the document that states the limit.
//!
//! It is vocabulary rather than part of `scan` because a skipped item's failure class is
//! spelled as its rule ([`crate::vocab::outcome::FailureClass::Blocked`]); the findings
//! themselves are the scan's (`crate::scan::Finding`).

use serde::Serialize;

/// One SharePoint/OneDrive limit the pre-flight scan checks. Stable kebab-case names: `scan.csv`
/// and `items.csv` (`failure_class` of a skipped item) carry [`ScanRule::as_str`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ScanRule {
    /// The decoded destination path is longer than 400 characters.
    PathTooLong,
    /// The name holds `" * : < > ? / \ |`.
    InvalidCharacter,
    /// The name holds a control character (ESC, NUL, a tab, a line break, ...).
    ControlCharacter,
    /// The name starts or ends with a space.
    LeadingTrailingSpace,
    /// The name is reserved: `.lock`, `CON`, `PRN`, `AUX`, `NUL`, `COM0`–`COM9`, `LPT0`–`LPT9`,
    /// `desktop.ini`.
    ReservedName,
    /// The name holds `_vti_`.
    VtiName,
    /// The name starts with `~$`.
    TildeDollarName,
    /// A folder named `forms` at the root of a library.
    FormsRootFolder,
    /// A folder whose name ends with `_files` or `_file`.
    ThicketFolder,
    /// A folder whose name ends with a period.
    FolderTrailingDot,
    /// A file above 250 GiB.
    FileTooLarge,
    /// A file of 0 bytes.
    EmptyFile,
    /// A file or folder name longer than 255 characters.
    SegmentTooLong,
    /// Not a SharePoint limit: the source item itself cannot be read (a symbolic link, a pipe,
    /// a socket, a device, a name that is not UTF-8, a folder that cannot be opened). `run`
    /// fails such an item as `source-unreadable` rather than skipping it: it counts as a
    /// failure, and a folder's contents are unknown.
    SourceUnreadable,
}

impl ScanRule {
    /// Every rule, in the order the summary lists them.
    pub const ALL: [ScanRule; 14] = [
        ScanRule::PathTooLong,
        ScanRule::InvalidCharacter,
        ScanRule::ControlCharacter,
        ScanRule::LeadingTrailingSpace,
        ScanRule::ReservedName,
        ScanRule::VtiName,
        ScanRule::TildeDollarName,
        ScanRule::FormsRootFolder,
        ScanRule::ThicketFolder,
        ScanRule::FolderTrailingDot,
        ScanRule::FileTooLarge,
        ScanRule::EmptyFile,
        ScanRule::SegmentTooLong,
        ScanRule::SourceUnreadable,
    ];

    /// The rules that make `pilotbench run` skip an item (an item's `failure_class` is then
    /// spelled as the rule): all but `source-unreadable`, which the run reports as the failure
    /// class of the same name instead.
    pub const SKIPPING: [ScanRule; 13] = [
        ScanRule::PathTooLong,
        ScanRule::InvalidCharacter,
        ScanRule::ControlCharacter,
        ScanRule::LeadingTrailingSpace,
        ScanRule::ReservedName,
        ScanRule::VtiName,
        ScanRule::TildeDollarName,
        ScanRule::FormsRootFolder,
        ScanRule::ThicketFolder,
        ScanRule::FolderTrailingDot,
        ScanRule::FileTooLarge,
        ScanRule::EmptyFile,
        ScanRule::SegmentTooLong,
    ];

    /// The spelling used in CSV and JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            ScanRule::PathTooLong => "path-too-long",
            ScanRule::InvalidCharacter => "invalid-character",
            ScanRule::ControlCharacter => "control-character",
            ScanRule::LeadingTrailingSpace => "leading-trailing-space",
            ScanRule::ReservedName => "reserved-name",
            ScanRule::VtiName => "vti-name",
            ScanRule::TildeDollarName => "tilde-dollar-name",
            ScanRule::FormsRootFolder => "forms-root-folder",
            ScanRule::ThicketFolder => "thicket-folder",
            ScanRule::FolderTrailingDot => "folder-trailing-dot",
            ScanRule::FileTooLarge => "file-too-large",
            ScanRule::EmptyFile => "empty-file",
            ScanRule::SegmentTooLong => "segment-too-long",
            ScanRule::SourceUnreadable => "source-unreadable",
        }
    }

    /// Where the limit is documented: the titles of the Microsoft pages that state it (their
    /// addresses are in `docs/graph-notes.md` §9), short enough for the scan's summary.
    pub fn reference(self) -> &'static str {
        match self {
            ScanRule::PathTooLong => {
                "SharePoint Online limits; Invalid file names and file types \
                 (whether the tenant URL counts: Migration Manager scan vs long-URL assessment)"
            }
            ScanRule::InvalidCharacter
            | ScanRule::LeadingTrailingSpace
            | ScanRule::ReservedName
            | ScanRule::VtiName
            | ScanRule::TildeDollarName
            | ScanRule::FormsRootFolder => "Invalid file names and file types",
            ScanRule::ThicketFolder => "SPMT scan risk codes",
            ScanRule::ControlCharacter => {
                "Naming Files, Paths, and Namespaces (Windows refuses 0x00-0x1F in names)"
            }
            ScanRule::FolderTrailingDot => {
                "Naming Files, Paths, and Namespaces (no name ends with a period; the issue 14 run saw the folder refused)"
            }
            ScanRule::SourceUnreadable => {
                "the source itself: the item cannot be read, so run fails it as source-unreadable"
            }
            ScanRule::FileTooLarge => "SharePoint Online limits (250 GB since March 2021)",
            ScanRule::EmptyFile => "Migration Manager unsupported files (0-byte files skipped)",
            ScanRule::SegmentTooLong => "SharePoint Online limits (255 characters per name)",
        }
    }
}

impl std::fmt::Display for ScanRule {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// How serious a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Severity {
    /// The service refuses the item: `pilotbench run` skips it and `pilotbench scan` exits 1.
    Blocking,
    /// The item copies, but deserves a look (it may be refused by some clients or tools).
    Warning,
}

impl Severity {
    /// The spelling used in CSV.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Blocking => "blocking",
            Severity::Warning => "warning",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_kebab_case_and_distinct() {
        let names: std::collections::BTreeSet<&str> =
            ScanRule::ALL.iter().map(|r| r.as_str()).collect();
        assert_eq!(names.len(), ScanRule::ALL.len());
        for name in names {
            assert!(
                name.chars().all(|c| c.is_ascii_lowercase() || c == '-'),
                "{name}"
            );
        }
    }

    #[test]
    fn every_rule_but_source_unreadable_skips() {
        let skipping: Vec<ScanRule> = ScanRule::ALL
            .into_iter()
            .filter(|rule| *rule != ScanRule::SourceUnreadable)
            .collect();
        assert_eq!(skipping, ScanRule::SKIPPING);
    }

    #[test]
    fn every_rule_names_its_source() {
        for rule in ScanRule::ALL {
            let reference = rule.reference();
            let documented = [
                "SharePoint Online limits",
                "Invalid file names",
                "SPMT",
                "Migration Manager",
                "Naming Files, Paths, and Namespaces",
                // Not a limit of the service: a fact about the source.
                "the source itself",
            ];
            assert!(
                documented.iter().any(|title| reference.starts_with(title)),
                "{rule}: {reference}"
            );
        }
    }
}
