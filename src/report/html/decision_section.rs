//! The Go/No-Go section: the overall headline ("Good to Go" or "Not Good to Go"), then the
//! five criteria, each with a verdict badge (text and symbol, so it survives a grey print),
//! its evidence and its reasons. Without a decision, a note saying none was made.

use std::fmt::Write as _;

use super::escape::escape;
use crate::gonogo::{CriterionKind, Decision, Verdict};

/// The verdict as a `data-verdict` value and CSS class suffix.
pub(super) fn verdict_slug(verdict: Verdict) -> &'static str {
    match verdict {
        Verdict::Go => "go",
        Verdict::NoGo => "no-go",
        Verdict::Unknown => "unknown",
    }
}

fn symbol(verdict: Verdict) -> &'static str {
    match verdict {
        Verdict::Go => "✓",
        Verdict::NoGo => "✗",
        Verdict::Unknown => "?",
    }
}

/// The criterion as a `data-kind` value.
pub(super) fn kind_slug(kind: CriterionKind) -> &'static str {
    match kind {
        CriterionKind::PilotResults => "pilot-results",
        CriterionKind::OutstandingIssues => "outstanding-issues",
        CriterionKind::MigrationListCompletion => "migration-list-completion",
        CriterionKind::Licensing => "licensing",
        CriterionKind::TechnicalReadiness => "technical-readiness",
    }
}

fn badge(verdict: Verdict) -> String {
    format!(
        "<span class=\"badge verdict-{}\">{} {}</span>",
        verdict_slug(verdict),
        symbol(verdict),
        verdict.as_str()
    )
}

fn list(html: &mut String, heading: &str, class: &str, lines: &[String]) {
    if lines.is_empty() {
        return;
    }
    let _ = writeln!(html, "<h4>{heading}</h4>\n<ul class=\"{class}\">");
    for line in lines {
        let _ = writeln!(html, "<li>{}</li>", escape(line));
    }
    html.push_str("</ul>\n");
}

/// The section's HTML.
pub(super) fn render(decision: Option<&Decision>) -> String {
    let mut html = String::from("<section id=\"go-no-go\">\n<h2>Go/No-Go criteria</h2>\n");
    let Some(decision) = decision else {
        html.push_str(
            "<p class=\"note\" id=\"no-decision\">No Go/No-Go decision was made for this run. \
             Add a <code>[readiness]</code> section to the scenario (issues log, migration list, \
             licences, checklist), then run <code>pilotbench report RUN_DIR</code>.</p>\n</section>\n",
        );
        return html;
    };
    let overall = decision.overall();
    let _ = writeln!(
        html,
        "<p class=\"headline verdict-{slug}\" id=\"decision-headline\" data-verdict=\"{slug}\">{} {}</p>",
        symbol(overall),
        escape(decision.headline()),
        slug = verdict_slug(overall),
    );
    html.push_str(
        "<p class=\"note\">Good to Go only when all five criteria are Go; missing evidence is Unknown.</p>\n<div class=\"criteria\">\n",
    );
    for criterion in &decision.criteria {
        let _ = writeln!(
            html,
            "<article class=\"criterion verdict-{slug}\" id=\"criterion-{kind}\" data-kind=\"{kind}\" data-verdict=\"{slug}\">\n\
             <h3>{title} {badge}</h3>",
            slug = verdict_slug(criterion.verdict),
            kind = kind_slug(criterion.kind),
            title = escape(criterion.kind.title()),
            badge = badge(criterion.verdict),
        );
        list(&mut html, "Evidence", "evidence", &criterion.evidence);
        list(&mut html, "Reasons", "reasons", &criterion.reasons);
        html.push_str("</article>\n");
    }
    html.push_str("</div>\n</section>\n");
    html
}
