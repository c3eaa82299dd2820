//! `copy_mode = "server"`: the tenant copies each file itself. One copy job per file into the
//! mirrored destination folder (the folders are created as for any other source); the item
//! fails as `copy-job-failed` (with Graph's code) when its job fails. Nothing is read through
//! pilotbench, so verification comes after: the destination is listed and each copied file's
//! quickXorHash and size compared with the source listing's.

use std::collections::{HashMap, VecDeque};
use std::sync::Mutex;
use std::time::Instant;

use super::copy::{CopyContext, FileTarget, record_without_copy};
use super::destination::ResolvedDestination;
use super::failure_class::{GraphFailureClass, interrupted_outcome};
use crate::graph::{CopyRequest, DriveItem, GraphClient, GraphError, RequestContext};
use crate::source::{FileOrigin, SourceFile};
use crate::vocab::created_item::{CreatedItem, CreatedKind};
use crate::vocab::outcome::{FailureClass, ItemRecord, Outcome};
use crate::vocab::units::micros;

/// The new item of each completed job, by source path, for the verification.
#[derive(Debug, Default)]
pub(super) struct CopiedItems {
    by_source_path: Mutex<HashMap<String, String>>,
}

impl CopiedItems {
    fn remember(&self, source_path: &str, resource_id: String) {
        let mut map = self
            .by_source_path
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        map.insert(source_path.to_owned(), resource_id);
    }

    fn resource_id(&self, source_path: &str) -> Option<String> {
        let map = self
            .by_source_path
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        map.get(source_path).cloned()
    }
}

/// Copies one file by a server-side job. A completed job leaves the item `copied-unverified`
/// until [`verify_by_listing`] has compared it.
pub(super) async fn copy_by_server(
    ctx: &CopyContext<'_>,
    file: &SourceFile,
    target: FileTarget<'_>,
    copied: &CopiedItems,
) -> ItemRecord {
    let started = Instant::now();
    let mut record = record_without_copy(
        ctx.site,
        file,
        target.destination_path,
        Outcome::Failed,
        None,
        None,
    );
    let FileOrigin::Remote {
        drive_id,
        item_id,
        quick_xor_hash,
    } = &file.origin
    else {
        record.failure_class = Some(FailureClass::SourceUnreadable);
        record.last_error = Some("a server-side copy needs an item of the tenant's drive".into());
        return record;
    };
    record.quick_xor_hash_source = quick_xor_hash.clone();
    let request = CopyRequest {
        source_drive_id: drive_id,
        source_item_id: item_id,
        destination_drive_id: target.drive_id,
        destination_parent_id: target.parent_id,
        name: None,
        conflict: ctx.settings.conflict,
        source_name: file_name(&file.rel_path),
        source_size: file.size,
        source_quick_xor_hash: quick_xor_hash.as_deref(),
    };
    let result = ctx
        .client
        .copy_item(
            RequestContext { site: ctx.site },
            &request,
            ctx.client.copy_poll(),
        )
        .await;
    record.duration_us = micros(started.elapsed());
    match result {
        Ok((done, attempts)) => {
            record.attempts = attempts;
            record.duration_us = done.duration_us;
            record.outcome = Outcome::CopiedUnverified;
            if let Some(id) = done.resource_id {
                // The job's own word; size and hash are confirmed by the listing after.
                ctx.observer.item_created(&CreatedItem {
                    site: ctx.site,
                    kind: CreatedKind::File,
                    destination_path: record.destination_path.clone(),
                    item_id: id.clone(),
                    e_tag: None,
                    size_bytes: file.size,
                    quick_xor_hash: None,
                });
                copied.remember(&file.rel_path, id);
            }
        }
        Err((error, attempts)) => {
            record.attempts = attempts;
            // Ctrl-C during a wait (a monitor's next poll, a Retry-After): the job may run on.
            match interrupted_outcome(&error, attempts) {
                Some(outcome) => record.outcome = outcome,
                None => record.failure_class = Some(error.failure_class()),
            }
            record.last_error = Some(error.to_string());
        }
    }
    record
}

/// The last component of a source-relative path.
fn file_name(rel_path: &str) -> &str {
    rel_path.rsplit('/').next().unwrap_or(rel_path)
}

