//! Pilot Results: did the pilot prove the copy works at a pace that fits the window? The
//! verified share of the items attempted, the failure classes, the throttled share (Microsoft
//! escalates above 30 %) of the run and of each site, and the estimate's P90 for the whole
//! migration list in calendar days against `[readiness] deadline` or `window_days`.

use std::collections::BTreeMap;

use super::decision::{Criterion, CriterionKind};
use super::decision_inputs::DecisionInputs;
use super::judgement::{Judgement, listed, percent};
use crate::run_folder::{ITEMS_FILE, SUMMARY_FILE};
use crate::scenario::MigrationWindow;
use crate::vocab::outcome::{FailureClass, Outcome};
use crate::vocab::units::grouped;

/// Judges Pilot Results.
pub(super) fn judge(inputs: &DecisionInputs<'_>) -> Criterion {
    let mut judgement = Judgement::new(CriterionKind::PilotResults);
    let summary = &inputs.run.summary;
    let total = &summary.total;
    let readiness = inputs.readiness;

    if summary.interrupted {
        judgement.unknown(
            "the run was interrupted (Ctrl-C), so its figures cover only part of the pilot; run \
             the pilot to the end",
        );
    }

    judgement.evidence(format!(
        "Items: {} planned, {} verified, {} copied but not verified, {} failed, {} skipped, {} not run ({SUMMARY_FILE}, TOTAL)",
        grouped(total.results.files_planned),
        grouped(total.results.files_verified),
        grouped(total.results.files_unverified),
        grouped(total.results.files_failed),
        grouped(total.results.files_skipped),
        grouped(total.results.files_not_run),
    ));
    let attempted = total
        .results
        .files_planned
        .saturating_sub(total.results.files_skipped);
    if attempted == 0 {
        judgement.unknown("the pilot attempted no items, so it proves nothing yet; give its sites content and run it");
    } else {
        let share = total.results.files_verified as f64 / attempted as f64;
        judgement.evidence(format!(
            "Verified share: {} of {} items attempted (planned less skipped) = {} (threshold at least {}, [readiness] min_verified_share)",
            grouped(total.results.files_verified),
            grouped(attempted),
            percent(share),
            percent(readiness.min_verified_share),
        ));
        if share < readiness.min_verified_share {
            judgement.fails(format!(
                "only {} of the items attempted were verified in the destination, below {}; fix the \
                 causes by failure class and run the pilot again",
                percent(share),
                percent(readiness.min_verified_share)
            ));
        }
    }
    judgement.evidence(format!(
        "Pace: {:.1} files/s, {:.2} MiB/s over {:.0} s at concurrency {} ({SUMMARY_FILE}, TOTAL)",
        total.results.files_per_s,
        total.results.mib_per_s,
        total.results.duration_s,
        summary.engine.concurrency
    ));
    classes_evidence(&mut judgement, inputs);
    for site in &summary.sites {
        if let Some(error) = &site.error {
            judgement.evidence(format!(
                "Site {} stopped early: {error} ({SUMMARY_FILE})",
                site.results.site
            ));
            judgement.fails(format!(
                "site {} stopped early ({error}); fix it and run the pilot again",
                site.results.site
            ));
        }
    }
    throttling(&mut judgement, inputs);
    projection(&mut judgement, inputs);
    judgement.finish()
}

/// Failure classes of the failed items, and the rules of the skipped ones, from `items.csv`.
fn classes_evidence(judgement: &mut Judgement, inputs: &DecisionInputs<'_>) {
    let mut failed: BTreeMap<&str, u64> = BTreeMap::new();
    let mut skipped: BTreeMap<&str, u64> = BTreeMap::new();
    for item in &inputs.run.items {
        let class = item
            .failure_class
            .map_or("unclassified", FailureClass::as_str);
        match item.outcome {
            Outcome::Failed => *failed.entry(class).or_insert(0) += 1,
            Outcome::Skipped => *skipped.entry(class).or_insert(0) += 1,
            Outcome::Verified
            | Outcome::CopiedUnverified
            | Outcome::NotRun
            | Outcome::Interrupted => {}
        }
    }
    let render = |classes: &BTreeMap<&str, u64>| {
        classes
            .iter()
            .map(|(class, count)| format!("{class} × {}", grouped(*count)))
            .collect::<Vec<_>>()
            .join(", ")
    };
    if failed.is_empty() {
        judgement.evidence(format!(
            "Failure classes: none, no item failed ({ITEMS_FILE})"
        ));
    } else {
        judgement.evidence(format!(
            "Failure classes: {} ({ITEMS_FILE})",
            render(&failed)
        ));
    }
    if let Some(count) = failed.get(FailureClass::MaybeStored.as_str()) {
        judgement.evidence(format!(
            "May be in the tenant: {} item(s) failed as maybe-stored (a write got no clear answer and the looks after it failed); check their destination_path in the tenant before a rerun counts them ({ITEMS_FILE})",
            grouped(*count)
        ));
    }
    if !skipped.is_empty() {
        judgement.evidence(format!(
            "Skipped by the pre-flight rules (rename or fix them before the migration): {} ({ITEMS_FILE})",
            render(&skipped)
        ));
    }
}

