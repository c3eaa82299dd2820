//! The cells of one CSV row, and the one rule that keeps a spreadsheet from running them.
//!
//! Excel and LibreOffice read a cell that begins with `=`, `+`, `-` or `@` (and, after some
//! quirks, a tab or a carriage return) as a formula: a file named `=1+1.txt` or a quickXorHash
//! starting with `+` would be computed, or worse, run (OWASP's "CSV injection"). Every CSV
//! pilotbench writes therefore goes through [`row_cells`]: each text cell that begins with one
//! of those characters gets a leading `'`, which spreadsheets take as "this is text" and do not
//! show. A cell that is a plain number (`-2.5`, `+3`) is a number, not a formula, and is left
//! alone; so are the numeric fields of a row. A text cell that already begins with `'` gets one
//! more, so that reading back ([`text_of`]: one leading `'` dropped) gives exactly what was
//! written, whatever the text.
//!
//! Text from outside (a file name, a tenant's message) may hold control characters: every text
//! cell is shown escaped through [`printable`] first, so no CSV holds a raw control byte.
//!
//! The row types stay plain serde structs: [`row_cells`] is a small serde serializer that
//! turns one flat struct into its cells, in field order, so the rule sits here once rather
//! than in every row type.

use std::borrow::Cow;
use std::fmt::Display;

use serde::Serialize;
use serde::ser::{self, Impossible};

use crate::vocab::printable::printable;

/// The characters a spreadsheet reads a cell as a formula by (and `'`, so escaping reads back).
const NEEDS_QUOTE: [char; 7] = ['=', '+', '-', '@', '\t', '\r', '\''];

/// `text` as a cell no spreadsheet runs: with a leading `'` when it begins with `=`, `+`, `-`,
/// `@`, a tab, a carriage return or `'`, unless it is a plain number.
pub fn neutralise(text: &str) -> Cow<'_, str> {
    match text.chars().next() {
        Some(first) if NEEDS_QUOTE.contains(&first) && !is_plain_number(text) => {
            Cow::Owned(format!("'{text}"))
        }
        _ => Cow::Borrowed(text),
    }
}

/// The text a cell written by [`neutralise`] stands for: one leading `'` dropped.
pub fn text_of(cell: &str) -> &str {
    cell.strip_prefix('\'').unwrap_or(cell)
}

/// A number as a spreadsheet reads one: digits, one sign, a point, an exponent.
fn is_plain_number(text: &str) -> bool {
    text.chars()
        .all(|c| c.is_ascii_digit() || matches!(c, '.' | '+' | '-' | 'e' | 'E'))
        && text.parse::<f64>().is_ok()
}

/// Why a row could not be turned into cells: it is not a flat struct of plain values.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("a CSV row must be a flat struct of plain values: {0}")]
pub struct CellError(String);

impl ser::Error for CellError {
    fn custom<T: Display>(message: T) -> Self {
        CellError(message.to_string())
    }
}

/// The cells of `row` (a flat struct, possibly with `#[serde(flatten)]` parts), in field
/// order, text cells shown escaped ([`printable`]: a name's ESC is `\x1B`, a message's line
/// break `\x0A`, so one row stays one line) and neutralised.
pub fn row_cells<T: Serialize + ?Sized>(row: &T) -> Result<Vec<String>, CellError> {
    let mut cells = Vec::new();
    row.serialize(RowSerializer { cells: &mut cells })?;
    Ok(cells)
}

/// Serializes the row itself: a struct (or a map, which `flatten` produces) of cells.
struct RowSerializer<'a> {
    cells: &'a mut Vec<String>,
}

/// Serializes one cell's value.
struct CellSerializer<'a> {
    cells: &'a mut Vec<String>,
}

impl CellSerializer<'_> {
    fn text(self, text: &str) -> Result<(), CellError> {
        self.cells.push(neutralise(&printable(text)).into_owned());
        Ok(())
    }

    fn number(self, number: impl Display) -> Result<(), CellError> {
        self.cells.push(number.to_string());
        Ok(())
    }
}

