//! One test per rule: the offender fires, its clean look-alikes do not.

use super::*;
use crate::scenario::Destination;

fn ctx(folder: &str) -> DestinationContext {
    DestinationContext::of(
        &Destination::Library {
            site_url: url::Url::parse("https://contoso.sharepoint.com/sites/pilot").unwrap(),
            library: "Documents".to_string(),
            folder: folder.to_string(),
        },
        None,
    )
}

fn rules(ctx: &DestinationContext, path: &str, kind: ItemKind) -> Vec<(ScanRule, Severity)> {
    check_item(ctx, path, kind)
        .into_iter()
        .map(|hit| (hit.rule, hit.severity))
        .collect()
}

const FILE: ItemKind = ItemKind::File { size: 10 };

/// A relative path of exactly `length` characters, in segments of at most 100.
fn rel_of_length(length: usize) -> String {
    let mut path = String::new();
    while path.len() < length {
        if !path.is_empty() {
            path.push('/');
        }
        let left = length - path.len();
        let mut take = left.min(100);
        // Never leave exactly one character: it could not follow a '/'.
        if left - take == 1 {
            take -= 1;
        }
        path.push_str(&"a".repeat(take));
    }
    assert_eq!(path.len(), length);
    path
}

#[test]
fn path_length_blocks_on_the_server_relative_path_and_warns_on_the_full_url() {
    let ctx = ctx("");
    // "/sites/pilot/Shared Documents/" is 30 characters; "https://contoso.sharepoint.com" 30.
    let prefix = length(&ctx.server_relative("")) + 1;
    assert_eq!(prefix, 30);
    let url = length(&ctx.tenant_url);
    assert_eq!(url, 30);

    let at_limit = rel_of_length(MAX_PATH - url - prefix);
    assert_eq!(rules(&ctx, &at_limit, FILE), vec![]);

    let warn = rel_of_length(MAX_PATH - url - prefix + 1);
    assert_eq!(
        rules(&ctx, &warn, FILE),
        vec![(ScanRule::PathTooLong, Severity::Warning)]
    );
    let detail = &path_too_long(&ctx, &warn).unwrap().detail;
    assert!(
        detail.contains("371 characters without the tenant URL"),
        "{detail}"
    );
    assert!(
        detail.contains("401 with https://contoso.sharepoint.com"),
        "{detail}"
    );

    let exactly_400 = rel_of_length(MAX_PATH - prefix);
    assert_eq!(
        path_too_long(&ctx, &exactly_400).map(|h| h.severity),
        Some(Severity::Warning)
    );
    let block = rel_of_length(MAX_PATH - prefix + 1);
    assert_eq!(
        rules(&ctx, &block, FILE),
        vec![(ScanRule::PathTooLong, Severity::Blocking)]
    );
}

#[test]
fn path_length_counts_the_destination_folder_and_decoded_characters() {
    let name = "é".repeat(180);
    let path = format!("{name}/{name}");
    // 30 + 361 = 391 decoded (é is one character; encoded it would be six).
    assert_eq!(
        path_too_long(&ctx(""), &path).map(|h| h.severity),
        Some(Severity::Warning)
    );
    assert_eq!(
        path_too_long(&ctx("a-long-destination-folder"), &path).map(|h| h.severity),
        Some(Severity::Blocking)
    );
    // Outside the BMP a character is two UTF-16 units.
    assert_eq!(length("🚧"), 2);
}

#[test]
fn invalid_characters_block() {
    for bad in ["a\"b", "a*b", "a:b", "a<b", "a>b", "a?b", "a\\b", "a|b"] {
        assert_eq!(
            rules(&ctx(""), bad, FILE),
            vec![(ScanRule::InvalidCharacter, Severity::Blocking)],
            "{bad}"
        );
    }
    for clean in [
        "Ticket #4521.txt",
        "100% done.txt",
        "a&b [1] {x} ~y.txt",
        "Café ŵ 🚧.txt",
    ] {
        assert_eq!(rules(&ctx(""), clean, FILE), vec![], "{clean}");
    }
    let detail = invalid_character("a:b?c").unwrap().detail;
    assert!(detail.contains("':' '?'"), "{detail}");
}

#[test]
fn leading_and_trailing_spaces_block() {
    for bad in [" a.txt", "a.txt ", " a "] {
        assert_eq!(
            rules(&ctx(""), &format!("dir/{bad}"), FILE),
            vec![(ScanRule::LeadingTrailingSpace, Severity::Blocking)],
            "{bad:?}"
        );
    }
    assert_eq!(rules(&ctx(""), "a b.txt", FILE), vec![]);
    // A space at the end of a parent folder is the folder's finding, not the file's.
    assert_eq!(rules(&ctx(""), "dir /a.txt", FILE), vec![]);
}

