//! The one way `report.html` is made: [`Html`], a string of markup that only this file can
//! write into. Everything from outside the code (site names, paths, error messages, criteria
//! evidence) becomes markup only by being escaped, and every figure only as a finite number, so
//! forgetting to escape is not something a section can do.
//!
//! How an `Html` comes to be:
//! - [`html!`] with a template and holes: `html!("<td>{}</td><td>{total}</td>", name, total = n)`.
//!   The template is evaluated in a `const` item, so it can only be a literal, a `const` or an
//!   `include_str!` of our own source tree, never a runtime string; its holes (`{}` in order,
//!   `{name}` by name, no other braces) are checked against the arguments at compile time.
//!   Each argument goes through [`Render`]: `&str` and `String` are escaped, integers are
//!   written as digits, an [`Html`] is kept as it is. `f64` has no `Render`: a fraction reaches
//!   the page only through [`number`] or [`finite`], which never print `NaN` or `inf`.
//! - `html!(verbatim CONST)`: a compile-time constant whose braces are not holes (the
//!   stylesheet) or whose quotes must stay quotes (the Content-Security-Policy).
//! - [`Html::text`] (escaped), [`Html::push`] and [`Html::join`] (through [`Render`]).
//!
//! The two functions the macro expands to, [`Html::fill`] and [`Html::verbatim`], are the only
//! doors that take markup unescaped; `tests::only_markup_rs_writes_markup` checks that no other
//! file of the module names them, writes markup with `format!`/`write!`, or uses `unsafe`.
//!
//! Why not a templating crate such as `maud`: it escapes by default and checks tag balance at
//! compile time, but it renders `f64` through `Display` (so `NaN` would reach an SVG
//! coordinate), its `PreEscaped` takes any runtime `String` as markup, and it would reformat
//! every line of the page. This file keeps the page byte for byte, reads like the HTML it
//! writes, and adds no dependency.

use std::fmt::Write as _;

use crate::vocab::printable::printable_message;

/// Markup: escaped text, finite numbers and our own compile-time templates, nothing else.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(super) struct Html(String);

/// Something that can stand in a hole of an [`html!`] template.
pub(super) trait Render {
    /// Appends `self` to `out`, escaped when it is text.
    fn render(&self, out: &mut Html);
}

/// A template's argument: its name (`None` for a `{}` hole) and its value.
pub(super) type Hole<'a> = (Option<&'static str>, &'a dyn Render);

impl Html {
    /// No markup at all.
    pub(super) fn new() -> Html {
        Html(String::new())
    }

    /// `text` escaped: safe inside an element and inside a quoted attribute value.
    pub(super) fn text(text: &str) -> Html {
        let mut html = Html::new();
        html.push_escaped(text);
        html
    }

    /// Appends `part` (escaped when it is text).
    pub(super) fn push(&mut self, part: impl Render) {
        part.render(self);
    }

    /// `parts` one after the other with `separator` between them.
    pub(super) fn join<T: Render>(parts: impl IntoIterator<Item = T>, separator: &Html) -> Html {
        let mut html = Html::new();
        for (index, part) in parts.into_iter().enumerate() {
            if index > 0 {
                html.push(separator);
            }
            html.push(part);
        }
        html
    }

    /// The markup, for a test to read.
    #[cfg(test)]
    pub(super) fn as_str(&self) -> &str {
        &self.0
    }

    /// The finished page.
    pub(super) fn into_string(self) -> String {
        self.0
    }

