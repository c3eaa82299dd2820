//! `pilotbench run`: the pilot, end to end. Ctrl-C, SIGTERM or SIGHUP stops new work; the
//! outputs are written whatever happened, with the items never started marked `not-run`.

use std::sync::{Arc, OnceLock};
use std::time::SystemTime;

use tokio_util::sync::CancellationToken;

use super::out_dir::{check_out_dir, new_timestamped_dir};
use crate::app::command_request::{EvidenceRequest, RunRequest};
use crate::app::connect::{connect, list_sources};
use crate::app::console::{
    estimate_line, failure_rate_note, findings_note, interrupted_note, shown, verdict_lines,
};
use crate::app::evidence::{build_and_write, load_readiness_files, load_run};
use crate::app::exit::{AppError, Exit};
use crate::app::interrupts::{Interrupts, StopSignal};
use crate::app::plan::{below_run_folder, load_plan};

use crate::engine::{
    self, Observer, Observers, OutcomeCounts, ProgressBars, RunMeta, RunReport, SitePlan,
};
use crate::graph::Interruption;
use crate::metrics::Metrics;
use crate::report;
use crate::run_folder::{
    self, InputCopy, InputRole, JOURNAL_FILE, JournalWriter, RunId, SCAN_FILE,
};
use crate::scenario::Scenario;

