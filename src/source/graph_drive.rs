//! A graph-drive source: a drive (or a folder of it) in the tenant, found and listed through
//! the same Graph client as the destination (contract 1). Listing walks the folder's children
//! recursively (every page of each listing) and reads nothing but metadata: sizes, timestamps
//! and the quickXorHash the tenant keeps, which a server-side copy is verified against.

use std::collections::VecDeque;
use std::time::SystemTime;

use super::tree::{FileOrigin, SourceFile, SourceTree, path_order};
use crate::graph::{DriveByName, DriveItem, GraphClient, GraphError, RequestContext};
use crate::scenario::{DriveLocation, GraphDriveSpec};

/// A listed graph-drive source.
#[derive(Debug, Clone, PartialEq)]
pub struct ListedDrive {
    /// Its drive id.
    pub drive_id: String,
    /// Folders and files below the source folder, every file with [`FileOrigin::Remote`].
    pub tree: SourceTree,
}

/// One line naming the source for reports.
pub(super) fn describe(spec: &GraphDriveSpec) -> String {
    let drive = match &spec.drive {
        DriveLocation::Library { site_url, library } => format!("{site_url} / {library}"),
        DriveLocation::OneDrive { user } => format!("OneDrive of {user}"),
    };
    if spec.folder.is_empty() {
        format!("graph-drive {drive}")
    } else {
        format!("graph-drive {drive} / {}", spec.folder)
    }
}

/// Finds the source drive and folder (never creating anything) and lists everything below it.
pub async fn list_graph_drive(
    client: &GraphClient,
    ctx: RequestContext,
    spec: &GraphDriveSpec,
) -> Result<ListedDrive, GraphError> {
    let drive_id = match &spec.drive {
        DriveLocation::Library { site_url, library } => {
            let site = client.site_by_url(ctx, site_url).await?;
            match client.drive_by_name(ctx, &site.id, library).await? {
                DriveByName::Found(drive) => drive.id,
                DriveByName::Missing { .. } => {
                    return Err(GraphError::Status {
                        status: 404,
                        code: "itemNotFound".to_string(),
                        message: format!("site {site_url} has no library named \"{library}\""),
                        retry_after: None,
                    });
                }
            }
        }
        DriveLocation::OneDrive { user } => client.user_drive(ctx, user).await?.id,
    };
    let top = client.item_by_path(ctx, &drive_id, &spec.folder).await?;
    if top.folder.is_none() {
        return Err(GraphError::Protocol(format!(
            "source folder \"{}\" is a file, not a folder",
            spec.folder
        )));
    }
    let mut tree = SourceTree::default();
    let mut queue: VecDeque<(String, String)> = VecDeque::from([(String::new(), top.id)]);
    while let Some((rel_path, item_id)) = queue.pop_front() {
        for child in client.list_children(ctx, &drive_id, &item_id).await? {
            let path = if rel_path.is_empty() {
                child.name.clone()
            } else {
                format!("{rel_path}/{}", child.name)
            };
            if child.folder.is_some() {
                tree.folders.push(path.clone());
                queue.push_back((path, child.id));
            } else if child.file.is_some() {
                tree.files.push(source_file(&drive_id, path, &child));
            }
            // Anything else (a OneNote package, a link) is neither copied nor counted.
        }
    }
    tree.files
        .sort_unstable_by(|a, b| path_order(&a.rel_path, &b.rel_path));
    tree.folders.sort_unstable_by(|a, b| path_order(a, b));
    Ok(ListedDrive { drive_id, tree })
}

fn source_file(drive_id: &str, rel_path: String, item: &DriveItem) -> SourceFile {
    let info = item.file_system_info.as_ref();
    SourceFile {
        rel_path,
        size: item.size.unwrap_or(0),
        created: info
            .and_then(|i| i.created_date_time.as_deref())
            .and_then(parse_time),
        modified: info
            .and_then(|i| i.last_modified_date_time.as_deref())
            .and_then(parse_time),
        origin: FileOrigin::Remote {
            drive_id: drive_id.to_string(),
            item_id: item.id.clone(),
            quick_xor_hash: item.quick_xor_hash().map(str::to_string),
        },
    }
}

fn parse_time(text: &str) -> Option<SystemTime> {
    humantime::parse_rfc3339_weak(text.trim_end_matches('Z')).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn graph_timestamps_parse() {
        let time = parse_time("2024-03-21T20:01:37Z").expect("parses");
        assert_eq!(
            humantime::format_rfc3339_seconds(time).to_string(),
            "2024-03-21T20:01:37Z"
        );
        assert_eq!(parse_time("yesterday"), None);
    }
}
