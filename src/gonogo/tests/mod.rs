//! Tests of the decision: a base case that is Good to Go, built by hand (a run folder's
//! evidence, an estimate, a migration list, an issues log, `[readiness]`), and per criterion
//! the changes that flip it to No Go and the missing evidence that makes it Unknown.

mod criteria;
mod pilot;

use std::path::{Path, PathBuf};

use super::*;
use crate::estimate::{Estimate, Projection};
use crate::inputs::issues_log::{self, IssuesLog};
use crate::inputs::migration_list::{ListWorkload, MigrationList};
use crate::run_folder::{
    EngineInfo, ItemRow, PilotInfo, PilotResultRow, RetryInfo, RowWorkload, RunEvidence,
    RunSummary, ScenarioInfo, SiteSummary, TargetInfo, ThrottlingSummary,
};
use crate::scenario::{Checklist, Licensing, MigrationWindow, Readiness, SiteMode, Workload};
use crate::vocab::conflict::ConflictBehavior;
use crate::vocab::outcome::{FailureClass, Outcome};

/// One site's figures: `planned` items, of which `failed` failed and the rest verified.
pub(super) fn site(name: &str, planned: u64, failed: u64, throttled_share: f64) -> SiteSummary {
    let responses = planned * 2;
    SiteSummary {
        results: PilotResultRow {
            site: name.to_string(),
            workload: RowWorkload::Site(Workload::SharePoint),
            source: "synthetic".to_string(),
            files_planned: planned,
            files_verified: planned - failed,
            files_failed: failed,
            bytes_copied: planned * 1024,
            duration_s: 10.0,
            files_per_s: planned as f64 / 10.0,
            mib_per_s: 0.1,
            requests: responses,
            throttled_responses: (responses as f64 * throttled_share) as u64,
            failure_rate: failed as f64 / planned.max(1) as f64,
            ..PilotResultRow::default()
        },
        throttling: ThrottlingSummary {
            responses,
            throttled_responses: (responses as f64 * throttled_share) as u64,
            throttled_share,
            escalation_share: 0.30,
            above_escalation: throttled_share > 0.30,
            ..ThrottlingSummary::default()
        },
        ..SiteSummary::default()
    }
}

/// The totals of `sites`, as `summary.json` writes them under `TOTAL`.
pub(super) fn total(sites: &[SiteSummary]) -> SiteSummary {
    let mut total = site("TOTAL", 0, 0, 0.0);
    for site in sites {
        total.results.files_planned += site.results.files_planned;
        total.results.files_verified += site.results.files_verified;
        total.results.files_unverified += site.results.files_unverified;
        total.results.files_failed += site.results.files_failed;
        total.results.files_skipped += site.results.files_skipped;
        total.results.files_not_run += site.results.files_not_run;
        total.throttling.responses += site.throttling.responses;
        total.throttling.throttled_responses += site.throttling.throttled_responses;
    }
    total.throttling.throttled_share =
        total.throttling.throttled_responses as f64 / total.throttling.responses.max(1) as f64;
    total
}

/// A finished run of `sites`, started 2026-01-05, one `items.csv` row per item.
pub(super) fn run_of(sites: Vec<SiteSummary>) -> RunEvidence {
    let mut items = Vec::new();
    for site in &sites {
        for index in 0..site.results.files_planned {
            let failed = index < site.results.files_failed;
            items.push(ItemRow {
                site: site.results.site.clone(),
                source_path: format!("f{index}.docx"),
                destination_path: format!("pilot/f{index}.docx"),
                size_bytes: 1024,
                quick_xor_hash_source: None,
                quick_xor_hash_destination: None,
                outcome: if failed {
                    Outcome::Failed
                } else {
                    Outcome::Verified
                },
                failure_class: failed.then_some(FailureClass::ServerError),
                attempts: 1,
                duration_ms: 10.0,
                last_error: None,
            });
        }
    }
    RunEvidence {
        dir: PathBuf::from("pilot-results/run"),
        summary: RunSummary {
            pilotbench_version: "0.1.0".to_string(),
            run_id: String::new(),
            inputs: Vec::new(),
            tenant_run_folder: None,
            scenario: ScenarioInfo {
                path: "/work/scenarios/example.toml".to_string(),
                sha256: "00".repeat(32),
            },
            pilot: PilotInfo {
                name: "Test POC".to_string(),
                organisation: "Example NHS Trust".to_string(),
            },
            target: TargetInfo {
                kind: "simulated".to_string(),
                description: "simulated tenant".to_string(),
            },
            engine: EngineInfo {
                concurrency: 8,
                simple_upload_max_bytes: 4 * 1024 * 1024,
                chunk_size_bytes: 10 * 1024 * 1024,
                conflict: Some(ConflictBehavior::Fail),
                sites: SiteMode::Sequential,
                request_timeout_s: 120.0,
                retry: RetryInfo::default(),
                pacing: true,
                run_folder: false,
            },
            started_utc: "2026-01-05T09:00:00.000Z".to_string(),
            ended_utc: "2026-01-05T09:10:00.000Z".to_string(),
            interrupted: false,
            peak_rss_bytes: None,
            total: total(&sites),
            sites,
            latency_clamped: 0,
        },
        items,
    }
}

