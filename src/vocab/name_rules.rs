//! SharePoint's rules for one file or folder name, as pure functions of the name (the limits and
//! their pages are in `docs/graph-notes.md` §9). They are vocabulary, not the scan's own,
//! because two stages judge names by them: the pre-flight scan judges every source item
//! (`crate::scan`), and the scenario judges each segment of a site's destination folder, which
//! pilotbench itself creates (`crate::scenario`). One set of rules, so a name the scan blocks in
//! a source tree is refused in a destination folder too, with the same words.
//!
//! Rules that depend on where the name sits (the path's length, `forms` at a library's root)
//! or on a file's size are the scan's. Lengths count UTF-16 code units, as SharePoint (.NET)
//! counts characters.

use crate::vocab::printable::printable;
use crate::vocab::scan_rule::ScanRule;

/// The longest file or folder name, in characters.
pub const MAX_SEGMENT: usize = 255;
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

/// Whether the name is a file's or a folder's: some rules hold for folders only.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NameKind {
    /// A file's name.
    File,
    /// A folder's name.
    Folder,
}

/// One rule a name breaks; every name rule is blocking (the service refuses the name).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NameProblem {
    /// The rule.
    pub rule: ScanRule,
    /// What exactly is wrong, with any offending character shown escaped.
    pub detail: String,
}

impl NameProblem {
    fn new(rule: ScanRule, detail: String) -> NameProblem {
        NameProblem { rule, detail }
    }
}

/// Every rule `name` (one segment, no `/` between folders) breaks, in [`ScanRule::ALL`] order.
pub fn name_problems(name: &str, kind: NameKind) -> Vec<NameProblem> {
    let mut problems = Vec::new();
    problems.extend(invalid_character(name));
    problems.extend(control_character(name));
    problems.extend(leading_trailing_space(name));
    problems.extend(reserved_name(name));
    problems.extend(vti_name(name));
    problems.extend(tilde_dollar_name(name));
    if kind == NameKind::Folder {
        problems.extend(thicket_folder(name));
        problems.extend(folder_trailing_dot(name));
    }
    problems.extend(segment_too_long(name));
    problems
}

/// Characters as SharePoint counts them (UTF-16 code units).
pub fn length(text: &str) -> usize {
    text.encode_utf16().count()
}

/// A name holding `" * : < > ? / \ |`.
pub fn invalid_character(name: &str) -> Option<NameProblem> {
    let found: Vec<String> = INVALID_CHARACTERS
        .iter()
        .filter(|c| name.contains(**c))
        .map(|c| format!("'{c}'"))
        .collect();
    (!found.is_empty()).then(|| {
        NameProblem::new(
            ScanRule::InvalidCharacter,
            format!(
                "name contains {}; SharePoint refuses \" * : < > ? / \\ | in names",
                found.join(" ")
            ),
        )
    })
}

/// A name holding a control character (U+0000–U+001F, U+007F–U+009F): ESC, NUL, a tab, a line
/// break. Windows refuses 0x00–0x1F in names, so such a file could never be synced back to a
/// PC, and the simulated tenant refuses them as the run would meet them.
pub fn control_character(name: &str) -> Option<NameProblem> {
    let mut found: Vec<String> = Vec::new();
    for c in name.chars().filter(|c| c.is_control()) {
        let shown = format!(
            "U+{:04X} (shown as {})",
            u32::from(c),
            printable(&c.to_string())
        );
        if !found.contains(&shown) {
            found.push(shown);
        }
    }
    (!found.is_empty()).then(|| {
        NameProblem::new(
            ScanRule::ControlCharacter,
            format!(
                "name contains the control character {}; rename it without control characters",
                found.join(", ")
            ),
        )
    })
}

/// A name starting or ending with a space.
pub fn leading_trailing_space(name: &str) -> Option<NameProblem> {
    let where_ = match (name.starts_with(' '), name.ends_with(' ')) {
        (true, true) => "starts and ends",
        (true, false) => "starts",
        (false, true) => "ends",
        (false, false) => return None,
    };
    Some(NameProblem::new(
        ScanRule::LeadingTrailingSpace,
        format!("name {where_} with a space"),
    ))
}

