//! The rules, as pure functions of (the site's destination, the item's relative path, its
//! size): no I/O, so `pilotbench scan` and `pilotbench run` judge an item the same way.
//!
//! Name rules look at the item's own name (its last path segment); a folder's findings are
//! reported on the folder, and the run skips what lies below a blocked folder. Lengths are
//! counted in UTF-16 code units, as SharePoint (.NET) counts characters.
//!
//! Severities: everything SharePoint or OneDrive refuses is blocking. Warnings: an empty file
//! (it copies, but Migration Manager and Mover skip 0-byte files, so a later tool may drop
//! it) and a path that is over 400 only when the tenant URL is counted (Microsoft's documents
//! disagree on whether it counts; the service checks the server-relative path).

use super::context::DestinationContext;
use crate::vocab::scan_rule::{ScanRule, Severity};
use crate::vocab::units::GIB;

/// The longest decoded path SharePoint accepts, in characters.
pub const MAX_PATH: usize = 400;
/// The longest file or folder name, in characters.
pub const MAX_SEGMENT: usize = 255;
/// The largest file SharePoint Online and OneDrive accept (250 GB, read as GiB).
pub const MAX_FILE_BYTES: u64 = 250 * GIB;
/// Characters SharePoint and OneDrive refuse in names.
pub const INVALID_CHARACTERS: [char; 9] = ['"', '*', ':', '<', '>', '?', '/', '\\', '|'];
/// Names SharePoint and OneDrive refuse outright (compared without regard to case).
pub const RESERVED_NAMES: [&str; 26] = [
    ".lock",
    "CON",
    "PRN",
    "AUX",
    "NUL",
    "COM0",
    "COM1",
    "COM2",
    "COM3",
    "COM4",
    "COM5",
    "COM6",
    "COM7",
    "COM8",
    "COM9",
    "LPT0",
    "LPT1",
    "LPT2",
    "LPT3",
    "LPT4",
    "LPT5",
    "LPT6",
    "LPT7",
    "LPT8",
    "LPT9",
    "desktop.ini",
];

/// What is scanned: a file with its size, or a folder.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ItemKind {
    /// A file of this many bytes.
    File {
        /// Bytes.
        size: u64,
    },
    /// A folder.
    Folder,
}

/// One rule broken by the item being checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuleHit {
    /// The rule.
    pub rule: ScanRule,
    /// How serious.
    pub severity: Severity,
    /// What exactly is wrong.
    pub detail: String,
}

impl RuleHit {
    fn blocking(rule: ScanRule, detail: String) -> RuleHit {
        RuleHit {
            rule,
            severity: Severity::Blocking,
            detail,
        }
    }
}

/// Every rule `rel_path` (`/`-separated, relative to the source root) breaks at `ctx`.
pub fn check_item(ctx: &DestinationContext, rel_path: &str, kind: ItemKind) -> Vec<RuleHit> {
    let name = rel_path.rsplit('/').next().unwrap_or(rel_path);
    let mut hits = Vec::new();
    hits.extend(path_too_long(ctx, rel_path));
    hits.extend(invalid_character(name));
    hits.extend(leading_trailing_space(name));
    hits.extend(reserved_name(name));
    hits.extend(vti_name(name));
    hits.extend(tilde_dollar_name(name));
    hits.extend(segment_too_long(name));
    match kind {
        ItemKind::Folder => {
            hits.extend(forms_root_folder(ctx, rel_path));
            hits.extend(thicket_folder(name));
        }
        ItemKind::File { size } => {
            hits.extend(file_too_large(size));
            hits.extend(empty_file(size));
        }
    }
    hits
}

/// Characters as SharePoint counts them (UTF-16 code units).
pub fn length(text: &str) -> usize {
    text.encode_utf16().count()
}

/// Blocking when the decoded server-relative path is over 400; a warning when only the full
/// URL (tenant URL counted) is.
pub fn path_too_long(ctx: &DestinationContext, rel_path: &str) -> Option<RuleHit> {
    let server_relative = length(&ctx.server_relative(rel_path));
    let with_url = length(&ctx.full_url(rel_path));
    if with_url <= MAX_PATH {
        return None;
    }
    let severity = if server_relative > MAX_PATH {
        Severity::Blocking
    } else {
        Severity::Warning
    };
    let mut detail = format!(
        "decoded path {server_relative} characters without the tenant URL, {with_url} with \
         {} (limit {MAX_PATH})",
        ctx.tenant_url
    );
    if let Some(note) = ctx.estimated {
        detail.push_str(&format!("; {note}"));
    }
    Some(RuleHit {
        rule: ScanRule::PathTooLong,
        severity,
        detail,
    })
}

