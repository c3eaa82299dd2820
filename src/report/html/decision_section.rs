//! The Go/No-Go section: the overall headline ("Good to Go" or "Not Good to Go"), then the
//! five criteria, each with a verdict badge (text and symbol, so it survives a grey print),
//! its evidence and its reasons. Without a decision, a note saying none was made.

use super::markup::{Html, html};
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

fn badge(verdict: Verdict) -> Html {
    html!(
        "<span class=\"badge verdict-{}\">{} {}</span>",
        verdict_slug(verdict),
        symbol(verdict),
        verdict.as_str()
    )
}

fn list(html: &mut Html, heading: &str, class: &str, lines: &[String]) {
    if lines.is_empty() {
        return;
    }
    html.push(html!("<h4>{}</h4>\n<ul class=\"{}\">\n", heading, class));
    for line in lines {
        html.push(html!("<li>{}</li>\n", line));
    }
    html.push(html!("</ul>\n"));
}

/// The section's HTML.
pub(super) fn render(decision: Option<&Decision>) -> Html {
    let mut html = html!("<section id=\"go-no-go\">\n<h2>Go/No-Go criteria</h2>\n");
    let Some(decision) = decision else {
        html.push(html!(
            "<p class=\"note\" id=\"no-decision\">No Go/No-Go decision was made for this run. \
             Add a <code>[readiness]</code> section to the scenario (issues log, migration list, \
             licences, checklist), then run <code>pilotbench report RUN_DIR</code>.</p>\n</section>\n"
        ));
        return html;
    };
    let overall = decision.overall();
    html.push(html!(
        "<p class=\"headline verdict-{slug}\" id=\"decision-headline\" data-verdict=\"{slug}\">{} {}</p>\n",
        symbol(overall),
        decision.headline(),
        slug = verdict_slug(overall),
    ));
    html.push(html!(
        "<p class=\"note\">Good to Go only when all five criteria are Go; missing evidence is Unknown.</p>\n<div class=\"criteria\">\n"
    ));
    for criterion in &decision.criteria {
        html.push(html!(
            "<article class=\"criterion verdict-{slug}\" id=\"criterion-{kind}\" data-kind=\"{kind}\" data-verdict=\"{slug}\">\n\
             <h3>{title} {badge}</h3>\n",
            slug = verdict_slug(criterion.verdict),
            kind = kind_slug(criterion.kind),
            title = criterion.kind.title(),
            badge = badge(criterion.verdict),
        ));
        list(&mut html, "Evidence", "evidence", &criterion.evidence);
        list(&mut html, "Reasons", "reasons", &criterion.reasons);
        html.push(html!("</article>\n"));
    }
    html.push(html!("</div>\n</section>\n"));
    html
}
