//! A site's destination `folder`: the folder pilotbench creates (if missing) and writes below,
//! so it is judged by the very rules the pre-flight scan applies to every source folder
//! (`crate::vocab::name_rules`, and `forms` at the library's root), before anything is sent. A
//! name SharePoint refuses would otherwise be created at run time, or fail every item of the
//! site one by one.
//!
//! The top of the drive — a library's root, a OneDrive's root, a channel's own folder — is
//! written either as `folder = "/"` or by leaving `folder` out (the documented default, kept so
//! existing scenarios keep their meaning). `folder = ""` or a folder of spaces, which look like
//! a folder name gone missing, are refused with the two forms to choose from, instead of
//! silently meaning the root.

use toml::Spanned;

use super::checker::Checker;
use crate::vocab::name_rules::{NameKind, name_problems};
use crate::vocab::printable::printable;

/// How a scenario asks for the top of the destination drive (or channel folder) itself.
pub(crate) const ROOT_FOLDER: &str = "/";

/// Where the folder sits, for the rules that depend on it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum FolderBase {
    /// Below a library's (or a OneDrive's) root: `forms` may not be its first folder.
    LibraryRoot,
    /// Below a Teams channel's own folder, which is itself a folder of the library.
    ChannelFolder,
}

/// The destination folder, `/`-separated from the base (`""` = the base itself, which
/// `folder = "/"` or leaving `folder` out gives), or `None` once every problem is recorded.
pub(crate) fn check_destination_folder(
    checker: &mut Checker<'_>,
    folder: Option<&Spanned<String>>,
    base: FolderBase,
) -> Option<String> {
    let top = match base {
        FolderBase::LibraryRoot => "the library's root",
        FolderBase::ChannelFolder => "the channel's folder",
    };
    // Left out, the folder is the documented default: the top itself (README, "Scenario").
    let Some(folder) = folder else {
        return Some(String::new());
    };
    let text = folder.get_ref();
    if text == ROOT_FOLDER {
        return Some(String::new());
    }
    let shown = printable(text);
    let trimmed = text.trim_matches('/');
    if trimmed.trim().is_empty() {
        checker.error(
            folder.span(),
            format!(
                "folder \"{shown}\" names no folder; write folder = \"pilot\" (the folder \
                 pilotbench creates and copies into), or folder = \"{ROOT_FOLDER}\" to copy into \
                 {top} itself"
            ),
        );
        return None;
    }
    let mut problems = Vec::new();
    for (position, segment) in trimmed.split('/').enumerate() {
        if segment.is_empty() {
            problems.push(format!(
                "folder \"{shown}\" has an empty folder name between two '/'; separate folder \
                 names with a single '/'"
            ));
            continue;
        }
        if segment == "." || segment == ".." {
            problems.push(format!(
                "folder \"{shown}\" contains \"{segment}\"; name folders below {top}, like \
                 \"pilot/finance\""
            ));
            continue;
        }
        let mut found: Vec<String> = name_problems(segment, NameKind::Folder)
            .into_iter()
            .map(|problem| format!("{} ({})", problem.detail, problem.rule))
            .collect();
        if position == 0 && base == FolderBase::LibraryRoot && segment.eq_ignore_ascii_case("forms")
        {
            found.push(format!(
                "a folder \"{segment}\" at the library root is reserved for the library's forms \
                 (forms-root-folder)"
            ));
        }
        for problem in found {
            problems.push(format!(
                "folder \"{shown}\": \"{}\": {problem}; SharePoint refuses this name, so choose \
                 another destination folder",
                printable(segment)
            ));
        }
    }
    if problems.is_empty() {
        return Some(trimmed.to_string());
    }
    for problem in problems {
        checker.error(folder.span(), problem);
    }
    None
}
