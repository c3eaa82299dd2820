//! `source = { kind = "graph-drive", ... }`: a drive or folder of the tenant as a site's source
//! (a site's library by `site_url` and `library`, or a user's OneDrive by `user`), and the
//! `seed` that fills it in the simulated tenant. Also the per-site `copy_mode`, which only a
//! graph-drive source can set to "server", and only when the source has no `credentials` of its
//! own (server-side copy stays within one tenant).

use std::ops::Range;
use std::path::Path;

use toml::Spanned;

use super::addresses::{check_site_url, check_user_principal_name, normalise_folder};
use super::checker::Checker;
use super::graph_target_settings::{SOURCE_ENV, check_credentials};
use super::local_source::check_seed_content;
use super::raw::{RawSeed, RawSource};
use super::site_model::{CopyMode, DriveLocation, GraphDriveSpec, SourceSpec};

/// Checks a graph-drive source. `simulated_target`: `Some(true)` needs a `seed`, `Some(false)`
/// (a real tenant) refuses one, `None` (the target is invalid) checks the seed if present.
pub(crate) fn check_graph_drive_source(
    checker: &mut Checker<'_>,
    span: Range<usize>,
    raw: RawSource,
    scenario_folder: &Path,
    simulated_target: Option<bool>,
) -> Option<SourceSpec> {
    let errors_before = checker.error_count();
    let other_keys = [
        raw.path.as_ref().map(|value| ("path", value.span())),
        raw.files.as_ref().map(|value| ("files", value.span())),
        raw.depth.as_ref().map(|value| ("depth", value.span())),
        raw.fan_out.as_ref().map(|value| ("fan_out", value.span())),
        raw.size.as_ref().map(|value| ("size", value.span())),
    ];
    for (key, key_span) in other_keys.into_iter().flatten() {
        checker.error(
            key_span,
            format!(
                "{key} does not belong to a graph-drive source, which takes site_url and library \
                 (or user), folder and, for the simulated tenant, seed; remove {key} (or put it \
                 inside seed = {{ ... }})"
            ),
        );
    }
    let drive = check_drive(checker, span.clone(), &raw);
    let folder = match &raw.folder {
        Some(folder) => match normalise_folder(folder.get_ref()) {
            Ok(folder) => Some(folder),
            Err(reason) => {
                checker.error(folder.span(), reason);
                None
            }
        },
        None => Some(String::new()),
    };
    let seed = match (raw.seed, simulated_target) {
        (None, Some(true)) => {
            checker.error(
                span,
                "a graph-drive source on the simulated tenant needs the content its drive starts \
                 with; add seed = { kind = \"synthetic\", files = 20, size = { distribution = \
                 \"fixed\", value = \"4KiB\" } } or seed = { kind = \"folder\", path = \"...\" }",
            );
            None
        }
        (None, _) => None,
        (Some(seed), Some(false)) => {
            checker.error(
                seed.span(),
                "seed fills a drive of the simulated tenant; a real tenant's drive already holds \
                 its content, so remove seed",
            );
            None
        }
        (Some(seed), _) => {
            let seed_span = seed.span();
            match seed.into_inner() {
                RawSeed::Table(table) => {
                    check_seed_content(checker, seed_span, *table, scenario_folder).map(Box::new)
                }
                RawSeed::Number(_) => {
                    checker.error(
                        seed_span,
                        "a graph-drive source's seed is a table naming its content, like \
                         seed = { kind = \"synthetic\", files = 20, size = { distribution = \
                         \"fixed\", value = \"4KiB\" } }",
                    );
                    None
                }
            }
        }
    };
    let credentials = raw.credentials.as_ref().and_then(|credentials| {
        check_credentials(checker, credentials.get_ref(), &SOURCE_ENV).map(Box::new)
    });
    if checker.error_count() > errors_before {
        return None;
    }
    Some(SourceSpec::GraphDrive(GraphDriveSpec {
        drive: drive?,
        folder: folder?,
        seed,
        credentials,
    }))
}

fn check_drive(
    checker: &mut Checker<'_>,
    span: Range<usize>,
    raw: &RawSource,
) -> Option<DriveLocation> {
    const SHAPES: &str = "write site_url = \"https://example.sharepoint.com/sites/name\" with \
                          library = \"Documents\", or user = \"name@example.nhs.uk\"";
    match (&raw.site_url, &raw.user) {
        (Some(_), Some(user)) => {
            checker.error(
                user.span(),
                format!("a graph-drive source names a site's library or a user's OneDrive, not both; {SHAPES}"),
            );
            None
        }
        (None, None) => {
            checker.error(
                span,
                format!("a graph-drive source needs its drive; {SHAPES}"),
            );
            None
        }
        (None, Some(user)) => {
            if let Some(library) = &raw.library {
                checker.error(
                    library.span(),
                    "library goes with site_url; a user's OneDrive has one drive, so remove library",
                );
            }
            let user = check_user_principal_name(checker, user)?;
            Some(DriveLocation::OneDrive { user })
        }
        (Some(site_url), None) => {
            let url = match check_site_url(site_url.get_ref(), "site_url") {
                Ok(url) => Some(url),
                Err(reason) => {
                    checker.error(site_url.span(), reason);
                    None
                }
            };
            let library = match &raw.library {
                Some(library) if library.get_ref().trim().is_empty() => {
                    checker.error(
                        library.span(),
                        "library is empty; name the document library, usually \"Documents\"",
                    );
                    None
                }
                Some(library) => Some(library.get_ref().trim().to_string()),
                None => Some("Documents".to_string()),
            };
            Some(DriveLocation::Library {
                site_url: url?,
                library: library?,
            })
        }
    }
}

/// Checks a site's `copy_mode` against its source: "server" only for a graph-drive source.
pub(crate) fn check_copy_mode(
    checker: &mut Checker<'_>,
    raw: Option<&Spanned<String>>,
    source: Option<&SourceSpec>,
) -> Option<CopyMode> {
    let Some(raw) = raw else {
        return Some(CopyMode::Stream);
    };
    let mode = checker.choice(
        raw,
        "copy_mode",
        &[("stream", CopyMode::Stream), ("server", CopyMode::Server)],
    )?;
    match (mode, source) {
        (CopyMode::Server, Some(SourceSpec::Folder { .. } | SourceSpec::Synthetic(_))) => {
            checker.error(
                raw.span(),
                "copy_mode = \"server\" asks the tenant to copy the files itself, which needs a \
                 source in the same tenant: use source = { kind = \"graph-drive\", ... } or \
                 copy_mode = \"stream\"",
            );
            None
        }
        (CopyMode::Server, Some(SourceSpec::GraphDrive(spec))) if spec.credentials.is_some() => {
            checker.error(
                raw.span(),
                "copy_mode = \"server\" cannot be used with a source that has its own \
                 credentials: server-side copy works within one tenant only, through the \
                 target's own app; use copy_mode = \"stream\" (the files are downloaded with the \
                 source's credentials and uploaded with the target's), or remove credentials if \
                 the source is in the target's tenant",
            );
            None
        }
        _ => Some(mode),
    }
}