/// Lists the destination folder (at `destination_folder` below the drive root) and settles every `copied-unverified` record:
/// `verified` when the copy's quickXorHash and size equal the source's, `failed` as
/// `hash-mismatch` when they differ. `records[i]` is the record of `files[i]`.
pub(super) async fn verify_by_listing(
    client: &GraphClient,
    ctx: RequestContext,
    destination: &ResolvedDestination,
    destination_folder: &str,
    copied: &CopiedItems,
    files: &[SourceFile],
    records: &mut [ItemRecord],
) {
    if !records
        .iter()
        .any(|r| r.outcome == Outcome::CopiedUnverified)
    {
        return;
    }
    let listing = match list_below(client, ctx, &destination.drive_id, &destination.folder_id).await
    {
        Ok(listing) => listing,
        Err(error) => {
            for record in records
                .iter_mut()
                .filter(|r| r.outcome == Outcome::CopiedUnverified)
            {
                record.last_error = Some(format!("the destination could not be listed: {error}"));
            }
            return;
        }
    };
    let prefix = if destination_folder.is_empty() {
        String::new()
    } else {
        format!("{destination_folder}/")
    };
    for (file, record) in files.iter().zip(records.iter_mut()) {
        if record.outcome != Outcome::CopiedUnverified {
            continue;
        }
        let by_id = copied
            .resource_id(&file.rel_path)
            .and_then(|id| listing.by_id.get(&id));
        let by_path = || {
            let relative = record.destination_path.strip_prefix(&prefix)?;
            listing.by_path.get(relative)
        };
        let Some(copy) = by_id.or_else(by_path) else {
            record.outcome = Outcome::Failed;
            record.failure_class = Some(FailureClass::CopyJobFailed);
            record.last_error = Some(
                "the copy job reported completion, but the copy is not in the destination".into(),
            );
            continue;
        };
        settle(record, file.size, copy);
    }
}

/// Compares one copy with its source.
fn settle(record: &mut ItemRecord, source_size: u64, copy: &DriveItem) {
    record.quick_xor_hash_destination = copy.quick_xor_hash().map(str::to_owned);
    let copy_size = copy.size.unwrap_or(0);
    match (
        &record.quick_xor_hash_source,
        &record.quick_xor_hash_destination,
    ) {
        (Some(source), Some(destination)) if source == destination && copy_size == source_size => {
            record.outcome = Outcome::Verified;
        }
        (Some(source), Some(destination)) => {
            record.outcome = Outcome::Failed;
            record.failure_class = Some(FailureClass::HashMismatch);
            record.last_error = Some(format!(
                "the copy differs from the source: quickXorHash {source} / {destination}, size \
                 {source_size} / {copy_size} bytes"
            ));
        }
        _ if copy_size != source_size => {
            record.outcome = Outcome::Failed;
            record.failure_class = Some(FailureClass::HashMismatch);
            record.last_error = Some(format!(
                "the copy has {copy_size} bytes, the source {source_size}"
            ));
        }
        _ => {}
    }
}

/// Every file below a folder: by item id, and by path relative to the folder.
struct Listing {
    by_id: HashMap<String, DriveItem>,
    by_path: HashMap<String, DriveItem>,
}

async fn list_below(
    client: &GraphClient,
    ctx: RequestContext,
    drive_id: &str,
    folder_id: &str,
) -> Result<Listing, GraphError> {
    let mut listing = Listing {
        by_id: HashMap::new(),
        by_path: HashMap::new(),
    };
    let mut queue = VecDeque::from([(String::new(), folder_id.to_owned())]);
    while let Some((path, id)) = queue.pop_front() {
        for child in client.list_children(ctx, drive_id, &id).await? {
            let child_path = if path.is_empty() {
                child.name.clone()
            } else {
                format!("{path}/{}", child.name)
            };
            if child.folder.is_some() {
                queue.push_back((child_path, child.id));
            } else {
                listing.by_id.insert(child.id.clone(), child.clone());
                listing.by_path.insert(child_path, child);
            }
        }
    }
    Ok(listing)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::graph::{FileFacet, Hashes};

    fn record(hash: Option<&str>) -> ItemRecord {
        ItemRecord {
            site: 0,
            source_path: "a.txt".into(),
            destination_path: "dest/a.txt".into(),
            size_bytes: 10,
            quick_xor_hash_source: hash.map(str::to_owned),
            quick_xor_hash_destination: None,
            outcome: Outcome::CopiedUnverified,
            failure_class: None,
            attempts: 3,
            duration_us: 1,
            last_error: None,
        }
    }

    fn copy(hash: Option<&str>, size: u64) -> DriveItem {
        serde_json::from_value::<DriveItem>(serde_json::json!({"id": "01X", "name": "a.txt"}))
            .map(|mut item| {
                item.size = Some(size);
                item.file = Some(FileFacet {
                    mime_type: None,
                    hashes: Some(Hashes {
                        quick_xor_hash: hash.map(str::to_owned),
                        sha1_hash: None,
                    }),
                });
                item
            })
            .expect("a driveItem")
    }

    #[test]
    fn copies_are_settled_by_hash_and_size() {
        let mut same = record(Some("H"));
        settle(&mut same, 10, &copy(Some("H"), 10));
        assert_eq!(same.outcome, Outcome::Verified);

        let mut other_hash = record(Some("H"));
        settle(&mut other_hash, 10, &copy(Some("X"), 10));
        assert_eq!(other_hash.outcome, Outcome::Failed);
        assert_eq!(other_hash.failure_class, Some(FailureClass::HashMismatch));

        let mut other_size = record(Some("H"));
        settle(&mut other_size, 10, &copy(Some("H"), 11));
        assert_eq!(other_size.failure_class, Some(FailureClass::HashMismatch));

        let mut no_hash = record(None);
        settle(&mut no_hash, 10, &copy(None, 10));
        assert_eq!(no_hash.outcome, Outcome::CopiedUnverified);
    }
}
