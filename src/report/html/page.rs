//! The page around the sections: the document shell (inline CSS, a Content-Security-Policy
//! that forbids every network load and script), the header naming the pilot and the run, the
//! headline results table per site, and the footer saying which files the page was built from.

use std::fmt::Write as _;

use super::escape::{escape, number};
use crate::run_folder::{RunEvidence, SiteSummary};
use crate::vocab::units::MIB;

/// The stylesheet, inlined.
const STYLE: &str = include_str!("style.css");

/// Nothing may be fetched and no script may run: the page is data, not a program.
pub(super) const CONTENT_SECURITY_POLICY: &str =
    "default-src 'none'; style-src 'unsafe-inline'; img-src data:";

/// The whole document around `body`.
pub(super) fn document(title: &str, body: &str) -> String {
    format!(
        "<!DOCTYPE html>\n<html lang=\"en-GB\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta http-equiv=\"Content-Security-Policy\" content=\"{CONTENT_SECURITY_POLICY}\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>{}</title>\n<style>\n{STYLE}</style>\n</head>\n<body>\n{body}</body>\n</html>\n",
        escape(title)
    )
}

/// Links to the sections (fragments only).
pub(super) const NAV: &str = "<nav aria-label=\"Sections\"><ul>\
<li><a href=\"#results\">Results</a></li><li><a href=\"#charts\">Charts</a></li>\
<li><a href=\"#estimate\">Estimate</a></li><li><a href=\"#go-no-go\">Go/No-Go</a></li></ul></nav>\n";

/// The header: pilot, organisation, target, times, version, interrupted flag.
pub(super) fn header(run: &RunEvidence) -> String {
    let summary = &run.summary;
    let mut html = String::new();
    let _ = writeln!(
        html,
        "<header id=\"report-header\">\n<h1>Pilot report: {}</h1>\n<dl class=\"facts\">",
        escape(&summary.pilot.name)
    );
    let sha = summary
        .scenario
        .sha256
        .get(..12)
        .unwrap_or(&summary.scenario.sha256);
    let facts = [
        ("Organisation", escape(&summary.pilot.organisation)),
        (
            "Target",
            format!(
                "{} ({})",
                escape(&summary.target.description),
                escape(&summary.target.kind)
            ),
        ),
        ("Started (UTC)", escape(&summary.started_utc)),
        ("Ended (UTC)", escape(&summary.ended_utc)),
        (
            "Engine",
            format!(
                "{} requests in flight at most, sites {}",
                summary.engine.concurrency,
                escape(summary.engine.sites.as_str())
            ),
        ),
        (
            "Scenario",
            format!(
                "<code>{}</code> (SHA-256 {}…)",
                escape(&summary.scenario.path),
                escape(sha)
            ),
        ),
        ("pilotbench", escape(&summary.pilotbench_version)),
        (
            "Interrupted",
            if summary.interrupted { "yes" } else { "no" }.to_string(),
        ),
    ];
    for (term, value) in facts {
        let _ = writeln!(html, "<dt>{term}</dt><dd>{value}</dd>");
    }
    html.push_str("</dl>\n");
    if summary.interrupted {
        html.push_str(
            "<p class=\"warning\" id=\"interrupted\" data-interrupted=\"true\">This run was \
             interrupted (Ctrl-C): items never started are counted as not run, and every figure \
             covers only what was done.</p>\n",
        );
    }
    html.push_str("</header>\n");
    html
}

fn row(cell: &str, site: &SiteSummary) -> String {
    let throttling = &site.throttling;
    let escalated = if throttling.above_escalation {
        " <span title=\"above Microsoft's escalation level\">⚠</span>"
    } else {
        ""
    };
    format!(
        "<tr><{cell} scope=\"row\">{}</{cell}><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td>\
         <td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td>\
         <td>{} %{escalated}</td></tr>\n",
        escape(&site.results.site),
        escape(site.results.workload.as_str()),
        site.results.files_planned,
        site.results.files_verified,
        site.results.files_unverified,
        site.results.files_failed,
        site.results.files_skipped,
        site.results.files_not_run,
        number(site.results.bytes_copied as f64 / MIB as f64, 2),
        number(site.results.duration_s, 2),
        number(site.results.files_per_s, 2),
        number(site.results.mib_per_s, 2),
        number(site.results.latency_p50_ms, 1),
        number(site.results.latency_p99_ms, 1),
        number(throttling.throttled_share * 100.0, 2),
    )
}

/// The headline results: one row per site and the total, then site errors and failure classes.
pub(super) fn results(run: &RunEvidence) -> String {
    let summary = &run.summary;
    let mut html = String::from(
        "<section id=\"results\">\n<h2>Results per site</h2>\n<div class=\"table-wrap\">\
         <table class=\"data\" id=\"results-table\"><thead><tr>\
         <th scope=\"col\">Site</th><th scope=\"col\">Workload</th><th scope=\"col\">Planned</th>\
         <th scope=\"col\">Verified</th><th scope=\"col\">Unverified</th><th scope=\"col\">Failed</th>\
         <th scope=\"col\">Skipped</th><th scope=\"col\">Not run</th><th scope=\"col\">MiB</th>\
         <th scope=\"col\">Duration (s)</th><th scope=\"col\">Files/s</th><th scope=\"col\">MiB/s</th>\
         <th scope=\"col\">p50 (ms)</th><th scope=\"col\">p99 (ms)</th>\
         <th scope=\"col\">Throttled</th></tr></thead>\n<tbody>\n",
    );
    for site in &summary.sites {
        html.push_str(&row("th", site));
    }
    html.push_str("</tbody>\n<tfoot>\n");
    html.push_str(&row("th", &summary.total));
    html.push_str(
        "</tfoot></table></div>\n<p class=\"note\">Latency: file-transfer requests (simple \
         uploads and upload-session chunks), every attempt. Throttled: share of responses that \
         were 429 or 503; ⚠ marks a share above Microsoft's escalation level.</p>\n",
    );

    let errors: Vec<_> = summary
        .sites
        .iter()
        .filter_map(|site| site.error.as_ref().map(|error| (&site.results.site, error)))
        .collect();
    if !errors.is_empty() {
        html.push_str("<h3>Sites that stopped early</h3>\n<ul class=\"site-errors\">\n");
        for (site, error) in errors {
            let _ = writeln!(
                html,
                "<li><strong>{}</strong>: {}</li>",
                escape(site),
                escape(error)
            );
        }
        html.push_str("</ul>\n");
    }
    if !summary.total.failure_classes.is_empty() {
        html.push_str(
            "<h3>Failure classes and skip rules</h3>\n<table class=\"data\" id=\"failure-classes\">\
             <thead><tr><th scope=\"col\">Class</th><th scope=\"col\">Items</th></tr></thead><tbody>\n",
        );
        for (class, count) in &summary.total.failure_classes {
            let _ = writeln!(
                html,
                "<tr><th scope=\"row\">{}</th><td>{count}</td></tr>",
                escape(class.as_str())
            );
        }
        html.push_str("</tbody></table>\n");
    }
    html.push_str("</section>\n");
    html
}

/// The footer: where the figures come from.
pub(super) fn footer(run: &RunEvidence) -> String {
    format!(
        "<footer>Built by pilotbench {} from <code>summary.json</code> and <code>items.csv</code> \
         in <code>{}</code>. Every figure is measured in this run; the estimate says what it was \
         fitted on.</footer>\n",
        escape(env!("CARGO_PKG_VERSION")),
        escape(&run.dir.display().to_string())
    )
}
