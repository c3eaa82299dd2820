//! The three kinds of source a site (or a graph-drive source's seed) names, read from `kind`.

use toml::Spanned;

use super::checker::Checker;

/// `source = { kind = ... }`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum SourceKind {
    /// `kind = "folder"`: a local folder.
    Folder,
    /// `kind = "synthetic"`: generated content.
    Synthetic,
    /// `kind = "graph-drive"`: a drive of the tenant.
    GraphDrive,
}

/// The kind written (ASCII case ignored); otherwise records the accepted ones.
pub(crate) fn check_source_kind(
    checker: &mut Checker<'_>,
    kind: &Spanned<String>,
) -> Option<SourceKind> {
    checker.choice(
        kind,
        "source kind",
        &[
            ("folder", SourceKind::Folder),
            ("synthetic", SourceKind::Synthetic),
            ("graph-drive", SourceKind::GraphDrive),
        ],
    )
}
