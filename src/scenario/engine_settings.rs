//! `[engine]` and `[thresholds]`: how the copy runs (concurrency, upload sizes, conflicts,
//! timeouts) and when a run counts as failed. Defaults are [`EngineSettings::default`].

use toml::Spanned;

use super::checker::Checker;
use super::engine_model::{EngineSettings, SiteMode};
use super::model::Thresholds;
use super::raw::{RawEngine, RawThresholds, SizeText};
use super::retry::{RetryKeys, check_retry};
use crate::vocab::conflict::ConflictBehavior;
use crate::vocab::graph_limits::{FRAGMENT_LIMIT, FRAGMENT_MULTIPLE};
use crate::vocab::units::{KIB, MIB, grouped};

/// Graph's simple-upload limit: "files up to 250 MB" (decimal megabytes).
pub(crate) const SIMPLE_UPLOAD_LIMIT: u64 = 250_000_000;

/// The most files in flight the engine accepts.
pub(crate) const MAX_CONCURRENCY: i64 = 256;

/// Checks `[engine]`; `None` when anything in it is wrong (each problem recorded).
pub(crate) fn check_engine(checker: &mut Checker<'_>, raw: RawEngine) -> Option<EngineSettings> {
    let defaults = EngineSettings::default();
    let errors_before = checker.error_count();
    let concurrency = raw
        .concurrency
        .and_then(|value| check_concurrency(checker, &value))
        .unwrap_or(defaults.concurrency);
    let simple_upload_max = raw
        .simple_upload_max
        .and_then(|value| check_simple_upload_max(checker, &value))
        .unwrap_or(defaults.simple_upload_max);
    let chunk_size = raw
        .chunk_size
        .and_then(|value| check_chunk_size(checker, &value))
        .unwrap_or(defaults.chunk_size);
    let conflict = raw
        .conflict
        .and_then(|value| {
            checker.choice(
                &value,
                "conflict",
                &[
                    ("fail", ConflictBehavior::Fail),
                    ("replace", ConflictBehavior::Replace),
                    ("rename", ConflictBehavior::Rename),
                ],
            )
        })
        .unwrap_or(defaults.conflict);
    let sites = raw
        .sites
        .and_then(|value| {
            checker.choice(
                &value,
                "sites mode",
                &[
                    ("sequential", SiteMode::Sequential),
                    ("parallel", SiteMode::Parallel),
                ],
            )
        })
        .unwrap_or(defaults.sites);
    let request_timeout_us = raw
        .request_timeout
        .and_then(|value| checker.duration(&value, "request_timeout"))
        .unwrap_or(defaults.request_timeout_us);
    let retry = check_retry(
        checker,
        RetryKeys {
            attempts: raw.retry_attempts,
            base: raw.retry_base,
            cap: raw.retry_cap,
        },
        &defaults,
    );
    if checker.error_count() > errors_before {
        return None;
    }
    let retry = retry?;
    Some(EngineSettings {
        concurrency,
        simple_upload_max,
        chunk_size,
        conflict,
        sites,
        request_timeout_us,
        retry_attempts: retry.attempts,
        retry_base_us: retry.base_us,
        retry_cap_us: retry.cap_us,
        pacing: raw.pacing.map_or(defaults.pacing, |value| *value.get_ref()),
        run_folder: raw
            .run_folder
            .map_or(defaults.run_folder, |value| *value.get_ref()),
    })
}

/// Checks `[thresholds]`.
pub(crate) fn check_thresholds(
    checker: &mut Checker<'_>,
    raw: RawThresholds,
) -> Option<Thresholds> {
    let max_failure_rate = match raw.max_failure_rate {
        Some(value) => checker.fraction(&value, "max_failure_rate")?,
        None => 0.0,
    };
    Some(Thresholds { max_failure_rate })
}

fn check_concurrency(checker: &mut Checker<'_>, value: &Spanned<i64>) -> Option<usize> {
    let concurrency = *value.get_ref();
    match usize::try_from(concurrency) {
        Ok(files) if (1..=MAX_CONCURRENCY).contains(&concurrency) => Some(files),
        _ => {
            checker.error(
                value.span(),
                format!(
                    "concurrency = {concurrency} is out of range; write a number of files in flight \
                     from 1 to {MAX_CONCURRENCY} (default 8)"
                ),
            );
            None
        }
    }
}

fn check_simple_upload_max(checker: &mut Checker<'_>, value: &Spanned<SizeText>) -> Option<u64> {
    let bytes = checker.size(value, "simple_upload_max")?;
    if bytes > SIMPLE_UPLOAD_LIMIT {
        checker.error(
            value.span(),
            format!(
                "simple_upload_max {} is {} bytes, above Graph's simple-upload limit of 250 MB \
                 ({} bytes); larger files must use an upload session, so write at most \"250MB\" \
                 (default 4MiB)",
                value.get_ref().as_written(),
                grouped(bytes),
                grouped(SIMPLE_UPLOAD_LIMIT),
            ),
        );
        return None;
    }
    Some(bytes)
}