/// An estimate whose whole-list P90 is `p90_days` calendar days.
pub(crate) fn estimate_of(p90_days: f64) -> Estimate {
    Estimate {
        overall: Projection {
            p50_us: 1,
            p90_us: 2,
            p50_calendar_days: p90_days * 0.8,
            p90_calendar_days: p90_days,
        },
        ..Estimate::default()
    }
}

/// A four-row estate, every row signed off; two OneDrives of 1.5 GB and 300 MB.
pub(super) const GOOD_LIST: &str = "site,workload,items,bytes,owner,destination,status\n\
    Finance,sharepoint,12000,40 GiB,A. Patel,https://t/sites/finance,signed-off\n\
    Estates share,files,8000,25 GiB,B. Jones,https://t/sites/estates,signed-off\n\
    jo.bloggs,onedrive,900,1.5 GB,J. Bloggs,jo.bloggs@example.nhs.uk,signed-off\n\
    sam.smith,onedrive,300,300 MB,S. Smith,sam.smith@example.nhs.uk,signed-off\n";

/// Two issues, both closed or minor.
pub(crate) const GOOD_LOG: &str = "id,title,severity,status,owner\n\
    ISS-1,Firewall rule for Graph,high,closed,Network team\n\
    ISS-2,Desktop shortcuts to update,low,open,Service desk\n";

pub(super) fn list_of(text: &str) -> MigrationList {
    crate::inputs::migration_list::parse(Path::new("estate.csv"), text.as_bytes())
        .unwrap_or_else(|error| panic!("{error}"))
}

pub(crate) fn log_of(text: &str) -> IssuesLog {
    issues_log::parse(Path::new("issues.csv"), text.as_bytes())
        .unwrap_or_else(|error| panic!("{error}"))
}

/// Everything a decision looks at, owned, starting from a Good to Go case.
pub(crate) struct Case {
    pub run: RunEvidence,
    pub estimate: Option<Estimate>,
    pub list: Option<MigrationList>,
    pub log: Option<IssuesLog>,
    pub readiness: Readiness,
}

impl Case {
    /// Good to Go: 200 items all verified, 5 % throttled, P90 30 days in a 90-day window,
    /// every list row signed off, no blocking issue, 10 licences for 2 users, checklist done.
    pub(crate) fn good() -> Case {
        Case {
            run: run_of(vec![
                site("Finance", 120, 0, 0.05),
                site("Ward 7", 80, 0, 0.05),
            ]),
            estimate: Some(estimate_of(30.0)),
            list: Some(list_of(GOOD_LIST)),
            log: Some(log_of(GOOD_LOG)),
            readiness: Readiness {
                window: Some(MigrationWindow::Days(90)),
                licensing: Licensing {
                    licences_available: Some(10),
                    ..Licensing::default()
                },
                checklist: all_done(),
                ..Readiness::default()
            },
        }
    }

    pub(crate) fn decide(&self) -> Decision {
        decide(&DecisionInputs {
            run: &self.run,
            estimate: self.estimate.as_ref(),
            migration_list: self.list.as_ref(),
            issues_log: self.log.as_ref(),
            readiness: &self.readiness,
            run_start: run_start_date(&self.run),
        })
    }

    /// The criterion of `kind`.
    pub(super) fn judged(&self, kind: CriterionKind) -> Criterion {
        self.decide()
            .criteria
            .into_iter()
            .find(|criterion| criterion.kind == kind)
            .unwrap_or_else(|| panic!("{kind:?} was not judged"))
    }
}

