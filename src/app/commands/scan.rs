//! `pilotbench scan SCENARIO`: every site's source enumerated as `run` does (graph-drive
//! sources listed through the target), checked by the same rules the run applies first, and
//! written as `scan.csv`, a summary by rule on stdout and, when asked, migration-list rows.
//! Exit 0 when nothing blocks, 1 when something does.

use std::sync::Arc;

use super::out_dir::new_timestamped_dir;
use crate::app::command_request::ScanRequest;
use crate::app::connect::{connect, list_sources};
use crate::app::console::{scan_header, shown};
use crate::app::exit::{AppError, Exit};
use crate::app::plan::{below_run_folder, describe_destination, load_plan};
use crate::graph::Interruption;
use crate::inputs::migration_list::{InventoryRow, write_inventory};
use crate::metrics::Metrics;
use crate::report;
use crate::run_folder::RunId;
use crate::run_folder::SCAN_FILE;
use crate::scan::{self, Finding};
use crate::scenario::SourceSpec;
use crate::vocab::csv_writer::WriteError;
use crate::vocab::scan_rule::Severity;

/// Runs `pilotbench scan`.
pub(super) async fn scan(request: ScanRequest) -> Result<Exit, AppError> {
    let (scenario, mut plans) = load_plan(&request.scenario)?;
    // Graph-drive sources are listed through the target; kept alive until the scan ends.
    let _target = if plans
        .iter()
        .any(|plan| matches!(plan.site.source, SourceSpec::GraphDrive(_)))
    {
        let metrics = Arc::new(Metrics::new(plans.len()));
        // No Ctrl-C handler here: an interrupted scan stops at once, as it writes nothing.
        let target = connect(&scenario, metrics.clone(), &Interruption::default()).await?;
        list_sources(&mut plans, &scenario, &target, metrics).await?;
        Some(target)
    } else {
        None
    };

    // Paths are checked where the items will live: below the run's own folder when the scenario
    // writes into one (its id does not exist yet; a template of the same length stands in).
    let mut checked = plans.clone();
    below_run_folder(&mut checked, &scenario, &RunId::placeholder());
    let sources: Vec<_> = checked
        .iter()
        .map(|plan| (&plan.site, &plan.tree))
        .collect();
    let findings: Vec<Finding> = scan::scan_sites(&sources)
        .into_iter()
        .flat_map(|site| site.findings)
        .collect();

    let out_dir = match request.out {
        Some(dir) => dir,
        None => new_timestamped_dir("scan-results")?,
    };
    let write_failed = |error: WriteError| AppError::usage(error.to_string());
    std::fs::create_dir_all(&out_dir).map_err(|error| {
        AppError::usage(format!(
            "cannot create {}: {error}; check that the folder is writable",
            out_dir.display()
        ))
    })?;
    let scan_csv = out_dir.join(SCAN_FILE);
    report::write_scan(&scan_csv, &findings).map_err(write_failed)?;

    if let Some(inventory) = &request.inventory {
        let rows: Vec<InventoryRow> = plans
            .iter()
            .map(|plan| {
                InventoryRow::of(
                    &plan.site.name,
                    plan.site.workload.as_str(),
                    &describe_destination(&plan.site.destination),
                    plan.tree.files.iter().map(|file| file.size),
                )
            })
            .collect();
        write_inventory(inventory, &rows).map_err(write_failed)?;
    }

    println!("{}", shown(scan_header(&plans, &scenario)));
    println!("{}", shown(report::render_scan_summary(&findings)));
    println!("Findings written to {}", shown(scan_csv.display()));
    if let Some(inventory) = &request.inventory {
        println!(
            "Migration-list rows written to {}",
            shown(inventory.display())
        );
    }
    if findings.iter().any(|f| f.severity == Severity::Blocking) {
        Ok(Exit::ThresholdExceeded)
    } else {
        Ok(Exit::Success)
    }
}
