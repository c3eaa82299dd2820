//! Collects every problem found in one scenario file, each placed at its `line:column`, so the
//! user sees all of them in one run instead of fixing one error at a time.

use std::ops::Range;
use std::path::Path;

use serde::de::DeserializeOwned;
use toml::Spanned;
use toml::de::{DeTable, DeValue, ValueDeserializer};

use super::error::Diagnostic;
use super::location::{LineIndex, find_key_place};
use super::raw::SizeText;
use super::toml_message::describe;
use crate::vocab::units::{Micros, micros};

/// The diagnostics of one scenario file, with what is needed to place them.
pub(crate) struct Checker<'a> {
    file: &'a Path,
    index: LineIndex<'a>,
    root: &'a Spanned<DeTable<'a>>,
    diagnostics: Vec<Diagnostic>,
    /// Whether folder sources must exist on this machine (not when a run's evidence is read
    /// back, possibly on another machine, from its copy of the scenario).
    sources_on_disk: bool,
}

impl<'a> Checker<'a> {
    /// A checker for `text` (parsed into `root`) read from `file`.
    pub(crate) fn new(file: &'a Path, text: &'a str, root: &'a Spanned<DeTable<'a>>) -> Self {
        Checker {
            file,
            index: LineIndex::new(text),
            root,
            diagnostics: Vec::new(),
            sources_on_disk: true,
        }
    }

    /// The same checks, except that folder sources are not looked for on disk.
    pub(crate) fn without_sources_on_disk(mut self) -> Self {
        self.sources_on_disk = false;
        self
    }

    /// Whether folder sources must exist on this machine.
    pub(crate) fn sources_on_disk(&self) -> bool {
        self.sources_on_disk
    }

    /// Records a problem at the start of `span`.
    pub(crate) fn error(&mut self, span: Range<usize>, message: impl Into<String>) {
        let (line, column) = self.index.line_column(span.start);
        self.diagnostics.push(Diagnostic {
            file: self.file.to_path_buf(),
            line: Some(line),
            column: Some(column),
            message: message.into(),
        });
    }

    /// Records a problem that has no place of its own (a missing section): it is reported at
    /// the top of the file, `1:1`.
    pub(crate) fn error_at_top(&mut self, message: impl Into<String>) {
        self.error(0..0, message);
    }

    /// Records a TOML syntax error.
    pub(crate) fn syntax_error(&mut self, error: &toml::de::Error) {
        let span = error.span().unwrap_or(0..0);
        self.error(
            span,
            format!(
                "TOML syntax error: {}; fix the syntax (see https://toml.io)",
                error.message()
            ),
        );
    }

    /// Records a deserialisation error (unknown key, wrong type, missing key) in scenario words.
    pub(crate) fn toml_error(&mut self, error: &toml::de::Error) {
        let span = error.span().unwrap_or(0..0);
        let place = find_key_place(self.root, &span);
        let message = describe(error.message(), place.as_ref());
        self.error(span, message);
    }

    /// Deserialises one section or one `[[site]]`; on failure records why and returns `None`.
    pub(crate) fn deserialize<T: DeserializeOwned>(
        &mut self,
        value: Spanned<DeValue<'_>>,
    ) -> Option<T> {
        match T::deserialize(ValueDeserializer::from(value)) {
            Ok(raw) => Some(raw),
            Err(error) => {
                self.toml_error(&error);
                None
            }
        }
    }

    /// One of a fixed set of words (ASCII case ignored); otherwise records the accepted ones.
    pub(crate) fn choice<T: Copy>(
        &mut self,
        value: &Spanned<String>,
        key: &str,
        choices: &[(&str, T)],
    ) -> Option<T> {
        let written = value.get_ref().trim();
        if let Some((_, chosen)) = choices
            .iter()
            .find(|(word, _)| word.eq_ignore_ascii_case(written))
        {
            return Some(*chosen);
        }
        let words: Vec<&str> = choices.iter().map(|(word, _)| *word).collect();
        self.error(
            value.span(),
            format!(
                "unknown {key} \"{written}\"; use one of {}",
                words.join(", ")
            ),
        );
        None
    }

    /// A share from 0 to 1 inclusive (NaN refused).
    pub(crate) fn fraction(&mut self, value: &Spanned<f64>, key: &str) -> Option<f64> {
        let share = *value.get_ref();
        if (0.0..=1.0).contains(&share) {
            Some(share)
        } else {
            self.error(
                value.span(),
                format!(
                    "{key} = {share} is out of range; write a share from 0.0 to 1.0 (0.05 = 5 %)"
                ),
            );
            None
        }
    }

    /// A size in bytes ("10MiB" or a bare number).
    pub(crate) fn size(&mut self, value: &Spanned<SizeText>, key: &str) -> Option<u64> {
        match value.get_ref().bytes() {
            Ok(bytes) => Some(bytes),
            Err(reason) => {
                self.error(value.span(), format!("{key}: {reason}"));
                None
            }
        }
    }

    /// A duration above zero ("120s", "2m"), in microseconds, for the key `key`.
    pub(crate) fn duration(&mut self, value: &Spanned<String>, key: &str) -> Option<Micros> {
        match humantime::parse_duration(value.get_ref().trim()) {
            Ok(duration) if !duration.is_zero() => Some(micros(duration)),
            Ok(_) => {
                self.error(
                    value.span(),
                    format!("{key} is zero; write a duration above zero like \"120s\" or \"2m\""),
                );
                None
            }
            Err(reason) => {
                self.error(
                    value.span(),
                    format!(
                        "{key} \"{}\" is not a duration ({reason}); write one like \"120s\" or \"2m\"",
                        value.get_ref()
                    ),
                );
                None
            }
        }
    }

    /// How many problems so far.
    pub(crate) fn error_count(&self) -> usize {
        self.diagnostics.len()
    }

    /// The 1-based line of a byte offset, for messages that refer to another place.
    pub(crate) fn line_of(&self, offset: usize) -> usize {
        self.index.line_column(offset).0
    }

    /// Every problem, in file order.
    pub(crate) fn finish(mut self) -> Vec<Diagnostic> {
        self.diagnostics
            .sort_by_key(|diagnostic| (diagnostic.line, diagnostic.column));
        self.diagnostics
    }
}
