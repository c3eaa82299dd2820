//! The whole document: splits it into sections, checks each one on its own (so one broken
//! section does not hide the problems of the others), applies the rules that span sections
//! (one to five sites, unique names) and assembles the [`Scenario`].

use std::collections::HashMap;
use std::path::Path;

use toml::Spanned;
use toml::de::{DeTable, DeValue};

use super::checker::Checker;
use super::engine_model::EngineSettings;
use super::engine_settings::{check_engine, check_thresholds};
use super::error::Diagnostic;
use super::estimate::check_estimate;
use super::estimate_model::EstimateSettings;
use super::model::{MAX_SITES, Pilot, Scenario, Thresholds};
use super::paths::scenario_folder;
use super::raw::{
    RawEngine, RawEstimate, RawPilot, RawReadiness, RawSite, RawTarget, RawThresholds,
};
use super::readiness::check_readiness;
use super::site::check_site;
use super::site_model::Site;
use super::target::check_target;
use super::target_model::Target;
use super::toml_message::did_you_mean;

/// The guidance behind [`MAX_SITES`], quoted in messages.
pub(crate) const SITE_LIMIT_GUIDANCE: &str = "the NHS.net Connect on-boarding guidance asks for no \
     more than 5 small test sites as the proof of concept";

const SECTIONS: [&str; 7] = [
    "pilot",
    "target",
    "engine",
    "thresholds",
    "site",
    "readiness",
    "estimate",
];

/// The top-level tables of a document, not yet checked.
#[derive(Default)]
struct Sections<'i> {
    pilot: Option<Spanned<DeValue<'i>>>,
    target: Option<Spanned<DeValue<'i>>>,
    engine: Option<Spanned<DeValue<'i>>>,
    thresholds: Option<Spanned<DeValue<'i>>>,
    site: Option<Spanned<DeValue<'i>>>,
    readiness: Option<Spanned<DeValue<'i>>>,
    estimate: Option<Spanned<DeValue<'i>>>,
}

/// Whether a scenario's folder sources are looked for on disk.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum SourceChecks {
    /// They must exist: the scenario is about to be run or scanned.
    OnDisk,
    /// Not looked for: a run's evidence is read back from its copy of the scenario.
    Skip,
}

/// Parses and checks scenario text; `path` places the messages and anchors relative paths.
pub(crate) fn validate(
    text: &str,
    path: &Path,
    sha256: String,
    sources: SourceChecks,
) -> Result<Scenario, Vec<Diagnostic>> {
    let (root, syntax_errors) = DeTable::parse_recoverable(text);
    let mut checker = Checker::new(path, text, &root);
    if sources == SourceChecks::Skip {
        checker = checker.without_sources_on_disk();
    }
    if !syntax_errors.is_empty() {
        // The tree after a syntax error is a guess; checking it would report phantoms.
        for error in &syntax_errors {
            checker.syntax_error(error);
        }
        return Err(checker.finish());
    }
    let sections = split_sections(&mut checker, &root);
    let folder = scenario_folder(path);

    let pilot = match sections.pilot {
        Some(value) => checker
            .deserialize::<RawPilot>(value)
            .and_then(|raw| check_pilot(&mut checker, raw)),
        None => {
            checker.error_at_top(
                "missing [pilot] section; add [pilot] with name = \"...\" and organisation = \"...\"",
            );
            None
        }
    };
    let target = match sections.target {
        Some(value) => checker
            .deserialize::<RawTarget>(value)
            .and_then(|raw| check_target(&mut checker, raw)),
        None => {
            checker.error_at_top(
                "missing [target] section; add [target] with kind = \"simulated\" (and optionally [target.simulated])",
            );
            None
        }
    };
    let engine = match sections.engine {
        Some(value) => checker
            .deserialize::<RawEngine>(value)
            .and_then(|raw| check_engine(&mut checker, raw)),
        None => Some(EngineSettings::default()),
    };
    let thresholds = match sections.thresholds {
        Some(value) => checker
            .deserialize::<RawThresholds>(value)
            .and_then(|raw| check_thresholds(&mut checker, raw)),
        None => Some(Thresholds {
            max_failure_rate: 0.0,
        }),
    };
    // Optional: `None` when absent, and when refused (its problems then fail the scenario).
    let readiness = sections.readiness.and_then(|value| {
        checker
            .deserialize::<RawReadiness>(value)
            .and_then(|raw| check_readiness(&mut checker, raw, &folder))
    });
    let estimate = match sections.estimate {
        Some(value) => checker
            .deserialize::<RawEstimate>(value)
            .and_then(|raw| check_estimate(&mut checker, raw)),
        None => Some(EstimateSettings::default()),
    };
    let simulated_target = target.as_ref().map(Target::is_simulated);
    let sites = check_sites(&mut checker, sections.site, &folder, simulated_target);

    match (pilot, target, engine, thresholds, sites, estimate) {
        (
            Some(pilot),
            Some(target),
            Some(engine),
            Some(thresholds),
            Some(sites),
            Some(estimate),
        ) if checker.error_count() == 0 => Ok(Scenario {
            path: path.to_path_buf(),
            sha256,
            pilot,
            target,
            engine,
            thresholds,
            sites,
            readiness,
            estimate,
        }),
        _ => Err(checker.finish()),
    }
}

