//! Realistic-looking, unique names for synthetic files and folders.
//!
//! A file name is `<word><separator><number><suffix>.<extension>`. Words and separators hold no
//! digits and every suffix starts with a non-digit, so the number is the first run of digits and
//! can be read back from the name: distinct numbers give distinct names, whatever else was drawn.

use rand::{Rng, RngExt};

/// Name stems, with and without spaces and capitals, of different lengths.
const FILE_WORDS: &[&str] = &[
    "report",
    "Minutes",
    "invoice",
    "Policy",
    "rota",
    "scan",
    "IMG",
    "budget",
    "Referral letter",
    "audit-log",
    "Board papers",
    "contract",
    "draft",
    "meeting notes",
    "Patient information leaflet",
    "timesheet",
    "Presentation",
    "data export",
    "memo",
    "Q",
];

/// Between the stem and the number.
const SEPARATORS: &[&str] = &["-", " ", "_", ""];

/// After the number; mostly nothing.
const SUFFIXES: &[&str] = &[
    "", "", "", "", "", " (final)", " v2", " - Copy", "_draft", " signed",
];

/// Common office extensions, the usual ones more than once.
const EXTENSIONS: &[&str] = &[
    "docx", "docx", "docx", "xlsx", "xlsx", "pdf", "pdf", "pdf", "pptx", "txt", "csv", "jpg",
    "png", "msg", "zip", "vsdx",
];

/// Folder stems.
const FOLDER_WORDS: &[&str] = &[
    "Finance",
    "HR",
    "Clinical governance",
    "Estates",
    "Projects",
    "Archive",
    "IT",
    "Shared",
    "Board",
    "Procurement",
    "Training",
    "Policies",
];

/// A file name built around `number`; unique for each distinct `number`.
pub(super) fn file_name(number: u64, rng: &mut impl Rng) -> String {
    let word = pick(FILE_WORDS, rng);
    let separator = pick(SEPARATORS, rng);
    let suffix = pick(SUFFIXES, rng);
    let extension = pick(EXTENSIONS, rng);
    match rng.random_range(0..3u8) {
        0 => format!("{word}{separator}{number}{suffix}.{extension}"),
        1 => format!("{word}{separator}{number:04}{suffix}.{extension}"),
        _ => format!("{word}{separator}{number:06}{suffix}.{extension}"),
    }
}

/// A folder name for the `child`-th subfolder of its parent; unique among its siblings.
pub(super) fn folder_name(child: u32, rng: &mut impl Rng) -> String {
    format!("{} {child:02}", pick(FOLDER_WORDS, rng))
}

fn pick<'a>(list: &[&'a str], rng: &mut impl Rng) -> &'a str {
    list[rng.random_range(0..list.len())]
}
