//! Source drives seeded at start: the content of a graph-drive source (a folder tree or
//! synthetic files, hashed by whoever builds the [`SimConfig`]) stored in a site's
//! library or a user's OneDrive, each file remembering where its bytes come from so the tenant
//! can serve downloads of it.

use super::contents::{Base, Contents, ItemIdx, NewFile};
use crate::sim::config::{SimConfig, SimDriveLocation, SimSite, SimSourceDrive};
use crate::sim::exchange::SimFailure;
use crate::sim::file_bytes::FileBytes;
use crate::source::FileOrigin;
use crate::vocab::conflict::ConflictBehavior;

/// `config` with the sites, libraries and users of its source drives added.
pub(crate) fn with_source_owners(config: &SimConfig) -> SimConfig {
    let mut config = config.clone();
    for source in &config.source_drives.clone() {
        match &source.drive {
            SimDriveLocation::Library { site_url, library } => {
                match config.sites.iter_mut().find(|s| s.url == *site_url) {
                    Some(site) => {
                        if !site
                            .libraries
                            .iter()
                            .any(|l| l.eq_ignore_ascii_case(library))
                        {
                            site.libraries.push(library.clone());
                        }
                    }
                    None => config.sites.push(SimSite {
                        url: site_url.clone(),
                        libraries: vec![library.clone()],
                    }),
                }
            }
            SimDriveLocation::User(user) => {
                if !config.users.iter().any(|u| u.eq_ignore_ascii_case(user)) {
                    config.users.push(user.clone());
                }
            }
        }
    }
    config
}

/// Stores every source drive's content. A drive that cannot be found or a name the tenant
/// refuses is skipped: the run's listing then shows what is really there.
pub(crate) fn seed_sources(contents: &mut Contents, config: &SimConfig, now: &str) {
    for source in &config.source_drives {
        let _ = seed_one(contents, source, now);
    }
}

fn seed_one(contents: &mut Contents, source: &SimSourceDrive, now: &str) -> Result<(), SimFailure> {
    let drive_id = match &source.drive {
        SimDriveLocation::Library { site_url, library } => {
            let host = site_url.host_str().unwrap_or("localhost").to_lowercase();
            let path = percent_encoding::percent_decode_str(site_url.path())
                .decode_utf8_lossy()
                .into_owned();
            let site_id = contents.site_by_path(&host, &path)?.id.clone();
            contents
                .site_drives(&site_id)?
                .into_iter()
                .find(|d| {
                    d.name
                        .as_deref()
                        .is_some_and(|n| n.eq_ignore_ascii_case(library))
                })
                .map(|d| d.id)
                .ok_or_else(|| SimFailure::not_found("no such library"))?
        }
        SimDriveLocation::User(user) => contents.user_drive(user)?.id,
    };
    let drive = contents.drive_idx(&drive_id)?;
    let mut top = contents.resolve(drive, &Base::Root, &[])?;
    for name in source.folder.split('/').filter(|s| !s.is_empty()) {
        top = folder(contents, top, name, now)?;
    }
    let mut folders = std::collections::HashMap::from([(String::new(), top)]);
    for path in &source.folders {
        let (parent, name) = path.rsplit_once('/').unwrap_or(("", path));
        let Some(parent) = folders.get(parent).copied() else {
            continue;
        };
        if let Ok(idx) = folder(contents, parent, name, now) {
            folders.insert(path.clone(), idx);
        }
    }
    for file in &source.files {
        let (parent, name) = file
            .rel_path
            .rsplit_once('/')
            .unwrap_or(("", &file.rel_path));
        let Some(parent) = folders.get(parent).copied() else {
            continue;
        };
        // Bytes the tenant can regenerate: a local file's or a synthetic one's.
        let readable = matches!(
            file.content.origin,
            FileOrigin::Local(_) | FileOrigin::Synthetic { .. }
        );
        let new = NewFile {
            size: file.size,
            quick_xor: file.quick_xor.clone(),
            file_system_info: None,
            bytes: readable.then(|| FileBytes::seeded(file.content.clone())),
        };
        let _ = contents.store_file(parent, name, ConflictBehavior::Replace, new, now);
    }
    Ok(())
}

/// The folder `name` under `parent`, created if missing.
fn folder(
    contents: &mut Contents,
    parent: ItemIdx,
    name: &str,
    now: &str,
) -> Result<ItemIdx, SimFailure> {
    match contents.create_folder(parent, name, ConflictBehavior::Fail, now) {
        Ok(idx) => Ok(idx),
        Err(_) => {
            let parent_id = contents.drive_item(parent).id;
            let drive = contents.drive_idx(
                contents
                    .drive_item(parent)
                    .parent_reference
                    .and_then(|r| r.drive_id)
                    .as_deref()
                    .unwrap_or_default(),
            )?;
            contents.resolve(drive, &Base::Id(parent_id), &[name.to_owned()])
        }
    }
}
