//! Local content as a site's source: a folder (resolved against the scenario's own folder, and
//! required to exist) or a deterministic synthetic tree with a size distribution. A graph-drive
//! source's `seed` is local content too, checked here the same way.

use std::ops::Range;
use std::path::Path;

use toml::Spanned;

use super::checker::Checker;
use super::paths::resolve;
use super::raw::{RawSeed, RawSize, RawSource, SizeText};
use super::site_model::{SizeDistribution, SourceSpec, SyntheticSpec};
use super::source_kind::{SourceKind, check_source_kind};

/// The most files a synthetic source may generate: its file list is held in memory
/// (about 170 bytes a file), and a pilot site is small.
pub const MAX_SYNTHETIC_FILES: u64 = 10_000_000;

/// The deepest synthetic tree accepted.
pub(crate) const MAX_DEPTH: i64 = 20;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum DistributionKind {
    Fixed,
    Uniform,
    LogNormal,
}

/// Checks the content a graph-drive source is seeded with: a folder or synthetic source.
pub(crate) fn check_seed_content(
    checker: &mut Checker<'_>,
    span: Range<usize>,
    raw: RawSource,
    scenario_folder: &Path,
) -> Option<SourceSpec> {
    match check_source_kind(checker, &raw.kind)? {
        SourceKind::Folder => check_folder_source(checker, span, raw, scenario_folder),
        SourceKind::Synthetic => check_synthetic_source(checker, span, raw),
        SourceKind::GraphDrive => {
            checker.error(
                raw.kind.span(),
                "a seed is local content the simulated tenant starts with; use kind = \"synthetic\" \
                 or kind = \"folder\"",
            );
            None
        }
    }
}

/// Refuses the keys of a graph-drive source in a folder or synthetic source.
fn refuse_graph_drive_keys(checker: &mut Checker<'_>, raw: &RawSource, kind: &str) {
    let keys = [
        raw.site_url
            .as_ref()
            .map(|value| ("site_url", value.span())),
        raw.library.as_ref().map(|value| ("library", value.span())),
        raw.user.as_ref().map(|value| ("user", value.span())),
        raw.folder.as_ref().map(|value| ("folder", value.span())),
        raw.credentials
            .as_ref()
            .map(|value| ("credentials", value.span())),
    ];
    for (key, key_span) in keys.into_iter().flatten() {
        checker.error(
            key_span,
            format!(
                "{key} belongs to a graph-drive source; a {kind} source does not take it, so \
                 remove {key} (or set kind = \"graph-drive\")"
            ),
        );
    }
}

/// Checks a folder source: its `path`, resolved against `scenario_folder`, must be a folder.
pub(crate) fn check_folder_source(
    checker: &mut Checker<'_>,
    span: Range<usize>,
    raw: RawSource,
    scenario_folder: &Path,
) -> Option<SourceSpec> {
    let errors_before = checker.error_count();
    refuse_graph_drive_keys(checker, &raw, "folder");
    let synthetic_keys = [
        raw.files.as_ref().map(|value| ("files", value.span())),
        raw.depth.as_ref().map(|value| ("depth", value.span())),
        raw.fan_out.as_ref().map(|value| ("fan_out", value.span())),
        raw.seed.as_ref().map(|value| ("seed", value.span())),
        raw.size.as_ref().map(|value| ("size", value.span())),
    ];
    for (key, key_span) in synthetic_keys.into_iter().flatten() {
        checker.error(
            key_span,
            format!("{key} belongs to a synthetic source; a folder source takes only path, so remove {key}"),
        );
    }
    let Some(path) = raw.path else {
        checker.error(
            span,
            "a folder source needs its path; add path = \"...\" (relative paths start at the \
             scenario file's folder)",
        );
        return None;
    };
    let written = path.get_ref();
    if written.trim().is_empty() {
        checker.error(path.span(), "path is empty; name the folder to copy");
        return None;
    }
    let resolved = resolve(scenario_folder, Path::new(written));
    if !checker.sources_on_disk() {
        return (checker.error_count() == errors_before)
            .then_some(SourceSpec::Folder { path: resolved });
    }
    match std::fs::metadata(&resolved) {
        Ok(metadata) if metadata.is_dir() => {}
        Ok(_) => checker.error(
            path.span(),
            format!(
                "folder source {} is not a folder (path \"{written}\"); name a folder to copy",
                resolved.display()
            ),
        ),
        Err(reason) if reason.kind() == std::io::ErrorKind::NotFound => checker.error(
            path.span(),
            format!(
                "folder source {} does not exist; path \"{written}\" is resolved against the \
                 scenario file's folder {}; check the path",
                resolved.display(),
                scenario_folder.display()
            ),
        ),
        Err(reason) => checker.error(
            path.span(),
            format!(
                "folder source {} cannot be read ({reason}); path \"{written}\" is resolved \
                 against the scenario file's folder {}; check the path",
                resolved.display(),
                scenario_folder.display()
            ),
        ),
    }
    if checker.error_count() > errors_before {
        return None;
    }
    Some(SourceSpec::Folder { path: resolved })
}

