//! One `[[site]]`: its name, workload, destination and source, checked together because the
//! workload decides which destination shape is right.

use std::path::Path;

use super::checker::Checker;
use super::destination::check_destination;
use super::graph_source::check_copy_mode;
use super::raw::RawSite;
use super::site_model::{Site, Workload};
use super::source::check_source;

/// Checks one site; `None` when anything in it is wrong (each problem recorded).
pub(crate) fn check_site(
    checker: &mut Checker<'_>,
    raw: RawSite,
    scenario_folder: &Path,
    simulated_target: Option<bool>,
) -> Option<Site> {
    let errors_before = checker.error_count();
    let name = raw.name.get_ref().trim().to_string();
    if name.is_empty() {
        checker.error(
            raw.name.span(),
            "site name is empty; give the site a name for the reports, like \"Finance\"",
        );
    } else if name.chars().any(char::is_control) {
        checker.error(
            raw.name.span(),
            "site name contains a control character (a tab or line break); use plain text",
        );
    }
    let workload = checker.choice(
        &raw.workload,
        "workload",
        &[
            ("sharepoint", Workload::SharePoint),
            ("files", Workload::Files),
            ("teams", Workload::Teams),
            ("onedrive", Workload::OneDrive),
        ],
    );
    let destination = check_destination(checker, workload, raw.destination);
    let source = check_source(checker, raw.source, scenario_folder, simulated_target);
    let copy_mode = check_copy_mode(checker, raw.copy_mode.as_ref(), source.as_ref());
    if checker.error_count() > errors_before {
        return None;
    }
    Some(Site {
        name,
        workload: workload?,
        destination: destination?,
        source: source?,
        copy_mode: copy_mode?,
    })
}
