//! The estimate as short text for stdout: what it was fitted on, the RU ceiling, P50/P90 per
//! scope with calendar days, effort, the waves and the warnings.

use std::fmt::Write as _;

use crate::vocab::units::{Micros, human_bytes};

use super::ceiling::RU_PER_ITEM;
use super::types::{Estimate, Projection, Scope};

/// A duration in the unit that reads best.
pub fn human_duration(us: Micros) -> String {
    let s = us as f64 / 1e6;
    if s < 10.0 {
        format!("{s:.2} s")
    } else if s < 120.0 {
        format!("{s:.1} s")
    } else if s < 7_200.0 {
        format!("{:.1} min", s / 60.0)
    } else if s < 172_800.0 {
        format!("{:.1} h", s / 3_600.0)
    } else {
        format!("{:.1} days", s / 86_400.0)
    }
}

fn span(projection: &Projection) -> String {
    format!(
        "P50 {:>10}  P90 {:>10}  calendar days {:.2} / {:.2}",
        human_duration(projection.p50_us),
        human_duration(projection.p90_us),
        projection.p50_calendar_days,
        projection.p90_calendar_days
    )
}

/// The estimate as text; `list` names the migration list.
pub fn render(estimate: &Estimate, list: &str) -> String {
    let mut out = String::new();
    let fitted = &estimate.fitted_on;
    let settings = &estimate.settings;
    // Writing into a String cannot fail.
    let _ = writeln!(
        out,
        "Estimate for {list}: {} row(s){}",
        estimate.rows,
        if estimate.rows_left_out > 0 {
            format!(" ({} left out as malformed)", estimate.rows_left_out)
        } else {
            String::new()
        }
    );
    let _ = writeln!(
        out,
        "Fitted on: {} copied pilot item(s), {}, at concurrency {} over {} site(s){}; wall {}, effective parallelism {:.1}; per site {} fixed (setup {}); source time {:.2} ms per MiB outside the requests; throttled on {:.1} % of requests ({:.1} s waited) — inside the measured durations",
        fitted.items,
        human_bytes(fitted.bytes),
        fitted.concurrency,
        fitted.sites,
        if fitted.sites_parallel {
            " in parallel"
        } else {
            ""
        },
        human_duration(fitted.wall_us),
        fitted.effective_parallelism,
        human_duration(fitted.site_overhead_us as Micros),
        human_duration(fitted.site_setup_us as Micros),
        fitted.source_us_per_mib / 1000.0,
        fitted.throttled_share * 100.0,
        fitted.throttled_wait_s,
    );
    let _ = writeln!(
        out,
        "  {:<14} {:>7} {:>11} {:>12} {:>10} {:>9}",
        "bucket", "samples", "bytes", "overhead ms", "ms per MiB", "MiB/s"
    );
    for bucket in &fitted.buckets {
        let _ = writeln!(
            out,
            "  {:<14} {:>7} {:>11} {:>12.2} {:>10.2} {:>9.2}{}",
            bucket.bucket.label(),
            bucket.samples,
            human_bytes(bucket.bytes),
            bucket.overhead_us / 1000.0,
            bucket.us_per_mib / 1000.0,
            bucket.mib_per_s,
            match bucket.samples {
                0 => "  (none: borrowed)",
                _ if bucket.sparse => "  (sparse)",
                _ => "",
            }
        );
    }
    match &estimate.ceiling {
        Some(ceiling) => {
            let _ = writeln!(
                out,
                "RU ceiling: {:.0} RU/min from {} = {:.0} files/h at {} RU a file; {}",
                ceiling.ru_per_minute,
                ceiling.source.describe(),
                ceiling.items_per_hour(),
                RU_PER_ITEM,
                if ceiling.binding {
                    "it BINDS: the budget, not the fitted rate, sets the duration"
                } else {
                    "not binding"
                }
            );
        }
        None => {
            let _ = writeln!(out, "RU ceiling: none (the target has no RU budget)");
        }
    }
    let _ = writeln!(
        out,
        "Duration, working time ({} resamples, seed {}; {} h/day, {} days/week, {} stream(s)):",
        settings.resamples,
        settings.seed,
        settings.hours_per_day,
        settings.days_per_week,
        settings.parallel_streams
    );
    for scope in &estimate.scopes {
        let label = match scope.scope {
            Scope::Total => scope.name.clone(),
            Scope::Workload => format!("workload {}", scope.name),
            Scope::Site => format!("site {}", scope.name),
        };
        let _ = writeln!(
            out,
            "  {label:<28} {:>9} items {:>11}  {}",
            scope.items,
            human_bytes(scope.bytes),
            span(&scope.projection)
        );
    }
    let effort = &estimate.effort;
    let _ = writeln!(
        out,
        "Effort: {:.1} person-days ({} row(s) × {} h + {} wave(s) × {} h, {} h a person-day)",
        effort.person_days,
        estimate.rows,
        settings.effort_per_site_hours,
        effort.waves.len(),
        settings.effort_per_wave_hours,
        settings.hours_per_person_day
    );
    for wave in &effort.waves {
        let _ = writeln!(
            out,
            "  wave {}: {} item(s), {}, {}: {}",
            wave.number,
            wave.items,
            human_bytes(wave.bytes),
            span(&wave.projection),
            wave.sites.join(", ")
        );
    }
    if estimate.warnings.is_empty() {
        let _ = writeln!(out, "Warnings: none");
    } else {
        let _ = writeln!(out, "Warnings:");
        for warning in &estimate.warnings {
            let _ = writeln!(out, "  - {warning}");
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_pick_a_unit() {
        assert_eq!(human_duration(1_500_000), "1.50 s");
        assert_eq!(human_duration(15_000_000), "15.0 s");
        assert_eq!(human_duration(600_000_000), "10.0 min");
        assert_eq!(human_duration(3 * 3_600_000_000), "3.0 h");
        assert_eq!(human_duration(72 * 3_600_000_000), "3.0 days");
    }
}