fn split_sections<'i>(checker: &mut Checker<'_>, root: &Spanned<DeTable<'i>>) -> Sections<'i> {
    let mut sections = Sections::default();
    for (key, value) in root.get_ref().iter() {
        let slot = match key.get_ref().as_ref() {
            "pilot" => &mut sections.pilot,
            "target" => &mut sections.target,
            "engine" => &mut sections.engine,
            "thresholds" => &mut sections.thresholds,
            "site" => &mut sections.site,
            "readiness" => &mut sections.readiness,
            "estimate" => &mut sections.estimate,
            other => {
                checker.error(
                    key.span(),
                    format!(
                        "unknown section \"{other}\"; expected one of {}{}",
                        SECTIONS.join(", "),
                        did_you_mean(other, &SECTIONS)
                    ),
                );
                continue;
            }
        };
        *slot = Some(value.clone());
    }
    sections
}

fn check_pilot(checker: &mut Checker<'_>, raw: RawPilot) -> Option<Pilot> {
    let name = plain_text(checker, &raw.name, "pilot name", "\"Example Trust POC\"");
    let organisation = plain_text(
        checker,
        &raw.organisation,
        "organisation",
        "\"Example NHS Trust\"",
    );
    Some(Pilot {
        name: name?,
        organisation: organisation?,
    })
}

/// A non-empty one-line text, trimmed.
fn plain_text(
    checker: &mut Checker<'_>,
    value: &Spanned<String>,
    what: &str,
    example: &str,
) -> Option<String> {
    let text = value.get_ref().trim();
    if text.is_empty() {
        checker.error(
            value.span(),
            format!("{what} is empty; write one, like {example}"),
        );
        None
    } else if text.chars().any(char::is_control) {
        checker.error(
            value.span(),
            format!(
                "{what} contains a control character (a tab or line break); write it on one line"
            ),
        );
        None
    } else {
        Some(text.to_string())
    }
}

/// Checks every `[[site]]`, then the rules across them: one to [`MAX_SITES`], unique names.
fn check_sites(
    checker: &mut Checker<'_>,
    value: Option<Spanned<DeValue<'_>>>,
    folder: &Path,
    simulated_target: Option<bool>,
) -> Option<Vec<Site>> {
    let no_sites = format!(
        "the scenario has no sites; add one to five [[site]] tables ({SITE_LIMIT_GUIDANCE})"
    );
    let Some(value) = value else {
        checker.error_at_top(no_sites);
        return None;
    };
    let span = value.span();
    let elements = match value.into_inner() {
        DeValue::Array(elements) => elements,
        DeValue::Table(_) => {
            checker.error(
                span,
                "sites are written [[site]] (double brackets), one table per test site; change \
                 [site] to [[site]]",
            );
            return None;
        }
        _ => {
            checker.error(
                span,
                "site must be a list of [[site]] tables, one per test site (see scenarios/example.toml)",
            );
            return None;
        }
    };
    let errors_before = checker.error_count();
    if elements.is_empty() {
        checker.error(span, no_sites);
    }
    if let Some(extra) = elements.get(MAX_SITES) {
        checker.error(
            extra.span(),
            format!(
                "too many sites: this is site {} of {}, but a pilot has at most {MAX_SITES} because \
                 {SITE_LIMIT_GUIDANCE}; remove {} [[site]] table(s) or run them as a second pilot",
                MAX_SITES + 1,
                elements.len(),
                elements.len() - MAX_SITES
            ),
        );
    }
    let mut first_by_name: HashMap<String, usize> = HashMap::new();
    let mut sites = Vec::with_capacity(elements.len());
    for element in elements {
        let Some(raw) = checker.deserialize::<RawSite>(element) else {
            continue;
        };
        let key = raw.name.get_ref().trim().to_lowercase();
        let line = checker.line_of(raw.name.span().start);
        if let Some(first_line) = first_by_name.get(&key).copied() {
            checker.error(
                raw.name.span(),
                format!(
                    "site name \"{}\" is already used by the site named at line {first_line}; give \
                     each site a unique name (reports are keyed by it)",
                    raw.name.get_ref().trim()
                ),
            );
        } else if !key.is_empty() {
            first_by_name.insert(key, line);
        }
        if let Some(site) = check_site(checker, raw, folder, simulated_target) {
            sites.push(site);
        }
    }
    if checker.error_count() > errors_before {
        return None;
    }
    Some(sites)
}