#[test]
fn reserved_names_block_whole_names_only() {
    for bad in [
        ".lock",
        "CON",
        "con",
        "PRN",
        "AUX",
        "NUL",
        "COM0",
        "COM9",
        "LPT0",
        "lpt9",
        "desktop.ini",
        "Desktop.INI",
    ] {
        assert_eq!(
            rules(&ctx(""), bad, FILE),
            vec![(ScanRule::ReservedName, Severity::Blocking)],
            "{bad}"
        );
    }
    for clean in [
        "CONFIG.txt",
        "CON.txt",
        "COM10",
        "LPT",
        "my.lock",
        "desktop.ini.bak",
        "console",
    ] {
        assert_eq!(rules(&ctx(""), clean, FILE), vec![], "{clean}");
    }
}

#[test]
fn vti_anywhere_in_a_name_blocks() {
    for bad in ["_vti_cnf", "a_vti_b.txt", "X_VTI_.doc"] {
        assert_eq!(
            rules(&ctx(""), bad, FILE),
            vec![(ScanRule::VtiName, Severity::Blocking)],
            "{bad}"
        );
    }
    for clean in ["vti.txt", "_vti.txt", "vti_x.txt"] {
        assert_eq!(rules(&ctx(""), clean, FILE), vec![], "{clean}");
    }
}

#[test]
fn tilde_dollar_names_block() {
    assert_eq!(
        rules(&ctx(""), "docs/~$report.docx", FILE),
        vec![(ScanRule::TildeDollarName, Severity::Blocking)]
    );
    for clean in ["~notes.txt", "a~$b.txt", "$~x.txt"] {
        assert_eq!(rules(&ctx(""), clean, FILE), vec![], "{clean}");
    }
}

#[test]
fn forms_blocks_only_as_a_folder_at_the_library_root() {
    for bad in ["forms", "Forms", "FORMS"] {
        assert_eq!(
            rules(&ctx(""), bad, ItemKind::Folder),
            vec![(ScanRule::FormsRootFolder, Severity::Blocking)],
            "{bad}"
        );
    }
    // Deeper down, as a file, or below a destination folder: clean.
    assert_eq!(rules(&ctx(""), "a/Forms", ItemKind::Folder), vec![]);
    assert_eq!(rules(&ctx(""), "forms", FILE), vec![]);
    assert_eq!(rules(&ctx("pilot"), "Forms", ItemKind::Folder), vec![]);
    assert_eq!(rules(&ctx(""), "forms2", ItemKind::Folder), vec![]);
}

#[test]
fn thicket_folders_block() {
    for bad in ["page_files", "Page_Files", "x/page_file"] {
        assert_eq!(
            rules(&ctx(""), bad, ItemKind::Folder),
            vec![(ScanRule::ThicketFolder, Severity::Blocking)],
            "{bad}"
        );
    }
    assert_eq!(rules(&ctx(""), "my_files_2", ItemKind::Folder), vec![]);
    assert_eq!(rules(&ctx(""), "files", ItemKind::Folder), vec![]);
    // Files may end so.
    assert_eq!(rules(&ctx(""), "notes_files", FILE), vec![]);
}

#[test]
fn files_above_250_gib_block() {
    assert_eq!(
        rules(
            &ctx(""),
            "big.bin",
            ItemKind::File {
                size: MAX_FILE_BYTES + 1
            }
        ),
        vec![(ScanRule::FileTooLarge, Severity::Blocking)]
    );
    assert_eq!(
        rules(
            &ctx(""),
            "big.bin",
            ItemKind::File {
                size: MAX_FILE_BYTES
            }
        ),
        vec![]
    );
}

#[test]
fn empty_files_warn() {
    assert_eq!(
        rules(&ctx(""), "empty.txt", ItemKind::File { size: 0 }),
        vec![(ScanRule::EmptyFile, Severity::Warning)]
    );
    assert_eq!(
        rules(&ctx(""), "one.txt", ItemKind::File { size: 1 }),
        vec![]
    );
    // An empty folder is fine.
    assert_eq!(rules(&ctx(""), "empty", ItemKind::Folder), vec![]);
}

#[test]
fn names_above_255_characters_block() {
    let long = "n".repeat(MAX_SEGMENT + 1);
    assert_eq!(
        rules(&ctx(""), &long, ItemKind::Folder),
        vec![(ScanRule::SegmentTooLong, Severity::Blocking)]
    );
    assert_eq!(rules(&ctx(""), &"n".repeat(MAX_SEGMENT), FILE), vec![]);
}

#[test]
fn one_name_can_break_several_rules() {
    let found = rules(&ctx(""), "~$a:b ", FILE);
    assert_eq!(
        found,
        vec![
            (ScanRule::InvalidCharacter, Severity::Blocking),
            (ScanRule::LeadingTrailingSpace, Severity::Blocking),
            (ScanRule::TildeDollarName, Severity::Blocking),
        ]
    );
}