/// The throttled share of the run and of each site against the threshold.
fn throttling(judgement: &mut Judgement, inputs: &DecisionInputs<'_>) {
    let limit = inputs.readiness.max_throttled_share;
    let total = &inputs.run.summary.total.throttling;
    judgement.evidence(format!(
        "Throttled responses: {} of {} = {} (threshold at most {}, [readiness] max_throttled_share; Microsoft escalates above 30 %) ({SUMMARY_FILE})",
        grouped(total.throttled_responses),
        grouped(total.responses),
        percent(total.throttled_share),
        percent(limit),
    ));
    let mut above: Vec<String> = Vec::new();
    if total.throttled_share > limit {
        above.push(format!(
            "the run as a whole ({})",
            percent(total.throttled_share)
        ));
    }
    for site in &inputs.run.summary.sites {
        if site.throttling.throttled_share > limit {
            above.push(format!(
                "site {} ({})",
                site.results.site,
                percent(site.throttling.throttled_share)
            ));
        }
    }
    if !above.is_empty() {
        judgement.fails(format!(
            "throttled above {}: {}; the full migration would be throttled harder. Lower \
             [engine] concurrency, keep pacing on, or migrate out of hours, and run the pilot again",
            percent(limit),
            listed(&above, 6)
        ));
    }
}

/// The estimate's P90 in calendar days against the window.
fn projection(judgement: &mut Judgement, inputs: &DecisionInputs<'_>) {
    let window = inputs.readiness.window;
    match window {
        Some(window) => {
            let start = inputs
                .run_start
                .map_or_else(|| "unknown".to_string(), |day| day.to_string());
            match window.days_from(inputs.run_start) {
                Some(days) => {
                    let end = inputs
                        .run_start
                        .map(|start| format!(", to {}", start.plus_days(days - 1)))
                        .unwrap_or_default();
                    let how = match window {
                        MigrationWindow::Deadline(_) => "the deadline day included",
                        MigrationWindow::Days(_) => "as given",
                    };
                    judgement.evidence(format!(
                        "Migration window: {days} calendar days from the run's start {start}{end} ([readiness] {}, {how})",
                        window.describe()
                    ));
                    if days <= 0 {
                        judgement.fails(format!(
                            "the deadline ({}) had passed when the pilot ran ({start}); agree a new deadline",
                            window.describe()
                        ));
                    }
                }
                None => judgement.unknown(format!(
                    "the run's start date could not be read from {SUMMARY_FILE}, so the days left \
                     before the {} are not known",
                    window.describe()
                )),
            }
        }
        None => judgement.unknown(
            "no migration window: set [readiness] deadline = \"YYYY-MM-DD\" or window_days = N",
        ),
    }
    let Some(estimate) = inputs.estimate else {
        judgement.unknown(if inputs.migration_list.is_some() {
            "no estimate of the whole migration list: the pilot was not projected onto it (see \
             pilotbench estimate RUN_DIR)"
        } else {
            "no estimate of the whole migration: set [readiness] migration_list so the pilot is \
             projected onto the estate"
        });
        return;
    };
    let p50 = estimate.overall.p50_calendar_days;
    let p90 = estimate.overall.p90_calendar_days;
    if !p90.is_finite() || p90 < 0.0 {
        judgement.unknown("the estimate has no P90 in calendar days; check its warnings");
        return;
    }
    judgement.evidence(format!(
        "Projected duration of the migration list: P50 {p50:.1}, P90 {p90:.1} calendar days (estimate)"
    ));
    if let Some(days) = window.and_then(|window| window.days_from(inputs.run_start))
        && days > 0
        && p90 > days as f64
    {
        judgement.fails(format!(
            "the projected P90 ({p90:.1} calendar days) is beyond the window ({days} days); \
             widen the window, add parallel streams, or split the migration into more waves"
        ));
    }
}
