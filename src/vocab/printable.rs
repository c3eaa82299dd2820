//! Text from outside pilotbench — file and folder names, the tenant's error messages, values
//! from a scenario or a CSV — made safe to show. A name may hold ESC, NUL or any other control
//! character: printed as it is, ESC starts a terminal escape sequence (it can move the cursor,
//! retitle the window, hide the rest of a line) and NUL cuts a line short in many viewers. Every
//! message and report shows such characters escaped instead, through the one function here, so
//! a name reads the same in the terminal, in `items.csv`, in `scan.csv` and in `report.html`.
//!
//! What is escaped: Unicode's control characters (category Cc: U+0000–U+001F, U+007F–U+009F)
//! and the bidirectional embedding, override and isolate marks (U+202A–U+202E, U+2066–U+2069),
//! which reorder what a reader sees. A character below U+0080 becomes `\xNN`, as an invalid
//! byte of a name does (`source::folder`); others `\u{NNNN}`. Everything else is kept, so
//! non-ASCII names stay readable. A backslash is not doubled: Windows paths stay as they are.

use std::borrow::Cow;

/// `text` with every control character and bidirectional mark escaped (`ESC` → `\x1B`).
pub fn printable(text: &str) -> Cow<'_, str> {
    escape(text, false)
}

/// A whole message: like [`printable`], but line breaks (`\n`) are kept, since a message may
/// span lines of pilotbench's own.
pub fn printable_message(text: &str) -> Cow<'_, str> {
    escape(text, true)
}

/// Whether `c` is shown escaped.
pub fn needs_escape(c: char) -> bool {
    c.is_control() || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

fn escape(text: &str, keep_newlines: bool) -> Cow<'_, str> {
    let escaped = |c: char| needs_escape(c) && !(keep_newlines && c == '\n');
    if !text.chars().any(escaped) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if !escaped(c) {
            out.push(c);
        } else if u32::from(c) < 0x80 {
            out.push_str(&format!("\\x{:02X}", u32::from(c)));
        } else {
            out.push_str(&format!("\\u{{{:04X}}}", u32::from(c)));
        }
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_characters_are_escaped_and_the_rest_kept() {
        assert_eq!(printable("plain café.txt"), "plain café.txt");
        assert!(matches!(printable("plain"), Cow::Borrowed(_)));
        assert_eq!(printable("a\u{1b}[2Jb"), "a\\x1B[2Jb");
        assert_eq!(printable("nul\0here"), "nul\\x00here");
        assert_eq!(printable("tab\tnew\nline\r"), "tab\\x09new\\x0Aline\\x0D");
        assert_eq!(printable("del\u{7f}"), "del\\x7F");
        assert_eq!(printable("c1\u{85}"), "c1\\u{0085}");
        assert_eq!(printable("rlo\u{202E}txt.exe"), "rlo\\u{202E}txt.exe");
        assert_eq!(printable("C:\\Users\\jo"), "C:\\Users\\jo");
    }

    #[test]
    fn a_message_keeps_its_own_line_breaks() {
        assert_eq!(
            printable_message("first: a\u{1b}b\nsecond\0"),
            "first: a\\x1Bb\nsecond\\x00"
        );
    }
}
