//! The page around the sections: the document shell (inline CSS, a Content-Security-Policy
//! that forbids every network load and script), the header naming the pilot and the run, the
//! headline results table per site, and the footer saying which files the page was built from.

use super::markup::{Html, html, number};
use crate::run_folder::{RunEvidence, SiteSummary};
use crate::vocab::units::MIB;

/// The stylesheet, inlined.
const STYLE: &str = include_str!("style.css");

/// Nothing may be fetched and no script may run: the page is data, not a program.
pub(super) const CONTENT_SECURITY_POLICY: &str =
    "default-src 'none'; style-src 'unsafe-inline'; img-src data:";

/// The whole document around `body`.
pub(super) fn document(title: &str, body: Html) -> Html {
    html!(
        "<!DOCTYPE html>\n<html lang=\"en-GB\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta http-equiv=\"Content-Security-Policy\" content=\"{csp}\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>{title}</title>\n<style>\n{style}</style>\n</head>\n<body>\n{body}</body>\n</html>\n",
        csp = html!(verbatim CONTENT_SECURITY_POLICY),
        title = title,
        style = html!(verbatim STYLE),
        body = body,
    )
}

/// Links to the sections (fragments only).
pub(super) const NAV: &str = "<nav aria-label=\"Sections\"><ul>\
<li><a href=\"#results\">Results</a></li><li><a href=\"#charts\">Charts</a></li>\
<li><a href=\"#estimate\">Estimate</a></li><li><a href=\"#go-no-go\">Go/No-Go</a></li></ul></nav>\n";

/// The header: pilot, organisation, target, times, version, interrupted flag.
pub(super) fn header(run: &RunEvidence) -> Html {
    let summary = &run.summary;
    let mut html = html!(
        "<header id=\"report-header\">\n<h1>Pilot report: {}</h1>\n<dl class=\"facts\">\n",
        summary.pilot.name
    );
    let sha = summary
        .scenario
        .sha256
        .get(..12)
        .unwrap_or(&summary.scenario.sha256);
    let facts = [
        ("Organisation", Html::text(&summary.pilot.organisation)),
        (
            "Target",
            html!("{} ({})", summary.target.description, summary.target.kind),
        ),
        ("Run", Html::text(&summary.run_and_tenant_folder())),
        ("Started (UTC)", Html::text(&summary.started_utc)),
        ("Ended (UTC)", Html::text(&summary.ended_utc)),
        (
            "Engine",
            html!(
                "{} requests in flight at most, sites {}",
                summary.engine.concurrency,
                summary.engine.sites.as_str()
            ),
        ),
        (
            "Scenario",
            html!("<code>{}</code> (SHA-256 {}…)", summary.scenario.path, sha),
        ),
        ("pilotbench", Html::text(&summary.pilotbench_version)),
        (
            "Interrupted",
            Html::text(if summary.interrupted { "yes" } else { "no" }),
        ),
    ];
    for (term, value) in facts {
        html.push(html!("<dt>{}</dt><dd>{}</dd>\n", term, value));
    }
    html.push(html!("</dl>\n"));
    if summary.interrupted {
        html.push(html!(
            "<p class=\"warning\" id=\"interrupted\" data-interrupted=\"true\">This run was \
             interrupted (Ctrl-C): items never started are counted as not run, items cancelled in flight as \
             interrupted (the tenant may hold part or all of them), and every figure \
             covers only what was done.</p>\n"
        ));
    }
    html.push(html!("</header>\n"));
    html
}

