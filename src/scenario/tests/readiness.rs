//! `[readiness]`: defaults, paths resolved against the scenario's folder, the window (a
//! deadline or days, not both), shares in range, licensing and the checklist, unknown keys.

use super::*;

fn readiness(body: &str) -> String {
    with(&format!("[readiness]\n{body}\n"))
}

#[test]
fn no_section_is_none_and_an_empty_one_takes_the_defaults() {
    assert_eq!(accepted(&with("")).readiness, None);
    let defaults = accepted(&readiness(""))
        .readiness
        .unwrap_or_else(|| panic!("section given"));
    assert_eq!(defaults, Readiness::default());
    assert_eq!(defaults.min_verified_share, 0.99);
    assert_eq!(defaults.max_throttled_share, 0.30);
    assert_eq!(defaults.min_signed_off_share, 1.0);
    assert_eq!(defaults.licensing.onedrive_quota, 2_000_000_000);
    assert_eq!(defaults.checklist, Checklist::default());
}

#[test]
fn every_key_is_read_and_paths_resolve_against_the_scenario_folder() {
    let text = readiness(
        "migration_list = \"estate/list.csv\"\nissues_log = \"../logs/issues.csv\"\n\
         deadline = \"2026-03-31\"\nmin_verified_share = 0.995\nmax_throttled_share = 0.2\n\
         min_signed_off_share = 0.9\n\
         [readiness.licensing]\nlicences_available = 1200\nusers_to_migrate = 1100\nonedrive_quota = \"1TB\"\n\
         [readiness.checklist]\nsponsors_and_champions = true\nla_pla_support = false\n",
    );
    let scenario = accepted(&text);
    let readiness = scenario
        .readiness
        .unwrap_or_else(|| panic!("section given"));
    let folder = std::path::absolute("scenarios").unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        readiness.migration_list,
        Some(folder.join("estate/list.csv"))
    );
    assert_eq!(
        readiness.issues_log,
        folder.parent().map(|root| root.join("logs/issues.csv"))
    );
    assert_eq!(
        readiness.window,
        Some(MigrationWindow::Deadline(CalendarDate {
            year: 2026,
            month: 3,
            day: 31
        }))
    );
    assert_eq!(readiness.min_verified_share, 0.995);
    assert_eq!(readiness.max_throttled_share, 0.2);
    assert_eq!(readiness.min_signed_off_share, 0.9);
    assert_eq!(readiness.licensing.licences_available, Some(1200));
    assert_eq!(readiness.licensing.users_to_migrate, Some(1100));
    assert_eq!(readiness.licensing.onedrive_quota, 1_000_000_000_000);
    assert_eq!(readiness.checklist.sponsors_and_champions, Some(true));
    assert_eq!(readiness.checklist.la_pla_support, Some(false));
    assert_eq!(readiness.checklist.awareness_campaign, None);
}

#[test]
fn a_bare_toml_date_and_window_days_are_accepted() {
    let window = |body: &str| accepted(&readiness(body)).readiness.and_then(|r| r.window);
    assert_eq!(
        window("deadline = 2026-03-31"),
        Some(MigrationWindow::Deadline(CalendarDate {
            year: 2026,
            month: 3,
            day: 31
        }))
    );
    assert_eq!(window("window_days = 90"), Some(MigrationWindow::Days(90)));
}

#[test]
fn deadline_and_window_days_together_are_refused_at_the_second() {
    let text = readiness("deadline = \"2026-03-31\"\nwindow_days = 90");
    assert_at(
        &only_problem(&text),
        &text,
        "90",
        0,
        &["both given", "keep one"],
    );
}

#[test]
fn bad_values_are_placed_and_explained() {
    let cases: [(&str, &str, &[&str]); 8] = [
        (
            "deadline = \"31/03/2026\"",
            "\"31/03/2026\"",
            &["deadline", "YYYY-MM-DD"],
        ),
        (
            "deadline = \"2026-02-30\"",
            "\"2026-02-30\"",
            &["not a day of the calendar"],
        ),
        (
            "deadline = 2026-03-31T10:00:00Z",
            "2026-03-31T",
            &["must be a date"],
        ),
        ("window_days = 0", "0", &["window_days = 0 is out of range"]),
        (
            "min_verified_share = 1.5",
            "1.5",
            &["min_verified_share = 1.5 is out of range"],
        ),
        (
            "migration_list = \" \"",
            "\" \"",
            &["migration_list is empty"],
        ),
        (
            "[readiness.licensing]\nlicences_available = -3",
            "-3",
            &["licences_available = -3 is negative"],
        ),
        (
            "[readiness.licensing]\nonedrive_quota = \"2 lots\"",
            "\"2 lots\"",
            &["onedrive_quota"],
        ),
    ];
    for (body, needle, words) in cases {
        let text = readiness(body);
        assert_at(&only_problem(&text), &text, needle, 0, words);
    }
}

#[test]
fn unknown_keys_are_refused_with_a_suggestion() {
    let text = readiness("[readiness.checklist]\nsponsors_and_champion = true");
    assert_at(
        &only_problem(&text),
        &text,
        "sponsors_and_champion",
        0,
        &["unknown key", "sponsors_and_champions"],
    );
    let text = readiness("max_throttle_share = 0.3");
    assert_at(
        &only_problem(&text),
        &text,
        "max_throttle_share",
        0,
        &["max_throttled_share"],
    );
    let text = readiness("[readiness.checklist]\nla_pla_support = \"yes\"");
    assert_at(
        &only_problem(&text),
        &text,
        "\"yes\"",
        0,
        &["la_pla_support"],
    );
}
