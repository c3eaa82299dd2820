//! `pilotbench validate`, and the plan every command starts from: the scenario loaded and each
//! site's source enumerated.

use std::path::Path;

use super::{AppError, Exit};
use crate::engine::SitePlan;
use crate::scenario::{self, Destination, Scenario};
use crate::source;
use crate::units::human_bytes;

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
    Ok(Exit::Success)
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