pub(super) fn all_done() -> Checklist {
    Checklist {
        sponsors_and_champions: Some(true),
        scenarios_and_success_criteria: Some(true),
        awareness_campaign: Some(true),
        training_and_helpdesk: Some(true),
        la_pla_support: Some(true),
        tooling_approved_or_assessed: Some(true),
        app_registration_consented: Some(true),
    }
}

/// Asserts the verdict of `kind` and that its reasons mention every word.
pub(super) fn assert_verdict(case: &Case, kind: CriterionKind, verdict: Verdict, words: &[&str]) {
    let criterion = case.judged(kind);
    assert_eq!(criterion.verdict, verdict, "{criterion:#?}");
    let reasons = criterion.reasons.join("\n");
    for word in words {
        assert!(
            reasons.contains(word),
            "{word:?} not in reasons of {criterion:#?}"
        );
    }
    if verdict == Verdict::Go {
        assert!(criterion.reasons.is_empty(), "{criterion:#?}");
    } else {
        assert!(!criterion.reasons.is_empty(), "{criterion:#?}");
    }
}

#[test]
fn the_base_case_is_good_to_go_with_evidence_for_every_criterion() {
    let decision = Case::good().decide();
    let kinds: Vec<CriterionKind> = decision.criteria.iter().map(|c| c.kind).collect();
    assert_eq!(kinds, CriterionKind::ALL);
    for criterion in &decision.criteria {
        assert_eq!(criterion.verdict, Verdict::Go, "{criterion:#?}");
        assert!(!criterion.evidence.is_empty(), "{criterion:#?}");
    }
    assert_eq!(decision.overall(), Verdict::Go);
    assert_eq!(decision.headline(), "Good to Go");
}

#[test]
fn nothing_given_is_unknown_everywhere_but_never_go() {
    let case = Case {
        run: run_of(vec![site("Finance", 10, 0, 0.0)]),
        estimate: None,
        list: None,
        log: None,
        readiness: Readiness::default(),
    };
    let decision = case.decide();
    for criterion in &decision.criteria {
        assert_eq!(criterion.verdict, Verdict::Unknown, "{criterion:#?}");
    }
    assert_eq!(decision.overall(), Verdict::Unknown);
    assert_eq!(decision.headline(), "Not Good to Go");
}

#[test]
fn the_example_inputs_load_cleanly_and_leave_only_sign_off_open() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let scenario = crate::scenario::load(&root.join("scenarios/example.toml"))
        .unwrap_or_else(|error| panic!("{error}"));
    let readiness = scenario
        .readiness
        .unwrap_or_else(|| panic!("[readiness] in the example"));
    let list = crate::inputs::migration_list::load(
        readiness
            .migration_list
            .as_deref()
            .unwrap_or_else(|| panic!("a list")),
    )
    .unwrap_or_else(|error| panic!("{error}"));
    let log = issues_log::load(
        readiness
            .issues_log
            .as_deref()
            .unwrap_or_else(|| panic!("a log")),
    )
    .unwrap_or_else(|error| panic!("{error}"));
    assert!(list.problems.is_empty(), "{:?}", list.problem_lines());
    assert!(log.problems.is_empty(), "{:?}", log.problem_lines());
    assert!((15..=30).contains(&list.rows.len()));
    assert!(list.rows.iter().all(|row| row.profile.is_some()));
    for workload in [
        ListWorkload::SharePoint,
        ListWorkload::Files,
        ListWorkload::Teams,
        ListWorkload::OneDrive,
    ] {
        assert!(
            list.rows.iter().any(|row| row.workload == workload),
            "{workload:?}"
        );
    }
    let mut case = Case::good();
    case.list = Some(list);
    case.log = Some(log);
    case.readiness = readiness;
    assert_verdict(&case, CriterionKind::OutstandingIssues, Verdict::Go, &[]);
    assert_verdict(&case, CriterionKind::Licensing, Verdict::Go, &[]);
    assert_verdict(&case, CriterionKind::TechnicalReadiness, Verdict::Go, &[]);
    assert_verdict(
        &case,
        CriterionKind::MigrationListCompletion,
        Verdict::NoGo,
        &[
            "not yet signed off: Communications",
            "Medical Records share",
        ],
    );
}
