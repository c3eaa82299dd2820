//! The short plain-text table printed on stdout at the end of a run: one line per site, a
//! `TOTAL` line and the failure rate. No colours, so it reads the same in a CI log.

use crate::engine::{OutcomeCounts, RunReport};
use crate::vocab::throttling::THROTTLING_ESCALATION_SHARE;
use crate::vocab::units::{MIB, Micros, us_to_s};

use super::pilot_results::pilot_result_rows;
use super::throttling::{THROTTLED_COUNTED, throttled_share, throttling_warnings};
use crate::run_folder::PilotResultRow;
use crate::vocab::csv_writer::fixed;

/// Column headings, and whether the column is text (left-aligned) or a number.
const COLUMNS: [(&str, Align); 15] = [
    ("site", Align::Left),
    ("workload", Align::Left),
    ("planned", Align::Right),
    ("verified", Align::Right),
    ("unverified", Align::Right),
    ("failed", Align::Right),
    ("skipped", Align::Right),
    ("not-run", Align::Right),
    ("interrupted", Align::Right),
    ("MiB", Align::Right),
    ("duration", Align::Right),
    ("files/s", Align::Right),
    ("MiB/s", Align::Right),
    ("p50/p99 ms", Align::Right),
    ("throttled", Align::Right),
];

#[derive(Clone, Copy)]
enum Align {
    Left,
    Right,
}

/// The cells of one line.
fn cells(row: &PilotResultRow) -> Vec<String> {
    vec![
        row.site.clone(),
        row.workload.as_str().to_string(),
        row.files_planned.to_string(),
        row.files_verified.to_string(),
        row.files_unverified.to_string(),
        row.files_failed.to_string(),
        row.files_skipped.to_string(),
        row.files_not_run.to_string(),
        row.files_interrupted.to_string(),
        fixed(row.bytes_copied as f64 / MIB as f64, 1),
        format!("{} s", fixed(row.duration_s, 1)),
        fixed(row.files_per_s, 2),
        fixed(row.mib_per_s, 2),
        format!(
            "{}/{}",
            fixed(row.latency_p50_ms, 1),
            fixed(row.latency_p99_ms, 1)
        ),
        row.throttled_responses.to_string(),
    ]
}

/// The table for `report`.
pub(super) fn render(report: &RunReport) -> String {
    let heading: Vec<String> = COLUMNS.iter().map(|(name, _)| name.to_string()).collect();
    let lines: Vec<Vec<String>> = std::iter::once(heading)
        .chain(pilot_result_rows(report).iter().map(cells))
        .collect();
    let mut widths = [0usize; COLUMNS.len()];
    for line in &lines {
        for (width, cell) in widths.iter_mut().zip(line) {
            *width = (*width).max(cell.chars().count());
        }
    }
    let mut out = String::new();
    for line in &lines {
        let mut text = String::new();
        for ((cell, width), (_, align)) in line.iter().zip(widths).zip(COLUMNS) {
            if !text.is_empty() {
                text.push_str("  ");
            }
            let pad = " ".repeat(width.saturating_sub(cell.chars().count()));
            match align {
                Align::Left => {
                    text.push_str(cell);
                    text.push_str(&pad);
                }
                Align::Right => {
                    text.push_str(&pad);
                    text.push_str(cell);
                }
            }
        }
        out.push_str(text.trim_end());
        out.push('\n');
    }
    if report.meta.interrupted {
        out.push_str("Run interrupted: items not started are counted as not-run.\n");
    }
    let engine = &report.meta.engine;
    out.push_str(&format!(
        "Retry policy: up to {} attempts per request; backoff from {} doubling to {} when no Retry-After is given\n",
        engine.retry_attempts,
        duration(engine.retry_base_us),
        duration(engine.retry_cap_us)
    ));
    let total = &report.metrics.total;
    out.push_str(&format!(
        "Throttled: {} % of responses ({} of {}; {THROTTLED_COUNTED}; Microsoft escalates above {:.0} %), requests held {} s at the throttle gate\n",
        fixed(throttled_share(total) * 100.0, 2),
        total.throttled_responses,
        total.responses,
        THROTTLING_ESCALATION_SHARE * 100.0,
        fixed(us_to_s(total.gate_wait_us), 1)
    ));
    for warning in throttling_warnings(report) {
        out.push_str(&warning);
        out.push('\n');
    }
    let counts = OutcomeCounts::of(&report.items, None);
    let attempted = counts.verified + counts.unverified + counts.failed;
    out.push_str(&format!(
        "Failure rate: {} % ({} failed of {} attempted)\n",
        fixed(counts.failure_rate() * 100.0, 2),
        counts.failed,
        attempted
    ));
    out
}

/// "500ms", "30s", "1m 30s".
fn duration(us: Micros) -> String {
    humantime::format_duration(std::time::Duration::from_micros(us)).to_string()
}