/// A name holding `" * : < > ? / \ |`.
pub fn invalid_character(name: &str) -> Option<RuleHit> {
    let found: Vec<String> = INVALID_CHARACTERS
        .iter()
        .filter(|c| name.contains(**c))
        .map(|c| format!("'{c}'"))
        .collect();
    (!found.is_empty()).then(|| {
        RuleHit::blocking(
            ScanRule::InvalidCharacter,
            format!(
                "name contains {}; SharePoint refuses \" * : < > ? / \\ | in names",
                found.join(" ")
            ),
        )
    })
}

/// A name starting or ending with a space.
pub fn leading_trailing_space(name: &str) -> Option<RuleHit> {
    let where_ = match (name.starts_with(' '), name.ends_with(' ')) {
        (true, true) => "starts and ends",
        (true, false) => "starts",
        (false, true) => "ends",
        (false, false) => return None,
    };
    Some(RuleHit::blocking(
        ScanRule::LeadingTrailingSpace,
        format!("name {where_} with a space"),
    ))
}

/// A reserved name, compared whole and without regard to case: `CON` is refused, `CON.txt`
/// and `CONFIG` are not (the reference lists whole names).
pub fn reserved_name(name: &str) -> Option<RuleHit> {
    RESERVED_NAMES
        .iter()
        .find(|reserved| name.eq_ignore_ascii_case(reserved))
        .map(|reserved| {
            RuleHit::blocking(
                ScanRule::ReservedName,
                format!("\"{reserved}\" is a reserved name"),
            )
        })
}

/// `_vti_` anywhere in a name (any case).
pub fn vti_name(name: &str) -> Option<RuleHit> {
    name.to_ascii_lowercase().contains("_vti_").then(|| {
        RuleHit::blocking(
            ScanRule::VtiName,
            "name contains \"_vti_\", reserved by SharePoint".to_string(),
        )
    })
}

/// A name starting with `~$` (Office's lock files).
pub fn tilde_dollar_name(name: &str) -> Option<RuleHit> {
    name.starts_with("~$").then(|| {
        RuleHit::blocking(
            ScanRule::TildeDollarName,
            "name starts with \"~$\" (an Office owner file)".to_string(),
        )
    })
}

/// A folder named `forms` (any case) directly at the library root, which depends on the
/// destination folder.
pub fn forms_root_folder(ctx: &DestinationContext, rel_path: &str) -> Option<RuleHit> {
    let from_root = ctx.library_relative(rel_path);
    (!from_root.contains('/') && from_root.eq_ignore_ascii_case("forms")).then(|| {
        RuleHit::blocking(
            ScanRule::FormsRootFolder,
            format!(
                "folder \"{from_root}\" at the library root is reserved for the library's forms"
            ),
        )
    })
}

/// A folder whose name ends with `_files` or `_file` (any case): a "thicket" folder.
pub fn thicket_folder(name: &str) -> Option<RuleHit> {
    let lower = name.to_ascii_lowercase();
    let suffix = ["_files", "_file"]
        .into_iter()
        .find(|suffix| lower.ends_with(suffix))?;
    Some(RuleHit::blocking(
        ScanRule::ThicketFolder,
        format!(
            "folder name ends with \"{suffix}\", which SharePoint treats as a web page's thicket folder"
        ),
    ))
}

/// A file above 250 GiB.
pub fn file_too_large(size: u64) -> Option<RuleHit> {
    (size > MAX_FILE_BYTES).then(|| {
        RuleHit::blocking(
            ScanRule::FileTooLarge,
            format!("{size} bytes, above the {MAX_FILE_BYTES}-byte (250 GiB) upload limit"),
        )
    })
}

/// A file of 0 bytes (a warning: it copies, but other tools skip it).
pub fn empty_file(size: u64) -> Option<RuleHit> {
    (size == 0).then(|| RuleHit {
        rule: ScanRule::EmptyFile,
        severity: Severity::Warning,
        detail: "0 bytes; Migration Manager and Mover skip empty files".to_string(),
    })
}

/// A name longer than 255 characters.
pub fn segment_too_long(name: &str) -> Option<RuleHit> {
    let length = length(name);
    (length > MAX_SEGMENT).then(|| {
        RuleHit::blocking(
            ScanRule::SegmentTooLong,
            format!("name is {length} characters (limit {MAX_SEGMENT})"),
        )
    })
}

#[cfg(test)]
#[path = "rules_tests.rs"]
mod tests;
