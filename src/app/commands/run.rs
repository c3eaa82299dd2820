//! `pilotbench run`: the pilot, end to end. Ctrl-C stops new work; the outputs are written
//! whatever happened, with the items never started marked `not-run`.

use std::sync::Arc;
use std::time::SystemTime;

use tokio_util::sync::CancellationToken;

use super::out_dir::{check_out_dir, new_timestamped_dir};
use crate::app::command_request::RunRequest;
use crate::app::connect::{connect, list_sources};
use crate::app::console::{
    estimate_line, failure_rate_note, findings_note, interrupted_note, shown, verdict_lines,
};
use crate::app::evidence::{LoadedRun, build_and_write, load_readiness_files};
use crate::app::exit::{AppError, Exit};
use crate::app::plan::load_plan;
use crate::engine::{self, NoObserver, Observer, OutcomeCounts, ProgressBars, RunMeta, RunReport};
use crate::metrics::Metrics;
use crate::report;
use crate::run_folder::{self, SCAN_FILE};

/// Runs the pilot and writes its results.
pub(super) async fn run(request: RunRequest) -> Result<Exit, AppError> {
    let (scenario, mut plans) = load_plan(&request.scenario)?;
    // The migration list and issues log are read again at the end; a missing or headless
    // file fails now, before any copy, not after the pilot.
    load_readiness_files(&scenario.readiness.clone().unwrap_or_default())?;
    // The output folder is usable (created, probe-written) before the first request.
    let out_dir = match &request.out {
        Some(dir) => dir.clone(),
        None => new_timestamped_dir(DEFAULT_OUT_ROOT)?,
    };
    check_out_dir(&out_dir)?;

    let metrics = Arc::new(Metrics::new(plans.len()));
    let target = connect(&scenario, metrics.clone()).await?;
    list_sources(&mut plans, &scenario, &target, metrics.clone()).await?;

    let files: u64 = plans.iter().map(|p| p.tree.files.len() as u64).sum();
    let bytes: u64 = plans.iter().map(|p| p.tree.total_bytes()).sum();
    let bars = if request.quiet {
        None
    } else {
        ProgressBars::for_terminal(plans.len(), files, bytes).map(Arc::new)
    };
    let observer: Arc<dyn Observer> = match &bars {
        Some(bars) => bars.clone(),
        None => Arc::new(NoObserver),
    };

    let cancel = CancellationToken::new();
    let interrupt = tokio::spawn(watch_ctrl_c(cancel.clone(), observer.clone()));

    let started = SystemTime::now();
    let output = engine::run(
        &plans,
        &scenario.engine,
        &target.client,
        &metrics,
        observer,
        cancel.clone(),
    )
    .await;
    let ended = SystemTime::now();
    interrupt.abort();
    drop(bars);
    let findings = output.findings;

    let report = RunReport {
        meta: RunMeta {
            version: env!("CARGO_PKG_VERSION").to_string(),
            // Absolute, so `pilotbench estimate|decide|report RUN_DIR` find it from anywhere.
            scenario_path: std::fs::canonicalize(&scenario.path)
                .unwrap_or_else(|_| scenario.path.clone())
                .display()
                .to_string(),
            scenario_sha256: scenario.sha256.clone(),
            pilot_name: scenario.pilot.name.clone(),
            organisation: scenario.pilot.organisation.clone(),
            target: target.description.clone(),
            target_kind: target.kind.to_string(),
            engine: scenario.engine.clone(),
            started,
            ended,
            interrupted: cancel.is_cancelled(),
            peak_rss_bytes: peak_rss_bytes(),
        },
        sites: output.sites,
        items: output.items,
        metrics: metrics.snapshot(),
    };
    let written = report::write_all(&report, &out_dir).map_err(|e| AppError {
        exit: Exit::Target,
        message: e.to_string(),
    })?;
    report::write_scan(&out_dir.join(SCAN_FILE), &findings).map_err(|e| AppError {
        exit: Exit::Target,
        message: e.to_string(),
    })?;
    if !findings.is_empty() {
        eprintln!("{}", shown(findings_note(&findings, SCAN_FILE)));
    }
    // report.html and the other evidence, from the files just written (one path with
    // `pilotbench report RUN_DIR`).
    let loaded = LoadedRun {
        run: run_folder::load(&out_dir).map_err(|e| AppError::target(e.to_string()))?,
        scenario: scenario.clone(),
    };
    let evidence = build_and_write(&loaded, None)?;
    if !request.quiet {
        println!("{}", shown(report::render_table(&report)));
        if let Some(estimate) = &evidence.estimate {
            println!("{}", shown(estimate_line(estimate)));
        }
        if let Some(decision) = &evidence.decision {
            print!("{}", shown(verdict_lines(decision)));
        }
        println!("Results written to {}", shown(out_dir.display()));
    } else {
        // The table carries these when it is printed; a quiet run still says so.
        for warning in report::throttling_warnings(&report) {
            eprintln!("{}", shown(warning));
        }
    }
    tracing::debug!(files = ?written.files, evidence = ?evidence.files, "reports written");

    let counts = OutcomeCounts::of(&report.items, None);
    if report.meta.interrupted {
        eprintln!("{}", interrupted_note(&counts));
        return Ok(Exit::Interrupted);
    }
    if counts.failure_rate() > scenario.thresholds.max_failure_rate {
        eprintln!(
            "{}",
            failure_rate_note(&counts, scenario.thresholds.max_failure_rate)
        );
        return Ok(Exit::ThresholdExceeded);
    }
    Ok(Exit::Success)
}

/// Where a run writes without `--out`: a new `<UTC timestamp>/` below it, e.g.
/// `pilot-results/2026-11-25T04-12-33.125Z`.
const DEFAULT_OUT_ROOT: &str = "pilot-results";

/// First Ctrl-C: cancel (no new work). Second: leave at once.
async fn watch_ctrl_c(cancel: CancellationToken, observer: Arc<dyn Observer>) {
    if tokio::signal::ctrl_c().await.is_err() {
        return;
    }
    cancel.cancel();
    observer.interrupted();
    if !std::io::IsTerminal::is_terminal(&std::io::stderr()) {
        eprintln!(
            "Interrupted: no new files start; in-flight requests finish, then results are written."
        );
    }
    if tokio::signal::ctrl_c().await.is_ok() {
        eprintln!("Interrupted twice: stopping now without writing results.");
        std::process::exit(Exit::Interrupted as i32);
    }
}

/// Peak resident set size (VmHWM) on Linux; `None` elsewhere.
fn peak_rss_bytes() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kib: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib * 1024)
}