/// Runs the pilot and writes its results.
pub(super) async fn run(request: RunRequest) -> Result<Exit, AppError> {
    let (scenario, mut plans) = load_plan(&request.scenario)?;
    let run_id = RunId::new(SystemTime::now());
    let tenant_run_folder = below_run_folder(&mut plans, &scenario, &run_id);
    // The migration list and issues log are read again at the end; a missing or headless
    // file fails now, before any copy, not after the pilot.
    load_readiness_files(&scenario.readiness.clone().unwrap_or_default())?;
    // The output folder is usable (created, probe-written) before the first request.
    let out_dir = match &request.out {
        Some(dir) => dir.clone(),
        None => new_timestamped_dir(DEFAULT_OUT_ROOT)?,
    };
    check_out_dir(&out_dir, request.force)?;
    // Listening from here on: a SIGTERM while the target is reached is not the default death
    // that writes nothing, it is an interruption like any other.
    let interrupts = Interrupts::listen()
        .map_err(|e| AppError::target(format!("cannot listen for Ctrl-C and SIGTERM: {e}")))?;

    let metrics = Arc::new(Metrics::new(plans.len()));
    // Ctrl-C stops new work and cuts every wait of the clients short (a Retry-After of up to
    // ten minutes, a backoff, the throttle gate, a copy monitor's next poll).
    let cancel = CancellationToken::new();
    let target = connect(
        &scenario,
        metrics.clone(),
        &Interruption::on(cancel.clone()),
    )
    .await?;
    list_sources(&mut plans, &scenario, &target, metrics.clone()).await?;
    // The files the evidence rests on, copied as they are when the copy starts: the run folder
    // stands alone. Not before: a run that cannot start (exit 3) leaves its folder empty, so the
    // same --out can be used again once the cause is fixed.
    let input_copies = copy_run_inputs(&scenario, &out_dir)?;

    let files: u64 = plans.iter().map(|p| p.tree.files.len() as u64).sum();
    let bytes: u64 = plans.iter().map(|p| p.tree.total_bytes()).sum();
    let bars = if request.quiet {
        None
    } else {
        ProgressBars::for_terminal(plans.len(), files, bytes).map(Arc::new)
    };
    // The journal, as the run goes: the session and the plan first, then every item created
    // and ended, on disk within a moment of each (what `--resume` and `clean` rest on).
    let journal = Arc::new(start_journal(&out_dir, &plans, &run_id, &scenario)?);
    let mut observers = Observers(vec![journal.clone()]);
    if let Some(bars) = &bars {
        observers.0.push(bars.clone());
    }
    let observer: Arc<dyn Observer> = Arc::new(observers);

    let interrupted_by = Arc::new(OnceLock::new());
    let interrupt = tokio::spawn(watch_interrupts(
        interrupts,
        cancel.clone(),
        observer.clone(),
        interrupted_by.clone(),
    ));

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
    finish_journal(&journal)?;
    let findings = output.findings;

    let report = RunReport {
        meta: RunMeta {
            version: env!("CARGO_PKG_VERSION").to_string(),
            run_id: run_id.to_string(),
            tenant_run_folder,
            // The copy in the run folder, relative to it: `pilotbench report RUN_DIR` reads it
            // wherever the folder is moved.
            scenario_path: input_copies
                .first()
                .map(|copy| copy.file.clone())
                .unwrap_or_default(),
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
    let written = report::write_run(&report, &input_copies, &out_dir).map_err(|e| AppError {
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
    let loaded = load_run(&EvidenceRequest {
        run_dir: out_dir.clone(),
        scenario: None,
        migration_list: None,
    })?;
    let evidence = build_and_write(&loaded, None)?;
    if !request.quiet {
        println!("{}", shown(report::render_table(&report)));
        if let Some(estimate) = &evidence.estimate {
            println!("{}", shown(estimate_line(estimate)));
        }
        if let Some(decision) = &evidence.decision {
            print!("{}", shown(verdict_lines(decision)));
        }
        println!("Run {}", shown(loaded.run.summary.run_and_tenant_folder()));
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
        return Ok(interrupted_by
            .get()
            .map_or(Exit::Interrupted, |by: &StopSignal| by.exit()));
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

/// First interrupting signal (Ctrl-C, SIGTERM, SIGHUP): cancel (no new work) and remember it
/// for the exit code. A second: leave at once.
async fn watch_interrupts(
    mut interrupts: Interrupts,
    cancel: CancellationToken,
    observer: Arc<dyn Observer>,
    interrupted_by: Arc<OnceLock<StopSignal>>,
) {
    let Some(first) = interrupts.next().await else {
        return;
    };
    let _ = interrupted_by.set(first);
    cancel.cancel();
    observer.interrupted();
    if !std::io::IsTerminal::is_terminal(&std::io::stderr()) {
        eprintln!(
            "Interrupted by {}: no new files start, waits end; requests in flight finish, then \
             results are written.",
            first.name()
        );
    }
    if let Some(second) = interrupts.next().await {
        eprintln!(
            "Interrupted again ({}): stopping now without writing results.",
            second.name()
        );
        std::process::exit(second.exit() as i32);
    }
}

/// Creates the run's journal in `out_dir` and writes the session and the plan into it.
fn start_journal(
    out_dir: &std::path::Path,
    plans: &[SitePlan],
    run_id: &RunId,
    scenario: &Scenario,
) -> Result<report::JournalSink, AppError> {
    let writer = JournalWriter::create(&out_dir.join(JOURNAL_FILE))
        .map_err(|e| AppError::usage(e.to_string()))?;
    let sites = plans.iter().map(|plan| plan.site.name.clone()).collect();
    let journal = report::JournalSink::new(writer, sites);
    journal.session(&run_id.to_string(), &scenario.sha256, SystemTime::now());
    for (site, plan) in plans.iter().enumerate() {
        for file in &plan.tree.files {
            journal.planned(site, &file.rel_path, file.size);
        }
    }
    Ok(journal)
}

/// Writes the rest of the journal once the engine is done with it.
fn finish_journal(journal: &report::JournalSink) -> Result<(), AppError> {
    let stats = journal.finish().map_err(|e| AppError {
        exit: Exit::Target,
        message: e.to_string(),
    })?;
    tracing::debug!(?stats, "journal written");
    Ok(())
}

/// Copies the scenario (first), the migration list and the issues log into `out_dir/inputs/`.
fn copy_run_inputs(
    scenario: &Scenario,
    out_dir: &std::path::Path,
) -> Result<Vec<InputCopy>, AppError> {
    let readiness = scenario.readiness.clone().unwrap_or_default();
    let mut inputs = vec![(InputRole::Scenario, scenario.path.as_path())];
    if let Some(list) = &readiness.migration_list {
        inputs.push((InputRole::MigrationList, list.as_path()));
    }
    if let Some(log) = &readiness.issues_log {
        inputs.push((InputRole::IssuesLog, log.as_path()));
    }
    run_folder::copy_inputs(out_dir, &inputs).map_err(|error| AppError::usage(error.to_string()))
}

/// Peak resident set size (VmHWM) on Linux; `None` elsewhere.
fn peak_rss_bytes() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kib: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib * 1024)
}
