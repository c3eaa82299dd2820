//! Getting a site's destination ready: resolve the drive the scenario names (a site's library,
//! a user's OneDrive, or the library behind a Teams channel's files folder), then make sure the
//! destination folder and the source's folder tree exist below it, parents first. Existing
//! folders are reused (never replaced: `replace` on a folder would delete its content), and
//! only the folders this run created are counted as created.

use std::collections::HashMap;

use futures::StreamExt;

use super::Observer;
use super::failure_class::GraphFailureClass;
use crate::graph::{DriveByName, GraphClient, GraphError, RequestContext};
use crate::scenario::Destination;
use crate::vocab::conflict::ConflictBehavior;
use crate::vocab::created_item::{CreatedItem, CreatedKind};
use crate::vocab::outcome::FailureClass;

/// A resolved destination drive and folder.
#[derive(Debug, Clone)]
pub(super) struct ResolvedDestination {
    /// Drive id.
    pub drive_id: String,
    /// Item id of the destination folder (the drive root, or the channel's files folder, when
    /// the scenario names none).
    pub folder_id: String,
    /// The destination folder's path from the drive root, for look-ups by path.
    pub drive_path: String,
    /// Folders this run created on the way.
    pub folders_created: u64,
}

/// Why a site's destination could not be prepared; every item of the site fails with it.
#[derive(Debug, Clone)]
pub(super) struct DestinationError {
    pub class: FailureClass,
    pub message: String,
}

impl DestinationError {
    fn new(context: &str, error: &GraphError) -> DestinationError {
        DestinationError {
            class: error.failure_class(),
            message: format!("{context}: {error}"),
        }
    }
}

/// Resolves the drive and makes sure the destination folder exists.
pub(super) async fn resolve(
    client: &GraphClient,
    ctx: RequestContext,
    destination: &Destination,
    observer: &dyn Observer,
) -> Result<ResolvedDestination, DestinationError> {
    let base = match destination {
        Destination::Library {
            site_url, library, ..
        } => {
            let drive_id = library_drive(client, ctx, site_url, library).await?;
            drive_root(client, ctx, drive_id).await?
        }
        Destination::OneDrive { user, .. } => {
            let drive_id = client
                .user_drive(ctx, user)
                .await
                .map_err(|e| {
                    DestinationError::new(&format!("resolving the OneDrive of {user}"), &e)
                })?
                .id;
            drive_root(client, ctx, drive_id).await?
        }
        Destination::Channel { team, channel, .. } => {
            channel_folder(client, ctx, team, channel).await?
        }
    };
    let mut folder_id = base.folder_id;
    let mut folders_created = 0;
    let mut path = base.drive_path;
    for segment in destination.folder().split('/').filter(|s| !s.is_empty()) {
        if !path.is_empty() {
            path.push('/');
        }
        path.push_str(segment);
        let (id, created) = ensure_folder(
            client,
            ctx,
            observer,
            &base.drive_id,
            &folder_id,
            segment,
            &path,
        )
        .await
        .map_err(|e| DestinationError::new(&format!("creating destination folder {path}"), &e))?;
        folder_id = id;
        folders_created += u64::from(created);
    }
    Ok(ResolvedDestination {
        drive_id: base.drive_id,
        folder_id,
        drive_path: path,
        folders_created,
    })
}

/// Where the destination's folder path starts: a drive's root or a channel's files folder.
struct Base {
    drive_id: String,
    folder_id: String,
    /// Its path from the drive root ("" for the root).
    drive_path: String,
}

/// The id of the library named `library` of the site at `site_url`.
async fn library_drive(
    client: &GraphClient,
    ctx: RequestContext,
    site_url: &url::Url,
    library: &str,
) -> Result<String, DestinationError> {
    let site = client
        .site_by_url(ctx, site_url)
        .await
        .map_err(|e| DestinationError::new(&format!("resolving site {site_url}"), &e))?;
    let found = client
        .drive_by_name(ctx, &site.id, library)
        .await
        .map_err(|e| DestinationError::new(&format!("listing libraries of {site_url}"), &e))?;
    match found {
        DriveByName::Found(drive) => Ok(drive.id),
        DriveByName::Missing { names } => Err(DestinationError {
            class: FailureClass::ClientError,
            message: format!(
                "site {site_url} has no library named \"{library}\" (it has: {}); fix the destination's library",
                names.join(", ")
            ),
        }),
    }
}

async fn drive_root(
    client: &GraphClient,
    ctx: RequestContext,
    drive_id: String,
) -> Result<Base, DestinationError> {
    let root = client
        .item_by_path(ctx, &drive_id, "")
        .await
        .map_err(|e| DestinationError::new("reading the drive root", &e))?;
    Ok(Base {
        drive_id,
        folder_id: root.id,
        drive_path: String::new(),
    })
}

