//! The estimate's section: what the model was fitted on, the P50/P90 chart per scope (whole
//! list, workloads, sites), the same figures in calendar days, effort and waves, and the
//! estimate's own warnings. Without an estimate, a note saying no migration list was given.

use super::bar_chart::{self, BarChart, Group};
use super::markup::{Html, html, number};
use super::svg::Frame;
use crate::estimate::{Estimate, Scope, ScopeProjection};
use crate::vocab::units::{GIB, MIB, Micros};

/// Stable id of the chart.
pub(super) const ESTIMATE_ID: &str = "chart-estimate";

/// The unit the chart speaks in: minutes for short migrations, hours otherwise.
struct TimeUnit {
    name: &'static str,
    short: &'static str,
    micros: f64,
}

const MINUTES: TimeUnit = TimeUnit {
    name: "minutes",
    short: "min",
    micros: 60e6,
};
const HOURS: TimeUnit = TimeUnit {
    name: "hours",
    short: "h",
    micros: 3_600e6,
};

fn unit_for(longest: Micros) -> TimeUnit {
    if (longest as f64) < 2.0 * HOURS.micros {
        MINUTES
    } else {
        HOURS
    }
}

fn scope_label(scope: &ScopeProjection) -> String {
    match scope.scope {
        Scope::Total => "Whole migration list".to_string(),
        Scope::Workload => format!("workload: {}", scope.name),
        Scope::Site => format!("site: {}", scope.name),
    }
}

/// The section's HTML.
pub(super) fn render(estimate: Option<&Estimate>) -> Html {
    let mut html = html!("<section id=\"estimate\">\n<h2>Estimate for the migration list</h2>\n");
    let Some(estimate) = estimate else {
        html.push(html!(
            "<p class=\"note\" id=\"no-estimate\">No migration list given, so there is no estimate \
             of the whole migration. Name the list in the scenario (<code>[readiness] \
             migration_list</code>), then run <code>pilotbench report RUN_DIR</code>.</p>\n</section>\n"
        ));
        return html;
    };

    let fitted = &estimate.fitted_on;
    html.push(html!(
        "<p id=\"fitted-on\">Fitted on {} pilot items ({} MiB) copied at concurrency {}, with {} % of \
         responses throttled. P50 and P90 come from resampling the pilot's items.</p>\n",
        fitted.items,
        number(fitted.bytes as f64 / MIB as f64, 1),
        fitted.concurrency,
        number(fitted.throttled_share * 100.0, 1),
    ));

    let longest = estimate
        .scopes
        .iter()
        .map(|scope| scope.projection.p90_us)
        .chain([estimate.overall.p90_us])
        .max()
        .unwrap_or(0);
    let unit = unit_for(longest);
    let value_label = format!("Projected copy time ({})", unit.name);
    html.push(bar_chart::render(&BarChart {
        frame: Frame {
            id: ESTIMATE_ID,
            title: "Estimated duration, P50 and P90",
            description: format!(
                "Projected working time in {} for {} scope(s) of the migration list: the median (P50) and the 90th percentile (P90).",
                unit.name,
                estimate.scopes.len()
            ),
            caption: "Working time with the streams in parallel; the table gives calendar days under the migration window."
                .to_string(),
        },
        value_label: &value_label,
        unit: unit.short,
        decimals: 1,
        series: vec!["P50".into(), "P90".into()],
        groups: estimate
            .scopes
            .iter()
            .map(|scope| Group {
                label: scope_label(scope),
                values: vec![
                    scope.projection.p50_us as f64 / unit.micros,
                    scope.projection.p90_us as f64 / unit.micros,
                ],
            })
            .collect(),
        empty_note: "The migration list has no rows",
    }));

    html.push(html!(
        "<table class=\"data\" id=\"estimate-table\"><thead><tr><th scope=\"col\">Scope</th>\
         <th scope=\"col\">Items</th><th scope=\"col\">GiB</th><th scope=\"col\">P50 (h)</th>\
         <th scope=\"col\">P90 (h)</th><th scope=\"col\">P50 (calendar days)</th>\
         <th scope=\"col\">P90 (calendar days)</th></tr></thead><tbody>\n"
    ));
    for scope in &estimate.scopes {
        let p = &scope.projection;
        html.push(html!(
            "<tr><th scope=\"row\">{}</th><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>\n",
            scope_label(scope),
            scope.items,
            number(scope.bytes as f64 / GIB as f64, 2),
            number(p.p50_us as f64 / HOURS.micros, 1),
            number(p.p90_us as f64 / HOURS.micros, 1),
            number(p.p50_calendar_days, 1),
            number(p.p90_calendar_days, 1),
        ));
    }
    html.push(html!("</tbody></table>\n"));

    let effort = &estimate.effort;
    html.push(html!(
        "<h3>Effort</h3>\n<p id=\"effort\">{} person-days in {} wave(s).</p>\n",
        number(effort.person_days, 1),
        effort.waves.len()
    ));
    if !effort.waves.is_empty() {
        html.push(html!(
            "<table class=\"data\" id=\"waves-table\"><thead><tr><th scope=\"col\">Wave</th>\
             <th scope=\"col\">Sites</th><th scope=\"col\">Items</th><th scope=\"col\">GiB</th>\
             <th scope=\"col\">P90 (calendar days)</th></tr></thead><tbody>\n"
        ));
        for wave in &effort.waves {
            html.push(html!(
                "<tr><th scope=\"row\">{}</th><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>\n",
                wave.number,
                Html::join(&wave.sites, &html!(", ")),
                wave.items,
                number(wave.bytes as f64 / GIB as f64, 2),
                number(wave.projection.p90_calendar_days, 1),
            ));
        }
        html.push(html!("</tbody></table>\n"));
    }

    if !estimate.warnings.is_empty() {
        html.push(html!(
            "<h3>Where the estimate is weak</h3>\n<ul class=\"warnings\" id=\"estimate-warnings\">\n"
        ));
        for warning in &estimate.warnings {
            html.push(html!("<li>{}</li>\n", warning));
        }
        html.push(html!("</ul>\n"));
    }
    html.push(html!("</section>\n"));
    html
}