fn not_flat(what: &str) -> CellError {
    CellError(format!("{what} cannot be one cell"))
}

impl<'a> ser::Serializer for CellSerializer<'a> {
    type Ok = ();
    type Error = CellError;
    type SerializeSeq = Impossible<(), CellError>;
    type SerializeTuple = Impossible<(), CellError>;
    type SerializeTupleStruct = Impossible<(), CellError>;
    type SerializeTupleVariant = Impossible<(), CellError>;
    type SerializeMap = Impossible<(), CellError>;
    type SerializeStruct = Impossible<(), CellError>;
    type SerializeStructVariant = Impossible<(), CellError>;

    fn serialize_bool(self, v: bool) -> Result<(), CellError> {
        self.number(v)
    }
    fn serialize_i8(self, v: i8) -> Result<(), CellError> {
        self.number(v)
    }
    fn serialize_i16(self, v: i16) -> Result<(), CellError> {
        self.number(v)
    }
    fn serialize_i32(self, v: i32) -> Result<(), CellError> {
        self.number(v)
    }
    fn serialize_i64(self, v: i64) -> Result<(), CellError> {
        self.number(v)
    }
    fn serialize_u8(self, v: u8) -> Result<(), CellError> {
        self.number(v)
    }
    fn serialize_u16(self, v: u16) -> Result<(), CellError> {
        self.number(v)
    }
    fn serialize_u32(self, v: u32) -> Result<(), CellError> {
        self.number(v)
    }
    fn serialize_u64(self, v: u64) -> Result<(), CellError> {
        self.number(v)
    }
    fn serialize_f32(self, v: f32) -> Result<(), CellError> {
        self.number(v)
    }
    fn serialize_f64(self, v: f64) -> Result<(), CellError> {
        self.number(v)
    }
    fn serialize_char(self, v: char) -> Result<(), CellError> {
        self.text(v.encode_utf8(&mut [0; 4]))
    }
    fn serialize_str(self, v: &str) -> Result<(), CellError> {
        self.text(v)
    }
    fn serialize_bytes(self, _v: &[u8]) -> Result<(), CellError> {
        Err(not_flat("bytes"))
    }
    fn serialize_none(self) -> Result<(), CellError> {
        self.cells.push(String::new());
        Ok(())
    }
    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<(), CellError> {
        value.serialize(self)
    }
    fn serialize_unit(self) -> Result<(), CellError> {
        self.serialize_none()
    }
    fn serialize_unit_struct(self, _name: &'static str) -> Result<(), CellError> {
        self.serialize_none()
    }
    fn serialize_unit_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
    ) -> Result<(), CellError> {
        self.text(variant)
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        value: &T,
    ) -> Result<(), CellError> {
        value.serialize(self)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        _index: u32,
        _variant: &'static str,
        _value: &T,
    ) -> Result<(), CellError> {
        Err(not_flat("an enum with data"))
    }
    fn serialize_seq(self, _len: Option<usize>) -> Result<Self::SerializeSeq, CellError> {
        Err(not_flat("a list"))
    }
    fn serialize_tuple(self, _len: usize) -> Result<Self::SerializeTuple, CellError> {
        Err(not_flat("a tuple"))
    }
    fn serialize_tuple_struct(
        self,
        _name: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeTupleStruct, CellError> {
        Err(not_flat("a tuple struct"))
    }
    fn serialize_tuple_variant(
        self,
        _name: &'static str,
        _index: u32,
        _variant: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeTupleVariant, CellError> {
        Err(not_flat("an enum with data"))
    }
    fn serialize_map(self, _len: Option<usize>) -> Result<Self::SerializeMap, CellError> {
        Err(not_flat("a map"))
    }
    fn serialize_struct(
        self,
        _name: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeStruct, CellError> {
        Err(not_flat("a nested struct"))
    }
    fn serialize_struct_variant(
        self,
        _name: &'static str,
        _index: u32,
        _variant: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeStructVariant, CellError> {
        Err(not_flat("an enum with data"))
    }
}

impl<'a> ser::Serializer for RowSerializer<'a> {
    type Ok = ();
    type Error = CellError;
    type SerializeSeq = Impossible<(), CellError>;
    type SerializeTuple = Impossible<(), CellError>;
    type SerializeTupleStruct = Impossible<(), CellError>;
    type SerializeTupleVariant = Impossible<(), CellError>;
    type SerializeMap = Self;
    type SerializeStruct = Self;
    type SerializeStructVariant = Impossible<(), CellError>;

    fn serialize_bool(self, _v: bool) -> Result<(), CellError> {
        Err(not_flat("a bare value"))
    }
    fn serialize_i8(self, _v: i8) -> Result<(), CellError> {
        Err(not_flat("a bare value"))
    }
    fn serialize_i16(self, _v: i16) -> Result<(), CellError> {
        Err(not_flat("a bare value"))
    }
    fn serialize_i32(self, _v: i32) -> Result<(), CellError> {
        Err(not_flat("a bare value"))
    }
    fn serialize_i64(self, _v: i64) -> Result<(), CellError> {
        Err(not_flat("a bare value"))
    }
    fn serialize_u8(self, _v: u8) -> Result<(), CellError> {
        Err(not_flat("a bare value"))
    }
    fn serialize_u16(self, _v: u16) -> Result<(), CellError> {
        Err(not_flat("a bare value"))
    }
    fn serialize_u32(self, _v: u32) -> Result<(), CellError> {
        Err(not_flat("a bare value"))
    }
    fn serialize_u64(self, _v: u64) -> Result<(), CellError> {
        Err(not_flat("a bare value"))
    }
    fn serialize_f32(self, _v: f32) -> Result<(), CellError> {
        Err(not_flat("a bare value"))
    }
    fn serialize_f64(self, _v: f64) -> Result<(), CellError> {
        Err(not_flat("a bare value"))
    }
    fn serialize_char(self, _v: char) -> Result<(), CellError> {
        Err(not_flat("a bare value"))
    }
    fn serialize_str(self, _v: &str) -> Result<(), CellError> {
        Err(not_flat("a bare value"))
    }
    fn serialize_bytes(self, _v: &[u8]) -> Result<(), CellError> {
        Err(not_flat("a bare value"))
    }
    fn serialize_none(self) -> Result<(), CellError> {
        Err(not_flat("a bare value"))
    }
    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<(), CellError> {
        value.serialize(self)
    }
    fn serialize_unit(self) -> Result<(), CellError> {
        Err(not_flat("a bare value"))
    }
    fn serialize_unit_struct(self, _name: &'static str) -> Result<(), CellError> {
        Err(not_flat("a bare value"))
    }
    fn serialize_unit_variant(
        self,
        _name: &'static str,
        _index: u32,
        _variant: &'static str,
    ) -> Result<(), CellError> {
        Err(not_flat("a bare value"))
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        value: &T,
    ) -> Result<(), CellError> {
        value.serialize(self)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        _index: u32,
        _variant: &'static str,
        _value: &T,
    ) -> Result<(), CellError> {
        Err(not_flat("an enum with data"))
    }
    fn serialize_seq(self, _len: Option<usize>) -> Result<Self::SerializeSeq, CellError> {
        Err(not_flat("a list"))
    }
    fn serialize_tuple(self, _len: usize) -> Result<Self::SerializeTuple, CellError> {
        Err(not_flat("a tuple"))
    }
    fn serialize_tuple_struct(
        self,
        _name: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeTupleStruct, CellError> {
        Err(not_flat("a tuple struct"))
    }
    fn serialize_tuple_variant(
        self,
        _name: &'static str,
        _index: u32,
        _variant: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeTupleVariant, CellError> {
        Err(not_flat("an enum with data"))
    }
    fn serialize_map(self, _len: Option<usize>) -> Result<Self, CellError> {
        Ok(self)
    }
    fn serialize_struct(self, _name: &'static str, _len: usize) -> Result<Self, CellError> {
        Ok(self)
    }
    fn serialize_struct_variant(
        self,
        _name: &'static str,
        _index: u32,
        _variant: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeStructVariant, CellError> {
        Err(not_flat("an enum with data"))
    }
}

impl ser::SerializeStruct for RowSerializer<'_> {
    type Ok = ();
    type Error = CellError;

    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        _key: &'static str,
        value: &T,
    ) -> Result<(), CellError> {
        value.serialize(CellSerializer { cells: self.cells })
    }

    fn end(self) -> Result<(), CellError> {
        Ok(())
    }
}

/// A `#[serde(flatten)]` row arrives as a map; its keys are the header's, its values the cells.
impl ser::SerializeMap for RowSerializer<'_> {
    type Ok = ();
    type Error = CellError;

    fn serialize_key<T: Serialize + ?Sized>(&mut self, _key: &T) -> Result<(), CellError> {
        Ok(())
    }

    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), CellError> {
        value.serialize(CellSerializer { cells: self.cells })
    }

    fn end(self) -> Result<(), CellError> {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Serialize)]
    struct Row<'a> {
        name: &'a str,
        size: u64,
        delta: f64,
        hash: Option<&'a str>,
        ratio: String,
        flag: bool,
    }

    #[test]
    fn cells_a_spreadsheet_would_run_get_a_leading_quote() {
        for (text, written) in [
            ("=1+1.txt", "'=1+1.txt"),
            ("+FQAAA4mJQ3o=", "'+FQAAA4mJQ3o="),
            ("-2+3+cmd|' /C calc'!A0", "'-2+3+cmd|' /C calc'!A0"),
            ("@SUM(A1)", "'@SUM(A1)"),
            ("\tTab", "'\tTab"),
            ("\rCR", "'\rCR"),
            ("'quoted", "''quoted"),
            ("report=final.txt", "report=final.txt"),
            ("plain", "plain"),
            ("", ""),
            ("-2.5", "-2.5"),
            ("+3", "+3"),
            ("-", "'-"),
            ("-inf", "'-inf"),
        ] {
            assert_eq!(neutralise(text), written, "{text:?}");
            assert_eq!(text_of(&neutralise(text)), text, "{text:?} reads back");
        }
    }

    #[test]
    fn a_row_becomes_its_cells_in_field_order() {
        let row = Row {
            name: "=HYPERLINK(\"x\")",
            size: 7,
            delta: -0.5,
            hash: None,
            ratio: "-0.250".to_string(),
            flag: true,
        };
        assert_eq!(
            row_cells(&row).expect("cells"),
            ["'=HYPERLINK(\"x\")", "7", "-0.5", "", "-0.250", "true"]
        );
        let error = row_cells(&vec![1, 2]).unwrap_err().to_string();
        assert!(error.contains("a list cannot be one cell"), "{error}");
    }

    #[test]
    fn control_characters_in_a_text_cell_are_shown_escaped() {
        let row = Row {
            name: "a\u{1b}[2Jb\u{7}\u{202E}txt.exe",
            size: 1,
            delta: 0.0,
            hash: Some("\tmsg\nline"),
            ratio: String::new(),
            flag: false,
        };
        let cells = row_cells(&row).expect("cells");
        assert_eq!(cells[0], "a\\x1B[2Jb\\x07\\u{202E}txt.exe");
        assert_eq!(cells[3], "\\x09msg\\x0Aline");
    }

    #[test]
    fn a_flattened_row_gives_the_cells_of_its_parts() {
        #[derive(Serialize)]
        struct Inner {
            b: &'static str,
        }
        #[derive(Serialize)]
        struct Outer {
            a: u32,
            #[serde(flatten)]
            inner: Inner,
            c: &'static str,
        }
        let row = Outer {
            a: 1,
            inner: Inner { b: "@x" },
            c: "c",
        };
        assert_eq!(row_cells(&row).expect("cells"), ["1", "'@x", "c"]);
    }
}