/// A reserved name, compared whole and without regard to case: `CON` is refused, `CON.txt`
/// and `CONFIG` are not (the reference lists whole names).
pub fn reserved_name(name: &str) -> Option<NameProblem> {
    RESERVED_NAMES
        .iter()
        .find(|reserved| name.eq_ignore_ascii_case(reserved))
        .map(|reserved| {
            NameProblem::new(
                ScanRule::ReservedName,
                format!("\"{reserved}\" is a reserved name"),
            )
        })
}

/// `_vti_` anywhere in a name (any case).
pub fn vti_name(name: &str) -> Option<NameProblem> {
    name.to_ascii_lowercase().contains("_vti_").then(|| {
        NameProblem::new(
            ScanRule::VtiName,
            "name contains \"_vti_\", reserved by SharePoint".to_string(),
        )
    })
}

/// A name starting with `~$` (Office's lock files).
pub fn tilde_dollar_name(name: &str) -> Option<NameProblem> {
    name.starts_with("~$").then(|| {
        NameProblem::new(
            ScanRule::TildeDollarName,
            "name starts with \"~$\" (an Office owner file)".to_string(),
        )
    })
}

/// A folder whose name ends with `_files` or `_file` (any case): a "thicket" folder.
pub fn thicket_folder(name: &str) -> Option<NameProblem> {
    let lower = name.to_ascii_lowercase();
    let suffix = ["_files", "_file"]
        .into_iter()
        .find(|suffix| lower.ends_with(suffix))?;
    Some(NameProblem::new(
        ScanRule::ThicketFolder,
        format!(
            "folder name ends with \"{suffix}\", which SharePoint treats as a web page's thicket folder"
        ),
    ))
}

/// A folder whose name ends with a period: Windows does not allow a name to end with one
/// (`docs/graph-notes.md` §9), and SharePoint refuses such a folder.
pub fn folder_trailing_dot(name: &str) -> Option<NameProblem> {
    name.ends_with('.').then(|| {
        NameProblem::new(
            ScanRule::FolderTrailingDot,
            "folder name ends with a period, which SharePoint refuses for folders".to_string(),
        )
    })
}

/// A name longer than 255 characters.
pub fn segment_too_long(name: &str) -> Option<NameProblem> {
    let length = length(name);
    (length > MAX_SEGMENT).then(|| {
        NameProblem::new(
            ScanRule::SegmentTooLong,
            format!("name is {length} characters (limit {MAX_SEGMENT})"),
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rules(name: &str, kind: NameKind) -> Vec<ScanRule> {
        name_problems(name, kind)
            .into_iter()
            .map(|p| p.rule)
            .collect()
    }

    #[test]
    fn control_characters_are_named_and_shown_escaped() {
        assert_eq!(
            rules("a\u{1b}b\0.txt", NameKind::File),
            vec![ScanRule::ControlCharacter]
        );
        let detail = control_character("a\u{1b}b\u{1b}\0").unwrap().detail;
        assert!(
            detail.contains("U+001B (shown as \\x1B), U+0000 (shown as \\x00)"),
            "{detail}"
        );
        assert!(!detail.contains('\u{1b}'), "{detail}");
        assert_eq!(rules("Café ŵ 🚧.txt", NameKind::File), vec![]);
    }

    #[test]
    fn a_trailing_dot_is_refused_for_folders_only() {
        assert_eq!(
            rules("minutes.", NameKind::Folder),
            vec![ScanRule::FolderTrailingDot]
        );
        assert_eq!(rules("minutes.", NameKind::File), vec![]);
        assert_eq!(rules("v1.2", NameKind::Folder), vec![]);
    }

    #[test]
    fn thicket_names_are_folder_rules() {
        assert_eq!(
            rules("x_files", NameKind::Folder),
            vec![ScanRule::ThicketFolder]
        );
        assert_eq!(rules("x_files", NameKind::File), vec![]);
    }
}
