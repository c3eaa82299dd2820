//! Pilot Results: each way a pilot fails, and each missing piece of evidence.

use super::*;
use crate::vocab::scan_rule::ScanRule;

const KIND: CriterionKind = CriterionKind::PilotResults;

#[test]
fn failures_below_the_verified_share_are_no_go_and_named_by_class() {
    let mut case = Case::good();
    case.run = run_of(vec![
        site("Finance", 120, 3, 0.05),
        site("Ward 7", 80, 0, 0.05),
    ]);
    assert_verdict(&case, KIND, Verdict::NoGo, &["98.5 %", "below 99.0 %"]);
    let evidence = case.judged(KIND).evidence.join("\n");
    assert!(evidence.contains("server-error × 3"), "{evidence}");

    // Two failures in 200 is 99 %: at the threshold, Go, with the classes still shown.
    case.run = run_of(vec![
        site("Finance", 120, 2, 0.05),
        site("Ward 7", 80, 0, 0.05),
    ]);
    assert_verdict(&case, KIND, Verdict::Go, &[]);
    assert!(
        case.judged(KIND)
            .evidence
            .join("\n")
            .contains("server-error × 2")
    );
}

#[test]
fn throttling_above_the_threshold_in_one_site_is_no_go() {
    let mut case = Case::good();
    case.run = run_of(vec![
        site("Finance", 120, 0, 0.05),
        site("Ward 7", 80, 0, 0.35),
    ]);
    assert_verdict(
        &case,
        KIND,
        Verdict::NoGo,
        &["site Ward 7 (35.0 %)", "throttled above 30.0 %"],
    );

    case.readiness.max_throttled_share = 0.40;
    assert_verdict(&case, KIND, Verdict::Go, &[]);
}

#[test]
fn a_p90_beyond_the_window_is_no_go_and_within_it_go() {
    let mut case = Case::good();
    case.estimate = Some(estimate_of(91.0));
    assert_verdict(
        &case,
        KIND,
        Verdict::NoGo,
        &["91.0 calendar days", "90 days"],
    );
    case.estimate = Some(estimate_of(90.0));
    assert_verdict(&case, KIND, Verdict::Go, &[]);
}

#[test]
fn a_deadline_counts_from_the_run_start_day_inclusive() {
    let mut case = Case::good();
    // The run started 2026-01-05: to 2026-02-03 inclusive is 30 days.
    case.readiness.window = Some(MigrationWindow::Deadline(
        crate::scenario::CalendarDate::parse("2026-02-03").unwrap_or_else(|e| panic!("{e}")),
    ));
    case.estimate = Some(estimate_of(30.0));
    assert_verdict(&case, KIND, Verdict::Go, &[]);
    assert!(
        case.judged(KIND)
            .evidence
            .join("\n")
            .contains("30 calendar days from the run's start 2026-01-05, to 2026-02-03")
    );
    case.estimate = Some(estimate_of(30.5));
    assert_verdict(&case, KIND, Verdict::NoGo, &["beyond the window (30 days)"]);

    case.readiness.window = Some(MigrationWindow::Deadline(
        crate::scenario::CalendarDate::parse("2026-01-04").unwrap_or_else(|e| panic!("{e}")),
    ));
    assert_verdict(&case, KIND, Verdict::NoGo, &["had passed"]);
}

#[test]
fn a_missing_estimate_or_window_is_unknown_and_says_which() {
    let mut case = Case::good();
    case.estimate = None;
    assert_verdict(&case, KIND, Verdict::Unknown, &["no estimate"]);
    let mut case = Case::good();
    case.readiness.window = None;
    assert_verdict(&case, KIND, Verdict::Unknown, &["no migration window"]);
    // Unknown does not hide a No Go.
    case.run = run_of(vec![site("Finance", 100, 50, 0.0)]);
    assert_verdict(
        &case,
        KIND,
        Verdict::NoGo,
        &["50.0 %", "no migration window"],
    );
}

#[test]
fn an_interrupted_run_or_a_site_stopped_early_is_not_go() {
    let mut case = Case::good();
    case.run.summary.interrupted = true;
    assert_verdict(&case, KIND, Verdict::Unknown, &["interrupted"]);

    let mut case = Case::good();
    case.run.summary.sites[1].error = Some("the token was refused".to_string());
    assert_verdict(&case, KIND, Verdict::NoGo, &["Ward 7 stopped early"]);
}

#[test]
fn skipped_items_are_out_of_the_share_but_in_the_evidence() {
    let mut case = Case::good();
    case.run.summary.total.results.files_planned += 5;
    case.run.summary.total.results.files_skipped = 5;
    for index in 0..5 {
        case.run.items.push(crate::run_folder::ItemRow {
            site: "Finance".to_string(),
            source_path: format!("CON{index}"),
            destination_path: String::new(),
            size_bytes: 0,
            quick_xor_hash_source: None,
            quick_xor_hash_destination: None,
            outcome: Outcome::Skipped,
            failure_class: Some(FailureClass::Blocked(ScanRule::ReservedName)),
            attempts: 0,
            duration_ms: 0.0,
            last_error: None,
        });
    }
    assert_verdict(&case, KIND, Verdict::Go, &[]);
    let evidence = case.judged(KIND).evidence.join("\n");
    assert!(evidence.contains("reserved-name × 5"), "{evidence}");
    assert!(
        evidence.contains("200 of 200 items attempted"),
        "{evidence}"
    );
}

#[test]
fn a_pilot_with_no_items_is_unknown() {
    let mut case = Case::good();
    case.run = run_of(vec![site("Empty", 0, 0, 0.0)]);
    assert_verdict(&case, KIND, Verdict::Unknown, &["attempted no items"]);
}