/// Checks a synthetic source: how many files, how deep and wide, and their sizes.
pub(crate) fn check_synthetic_source(
    checker: &mut Checker<'_>,
    span: Range<usize>,
    raw: RawSource,
) -> Option<SourceSpec> {
    let errors_before = checker.error_count();
    refuse_graph_drive_keys(checker, &raw, "synthetic");
    let seed = match raw.seed.as_ref().map(|seed| (seed.span(), seed.get_ref())) {
        None => 0,
        Some((_, RawSeed::Number(seed))) => *seed,
        Some((seed_span, RawSeed::Table(_))) => {
            checker.error(
                seed_span,
                "a synthetic source's seed is a whole number (same seed, same files), like \
                 seed = 7; a seed table belongs inside a graph-drive source",
            );
            0
        }
    };
    if let Some(path) = &raw.path {
        checker.error(
            path.span(),
            "path belongs to a folder source; a synthetic source generates its files, so remove \
             path (or set kind = \"folder\")",
        );
    }
    let files = match &raw.files {
        Some(files) => match u64::try_from(*files.get_ref()) {
            Ok(count) if count > MAX_SYNTHETIC_FILES => {
                checker.error(
                    files.span(),
                    format!(
                        "files = {count} is more than {MAX_SYNTHETIC_FILES}; a pilot site is small \
                         (the file list alone would need gigabytes of memory): use fewer files"
                    ),
                );
                None
            }
            Ok(count) if count >= 1 => Some(count),
            _ => {
                checker.error(
                    files.span(),
                    format!(
                        "files = {} is too few; a synthetic source needs at least 1 file",
                        files.get_ref()
                    ),
                );
                None
            }
        },
        None => {
            checker.error(
                span.clone(),
                "a synthetic source needs files = <how many>; add it, e.g. files = 400",
            );
            None
        }
    };
    let depth = match &raw.depth {
        Some(depth) => match u32::try_from(*depth.get_ref()) {
            Ok(levels) if i64::from(levels) <= MAX_DEPTH => Some(levels),
            _ => {
                checker.error(
                    depth.span(),
                    format!(
                        "depth = {} is out of range; write 0 to {MAX_DEPTH} folder levels",
                        depth.get_ref()
                    ),
                );
                None
            }
        },
        None => Some(0),
    };
    let fan_out = match &raw.fan_out {
        Some(fan_out) => match u32::try_from(*fan_out.get_ref()) {
            Ok(0) if depth.is_some_and(|levels| levels > 0) => {
                checker.error(
                    fan_out.span(),
                    format!(
                        "fan_out = 0 leaves no subfolders for depth = {} to fill; write fan_out = 1 \
                         or more (or depth = 0)",
                        depth.unwrap_or_default()
                    ),
                );
                None
            }
            Ok(count) => Some(count),
            Err(_) => {
                checker.error(
                    fan_out.span(),
                    format!("fan_out = {} is out of range; write the number of subfolders per folder, 1 or more", fan_out.get_ref()),
                );
                None
            }
        },
        None => Some(1),
    };
    let size = match raw.size {
        Some(size) => check_size(checker, size),
        None => {
            checker.error(
                span,
                "a synthetic source needs size = { distribution = ... }; add e.g. \
                 size = { distribution = \"fixed\", value = \"8KiB\" }",
            );
            None
        }
    };
    if checker.error_count() > errors_before {
        return None;
    }
    Some(SourceSpec::Synthetic(SyntheticSpec {
        files: files?,
        depth: depth?,
        fan_out: fan_out?,
        seed,
        size: size?,
    }))
}

