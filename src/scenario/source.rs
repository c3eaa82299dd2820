//! Where a site's content comes from: `source = { kind = ... }` names local content (a folder or
//! a synthetic tree, `local_source.rs`) or a drive of the tenant (`graph_source.rs`); this file
//! reads the kind and hands the table to the right check.

use std::path::Path;

use toml::Spanned;

use super::checker::Checker;
use super::graph_source::check_graph_drive_source;
use super::local_source::{check_folder_source, check_synthetic_source};
use super::raw::RawSource;
use super::site_model::SourceSpec;
use super::source_kind::{SourceKind, check_source_kind};

/// Checks a site's `source`; relative folder paths resolve against `scenario_folder`.
/// `simulated_target` says whether the target is the simulated tenant (`None` when the target
/// itself is invalid): it decides whether a graph-drive source needs a `seed`.
pub(crate) fn check_source(
    checker: &mut Checker<'_>,
    raw: Spanned<RawSource>,
    scenario_folder: &Path,
    simulated_target: Option<bool>,
) -> Option<SourceSpec> {
    let span = raw.span();
    let raw = raw.into_inner();
    match check_source_kind(checker, &raw.kind)? {
        SourceKind::Folder => check_folder_source(checker, span, raw, scenario_folder),
        SourceKind::Synthetic => check_synthetic_source(checker, span, raw),
        SourceKind::GraphDrive => {
            check_graph_drive_source(checker, span, raw, scenario_folder, simulated_target)
        }
    }
}
