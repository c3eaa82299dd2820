//! Escaping for everything that goes into `report.html` from outside the code: site names,
//! error messages, paths, criteria evidence. One function for text and attribute values alike,
//! so no caller has to know which context it writes into.

/// `text` safe inside HTML/SVG text and inside a double- or single-quoted attribute value.
pub(super) fn escape(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    for character in text.chars() {
        match character {
            '&' => escaped.push_str("&amp;"),
            '<' => escaped.push_str("&lt;"),
            '>' => escaped.push_str("&gt;"),
            '"' => escaped.push_str("&quot;"),
            '\'' => escaped.push_str("&#39;"),
            // Control characters other than tab and newlines are not allowed in HTML text.
            c if c.is_control() && !matches!(c, '\t' | '\n' | '\r') => escaped.push('\u{FFFD}'),
            c => escaped.push(c),
        }
    }
    escaped
}

/// A number with `decimals` decimals, or "–" when it is not finite.
pub(super) fn number(value: f64, decimals: usize) -> String {
    if value.is_finite() {
        format!("{value:.decimals$}")
    } else {
        "–".to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_and_quotes_are_escaped() {
        assert_eq!(
            escape(r#"<script>alert("x" & 'y')</script>"#),
            "&lt;script&gt;alert(&quot;x&quot; &amp; &#39;y&#39;)&lt;/script&gt;"
        );
        assert_eq!(escape("naïve\u{0}.docx"), "naïve\u{FFFD}.docx");
    }

    #[test]
    fn numbers_never_print_nan_or_infinity() {
        assert_eq!(number(1.23456, 2), "1.23");
        assert_eq!(number(f64::NAN, 2), "–");
        assert_eq!(number(f64::INFINITY, 0), "–");
    }
}
