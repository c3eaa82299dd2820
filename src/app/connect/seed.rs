//! The seed content of graph-drive sources on the simulated tenant: before the tenant starts,
//! each seed is enumerated and hashed (streamed chunk by chunk, never held whole), so the tenant
//! holds it with the quickXorHash a real drive would report.

use crate::app::exit::AppError;
use crate::scenario::{DriveLocation, Scenario, SourceSpec};
use crate::sim::{SimDriveLocation, SimSeedFile, SimSourceDrive};
use crate::source::{self, SourceFile, SourceReader};
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
                content: SourceFile { size, ..file },
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