/// A channel's files folder: `GET /teams/{team}/channels/{channel}/filesFolder`, whose
/// `parentReference.driveId` is the team's library.
async fn channel_folder(
    client: &GraphClient,
    ctx: RequestContext,
    team: &str,
    channel: &str,
) -> Result<Base, DestinationError> {
    let context = format!("resolving the files folder of channel {channel} of team {team}");
    let folder = client
        .channel_files_folder(ctx, team, channel)
        .await
        .map_err(|e| DestinationError::new(&context, &e))?;
    let drive_id = folder
        .parent_reference
        .as_ref()
        .and_then(|p| p.drive_id.clone())
        .ok_or_else(|| DestinationError {
            class: FailureClass::Protocol,
            message: format!("{context}: the answer names no parentReference.driveId"),
        })?;
    Ok(Base {
        drive_id,
        drive_path: channel_folder_path(&folder),
        folder_id: folder.id,
    })
}

/// The path of a channel's folder from its drive's root: below `parentReference.path` when the
/// answer carries one (`/drives/{id}/root:/a`), else at the library root, where Teams keeps a
/// channel's folder.
fn channel_folder_path(folder: &crate::graph::DriveItem) -> String {
    let parent = folder
        .parent_reference
        .as_ref()
        .and_then(|p| p.path.as_deref())
        .and_then(|p| p.split_once("root:"))
        .map(|(_, below)| below.trim_matches('/'))
        .unwrap_or_default();
    join_path(parent, &folder.name)
}

/// Creates `name` under `parent_id`, or finds it if it already exists. Returns its id and
/// whether this call created it (and then tells `observer`). `path` is its path from the drive
/// root, for the look-up.
pub(super) async fn ensure_folder(
    client: &GraphClient,
    ctx: RequestContext,
    observer: &dyn Observer,
    drive_id: &str,
    parent_id: &str,
    name: &str,
    path: &str,
) -> Result<(String, bool), GraphError> {
    match client
        .create_folder(ctx, drive_id, parent_id, name, ConflictBehavior::Fail)
        .await
    {
        Ok(item) => {
            observer.item_created(&CreatedItem {
                site: ctx.site,
                kind: CreatedKind::Folder,
                destination_path: path.to_owned(),
                item_id: item.id.clone(),
                e_tag: item.e_tag,
                size_bytes: 0,
                quick_xor_hash: None,
            });
            Ok((item.id, true))
        }
        Err(error) if error.failure_class() == FailureClass::NameConflict => {
            let existing = client.item_by_path(ctx, drive_id, path).await?;
            if existing.folder.is_none() {
                return Err(GraphError::Status {
                    status: 409,
                    code: "nameAlreadyExists".to_string(),
                    message: format!(
                        "{path} exists in the destination and is a file, not a folder"
                    ),
                    retry_after: None,
                });
            }
            Ok((existing.id, false))
        }
        Err(error) => Err(error),
    }
}

/// The source's folders created below the destination folder, parents first: one level at a
/// time, the folders of a level concurrently. Returns the id of every folder that exists
/// (keyed by its source-relative path, "" = the destination folder), the folders that could
/// not be created with their error, and how many this run created.
pub(super) struct FolderTree {
    pub ids: HashMap<String, String>,
    pub failed: HashMap<String, GraphError>,
    pub created: u64,
}

pub(super) async fn create_tree(
    client: &GraphClient,
    ctx: RequestContext,
    observer: &dyn Observer,
    resolved: &ResolvedDestination,
    folders: &[String],
    concurrency: usize,
) -> FolderTree {
    let mut tree = FolderTree {
        ids: HashMap::from([(String::new(), resolved.folder_id.clone())]),
        failed: HashMap::new(),
        created: 0,
    };
    let mut levels: Vec<Vec<&String>> = Vec::new();
    for folder in folders {
        let depth = folder.matches('/').count();
        if levels.len() <= depth {
            levels.resize_with(depth + 1, Vec::new);
        }
        levels[depth].push(folder);
    }
    for level in levels {
        let jobs: Vec<_> = level
            .into_iter()
            .map(|folder| {
                let (parent, name) = match folder.rsplit_once('/') {
                    Some((parent, name)) => (parent.to_string(), name.to_string()),
                    None => (String::new(), folder.clone()),
                };
                let parent_id = tree.ids.get(&parent).cloned();
                let parent_error = tree.failed.get(&parent).cloned();
                let full_path = join_path(&resolved.drive_path, folder);
                async move {
                    let result = match (parent_id, parent_error) {
                        (Some(parent_id), _) => {
                            ensure_folder(
                                client,
                                ctx,
                                observer,
                                &resolved.drive_id,
                                &parent_id,
                                &name,
                                &full_path,
                            )
                            .await
                        }
                        (None, Some(error)) => Err(error),
                        (None, None) => Err(GraphError::Protocol(format!(
                            "parent folder of {folder} was never created"
                        ))),
                    };
                    (folder.clone(), result)
                }
            })
            .collect();
        let results: Vec<_> = futures::stream::iter(jobs)
            .buffer_unordered(concurrency.max(1))
            .collect()
            .await;
        for (folder, result) in results {
            match result {
                Ok((id, created)) => {
                    tree.created += u64::from(created);
                    tree.ids.insert(folder, id);
                }
                Err(error) => {
                    tree.failed.insert(folder, error);
                }
            }
        }
    }
    tree
}

/// `a` + "/" + `b`, either may be empty.
pub(super) fn join_path(a: &str, b: &str) -> String {
    match (a.is_empty(), b.is_empty()) {
        (true, _) => b.to_string(),
        (_, true) => a.to_string(),
        _ => format!("{a}/{b}"),
    }
}
