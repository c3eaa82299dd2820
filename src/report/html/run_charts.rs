//! The three charts drawn from the run's own files: throughput over time per site (from
//! `summary.json` `throughput_series`), latency percentiles per operation (the `TOTAL`
//! `operations`), and the rate per size bucket (from `items.csv`, or from the estimate's fit
//! when there is one), with the table behind the bucket chart.

use super::bar_chart::{self, BarChart, Group};
use super::line_chart::{self, Line, LineChart};
use super::markup::{Html, html, number};
use super::svg::Frame;
use crate::estimate::BucketFit;
use crate::run_folder::{RunEvidence, SiteSummary};
use crate::vocab::outcome::Outcome;
use crate::vocab::size_bucket::SizeBucket;
use crate::vocab::units::MIB;

/// Most points a throughput line draws; longer runs are averaged over wider windows.
const MAX_POINTS: u64 = 600;

/// Stable ids of the charts.
pub(super) const THROUGHPUT_ID: &str = "chart-throughput";
/// See [`THROUGHPUT_ID`].
pub(super) const LATENCY_ID: &str = "chart-latency";
/// See [`THROUGHPUT_ID`].
pub(super) const BUCKETS_ID: &str = "chart-buckets";

/// Outcomes whose bytes reached the tenant.
fn copied(outcome: Outcome) -> bool {
    matches!(outcome, Outcome::Verified | Outcome::CopiedUnverified)
}

/// Seconds per plotted point so that no line has more than [`MAX_POINTS`] points.
fn window_seconds(sites: &[SiteSummary]) -> u64 {
    let seconds = sites
        .iter()
        .filter_map(|site| site.throughput_series.iter().map(|p| p.second).max())
        .max()
        .map_or(0, |last| last.saturating_add(1));
    seconds.div_ceil(MAX_POINTS).max(1)
}

/// One site's MiB/s over time, averaged over `window`-second windows, gaps as zero.
fn throughput_line(site: &SiteSummary, window: u64) -> Line {
    let last = site
        .throughput_series
        .iter()
        .map(|p| p.second / window)
        .max();
    let mut bytes = vec![0u64; last.map_or(0, |last| last as usize + 1)];
    for point in &site.throughput_series {
        if let Some(slot) = bytes.get_mut((point.second / window) as usize) {
            *slot = slot.saturating_add(point.bytes);
        }
    }
    Line {
        name: site.results.site.clone(),
        points: bytes
            .iter()
            .enumerate()
            .map(|(index, &b)| {
                (
                    (index as u64 * window) as f64,
                    b as f64 / MIB as f64 / window as f64,
                )
            })
            .collect(),
    }
}

/// Chart (a): throughput over time per site.
pub(super) fn throughput(run: &RunEvidence) -> Html {
    let sites = &run.summary.sites;
    let window = window_seconds(sites);
    let averaged = if window > 1 {
        format!(" Averaged over {window}-second windows.")
    } else {
        String::new()
    };
    line_chart::render(&LineChart {
        frame: Frame {
            id: THROUGHPUT_ID,
            title: "Throughput over time per site",
            description: format!(
                "MiB copied per second for each of {} site(s), by seconds since the run started.",
                sites.len()
            ),
            caption: format!(
                "Bytes of files finished in each second, per site (summary.json throughput_series).{averaged}"
            ),
        },
        x_label: "Time since the run started (s)",
        y_label: "Throughput (MiB/s)",
        lines: sites
            .iter()
            .map(|site| throughput_line(site, window))
            .collect(),
        empty_note: "No site in this run",
    })
}

/// Chart (b): p50/p90/p99 latency per operation, all sites together.
pub(super) fn latency(run: &RunEvidence) -> Html {
    let groups: Vec<Group> = run
        .summary
        .total
        .operations
        .iter()
        .filter(|(_, op)| op.count > 0)
        .map(|(name, op)| Group {
            label: name.as_str().to_string(),
            values: vec![op.p50_ms, op.p90_ms, op.p99_ms],
        })
        .collect();
    bar_chart::render(&BarChart {
        frame: Frame {
            id: LATENCY_ID,
            title: "Latency percentiles per operation",
            description: format!(
                "Median, 90th and 99th percentile latency in milliseconds of {} kind(s) of HTTP request.",
                groups.len()
            ),
            caption: "Every HTTP attempt of every site, retries included (summary.json total.operations)."
                .to_string(),
        },
        value_label: "Latency (ms)",
        unit: "ms",
        decimals: 1,
        series: vec!["p50".into(), "p90".into(), "p99".into()],
        groups,
        empty_note: "No request was recorded",
    })
}

/// The pilot's copied items in one size bucket.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub(super) struct BucketRate {
    /// Items copied.
    pub items: u64,
    /// Their bytes.
    pub bytes: u64,
    /// The sum of their durations, seconds.
    pub item_seconds: f64,
    /// Items per second with the run's concurrency.
    pub files_per_s: f64,
    /// MiB per second with the run's concurrency.
    pub mib_per_s: f64,
}

