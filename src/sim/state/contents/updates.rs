//! `PATCH` of a driveItem (docs/graph-notes.md §17): a new `name`, a new parent
//! (`parentReference.id`, a move within the drive) and the client's `fileSystemInfo`
//! timestamps, in any combination. The item keeps its id; its eTag changes, and so do both
//! parents' when it moves; it moves to the end of its drive's change log, so `delta` reports
//! it once, in its new place. A name another item of the destination folder holds is `409
//! nameAlreadyExists` (Graph renames nothing on PATCH); a folder moved below itself and the
//! drive's root are `400`.

use super::{Content, Contents, FileSystemInfo, ItemIdx, fold, validate_name};
use crate::sim::exchange::SimFailure;

/// What a PATCH asks to change; `None` keeps the item's own value.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct ItemUpdate {
    /// A new name.
    pub(crate) name: Option<String>,
    /// A new parent folder in the same drive.
    pub(crate) parent: Option<ItemIdx>,
    /// New client timestamps (a field left out keeps its value).
    pub(crate) file_system_info: Option<FileSystemInfo>,
}

impl Contents {
    /// Applies `update` to `idx` at `now`.
    pub(crate) fn update(
        &mut self,
        idx: ItemIdx,
        update: ItemUpdate,
        now: &str,
    ) -> Result<(), SimFailure> {
        let Some(record) = self.item(idx) else {
            return Err(SimFailure::not_found("The resource could not be found."));
        };
        let Some(old_parent) = record.parent else {
            return Err(SimFailure::invalid_request(
                "The root folder of a drive cannot be renamed, moved or changed.",
            ));
        };
        let (old_name, size, drive) = (record.name.clone(), record.size, record.drive);
        let new_name = update.name.clone().unwrap_or_else(|| old_name.clone());
        let new_parent = update.parent.unwrap_or(old_parent);
        validate_name(&new_name)?;
        if new_parent != old_parent {
            self.require_folder(new_parent)?;
            if self.item(new_parent).map(|p| p.drive) != Some(drive) {
                return Err(SimFailure::invalid_request(
                    "An item can be moved within its drive only; copy it to another drive.",
                ));
            }
            let mut at = Some(new_parent);
            while let Some(ancestor) = at {
                if ancestor == idx {
                    return Err(SimFailure::invalid_request(
                        "A folder cannot be moved into itself or below itself.",
                    ));
                }
                at = self.parent_of(ancestor);
            }
        }
        if let Some(holder) = self.child(new_parent, &new_name)
            && holder != idx
        {
            return Err(SimFailure::name_exists(&new_name));
        }
        // Out of the old folder, into the new one (the same one for a rename).
        if let Some(Content::Folder { children }) =
            self.item_mut(old_parent).map(|p| &mut p.content)
        {
            children.remove(&fold(&old_name));
        }
        if new_parent != old_parent {
            self.adjust_ancestor_sizes(Some(old_parent), -i128::from(size));
            self.adjust_ancestor_sizes(Some(new_parent), i128::from(size));
        }
        if let Some(Content::Folder { children }) =
            self.item_mut(new_parent).map(|p| &mut p.content)
        {
            children.insert(fold(&new_name), idx);
        }
        for folder in [old_parent, new_parent] {
            if let Some(parent) = self.item_mut(folder) {
                parent.version += 1;
                if update.name.is_some() || update.parent.is_some() {
                    parent.modified = now.to_owned();
                }
            }
            if new_parent == old_parent {
                break;
            }
        }
        if let Some(record) = self.item_mut(idx) {
            record.name = new_name;
            record.parent = Some(new_parent);
            if let Some(times) = update.file_system_info {
                if times.created_date_time.is_some() {
                    record.file_system_info.created_date_time = times.created_date_time;
                }
                if times.last_modified_date_time.is_some() {
                    record.file_system_info.last_modified_date_time = times.last_modified_date_time;
                }
            }
            record.modified = now.to_owned();
            record.version += 1;
        }
        self.touch(idx);
        Ok(())
    }
}
