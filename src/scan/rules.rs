//! The rules, as pure functions of (the site's destination, the item's relative path, its
//! size): no I/O, so `pilotbench scan` and `pilotbench run` judge an item the same way.
//!
//! Name rules look at the item's own name (its last path segment) and are shared with the
//! scenario's destination folders (`crate::vocab::name_rules`); a folder's findings are
//! reported on the folder, and the run skips what lies below a blocked folder. Lengths are
//! counted in UTF-16 code units, as SharePoint (.NET) counts characters.
//!
//! Severities: everything SharePoint or OneDrive refuses is blocking. Warnings: an empty file
//! (it copies, but Migration Manager and Mover skip 0-byte files, so a later tool may drop
//! it) and a path that is over 400 only when the tenant URL is counted (Microsoft's documents
//! disagree on whether it counts; the service checks the server-relative path).

use super::context::DestinationContext;
#[cfg(test)]
use crate::vocab::name_rules::invalid_character;
pub use crate::vocab::name_rules::{INVALID_CHARACTERS, MAX_SEGMENT, RESERVED_NAMES};
use crate::vocab::name_rules::{NameKind, NameProblem, length, name_problems};
use crate::vocab::scan_rule::{ScanRule, Severity};
use crate::vocab::units::GIB;

/// The longest decoded path SharePoint accepts, in characters.
pub const MAX_PATH: usize = 400;
/// The largest file SharePoint Online and OneDrive accept (250 GB, read as GiB).
pub const MAX_FILE_BYTES: u64 = 250 * GIB;

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

impl From<NameProblem> for RuleHit {
    /// Every name rule is blocking: the service refuses the name.
    fn from(problem: NameProblem) -> RuleHit {
        RuleHit::blocking(problem.rule, problem.detail)
    }
}

/// Every rule `rel_path` (`/`-separated, relative to the source root) breaks at `ctx`: the
/// name rules shared with the scenario's destination folders, and those that depend on the
/// path, the library root or the size.
pub fn check_item(ctx: &DestinationContext, rel_path: &str, kind: ItemKind) -> Vec<RuleHit> {
    let name = rel_path.rsplit('/').next().unwrap_or(rel_path);
    let name_kind = match kind {
        ItemKind::Folder => NameKind::Folder,
        ItemKind::File { .. } => NameKind::File,
    };
    let mut hits = Vec::new();
    hits.extend(path_too_long(ctx, rel_path));
    hits.extend(
        name_problems(name, name_kind)
            .into_iter()
            .map(RuleHit::from),
    );
    match kind {
        ItemKind::Folder => hits.extend(forms_root_folder(ctx, rel_path)),
        ItemKind::File { size } => {
            hits.extend(file_too_large(size));
            hits.extend(empty_file(size));
        }
    }
    hits
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

#[cfg(test)]
#[path = "rules_tests.rs"]
mod tests;