fn check_size(checker: &mut Checker<'_>, raw: Spanned<RawSize>) -> Option<SizeDistribution> {
    let span = raw.span();
    let raw = raw.into_inner();
    let kind = checker.choice(
        &raw.distribution,
        "distribution",
        &[
            ("fixed", DistributionKind::Fixed),
            ("uniform", DistributionKind::Uniform),
            ("lognormal", DistributionKind::LogNormal),
        ],
    )?;
    let (name, takes): (&str, &[&str]) = match kind {
        DistributionKind::Fixed => ("fixed", &["value"]),
        DistributionKind::Uniform => ("uniform", &["min", "max"]),
        DistributionKind::LogNormal => ("lognormal", &["median", "sigma", "max"]),
    };
    let errors_before = checker.error_count();
    let present = [
        ("value", raw.value.as_ref().map(Spanned::span)),
        ("min", raw.min.as_ref().map(Spanned::span)),
        ("max", raw.max.as_ref().map(Spanned::span)),
        ("median", raw.median.as_ref().map(Spanned::span)),
        ("sigma", raw.sigma.as_ref().map(Spanned::span)),
    ];
    for (key, key_span) in present {
        if let Some(key_span) = key_span
            && !takes.contains(&key)
        {
            checker.error(
                key_span,
                format!(
                    "{key} is not used by distribution \"{name}\", which takes {}; remove {key}",
                    takes.join(", ")
                ),
            );
        }
    }
    let need = |checker: &mut Checker<'_>, key: &str, value: &Option<Spanned<SizeText>>| match value
    {
        Some(value) => checker.size(value, key),
        None => {
            checker.error(
                span.clone(),
                format!(
                    "distribution \"{name}\" needs {}; add {key} = \"...\"",
                    takes.join(", ")
                ),
            );
            None
        }
    };
    let distribution = match kind {
        DistributionKind::Fixed => {
            need(checker, "value", &raw.value).map(|value| SizeDistribution::Fixed { value })
        }
        DistributionKind::Uniform => {
            let min = need(checker, "min", &raw.min);
            let max = need(checker, "max", &raw.max);
            match (min, max) {
                (Some(min), Some(max)) if min > max => {
                    if let Some(max_value) = &raw.max {
                        checker.error(
                            max_value.span(),
                            format!("uniform max ({max} bytes) is below min ({min} bytes); write min <= max"),
                        );
                    }
                    None
                }
                (Some(min), Some(max)) => Some(SizeDistribution::Uniform { min, max }),
                _ => None,
            }
        }
        DistributionKind::LogNormal => {
            let median = need(checker, "median", &raw.median);
            let max = need(checker, "max", &raw.max);
            let sigma = match &raw.sigma {
                Some(sigma) if sigma.get_ref().is_finite() && *sigma.get_ref() >= 0.0 => {
                    Some(*sigma.get_ref())
                }
                Some(sigma) => {
                    checker.error(
                        sigma.span(),
                        format!("sigma = {} is out of range; write 0 or more (0 gives every file the median, 1.2 is a typical spread)", sigma.get_ref()),
                    );
                    None
                }
                None => {
                    checker.error(
                        span.clone(),
                        "distribution \"lognormal\" needs median, sigma, max; add sigma = 1.2 (or another spread)",
                    );
                    None
                }
            };
            if let (Some(median), Some(max), Some(median_value)) = (median, max, &raw.median)
                && median > max
            {
                checker.error(
                        median_value.span(),
                        format!("lognormal median ({median} bytes) is above max ({max} bytes); write median <= max"),
                    );
            }
            match (median, sigma, max) {
                (Some(median), Some(sigma), Some(max)) if median <= max => {
                    Some(SizeDistribution::LogNormal { median, sigma, max })
                }
                _ => None,
            }
        }
    };
    if checker.error_count() > errors_before {
        return None;
    }
    distribution
}
