//! `[readiness]` validated: the evidence files, the migration window and the thresholds the
//! Go/No-Go decision judges against, the licensing figures and the technical-readiness
//! checklist. Every key is optional; what is missing is `Unknown` in the decision, never a
//! quiet Go. The defaults are here, with why, and in README ("Go/No-Go decision").

use std::path::PathBuf;

use super::dates::CalendarDate;
use crate::vocab::throttling::THROTTLING_ESCALATION_SHARE;

/// Default [`Readiness::min_verified_share`]: 99 % of the pilot's attempted items verified.
/// A five-site pilot is small; one item in a hundred may need a retry or a fix-up, and each
/// such item is listed by failure class, but more than that is a pattern to explain first.
pub const DEFAULT_MIN_VERIFIED_SHARE: f64 = 0.99;

/// Default [`Readiness::max_throttled_share`]: Microsoft's escalation level (30 % of requests
/// throttled), [`THROTTLING_ESCALATION_SHARE`].
pub const DEFAULT_MAX_THROTTLED_SHARE: f64 = THROTTLING_ESCALATION_SHARE;

/// Default [`Readiness::min_signed_off_share`]: every row signed off. A completed migration
/// list is one whose every mapping its owner has agreed.
pub const DEFAULT_MIN_SIGNED_OFF_SHARE: f64 = 1.0;

/// Default [`Licensing::onedrive_quota`]: 2 GB, the OneDrive storage of the F3 licence that
/// NHSmail standard users hold (`docs/graph-notes.md` §9), read as decimal gigabytes
/// (2,000,000,000 bytes): the smaller reading, so a OneDrive judged to fit fits either way.
pub const DEFAULT_ONEDRIVE_QUOTA: u64 = 2_000_000_000;

/// `[readiness]`.
#[derive(Debug, Clone, PartialEq)]
pub struct Readiness {
    /// `migration_list`: the estate as a CSV, resolved against the scenario's folder.
    pub migration_list: Option<PathBuf>,
    /// `issues_log`: the project's issues as a CSV, resolved against the scenario's folder.
    pub issues_log: Option<PathBuf>,
    /// `deadline` or `window_days`: when the migration must be done.
    pub window: Option<MigrationWindow>,
    /// `min_verified_share`: verified share of the pilot's attempted items, at least.
    pub min_verified_share: f64,
    /// `max_throttled_share`: throttled share of responses (the run's and each site's), at most.
    pub max_throttled_share: f64,
    /// `min_signed_off_share`: signed-off share of the migration list's rows, at least.
    pub min_signed_off_share: f64,
    /// `[readiness.licensing]`.
    pub licensing: Licensing,
    /// `[readiness.checklist]`.
    pub checklist: Checklist,
}

impl Default for Readiness {
    fn default() -> Self {
        Readiness {
            migration_list: None,
            issues_log: None,
            window: None,
            min_verified_share: DEFAULT_MIN_VERIFIED_SHARE,
            max_throttled_share: DEFAULT_MAX_THROTTLED_SHARE,
            min_signed_off_share: DEFAULT_MIN_SIGNED_OFF_SHARE,
            licensing: Licensing::default(),
            checklist: Checklist::default(),
        }
    }
}

/// The time allowed for the whole migration.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MigrationWindow {
    /// `deadline = "YYYY-MM-DD"`: done by the end of that day.
    Deadline(CalendarDate),
    /// `window_days = N`: calendar days from the run's start.
    Days(u32),
}

impl MigrationWindow {
    /// Calendar days allowed from `start` (the run's start day); `None` for a deadline when
    /// the start is not known. The deadline day itself counts.
    pub fn days_from(self, start: Option<CalendarDate>) -> Option<i64> {
        match self {
            MigrationWindow::Days(days) => Some(i64::from(days)),
            MigrationWindow::Deadline(deadline) => {
                start.map(|start| start.days_until(deadline) + 1)
            }
        }
    }

    /// As written in the scenario, for evidence lines.
    pub fn describe(self) -> String {
        match self {
            MigrationWindow::Deadline(deadline) => format!("deadline {deadline}"),
            MigrationWindow::Days(days) => format!("window_days = {days}"),
        }
    }
}

/// `[readiness.licensing]`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Licensing {
    /// `licences_available`: licences the organisation holds for the migrated users.
    pub licences_available: Option<u64>,
    /// `users_to_migrate`: when absent, the number of `onedrive` rows in the migration list.
    pub users_to_migrate: Option<u64>,
    /// `onedrive_quota`: the licensed OneDrive storage per user, bytes.
    pub onedrive_quota: u64,
}

impl Default for Licensing {
    fn default() -> Self {
        Licensing {
            licences_available: None,
            users_to_migrate: None,
            onedrive_quota: DEFAULT_ONEDRIVE_QUOTA,
        }
    }
}

/// `[readiness.checklist]`: the on-boarding guidance's recommendations, each answered `true`
/// or `false`; a key left out is not known.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Checklist {
    /// Sponsors and champions recruited and empowered.
    pub sponsors_and_champions: Option<bool>,
    /// Scenarios prioritised, success criteria defined.
    pub scenarios_and_success_criteria: Option<bool>,
    /// Communication campaign and post-deployment notification planned.
    pub awareness_campaign: Option<bool>,
    /// End users trained, helpdesk ready.
    pub training_and_helpdesk: Option<bool>,
    /// Primary and Local Administrator (LA/PLA) support in place.
    pub la_pla_support: Option<bool>,
    /// Migration tooling on the approved list, or through the application assessment.
    pub tooling_approved_or_assessed: Option<bool>,
    /// The migration app registration's permissions consented in the tenant.
    pub app_registration_consented: Option<bool>,
}

/// One checklist entry: its key, the recommendation in words, the answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ChecklistItem {
    /// The scenario key.
    pub key: &'static str,
    /// The recommendation, in the guidance's terms.
    pub recommendation: &'static str,
    /// `Some(true)` done, `Some(false)` not done, `None` not known.
    pub answer: Option<bool>,
}

impl Checklist {
    /// The scenario keys, in the guidance's order.
    pub const KEYS: [&'static str; 7] = [
        "sponsors_and_champions",
        "scenarios_and_success_criteria",
        "awareness_campaign",
        "training_and_helpdesk",
        "la_pla_support",
        "tooling_approved_or_assessed",
        "app_registration_consented",
    ];

    /// Every entry, in the guidance's order.
    pub fn items(&self) -> [ChecklistItem; 7] {
        let item = |key, recommendation, answer| ChecklistItem {
            key,
            recommendation,
            answer,
        };
        [
            item(
                Self::KEYS[0],
                "sponsors and champions recruited and empowered",
                self.sponsors_and_champions,
            ),
            item(
                Self::KEYS[1],
                "scenarios prioritised and success criteria defined",
                self.scenarios_and_success_criteria,
            ),
            item(
                Self::KEYS[2],
                "awareness campaign and post-deployment notification planned",
                self.awareness_campaign,
            ),
            item(
                Self::KEYS[3],
                "end users trained and helpdesk ready",
                self.training_and_helpdesk,
            ),
            item(
                Self::KEYS[4],
                "Primary and Local Administrator (LA/PLA) support in place",
                self.la_pla_support,
            ),
            item(
                Self::KEYS[5],
                "tooling approved, or through the application assessment",
                self.tooling_approved_or_assessed,
            ),
            item(
                Self::KEYS[6],
                "migration app registration consented",
                self.app_registration_consented,
            ),
        ]
    }
}
