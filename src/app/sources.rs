//! Graph-drive sources around a run: before the simulated tenant starts, their `seed` content
//! is enumerated and hashed (streamed chunk by chunk, never held whole) so the tenant can hold
//! it; once the target is reached, each graph-drive source is listed through the Graph client
//! and the listing becomes the site's plan.

use super::AppError;
use crate::engine::SitePlan;
use crate::graph::{GraphClient, RequestContext};
use crate::scenario::{DriveLocation, Scenario, SourceSpec};
use crate::sim::{SimDriveLocation, SimSeedFile, SimSourceDrive};
use crate::source::{self, SourceReader};
use crate::vocab::quick_xor::QuickXor;

/// Bytes per read while hashing seed content.
const HASH_CHUNK: usize = 256 * 1024;

/// The seeded source drives of every graph-drive site, with each file's quickXorHash.
pub(super) async fn seeded_source_drives(
    scenario: &Scenario,
) -> Result<Vec<SimSourceDrive>, AppError> {
    let mut drives = Vec::new();
    for site in &scenario.sites {
        let SourceSpec::GraphDrive(spec) = &site.source else {
            continue;
        };
        let Some(seed) = &spec.seed else {
            continue;
        };
        let place = |what: String| {
            AppError::usage(format!(
                "{}: site \"{}\": the seed of its graph-drive source: {what}",
                scenario.path.display(),
                site.name
            ))
        };
        let tree = source::enumerate(seed).map_err(|e| place(e.to_string()))?;
        let mut files = Vec::with_capacity(tree.files.len());
        for file in tree.files {
            let mut reader = SourceReader::open(&file)
                .await
                .map_err(|e| place(format!("cannot read {}: {e}", file.rel_path)))?;
            let mut hash = QuickXor::new();
            let mut size = 0u64;
            loop {
                let chunk = reader
                    .read_chunk(HASH_CHUNK)
                    .await
                    .map_err(|e| place(format!("cannot read {}: {e}", file.rel_path)))?;
                if chunk.is_empty() {
                    break;
                }
                size += chunk.len() as u64;
                hash.update(&chunk);
            }
            files.push(SimSeedFile {
                rel_path: file.rel_path.clone(),
                size,
                quick_xor: hash.finish_base64(),
                content: crate::source::SourceFile { size, ..file },
            });
        }
        drives.push(SimSourceDrive {
            drive: match &spec.drive {
                DriveLocation::Library { site_url, library } => SimDriveLocation::Library {
                    site_url: site_url.clone(),
                    library: library.clone(),
                },
                DriveLocation::OneDrive { user } => SimDriveLocation::User(user.clone()),
            },
            folder: spec.folder.clone(),
            folders: tree.folders,
            files,
        });
    }
    Ok(drives)
}

/// Gets every graph-drive site ready once the target is reached: its own source client when it
/// has `credentials`, then its listing as its plan. `run` and `scan` both start so.
pub(super) async fn list_sources(
    plans: &mut [SitePlan],
    scenario: &Scenario,
    target: &super::target::ReadyTarget,
    sink: std::sync::Arc<dyn crate::vocab::attempt::AttemptSink>,
) -> Result<(), AppError> {
    super::source_tenant::connect_source_clients(plans, scenario, target, sink).await?;
    list_remote_sources(plans, &target.client, scenario).await
}

/// Replaces the plan of every graph-drive site with the listing of its drive, read through the
/// site's own source client when it has one. A source that cannot be listed is an error before
/// any copy starts.
pub(super) async fn list_remote_sources(
    plans: &mut [SitePlan],
    client: &GraphClient,
    scenario: &Scenario,
) -> Result<(), AppError> {
    for (index, plan) in plans.iter_mut().enumerate() {
        let SourceSpec::GraphDrive(spec) = &plan.site.source else {
            continue;
        };
        let through = plan.source_client.as_ref().unwrap_or(client);
        let listed = source::list_graph_drive(through, RequestContext { site: index }, spec)
            .await
            .map_err(|e| {
                AppError::target(format!(
                    "{}: site \"{}\": cannot list its source ({}): {e}",
                    scenario.path.display(),
                    plan.site.name,
                    source::describe(&plan.site.source)
                ))
            })?;
        plan.tree = listed.tree;
    }
    Ok(())
}
