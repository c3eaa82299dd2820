//! `pilotbench validate`, and the plan every command starts from: the scenario loaded and each
//! site's source enumerated.

use std::path::Path;

use super::decide::ReadinessFiles;
use super::{AppError, Exit};
use crate::engine::SitePlan;
use crate::scenario::{self, Destination, Readiness, Scenario};
use crate::source;
use crate::vocab::units::human_bytes;

/// Loads the scenario and enumerates every source.
pub(super) fn load_plan(path: &Path) -> Result<(Scenario, Vec<SitePlan>), AppError> {
    let scenario = scenario::load(path).map_err(|e| AppError::usage(e.to_string()))?;
    let mut plans = Vec::with_capacity(scenario.sites.len());
    for site in &scenario.sites {
        let tree = source::enumerate(&site.source).map_err(|e| {
            AppError::usage(format!(
                "{}: site \"{}\": {e}",
                scenario.path.display(),
                site.name
            ))
        })?;
        plans.push(SitePlan {
            site: site.clone(),
            tree,
            source_client: None,
        });
    }
    Ok((scenario, plans))
}

/// `pilotbench validate SCENARIO`: print the plan, or the errors.
pub(super) fn validate(path: &Path) -> Result<Exit, AppError> {
    let (scenario, plans) = load_plan(path)?;
    println!("{}", render_plan(&scenario, &plans));
    // The Go/No-Go inputs are read now too, so a wrong path or header shows before the pilot.
    if let Some(readiness) = &scenario.readiness {
        let files = super::decide::load_readiness_files(readiness)?;
        println!("{}", render_readiness(readiness, &files));
    }
    Ok(Exit::Success)
}

/// What `[readiness]` gives the Go/No-Go decision, and what it leaves Unknown.
fn render_readiness(readiness: &Readiness, files: &ReadinessFiles) -> String {
    let mut out = String::from("Go/No-Go evidence:\n");
    match &files.migration_list {
        Some(list) => out.push_str(&format!(
            "  migration list  {}: {} rows, {} items, {}{}\n",
            list.path.display(),
            list.rows.len(),
            list.total_items(),
            human_bytes(list.total_bytes()),
            unread(list.problems.len()),
        )),
        None => out
            .push_str("  migration list  none (no estimate; Migration List Completion Unknown)\n"),
    }
    match &files.issues_log {
        Some(log) => out.push_str(&format!(
            "  issues log      {}: {} issues, {} outstanding{}\n",
            log.path.display(),
            log.issues.len(),
            log.outstanding().count(),
            unread(log.problems.len()),
        )),
        None => out.push_str("  issues log      none (Outstanding Issues Unknown)\n"),
    }
    match readiness.window {
        Some(window) => out.push_str(&format!("  window          {}\n", window.describe())),
        None => out.push_str("  window          none (Pilot Results Unknown)\n"),
    }
    let items = readiness.checklist.items();
    let unanswered: Vec<&str> = items
        .iter()
        .filter(|item| item.answer.is_none())
        .map(|item| item.key)
        .collect();
    out.push_str(&format!(
        "  checklist       {} of {} answered{}\n",
        items.len() - unanswered.len(),
        items.len(),
        if unanswered.is_empty() {
            String::new()
        } else {
            format!(" (not known: {})", unanswered.join(", "))
        }
    ));
    out
}

/// ", N rows not read (see the warnings)" when there are any.
fn unread(count: usize) -> String {
    if count == 0 {
        String::new()
    } else {
        format!(", {count} rows not read (see the warnings)")
    }
}

/// The plan as a table: sites, destinations, item counts and bytes.
pub(super) fn render_plan(scenario: &Scenario, plans: &[SitePlan]) -> String {
    let mut out = format!(
        "Scenario {} is valid: \"{}\" for {}\n\n",
        scenario.path.display(),
        scenario.pilot.name,
        scenario.pilot.organisation
    );
    out.push_str(&format!(
        "{:<20} {:<10} {:>7} {:>7} {:>11} {:>9}  {}\n",
        "site", "workload", "files", "folders", "bytes", "sessions", "destination"
    ));
    let (mut files, mut folders, mut bytes, mut sessions) = (0u64, 0u64, 0u64, 0u64);
    for plan in plans {
        let site_files = plan.tree.files.len() as u64;
        let site_folders = plan.tree.folders.len() as u64;
        let site_bytes = plan.tree.total_bytes();
        let site_sessions = plan
            .tree
            .files
            .iter()
            .filter(|f| f.size > scenario.engine.simple_upload_max)
            .count() as u64;
        files += site_files;
        folders += site_folders;
        bytes += site_bytes;
        sessions += site_sessions;
        out.push_str(&format!(
            "{:<20} {:<10} {:>7} {:>7} {:>11} {:>9}  {}\n",
            truncate(&plan.site.name, 20),
            plan.site.workload.as_str(),
            site_files,
            site_folders,
            human_bytes(site_bytes),
            site_sessions,
            describe_destination(&plan.site.destination)
        ));
    }
    out.push_str(&format!(
        "{:<20} {:<10} {:>7} {:>7} {:>11} {:>9}\n",
        "TOTAL",
        "",
        files,
        folders,
        human_bytes(bytes),
        sessions
    ));
    out.push_str(&format!(
        "\nFiles up to {} go by simple upload; larger ones by upload session in {} fragments. Concurrency {}, conflict behaviour {}.",
        human_bytes(scenario.engine.simple_upload_max),
        human_bytes(scenario.engine.chunk_size),
        scenario.engine.concurrency,
        scenario.engine.conflict.as_str()
    ));
    out
}

/// The destination in one line, as the plan table and the inventory write it.
pub(super) fn describe_destination(destination: &Destination) -> String {
    match destination {
        Destination::Library {
            site_url,
            library,
            folder,
        } => format!("{site_url} / {library} / {folder}"),
        Destination::OneDrive { user, folder } => format!("OneDrive of {user} / {folder}"),
        Destination::Channel {
            team,
            channel,
            folder,
        } => format!("team {team} / channel {channel} / {folder}"),
    }
}

fn truncate(text: &str, width: usize) -> String {
    if text.chars().count() <= width {
        text.to_string()
    } else {
        let mut short: String = text.chars().take(width - 1).collect();
        short.push('…');
        short
    }
}
