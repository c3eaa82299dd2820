//! Outstanding Issues, Migration List Completion, Licensing and Technical Readiness: the
//! change that flips each to No Go, and the missing evidence that makes it Unknown.

use super::*;

#[test]
fn an_open_high_or_critical_issue_is_no_go_and_minor_ones_are_not() {
    const KIND: CriterionKind = CriterionKind::OutstandingIssues;
    let mut case = Case::good();
    case.log = Some(log_of(&format!(
        "{GOOD_LOG}ISS-3,App consent pending,critical,in-progress,\n"
    )));
    assert_verdict(
        &case,
        KIND,
        Verdict::NoGo,
        &[
            "ISS-3 \"App consent pending\"",
            "critical",
            "no owner",
            "line 4",
        ],
    );
    assert_eq!(case.decide().headline(), "Not Good to Go");

    case.log = Some(log_of(&format!(
        "{GOOD_LOG}ISS-3,Old blocker,critical,resolved,X\nISS-4,Icons,medium,open,Y\n"
    )));
    assert_verdict(&case, KIND, Verdict::Go, &[]);
    assert!(case.judged(KIND).evidence.join("\n").contains("ISS-4"));
}

#[test]
fn issues_log_rows_not_read_are_unknown_unless_already_no_go() {
    const KIND: CriterionKind = CriterionKind::OutstandingIssues;
    let mut case = Case::good();
    case.log = Some(log_of(&format!(
        "{GOOD_LOG}ISS-3,Something,severe,open,X\n"
    )));
    assert_verdict(
        &case,
        KIND,
        Verdict::Unknown,
        &["could not be read (lines 4)"],
    );
    assert!(
        case.judged(KIND)
            .evidence
            .join("\n")
            .contains("issues.csv:4: severity \"severe\"")
    );

    case.log = Some(log_of(&format!(
        "{GOOD_LOG}ISS-3,Something,severe,open,X\nISS-4,Blocker,high,open,Y\n"
    )));
    assert_verdict(&case, KIND, Verdict::NoGo, &["ISS-4", "could not be read"]);

    case.log = None;
    assert_verdict(&case, KIND, Verdict::Unknown, &["no issues log"]);
}

#[test]
fn an_unmapped_row_or_too_few_signed_off_is_no_go() {
    const KIND: CriterionKind = CriterionKind::MigrationListCompletion;
    let mut case = Case::good();
    case.list = Some(list_of(&format!(
        "{GOOD_LIST}Pharmacy,sharepoint,10,1 MiB,P. Owner,,unmapped\n"
    )));
    assert_verdict(
        &case,
        KIND,
        Verdict::NoGo,
        &[
            "no destination mapped: Pharmacy (line 6)",
            "not yet signed off: Pharmacy",
        ],
    );

    case.list = Some(list_of(&format!(
        "{GOOD_LIST}Pharmacy,sharepoint,10,1 MiB,P. Owner,https://t/sites/ph,mapped\n"
    )));
    assert_verdict(&case, KIND, Verdict::NoGo, &["80.0 %", "below 100.0 %"]);
    case.readiness.min_signed_off_share = 0.8;
    assert_verdict(&case, KIND, Verdict::Go, &[]);
}

#[test]
fn malformed_list_rows_make_it_incomplete_and_no_list_is_unknown() {
    const KIND: CriterionKind = CriterionKind::MigrationListCompletion;
    let mut case = Case::good();
    case.list = Some(list_of(&format!(
        "{GOOD_LIST}Pharmacy,sharepoint,lots,1 MiB,P,https://t/p,signed-off\n"
    )));
    assert_verdict(&case, KIND, Verdict::NoGo, &["could not be read (lines 6)"]);
    assert!(
        case.judged(KIND)
            .evidence
            .join("\n")
            .contains("estate.csv:6: items \"lots\"")
    );

    case.list = Some(list_of(
        "site,workload,items,bytes,owner,destination,status\n",
    ));
    assert_verdict(&case, KIND, Verdict::NoGo, &["no rows"]);

    case.list = None;
    assert_verdict(&case, KIND, Verdict::Unknown, &["no migration list"]);
}

