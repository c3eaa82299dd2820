//! `[readiness]` checked: the evidence files (resolved against the scenario's folder), the
//! migration window (a deadline or a number of days, not both), the thresholds (shares from 0
//! to 1), the licensing figures and the checklist. Each refused value is placed at its
//! `line:column`; defaults are in [`super::readiness_model`].

use std::path::{Path, PathBuf};

use toml::Spanned;

use super::checker::Checker;
use super::dates::CalendarDate;
use super::paths::resolve;
use super::raw::{RawChecklist, RawLicensing, RawReadiness};
use super::readiness_model::{Checklist, Licensing, MigrationWindow, Readiness};

/// The longest window accepted, in days (ten years): beyond it a typo is likelier than a plan.
const MAX_WINDOW_DAYS: i64 = 3_650;

/// Checks `[readiness]`; `None` when anything in it is wrong (each problem recorded).
pub(crate) fn check_readiness(
    checker: &mut Checker<'_>,
    raw: RawReadiness,
    folder: &Path,
) -> Option<Readiness> {
    let defaults = Readiness::default();
    let errors_before = checker.error_count();
    let migration_list = raw
        .migration_list
        .and_then(|value| evidence_file(checker, &value, "migration_list", folder));
    let issues_log = raw
        .issues_log
        .and_then(|value| evidence_file(checker, &value, "issues_log", folder));
    let window = check_window(checker, raw.deadline, raw.window_days);
    let share = |checker: &mut Checker<'_>, value: Option<Spanned<f64>>, key, default| {
        value
            .and_then(|value| checker.fraction(&value, key))
            .unwrap_or(default)
    };
    let min_verified_share = share(
        checker,
        raw.min_verified_share,
        "min_verified_share",
        defaults.min_verified_share,
    );
    let max_throttled_share = share(
        checker,
        raw.max_throttled_share,
        "max_throttled_share",
        defaults.max_throttled_share,
    );
    let min_signed_off_share = share(
        checker,
        raw.min_signed_off_share,
        "min_signed_off_share",
        defaults.min_signed_off_share,
    );
    let licensing = raw
        .licensing
        .map(|value| check_licensing(checker, value.into_inner()))
        .unwrap_or_default();
    let checklist = raw
        .checklist
        .map(|value| checklist(value.into_inner()))
        .unwrap_or_default();
    if checker.error_count() > errors_before {
        return None;
    }
    Some(Readiness {
        migration_list,
        issues_log,
        window,
        min_verified_share,
        max_throttled_share,
        min_signed_off_share,
        licensing,
        checklist,
    })
}

/// A CSV path: not empty, resolved against the scenario's folder (existence is checked when
/// the file is read, so a scenario can be validated before the list is written).
fn evidence_file(
    checker: &mut Checker<'_>,
    value: &Spanned<String>,
    key: &str,
    folder: &Path,
) -> Option<PathBuf> {
    let text = value.get_ref().trim();
    if text.is_empty() {
        checker.error(
            value.span(),
            format!(
                "{key} is empty; name a CSV file (relative to the scenario's folder), or leave the key out"
            ),
        );
        return None;
    }
    Some(resolve(folder, Path::new(text)))
}

fn check_window(
    checker: &mut Checker<'_>,
    deadline: Option<Spanned<toml::Value>>,
    window_days: Option<Spanned<i64>>,
) -> Option<MigrationWindow> {
    if let (Some(deadline), Some(days)) = (&deadline, &window_days) {
        let (first, second) = if deadline.span().start < days.span().start {
            ("deadline", days.span())
        } else {
            ("window_days", deadline.span())
        };
        checker.error(
            second,
            format!(
                "deadline and window_days are both given ({first} comes first); keep one: \
                 deadline = \"YYYY-MM-DD\" or window_days = N calendar days from the run's start"
            ),
        );
        return None;
    }
    if let Some(deadline) = deadline {
        let text = match deadline.get_ref() {
            toml::Value::String(text) => text.clone(),
            toml::Value::Datetime(datetime) if datetime.time.is_none() => datetime.to_string(),
            _ => {
                checker.error(
                    deadline.span(),
                    "deadline must be a date; write deadline = \"YYYY-MM-DD\", like \"2026-03-31\"",
                );
                return None;
            }
        };
        return match CalendarDate::parse(&text) {
            Ok(date) => Some(MigrationWindow::Deadline(date)),
            Err(reason) => {
                checker.error(deadline.span(), format!("deadline: {reason}"));
                None
            }
        };
    }
    let days = window_days?;
    match u32::try_from(*days.get_ref()) {
        Ok(count) if (1..=MAX_WINDOW_DAYS).contains(&i64::from(count)) => {
            Some(MigrationWindow::Days(count))
        }
        _ => {
            checker.error(
                days.span(),
                format!(
                    "window_days = {} is out of range; write the calendar days allowed from the run's \
                     start, 1 to {MAX_WINDOW_DAYS} (e.g. 90)",
                    days.get_ref()
                ),
            );
            None
        }
    }
}

fn check_licensing(checker: &mut Checker<'_>, raw: RawLicensing) -> Licensing {
    let defaults = Licensing::default();
    let onedrive_quota = match raw.onedrive_quota {
        Some(value) => match checker.size(&value, "onedrive_quota") {
            Some(0) => {
                checker.error(
                    value.span(),
                    "onedrive_quota is 0; write the licensed OneDrive storage per user, like \"2GB\" (F3)",
                );
                defaults.onedrive_quota
            }
            Some(bytes) => bytes,
            None => defaults.onedrive_quota,
        },
        None => defaults.onedrive_quota,
    };
    Licensing {
        licences_available: raw
            .licences_available
            .and_then(|value| count(checker, &value, "licences_available")),
        users_to_migrate: raw
            .users_to_migrate
            .and_then(|value| count(checker, &value, "users_to_migrate")),
        onedrive_quota,
    }
}

/// A whole number of 0 or more.
fn count(checker: &mut Checker<'_>, value: &Spanned<i64>, key: &str) -> Option<u64> {
    match u64::try_from(*value.get_ref()) {
        Ok(count) => Some(count),
        Err(_) => {
            checker.error(
                value.span(),
                format!("{key} = {} is negative; write 0 or more", value.get_ref()),
            );
            None
        }
    }
}

fn checklist(raw: RawChecklist) -> Checklist {
    let answer = |value: Option<Spanned<bool>>| value.map(Spanned::into_inner);
    Checklist {
        sponsors_and_champions: answer(raw.sponsors_and_champions),
        scenarios_and_success_criteria: answer(raw.scenarios_and_success_criteria),
        awareness_campaign: answer(raw.awareness_campaign),
        training_and_helpdesk: answer(raw.training_and_helpdesk),
        la_pla_support: answer(raw.la_pla_support),
        tooling_approved_or_assessed: answer(raw.tooling_approved_or_assessed),
        app_registration_consented: answer(raw.app_registration_consented),
    }
}
