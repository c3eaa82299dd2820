//! What the commands print, composed as text: the plan table, the Go/No-Go evidence and
//! verdicts, the end-of-run estimate line and notes, the scan's header, the simulated tenant's
//! banner. The commands decide when and where (stdout or stderr) each is printed; the run's
//! results table and the scan summary are `report`'s text sinks.

use super::evidence::ReadinessFiles;
use super::plan::describe_destination;
use crate::engine::{OutcomeCounts, SitePlan};
use crate::estimate::{Estimate, human_duration};
use crate::gonogo::Decision;
use crate::report;
use crate::scan::Finding;
use crate::scenario::{Readiness, Scenario};
use crate::sim::{SIMULATED_TOKEN, SimulatedTenant};
use crate::vocab::printable::printable_message;
use crate::vocab::scan_rule::Severity;
use crate::vocab::units::human_bytes;

/// The plan as a table: sites, destinations, item counts and bytes.
/// Text as the console shows it: every control character and bidirectional mark from a name,
/// a path or a tenant's message escaped (`\x1B`), our own line breaks kept. Everything a
/// command prints goes through it, so a file name cannot drive the terminal.
pub(super) fn shown(text: impl std::fmt::Display) -> String {
    printable_message(&text.to_string()).into_owned()
}

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

/// What `[readiness]` gives the Go/No-Go decision, and what it leaves Unknown.
pub(super) fn render_readiness(readiness: &Readiness, files: &ReadinessFiles) -> String {
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

/// One line for the end of a run: the estimate's P50 and P90, in working time and calendar
/// days.
pub(super) fn estimate_line(estimate: &Estimate) -> String {
    let overall = &estimate.overall;
    format!(
        "Estimate for the migration list ({} items, {}): P50 {} ({:.1} calendar days), P90 {} ({:.1} calendar days); see estimate.csv",
        estimate.scopes.first().map_or(0, |scope| scope.items),
        human_bytes(estimate.scopes.first().map_or(0, |scope| scope.bytes)),
        human_duration(overall.p50_us),
        overall.p50_calendar_days,
        human_duration(overall.p90_us),
        overall.p90_calendar_days,
    )
}

/// How a run whose sources hold items the service would refuse says so: blocked items are
/// `skipped` in `items.csv`, and every finding is in `scan_file`.
pub(super) fn findings_note(findings: &[Finding], scan_file: &str) -> String {
    let blocked = findings
        .iter()
        .any(|finding| finding.severity == Severity::Blocking);
    let skipped = if blocked {
        "blocked items skipped; "
    } else {
        ""
    };
    format!(
        "{} ({skipped}see {})",
        report::scan_totals(findings),
        scan_file
    )
}

/// How an interrupted run says what it left undone.
pub(super) fn interrupted_note(counts: &OutcomeCounts) -> String {
    format!(
        "Interrupted: {} of {} files not run, {} cancelled in flight (interrupted); the results \
         written cover what was done.",
        counts.not_run,
        counts.total(),
        counts.interrupted
    )
}

/// How a run above `max_failure_rate` says so.
pub(super) fn failure_rate_note(counts: &OutcomeCounts, max_failure_rate: f64) -> String {
    format!(
        "Failure rate {:.4} is above max_failure_rate {:.4} ({} of {} files failed; see items.csv)",
        counts.failure_rate(),
        max_failure_rate,
        counts.failed,
        counts.total()
    )
}

/// The first line of `pilotbench scan`'s output (with the blank line after it).
pub(super) fn scan_header(plans: &[SitePlan], scenario: &Scenario) -> String {
    let items: usize = plans
        .iter()
        .map(|plan| plan.tree.files.len() + plan.tree.folders.len())
        .sum();
    format!(
        "Scanned {items} files and folders of {} site(s) from {}\n",
        plans.len(),
        scenario.path.display()
    )
}

/// What `pilotbench simulate` prints once its tenant listens: where, with which token and
/// credentials, where its file URLs point, its https listener and CA when it has them, and how
/// to point a scenario at it. The first line names the plain http root (scripts read it).
pub(super) fn simulated_tenant_banner(pilot_name: &str, tenant: &SimulatedTenant) -> String {
    let root = tenant.server_url();
    let root = root.as_str().trim_end_matches('/');
    let mut text = format!(
        "Simulated tenant of \"{pilot_name}\" listening on {root}/\n\
         Graph root: {graph}\n\
         Upload, copy-monitor and download URLs on another host: {files}/\n\
         Bearer token: {SIMULATED_TOKEN} (or sign in: any tenant, client id and secret)\n\
         Token endpoint: {root}/{{tenant}}/oauth2/v2.0/token (client credentials grant)\n\
         OpenID discovery: {root}/{{tenant}}/v2.0/.well-known/openid-configuration\n",
        graph = tenant.graph_base_url(),
        files = tenant.files_url().as_str().trim_end_matches('/'),
    );
    if let (Some(https), Some(ca)) = (tenant.https_server_url(), tenant.ca_certificate()) {
        let https = https.as_str().trim_end_matches('/');
        let ca = ca.display();
        text.push_str(&format!(
            "HTTPS: {https}/ (Graph root {https}/v1.0, authority {https}/{{tenant}}, files on \
             https://localhost:{port}/)\n\
             CA certificate: {ca}\n  \
             Trust it: SSL_CERT_FILE={ca} (httpx, aiohttp, OpenSSL), REQUESTS_CA_BUNDLE={ca} \
             (requests), or connection_verify=\"{ca}\" (azure-identity)\n",
            port = tenant.tls_port().unwrap_or_default(),
        ));
    }
    text.push_str(&format!(
        "Point a scenario at it with [target.simulated] url = \"{root}\". Ctrl-C stops it."
    ));
    text
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

#[cfg(test)]
mod tests {
    use super::*;

    fn counts() -> OutcomeCounts {
        OutcomeCounts {
            verified: 95,
            unverified: 0,
            failed: 3,
            skipped: 0,
            not_run: 2,
            interrupted: 1,
        }
    }

    #[test]
    fn the_end_of_run_notes_say_what_was_left_and_what_failed() {
        assert_eq!(
            interrupted_note(&counts()),
            "Interrupted: 2 of 101 files not run, 1 cancelled in flight (interrupted); the \
             results written cover what was done."
        );
        let finished = OutcomeCounts {
            not_run: 0,
            interrupted: 0,
            verified: 97,
            ..counts()
        };
        assert_eq!(
            failure_rate_note(&finished, 0.01),
            "Failure rate 0.0300 is above max_failure_rate 0.0100 (3 of 100 files failed; see \
             items.csv)"
        );
    }

    #[test]
    fn long_site_names_are_cut_to_the_column() {
        assert_eq!(truncate("Finance", 20), "Finance");
        assert_eq!(truncate("abcdefghij", 5), "abcd…");
        assert_eq!(truncate("éééééé", 6), "éééééé");
    }
}
