//! `report.html`: the pilot's evidence in one self-contained page a lead can open, mail or
//! print — header, results per site, four inline SVG charts drawn by our own code (throughput
//! over time, latency per operation, rate per size bucket, the estimate's P50/P90) and the
//! five Go/No-Go criteria. No script, font, image or stylesheet is fetched: the page holds
//! everything, and its Content-Security-Policy forbids any load.
//!
//! Built from a run folder read back ([`crate::run_folder::RunEvidence`]), so `pilotbench run`
//! and `pilotbench report RUN_DIR` write the same page.
//!
//! Every section builds [`markup::Html`], never a `String`: text from outside can only enter
//! the page escaped and a figure only as a finite number (`markup` says how, and why not a
//! templating crate).

mod bar_chart;
mod decision_section;
mod estimate_section;
mod line_chart;
mod markup;
mod page;
mod run_charts;
mod svg;

#[cfg(test)]
mod tests;

use std::path::{Path, PathBuf};

use markup::{Html, html};

use crate::estimate::Estimate;
use crate::gonogo::Decision;
use crate::run_folder::{REPORT_HTML_FILE, RunEvidence};
use crate::vocab::csv_writer::{WriteError, write_whole};

/// The ids of the charts, in page order (the estimate's only when there is an estimate).
pub const CHART_IDS: [&str; 4] = [
    run_charts::THROUGHPUT_ID,
    run_charts::LATENCY_ID,
    run_charts::BUCKETS_ID,
    estimate_section::ESTIMATE_ID,
];

/// The page for `run`, with the estimate and the Go/No-Go decision when there are.
pub fn render_html(
    run: &RunEvidence,
    estimate: Option<&Estimate>,
    decision: Option<&Decision>,
) -> String {
    let mut body = Html::new();
    body.push(page::header(run));
    body.push(html!(page::NAV));
    body.push(html!("<main>\n"));
    body.push(page::results(run));
    body.push(html!("<section id=\"charts\">\n<h2>Charts</h2>\n"));
    body.push(run_charts::throughput(run));
    body.push(run_charts::latency(run));
    body.push(run_charts::buckets(
        run,
        estimate.map(|estimate| estimate.fitted_on.buckets.as_slice()),
    ));
    body.push(html!("</section>\n"));
    body.push(estimate_section::render(estimate));
    body.push(decision_section::render(decision));
    body.push(html!("</main>\n"));
    body.push(page::footer(run));
    let title = format!("pilotbench report: {}", run.summary.pilot.name);
    page::document(&title, body).into_string()
}

/// Writes [`render_html`] to `dir/report.html` and returns its path.
pub fn write_html(
    dir: &Path,
    run: &RunEvidence,
    estimate: Option<&Estimate>,
    decision: Option<&Decision>,
) -> Result<PathBuf, WriteError> {
    let path = dir.join(REPORT_HTML_FILE);
    write_whole(&path, render_html(run, estimate, decision).as_bytes())?;
    Ok(path)
}