/// One row of the results table (a site or the total).
fn row(site: &SiteSummary) -> Html {
    let results = &site.results;
    let throttling = &site.throttling;
    let escalated = if throttling.above_escalation {
        html!(" <span title=\"above Microsoft's escalation level\">⚠</span>")
    } else {
        Html::new()
    };
    html!(
        "<tr><th scope=\"row\">{}</th><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td>\
         <td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td>\
         <td>{}</td><td>{} %{}</td></tr>\n",
        results.site,
        results.workload.as_str(),
        results.files_planned,
        results.files_verified,
        results.files_unverified,
        results.files_failed,
        results.files_skipped,
        results.files_not_run,
        results.files_interrupted,
        number(results.bytes_copied as f64 / MIB as f64, 2),
        number(results.duration_s, 2),
        number(results.files_per_s, 2),
        number(results.mib_per_s, 2),
        number(results.latency_p50_ms, 1),
        number(results.latency_p99_ms, 1),
        number(throttling.throttled_share * 100.0, 2),
        escalated,
    )
}

/// The headline results: one row per site and the total, then site errors and failure classes.
pub(super) fn results(run: &RunEvidence) -> Html {
    let summary = &run.summary;
    let mut html = html!(
        "<section id=\"results\">\n<h2>Results per site</h2>\n<div class=\"table-wrap\">\
         <table class=\"data\" id=\"results-table\"><thead><tr>\
         <th scope=\"col\">Site</th><th scope=\"col\">Workload</th><th scope=\"col\">Planned</th>\
         <th scope=\"col\">Verified</th><th scope=\"col\">Unverified</th><th scope=\"col\">Failed</th>\
         <th scope=\"col\">Skipped</th><th scope=\"col\">Not run</th>\
         <th scope=\"col\">Interrupted</th><th scope=\"col\">MiB</th>\
         <th scope=\"col\">Duration (s)</th><th scope=\"col\">Files/s</th><th scope=\"col\">MiB/s</th>\
         <th scope=\"col\">p50 (ms)</th><th scope=\"col\">p99 (ms)</th>\
         <th scope=\"col\">Throttled</th></tr></thead>\n<tbody>\n"
    );
    for site in &summary.sites {
        html.push(row(site));
    }
    html.push(html!("</tbody>\n<tfoot>\n"));
    html.push(row(&summary.total));
    html.push(html!(
        "</tfoot></table></div>\n<p class=\"note\">Latency: file-transfer requests (simple \
         uploads and upload-session chunks), every attempt. Throttled: share of responses that \
         were 429 or 503; ⚠ marks a share above Microsoft's escalation level.</p>\n"
    ));

    let errors: Vec<_> = summary
        .sites
        .iter()
        .filter_map(|site| site.error.as_ref().map(|error| (&site.results.site, error)))
        .collect();
    if !errors.is_empty() {
        html.push(html!(
            "<h3>Sites that stopped early</h3>\n<ul class=\"site-errors\">\n"
        ));
        for (site, error) in errors {
            html.push(html!("<li><strong>{}</strong>: {}</li>\n", site, error));
        }
        html.push(html!("</ul>\n"));
    }
    if !summary.total.failure_classes.is_empty() {
        html.push(html!(
            "<h3>Failure classes and skip rules</h3>\n<table class=\"data\" id=\"failure-classes\">\
             <thead><tr><th scope=\"col\">Class</th><th scope=\"col\">Items</th></tr></thead><tbody>\n"
        ));
        for (class, count) in &summary.total.failure_classes {
            html.push(html!(
                "<tr><th scope=\"row\">{}</th><td>{}</td></tr>\n",
                class.as_str(),
                count
            ));
        }
        html.push(html!("</tbody></table>\n"));
    }
    html.push(html!("</section>\n"));
    html
}

/// The footer: where the figures come from — files of the run folder, by their names in it, so
/// the page reads the same wherever the folder is moved.
pub(super) fn footer(run: &RunEvidence) -> Html {
    let inputs = if run.summary.inputs.is_empty() {
        Html::new()
    } else {
        html!(", with the copies of its inputs in <code>inputs/</code>")
    };
    html!(
        "<footer>Built by pilotbench {} from <code>summary.json</code> and <code>items.csv</code> \
         of this run folder{}. Every figure is measured in this run; the estimate says what it \
         was fitted on.</footer>\n",
        env!("CARGO_PKG_VERSION"),
        inputs
    )
}
