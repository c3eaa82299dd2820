//! Enumerating and reading a site's source items: a local folder tree, a deterministic
//! synthetic generator, or a drive of a tenant (the one use of `graph`). Knows nothing of the
//! destination: it yields relative paths, sizes, timestamps and byte streams
//! ([`crate::vocab::chunk_read::ChunkRead`]).
//!
//! `tree.rs` and `error.rs` are what every kind of source yields; `folder.rs`, `synthetic/` and
//! `graph_drive.rs` enumerate one kind each; `reader.rs` reads a file of any kind, and
//! `identity.rs` tells whether a local file changed while it was read. This file
//! picks the kind for a scenario's source.

mod error;
mod folder;
mod graph_drive;
mod identity;
mod reader;
mod synthetic;
mod tree;

use crate::scenario::{SizeDistribution, SourceSpec};
use crate::vocab::units::human_bytes;

pub use error::SourceError;
pub use graph_drive::{ListedDrive, list_graph_drive};
pub use identity::{SourceChanged, changed_while_read};
pub use reader::SourceReader;
pub use synthetic::MAX_SYNTHETIC_FOLDERS;
pub(crate) use tree::path_order;
pub use tree::{FileOrigin, SourceFile, SourceTree};

/// Lists a source's folders and files. Unreadable subfolders and files do not fail the
/// enumeration: they are reported as files with [`FileOrigin::Invalid`] or fail when opened.
///
/// A graph-drive source is listed through the Graph client once the target is reached
/// ([`list_graph_drive`]); here it gives its seed's tree (what the simulated tenant will hold),
/// or an empty tree for a real tenant's drive.
pub fn enumerate(spec: &SourceSpec) -> Result<SourceTree, SourceError> {
    match spec {
        SourceSpec::Folder { path } => folder::enumerate(path),
        SourceSpec::Synthetic(spec) => Ok(synthetic::enumerate(spec)),
        SourceSpec::GraphDrive(spec) => match &spec.seed {
            Some(seed) => enumerate(seed),
            None => Ok(SourceTree::default()),
        },
    }
}

/// One line naming a source for reports: `folder /abs/path` or `synthetic: 400 files,
/// lognormal median 256.0 KiB sigma 1.2 max 64.0 MiB, depth 3, fan-out 4, seed 1`.
pub fn describe(spec: &SourceSpec) -> String {
    match spec {
        SourceSpec::GraphDrive(spec) => graph_drive::describe(spec),
        SourceSpec::Folder { path } => format!("folder {}", path.display()),
        SourceSpec::Synthetic(spec) => {
            let sizes = match spec.size {
                SizeDistribution::Fixed { value } => format!("fixed {}", human_bytes(value)),
                SizeDistribution::Uniform { min, max } => {
                    format!("uniform {} to {}", human_bytes(min), human_bytes(max))
                }
                SizeDistribution::LogNormal { median, sigma, max } => format!(
                    "lognormal median {} sigma {sigma} max {}",
                    human_bytes(median),
                    human_bytes(max)
                ),
            };
            format!(
                "synthetic: {} files, {sizes}, depth {}, fan-out {}, seed {}",
                spec.files, spec.depth, spec.fan_out, spec.seed
            )
        }
    }
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    use super::*;
    use crate::scenario::SyntheticSpec;

    #[test]
    fn describe_names_the_source() {
        let folder = SourceSpec::Folder {
            path: PathBuf::from("/data/site one"),
        };
        assert_eq!(describe(&folder), "folder /data/site one");
        let synthetic = SourceSpec::Synthetic(SyntheticSpec {
            files: 400,
            depth: 3,
            fan_out: 4,
            seed: 1,
            size: SizeDistribution::LogNormal {
                median: 256 * 1024,
                sigma: 1.2,
                max: 64 * 1024 * 1024,
            },
        });
        assert_eq!(
            describe(&synthetic),
            "synthetic: 400 files, lognormal median 256.0 KiB sigma 1.2 max 64.0 MiB, depth 3, \
             fan-out 4, seed 1"
        );
        let fixed = SourceSpec::Synthetic(SyntheticSpec {
            files: 1,
            depth: 0,
            fan_out: 0,
            seed: 9,
            size: SizeDistribution::Uniform { min: 0, max: 2048 },
        });
        assert!(describe(&fixed).contains("uniform 0 B to 2.0 KiB"));
    }
}