    /// Fills the holes of `template`. Only [`html!`] calls this, with a template it has checked
    /// at compile time: called with a runtime string, this would take it as markup.
    #[doc(hidden)]
    pub(super) fn fill(template: &'static str, holes: &[Hole<'_>]) -> Html {
        let mut html = Html(String::with_capacity(template.len()));
        let mut positional = holes.iter().filter(|(name, _)| name.is_none());
        let mut rest = template;
        while let Some(open) = rest.find('{') {
            html.0.push_str(&rest[..open]);
            let Some(close) = rest[open..].find('}').map(|close| open + close) else {
                break;
            };
            let name = &rest[open + 1..close];
            let hole = if name.is_empty() {
                positional.next()
            } else {
                holes.iter().find(|(hole, _)| *hole == Some(name))
            };
            if let Some((_, value)) = hole {
                value.render(&mut html);
            }
            rest = &rest[close + 1..];
        }
        html.0.push_str(rest);
        html
    }

    /// A compile-time constant taken as markup as it is. Only `html!(verbatim …)` calls this.
    #[doc(hidden)]
    pub(super) fn verbatim(markup: &'static str) -> Html {
        Html(markup.to_string())
    }

    fn push_escaped(&mut self, text: &str) {
        // Control characters and bidirectional marks first shown as every report shows them
        // (`\x1B`), line breaks kept; then the characters HTML reserves.
        for character in printable_message(text).chars() {
            match character {
                '&' => self.0.push_str("&amp;"),
                '<' => self.0.push_str("&lt;"),
                '>' => self.0.push_str("&gt;"),
                '"' => self.0.push_str("&quot;"),
                '\'' => self.0.push_str("&#39;"),
                c => self.0.push(c),
            }
        }
    }
}

impl Render for Html {
    fn render(&self, out: &mut Html) {
        out.0.push_str(&self.0);
    }
}

impl Render for str {
    fn render(&self, out: &mut Html) {
        out.push_escaped(self);
    }
}

impl Render for String {
    fn render(&self, out: &mut Html) {
        out.push_escaped(self);
    }
}

impl<T: Render + ?Sized> Render for &T {
    fn render(&self, out: &mut Html) {
        (**self).render(out);
    }
}

/// Integers are digits: nothing to escape, nothing non-finite.
macro_rules! render_integers {
    ($($integer:ty)*) => {$(
        impl Render for $integer {
            fn render(&self, out: &mut Html) {
                let _ = write!(out.0, "{self}");
            }
        }
    )*};
}
render_integers!(u32 u64 usize);

/// `value` with `decimals` decimals, or `fallback` (escaped) when it is not finite.
pub(super) fn finite(value: f64, decimals: usize, fallback: &str) -> Html {
    if value.is_finite() {
        let mut html = Html::new();
        let _ = write!(html.0, "{value:.decimals$}");
        html
    } else {
        Html::text(fallback)
    }
}

/// A number with `decimals` decimals, or "–" when it is not finite.
pub(super) fn number(value: f64, decimals: usize) -> Html {
    finite(value, decimals, "–")
}

/// Fails the build (in the `const` item [`html!`] puts it in) unless `template`'s holes match
/// `names`: one `{}` per `None`, each `{name}` one of the `Some`s, each `Some` used, and no
/// other brace.
pub(super) const fn check_template(template: &str, names: &[Option<&str>]) {
    let bytes = template.as_bytes();
    let mut positional_holes = 0;
    let mut at = 0;
    while at < bytes.len() {
        match bytes[at] {
            b'{' => {
                let start = at + 1;
                let mut end = start;
                while end < bytes.len() && is_name_byte(bytes[end]) {
                    end += 1;
                }
                if end >= bytes.len() || bytes[end] != b'}' {
                    panic!(
                        "html!: an opening brace in a template must start a hole: empty or a name"
                    );
                }
                if end == start {
                    positional_holes += 1;
                } else if !has_name(names, bytes, start, end) {
                    panic!("html!: a named hole has no `name = value` argument");
                }
                at = end + 1;
            }
            b'}' => panic!("html!: a closing brace in a template closes no hole"),
            _ => at += 1,
        }
    }
    let mut positional_values = 0;
    let mut index = 0;
    while index < names.len() {
        match names[index] {
            None => positional_values += 1,
            Some(name) => {
                if !has_hole(bytes, name.as_bytes()) {
                    panic!("html!: a named argument has no hole of its name");
                }
            }
        }
        index += 1;
    }
    if positional_holes != positional_values {
        panic!("html!: the template's empty holes and the positional arguments differ in number");
    }
}

const fn is_name_byte(byte: u8) -> bool {
    byte.is_ascii_alphanumeric() || byte == b'_'
}

/// Whether `bytes[at..]` starts with `prefix`.
const fn starts_with_at(bytes: &[u8], at: usize, prefix: &[u8]) -> bool {
    if at + prefix.len() > bytes.len() {
        return false;
    }
    let mut offset = 0;
    while offset < prefix.len() {
        if bytes[at + offset] != prefix[offset] {
            return false;
        }
        offset += 1;
    }
    true
}