/// Per bucket (in [`SizeBucket::ALL`] order): copied items, bytes, and the effective rate =
/// bytes ÷ (sum of item durations ÷ concurrency).
pub(super) fn bucket_rates(run: &RunEvidence) -> [BucketRate; 5] {
    let mut rates = [BucketRate::default(); 5];
    for item in run.items.iter().filter(|item| copied(item.outcome)) {
        let rate = &mut rates[SizeBucket::of(item.size_bytes).index()];
        rate.items += 1;
        rate.bytes = rate.bytes.saturating_add(item.size_bytes);
        if item.duration_ms.is_finite() && item.duration_ms > 0.0 {
            rate.item_seconds += item.duration_ms / 1_000.0;
        }
    }
    let concurrency = run.summary.engine.concurrency.max(1) as f64;
    for rate in &mut rates {
        let wall = rate.item_seconds / concurrency;
        if wall > 0.0 {
            rate.files_per_s = rate.items as f64 / wall;
            rate.mib_per_s = rate.bytes as f64 / MIB as f64 / wall;
        }
    }
    rates
}

/// Chart (c) and its table: the rate per size bucket, from the estimate's fit when given,
/// otherwise from the pilot's items.
pub(super) fn buckets(run: &RunEvidence, fit: Option<&[BucketFit]>) -> Html {
    let concurrency = run.summary.engine.concurrency;
    let (groups, caption, table) = match fit {
        Some(fit) => (
            fit.iter()
                .map(|bucket| Group {
                    label: bucket.bucket.label().to_string(),
                    values: vec![bucket.mib_per_s],
                })
                .collect::<Vec<_>>(),
            "The estimate's fit per size bucket: the pilot's effective rate, wall time shared across the concurrency used.".to_string(),
            fit_table(fit),
        ),
        None => {
            let rates = bucket_rates(run);
            (
                SizeBucket::ALL
                    .iter()
                    .zip(&rates)
                    .map(|(bucket, rate)| Group {
                        label: bucket.label().to_string(),
                        values: vec![rate.mib_per_s],
                    })
                    .collect(),
                format!(
                    "From items.csv (verified and copied-unverified items): bytes ÷ (sum of item durations ÷ concurrency {concurrency})."
                ),
                rates_table(&rates),
            )
        }
    };
    let chart = bar_chart::render(&BarChart {
        frame: Frame {
            id: BUCKETS_ID,
            title: "Rate per size bucket",
            description: "Effective copy rate in MiB per second for each file-size bucket."
                .to_string(),
            caption,
        },
        value_label: "Effective rate (MiB/s)",
        unit: "MiB/s",
        decimals: 2,
        series: vec!["MiB/s".into()],
        groups,
        empty_note: "No size bucket fitted",
    });
    html!("{}{}", chart, table)
}

fn rates_table(rates: &[BucketRate; 5]) -> Html {
    let mut html = html!(
        "<table class=\"data\" id=\"bucket-table\"><thead><tr><th scope=\"col\">Size bucket</th>\
         <th scope=\"col\">Items copied</th><th scope=\"col\">MiB</th>\
         <th scope=\"col\">Item time (s)</th><th scope=\"col\">Files/s</th>\
         <th scope=\"col\">MiB/s</th></tr></thead><tbody>\n"
    );
    for (bucket, rate) in SizeBucket::ALL.iter().zip(rates) {
        html.push(html!(
            "<tr><th scope=\"row\">{}</th><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>\n",
            bucket.label(),
            rate.items,
            number(rate.bytes as f64 / MIB as f64, 2),
            number(rate.item_seconds, 2),
            number(rate.files_per_s, 2),
            number(rate.mib_per_s, 2),
        ));
    }
    html.push(html!("</tbody></table>\n"));
    html
}

fn fit_table(fit: &[BucketFit]) -> Html {
    let mut html = html!(
        "<table class=\"data\" id=\"bucket-table\"><thead><tr><th scope=\"col\">Size bucket</th>\
         <th scope=\"col\">Samples</th><th scope=\"col\">MiB</th>\
         <th scope=\"col\">Overhead (ms/item)</th><th scope=\"col\">ms per MiB</th>\
         <th scope=\"col\">MiB/s</th><th scope=\"col\">Note</th></tr></thead><tbody>\n"
    );
    for bucket in fit {
        html.push(html!(
            "<tr><th scope=\"row\">{}</th><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>\n",
            bucket.bucket.label(),
            bucket.samples,
            number(bucket.bytes as f64 / MIB as f64, 2),
            number(bucket.overhead_us / 1_000.0, 1),
            number(bucket.us_per_mib / 1_000.0, 1),
            number(bucket.mib_per_s, 2),
            if bucket.sparse { "too few samples" } else { "" },
        ));
    }
    html.push(html!("</tbody></table>\n"));
    html
}