#[test]
fn too_few_licences_or_a_onedrive_over_quota_is_no_go() {
    const KIND: CriterionKind = CriterionKind::Licensing;
    let mut case = Case::good();
    case.readiness.licensing.licences_available = Some(1);
    assert_verdict(
        &case,
        KIND,
        Verdict::NoGo,
        &["1 licences for 2 users: 1 short"],
    );

    let mut case = Case::good();
    case.list = Some(list_of(&format!(
        "{GOOD_LIST}big.user,onedrive,10,2.5 GB,B,big.user@x,signed-off\n"
    )));
    assert_verdict(&case, KIND, Verdict::NoGo, &["big.user (2.3 GiB, line 6)"]);
    // 2 GiB is above the default quota's 2,000,000,000 bytes, and within a 5 GB one.
    case.list = Some(list_of(&format!(
        "{GOOD_LIST}big.user,onedrive,10,2 GiB,B,big.user@x,signed-off\n"
    )));
    assert_verdict(&case, KIND, Verdict::NoGo, &["big.user"]);
    case.readiness.licensing.onedrive_quota = 5_000_000_000;
    assert_verdict(&case, KIND, Verdict::Go, &[]);
    assert!(
        case.judged(KIND)
            .evidence
            .join("\n")
            .contains("Users to migrate: 3 (the onedrive rows of estate.csv)")
    );
}

#[test]
fn licensing_is_unknown_without_figures_and_users_can_be_given() {
    const KIND: CriterionKind = CriterionKind::Licensing;
    let mut case = Case::good();
    case.readiness.licensing.licences_available = None;
    assert_verdict(&case, KIND, Verdict::Unknown, &["licences_available"]);

    let mut case = Case::good();
    case.list = None;
    assert_verdict(
        &case,
        KIND,
        Verdict::Unknown,
        &["users to migrate not known"],
    );
    case.readiness.licensing.users_to_migrate = Some(10);
    assert_verdict(&case, KIND, Verdict::Go, &[]);
    assert!(
        case.judged(KIND)
            .evidence
            .join("\n")
            .contains("quota was not checked")
    );
    case.readiness.licensing.users_to_migrate = Some(11);
    assert_verdict(&case, KIND, Verdict::NoGo, &["10 licences for 11 users"]);

    // Malformed list rows may hide OneDrive users when the count comes from the list.
    let mut case = Case::good();
    case.list = Some(list_of(&format!(
        "{GOOD_LIST}x,onedrive,1,oops,X,x@y,mapped\n"
    )));
    assert_verdict(
        &case,
        KIND,
        Verdict::Unknown,
        &["may be missing from the count"],
    );
}

#[test]
fn a_checklist_false_is_no_go_and_a_missing_key_unknown_each_named() {
    const KIND: CriterionKind = CriterionKind::TechnicalReadiness;
    let mut case = Case::good();
    case.readiness.checklist.training_and_helpdesk = Some(false);
    case.readiness.checklist.la_pla_support = None;
    assert_verdict(
        &case,
        KIND,
        Verdict::NoGo,
        &[
            "not done: training_and_helpdesk",
            "not answered in [readiness.checklist]: la_pla_support",
        ],
    );

    case.readiness.checklist.training_and_helpdesk = Some(true);
    assert_verdict(&case, KIND, Verdict::Unknown, &["la_pla_support"]);
    let evidence = case.judged(KIND).evidence;
    assert_eq!(evidence.len(), 7);
    assert!(evidence[4].contains("not answered"), "{evidence:?}");
}

#[test]
fn one_no_go_makes_the_whole_decision_no_go() {
    let mut case = Case::good();
    case.readiness.checklist.app_registration_consented = Some(false);
    case.estimate = None;
    let decision = case.decide();
    assert_eq!(decision.overall(), Verdict::NoGo);
    assert_eq!(decision.headline(), "Not Good to Go");
}
