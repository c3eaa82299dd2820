//! `pilotbench decide RUN_DIR`: the five Go/No-Go criteria judged from a finished run, its
//! scenario's `[readiness]` and the files it names (migration list, issues log), written to
//! `go-no-go.md` in the run folder, with the verdicts and the headline on stdout. Exit 0 when
//! Good to Go, 1 when not (No Go or Unknown), 2 when an input cannot be read.

use crate::app::command_request::EvidenceRequest;
use crate::app::console::{shown, verdict_lines};
use crate::app::evidence::{decide_and_write, estimate_for, load_readiness_files, load_run};
use crate::app::exit::{AppError, Exit};
use crate::gonogo::Verdict;

/// Runs `pilotbench decide`.
pub(super) fn decide(request: EvidenceRequest) -> Result<Exit, AppError> {
    let loaded = load_run(&request)?;
    let readiness = loaded.scenario.readiness.clone().unwrap_or_default();
    let files = load_readiness_files(&readiness)?;
    // The estimate behind Pilot Results' P90 against the window (estimate.csv beside it).
    let estimate = estimate_for(&loaded, files.migration_list.as_ref()).map(|(estimate, path)| {
        println!("Written: {}", shown(path.display()));
        estimate
    });
    let decided = decide_and_write(
        &loaded.run,
        &loaded.scenario,
        &readiness,
        &files,
        estimate.as_ref(),
    )?;
    print!("{}", shown(verdict_lines(&decided.decision)));
    println!("Written: {}", shown(decided.path.display()));
    Ok(if decided.decision.overall() == Verdict::Go {
        Exit::Success
    } else {
        Exit::ThresholdExceeded
    })
}