fn check_chunk_size(checker: &mut Checker<'_>, value: &Spanned<SizeText>) -> Option<u64> {
    let bytes = checker.size(value, "chunk_size")?;
    match chunk_size_problem(bytes) {
        None => Some(bytes),
        Some(problem) => {
            checker.error(
                value.span(),
                format!("chunk_size {} {problem}", value.get_ref().as_written()),
            );
            None
        }
    }
}

/// Why `bytes` is not a valid upload-session fragment size, with the nearest valid sizes.
pub(crate) fn chunk_size_problem(bytes: u64) -> Option<String> {
    let rule = format!(
        "upload-session fragments must be a multiple of {} bytes (320 KiB) and below {} bytes \
         (60 MiB)",
        grouped(FRAGMENT_MULTIPLE),
        grouped(FRAGMENT_LIMIT)
    );
    let largest = (FRAGMENT_LIMIT - 1) / FRAGMENT_MULTIPLE;
    if bytes >= FRAGMENT_LIMIT {
        return Some(format!(
            "is {} bytes, too large: {rule}; try {}",
            grouped(bytes),
            suggestion(largest)
        ));
    }
    if bytes == 0 {
        return Some(format!("is 0 bytes: {rule}; try {}", suggestion(1)));
    }
    if bytes.is_multiple_of(FRAGMENT_MULTIPLE) {
        return None;
    }
    let below = bytes / FRAGMENT_MULTIPLE;
    let above = below + 1;
    let nearest = match (below, above <= largest) {
        (0, _) => suggestion(above),
        (_, false) => suggestion(below),
        (_, true) => format!("{} or {}", suggestion(below), suggestion(above)),
    };
    Some(format!(
        "is {} bytes, not a multiple of 320 KiB: {rule}; try {nearest}",
        grouped(bytes)
    ))
}

/// `"9920KiB" (9.69MiB = 31 x 320KiB)`: text that parses back exactly, and what it is.
fn suggestion(multiples: u64) -> String {
    let bytes = multiples * FRAGMENT_MULTIPLE;
    let exact = if bytes.is_multiple_of(MIB) {
        format!("{}MiB", bytes / MIB)
    } else {
        format!("{}KiB", bytes / KIB)
    };
    let mib = format!("{:.2}", bytes as f64 / MIB as f64);
    let mib = mib.trim_end_matches('0').trim_end_matches('.');
    format!("\"{exact}\" ({mib}MiB = {multiples} x 320KiB)")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn valid_chunk_sizes_pass() {
        assert_eq!(chunk_size_problem(10 * MIB), None);
        assert_eq!(chunk_size_problem(FRAGMENT_MULTIPLE), None);
        assert_eq!(chunk_size_problem(191 * FRAGMENT_MULTIPLE), None);
    }

    #[test]
    fn a_chunk_size_off_the_grid_gets_both_neighbours() {
        let problem = chunk_size_problem(10_000_000).unwrap_or_default();
        assert!(problem.contains("327,680 bytes (320 KiB)"), "{problem}");
        assert!(problem.contains("62,914,560 bytes (60 MiB)"), "{problem}");
        assert!(
            problem.contains(
                "try \"9600KiB\" (9.38MiB = 30 x 320KiB) or \"9920KiB\" (9.69MiB = 31 x 320KiB)"
            ),
            "{problem}"
        );
    }

    #[test]
    fn suggestions_parse_back_to_valid_sizes() {
        for multiples in [1, 31, 32, 33, 191] {
            let text = suggestion(multiples);
            let exact = text.split('"').nth(1).unwrap_or_default();
            assert_eq!(
                crate::vocab::units::parse_size(exact),
                Ok(multiples * FRAGMENT_MULTIPLE),
                "{text}"
            );
        }
        assert_eq!(suggestion(32), "\"10MiB\" (10MiB = 32 x 320KiB)");
        assert_eq!(suggestion(33), "\"10560KiB\" (10.31MiB = 33 x 320KiB)");
    }

    #[test]
    fn too_large_and_zero_chunk_sizes_get_one_suggestion() {
        let problem = chunk_size_problem(60 * MIB).unwrap_or_default();
        assert!(problem.contains("too large"), "{problem}");
        assert!(
            problem.ends_with("try \"61120KiB\" (59.69MiB = 191 x 320KiB)"),
            "{problem}"
        );
        let problem = chunk_size_problem(0).unwrap_or_default();
        assert!(
            problem.ends_with("try \"320KiB\" (0.31MiB = 1 x 320KiB)"),
            "{problem}"
        );
        let problem = chunk_size_problem(1000).unwrap_or_default();
        assert!(
            problem.ends_with("try \"320KiB\" (0.31MiB = 1 x 320KiB)"),
            "{problem}"
        );
    }
}