/// Whether `names` holds the name `template[start..end]`.
const fn has_name(names: &[Option<&str>], template: &[u8], start: usize, end: usize) -> bool {
    let mut index = 0;
    while index < names.len() {
        if let Some(name) = names[index] {
            let name = name.as_bytes();
            if name.len() == end - start && starts_with_at(template, start, name) {
                return true;
            }
        }
        index += 1;
    }
    false
}

/// Whether `template` has the hole `{name}`.
const fn has_hole(template: &[u8], name: &[u8]) -> bool {
    let mut at = 0;
    while at + name.len() + 2 <= template.len() {
        if template[at] == b'{'
            && starts_with_at(template, at + 1, name)
            && template[at + name.len() + 1] == b'}'
        {
            return true;
        }
        at += 1;
    }
    false
}

/// Markup from a compile-time template and its holes: see the module doc.
macro_rules! html {
    (verbatim $markup:expr) => {{
        const MARKUP: &str = $markup;
        $crate::report::html::markup::Html::verbatim(MARKUP)
    }};
    (@holes $template:expr; [$($done:tt)*];) => {
        $crate::report::html::markup::html!(@fill $template; [$($done)*])
    };
    (@holes $template:expr; [$($done:tt)*]; $name:ident = $value:expr $(, $($rest:tt)*)?) => {
        $crate::report::html::markup::html!(
            @holes $template; [$($done)* (Some(stringify!($name)), $value)]; $($($rest)*)?
        )
    };
    (@holes $template:expr; [$($done:tt)*]; $value:expr $(, $($rest:tt)*)?) => {
        $crate::report::html::markup::html!(
            @holes $template; [$($done)* (None, $value)]; $($($rest)*)?
        )
    };
    (@fill $template:expr; [$(($name:expr, $value:expr))*]) => {{
        const TEMPLATE: &str = $template;
        const _: () = $crate::report::html::markup::check_template(TEMPLATE, &[$($name),*]);
        $crate::report::html::markup::Html::fill(
            TEMPLATE,
            &[$(($name, &$value as &dyn $crate::report::html::markup::Render)),*],
        )
    }};
    ($template:expr $(, $($holes:tt)*)?) => {
        $crate::report::html::markup::html!(@holes $template; []; $($($holes)*)?)
    };
}
pub(super) use html;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_and_quotes_are_escaped() {
        assert_eq!(
            Html::text(r#"<script>alert("x" & 'y')</script>"#).as_str(),
            "&lt;script&gt;alert(&quot;x&quot; &amp; &#39;y&#39;)&lt;/script&gt;"
        );
        assert_eq!(Html::text("naïve\u{0}.docx").as_str(), "naïve\\x00.docx");
        assert_eq!(
            Html::text("a\u{1b}[2J\u{202E}b\nc").as_str(),
            "a\\x1B[2J\\u{202E}b\nc"
        );
    }

    #[test]
    fn holes_escape_text_and_keep_markup() {
        let name = "<b>&";
        let cell = html!("<td>{}</td>", name);
        let row = html!(
            "<tr id=\"{id}\">{}{}<td>{id}</td></tr>",
            cell,
            3_u64,
            id = "\"x\""
        );
        assert_eq!(
            row.as_str(),
            "<tr id=\"&quot;x&quot;\"><td>&lt;b&gt;&amp;</td>3<td>&quot;x&quot;</td></tr>"
        );
        assert_eq!(html!("<hr>").as_str(), "<hr>");
        assert_eq!(html!(verbatim "a { b: 'c' }").as_str(), "a { b: 'c' }");
        let list = Html::join(["a&b", "<c>"], &html!(", "));
        assert_eq!(list.as_str(), "a&amp;b, &lt;c&gt;");
    }

    #[test]
    fn numbers_never_print_nan_or_infinity() {
        assert_eq!(number(1.23456, 2).as_str(), "1.23");
        assert_eq!(number(f64::NAN, 2).as_str(), "–");
        assert_eq!(number(f64::INFINITY, 0).as_str(), "–");
        assert_eq!(finite(f64::NEG_INFINITY, 1, "0").as_str(), "0");
    }
}
