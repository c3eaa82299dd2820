//! Turns byte offsets from the TOML parser into the 1-based `line:column` a person can find in
//! an editor (columns count characters, not bytes), and finds which table a span sits in so a
//! message can say "in [engine]" rather than only "at 12:1".

use std::ops::Range;

use toml::Spanned;
use toml::de::{DeTable, DeValue};

/// Line starts of one text, for offset → line/column conversion.
#[derive(Debug, Clone)]
pub(crate) struct LineIndex<'a> {
    text: &'a str,
    line_starts: Vec<usize>,
}

impl<'a> LineIndex<'a> {
    /// Indexes `text`.
    pub(crate) fn new(text: &'a str) -> Self {
        let mut line_starts = vec![0];
        line_starts.extend(text.match_indices('\n').map(|(index, _)| index + 1));
        LineIndex { text, line_starts }
    }

    /// The 1-based line and character column of a byte offset (clamped to the text, and moved
    /// back to a character boundary if it falls inside one).
    pub(crate) fn line_column(&self, offset: usize) -> (usize, usize) {
        let mut offset = offset.min(self.text.len());
        while !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = self.line_starts.partition_point(|start| *start <= offset);
        let start = self.line_starts[line - 1];
        let column = self.text[start..offset].chars().count() + 1;
        (line, column)
    }
}

/// Where a span sits in the document: the dotted path of the table holding it and, when the
/// span is a key or a value, that key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct KeyPlace {
    /// Keys from the root to the enclosing table; array elements appear under their array's
    /// key ("site"), so `["site", "source", "size"]`.
    pub(crate) table: Vec<String>,
    /// The key itself, when the span is a key or its value.
    pub(crate) key: Option<String>,
}

impl KeyPlace {
    /// The enclosing table as the user would write it: `[engine]`, `[target.simulated]`,
    /// `[[site]]`, or `[[site]] source.size` for inline tables inside a site.
    pub(crate) fn table_label(&self) -> String {
        match self.table.split_first() {
            None => "the top level".to_string(),
            Some((first, rest)) if first == "site" => {
                if rest.is_empty() {
                    "[[site]]".to_string()
                } else {
                    format!("[[site]] {}", rest.join("."))
                }
            }
            Some(_) => format!("[{}]", self.table.join(".")),
        }
    }
}

/// Finds the innermost table whose key or value has exactly `span`.
pub(crate) fn find_key_place(root: &Spanned<DeTable<'_>>, span: &Range<usize>) -> Option<KeyPlace> {
    let mut path = Vec::new();
    search_table(root.get_ref(), span, &mut path)
}

fn search_table(
    table: &DeTable<'_>,
    span: &Range<usize>,
    path: &mut Vec<String>,
) -> Option<KeyPlace> {
    for (key, value) in table.iter() {
        let name = key.get_ref().to_string();
        path.push(name.clone());
        let nested = search_value(value.get_ref(), span, path);
        path.pop();
        if nested.is_some() {
            return nested;
        }
        if key.span() == *span || value.span() == *span {
            return Some(KeyPlace {
                table: path.clone(),
                key: Some(name),
            });
        }
    }
    None
}

fn search_value(
    value: &DeValue<'_>,
    span: &Range<usize>,
    path: &mut Vec<String>,
) -> Option<KeyPlace> {
    match value {
        DeValue::Table(table) => search_table(table, span, path),
        DeValue::Array(array) => array
            .iter()
            .find_map(|element| search_value(element.get_ref(), span, path)),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets_become_one_based_lines_and_character_columns() {
        let text = "a = 1\nbé = \"x\"\n\nlast";
        let index = LineIndex::new(text);
        assert_eq!(index.line_column(0), (1, 1));
        assert_eq!(index.line_column(4), (1, 5));
        assert_eq!(index.line_column(6), (2, 1));
        // "é" is two bytes but one column: the space after it is column 3.
        assert_eq!(index.line_column(9), (2, 3));
        assert_eq!(index.line_column(text.len()), (4, 5));
        assert_eq!(index.line_column(text.len() + 10), (4, 5));
        // Inside a multi-byte character: moved back to its start.
        assert_eq!(index.line_column(8), (2, 2));
    }

    #[test]
    fn spans_are_traced_to_their_table_and_key() {
        let text = "[engine]\nconcurrency = 8\n[[site]]\nname = \"a\"\nsource = { size = { max = \"1\" } }\n";
        let (root, errors) = DeTable::parse_recoverable(text);
        assert!(errors.is_empty());
        let key_start = text.find("concurrency").unwrap_or_default();
        let place = find_key_place(&root, &(key_start..key_start + "concurrency".len()));
        let place = place.expect("concurrency is found");
        assert_eq!(place.table_label(), "[engine]");
        assert_eq!(place.key.as_deref(), Some("concurrency"));

        let max_start = text.find("max").unwrap_or_default();
        let place = find_key_place(&root, &(max_start..max_start + 3)).expect("max is found");
        assert_eq!(place.table_label(), "[[site]] source.size");
        assert_eq!(place.key.as_deref(), Some("max"));
    }
}
