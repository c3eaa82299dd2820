//! `pilotbench decide RUN_DIR`: the five Go/No-Go criteria judged from a finished run, its
//! scenario's `[readiness]` and the files it names (migration list, issues log), written to
//! `go-no-go.md` in the run folder, with the verdicts and the headline on stdout. Exit 0 when
//! Good to Go, 1 when not (No Go or Unknown), 2 when an input cannot be read.

use std::path::PathBuf;

use super::EvidenceRequest;
use super::evidence::{estimate_for, load_run};
use super::{AppError, Exit};
use crate::estimate::Estimate;
use crate::gonogo::{self, Decision, DecisionInputs, Verdict};
use crate::inputs::issues_log::{self, IssuesLog};
use crate::inputs::migration_list::{self, MigrationList};
use crate::report::{GoNoGoDocument, write_go_no_go};
use crate::run_folder::RunEvidence;
use crate::run_folder::{GO_NO_GO_FILE, ITEMS_FILE, SUMMARY_FILE};
use crate::scenario::{Readiness, Scenario};

/// Runs `pilotbench decide`.
pub(super) fn decide(request: EvidenceRequest) -> Result<Exit, AppError> {
    let loaded = load_run(&request)?;
    let readiness = loaded.scenario.readiness.clone().unwrap_or_default();
    let files = load_readiness_files(&readiness)?;
    // The estimate behind Pilot Results' P90 against the window (estimate.csv beside it).
    let estimate = estimate_for(&loaded, files.migration_list.as_ref()).map(|(estimate, path)| {
        println!("Written: {}", path.display());
        estimate
    });
    let decided = decide_and_write(
        &loaded.run,
        &loaded.scenario,
        &readiness,
        &files,
        estimate.as_ref(),
    )?;
    print!("{}", verdict_lines(&decided.decision));
    println!("Written: {}", decided.path.display());
    Ok(if decided.decision.overall() == Verdict::Go {
        Exit::Success
    } else {
        Exit::ThresholdExceeded
    })
}

/// The evidence files `[readiness]` names, read; each malformed row is reported on stderr as
/// `file:line: what is wrong` and still counts in the decision.
#[derive(Debug, Default)]
pub(super) struct ReadinessFiles {
    /// `[readiness] migration_list`, when given.
    pub migration_list: Option<MigrationList>,
    /// `[readiness] issues_log`, when given.
    pub issues_log: Option<IssuesLog>,
}

/// Reads `[readiness] migration_list` and `issues_log`. A file that cannot be read at all
/// (missing, or its header lacks a column) is a usage error naming it.
pub(super) fn load_readiness_files(readiness: &Readiness) -> Result<ReadinessFiles, AppError> {
    let migration_list = readiness
        .migration_list
        .as_deref()
        .map(migration_list::load)
        .transpose()
        .map_err(|error| AppError::usage(error.to_string()))?;
    let issues_log = readiness
        .issues_log
        .as_deref()
        .map(issues_log::load)
        .transpose()
        .map_err(|error| AppError::usage(error.to_string()))?;
    for line in migration_list
        .iter()
        .flat_map(MigrationList::problem_lines)
        .chain(issues_log.iter().flat_map(IssuesLog::problem_lines))
    {
        eprintln!("warning: {line}");
    }
    Ok(ReadinessFiles {
        migration_list,
        issues_log,
    })
}

/// A decision taken and written.
#[derive(Debug)]
pub(super) struct Decided {
    /// The five criteria.
    pub decision: Decision,
    /// Where `go-no-go.md` was written.
    pub path: PathBuf,
}

/// Judges the five criteria and writes `go-no-go.md` into the run folder. `pilotbench run`
/// can call this at its end with the same inputs.
pub(super) fn decide_and_write(
    run: &RunEvidence,
    scenario: &Scenario,
    readiness: &Readiness,
    files: &ReadinessFiles,
    estimate: Option<&Estimate>,
) -> Result<Decided, AppError> {
    let decision = gonogo::decide(&DecisionInputs {
        run,
        estimate,
        migration_list: files.migration_list.as_ref(),
        issues_log: files.issues_log.as_ref(),
        readiness,
        run_start: gonogo::run_start_date(run),
    });
    let mut sources = vec![
        run.dir.join(SUMMARY_FILE),
        run.dir.join(ITEMS_FILE),
        std::path::absolute(&scenario.path).unwrap_or_else(|_| scenario.path.clone()),
    ];
    sources.extend(files.migration_list.iter().map(|list| list.path.clone()));
    sources.extend(files.issues_log.iter().map(|log| log.path.clone()));
    let path = run.dir.join(GO_NO_GO_FILE);
    write_go_no_go(
        &path,
        &GoNoGoDocument {
            decision: &decision,
            run,
            estimate,
            sources: &sources,
        },
    )
    .map_err(|error| AppError::usage(error.to_string()))?;
    Ok(Decided { decision, path })
}

/// The five verdicts, each with its first reason, and the headline: for stdout.
pub(super) fn verdict_lines(decision: &Decision) -> String {
    let mut out = String::from("Go/No-Go:\n");
    for criterion in &decision.criteria {
        let line = match criterion.reasons.first() {
            Some(reason) => format!(
                "  {:<26} {:<8} {reason}",
                criterion.kind.title(),
                criterion.verdict.as_str()
            ),
            None => format!(
                "  {:<26} {}",
                criterion.kind.title(),
                criterion.verdict.as_str()
            ),
        };
        out.push_str(&line);
        out.push('\n');
    }
    out.push_str(&format!("{}\n", decision.headline()));
    out
}
