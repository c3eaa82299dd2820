//! Copying a folder's tree as one server-side copy job lands it (`docs/graph-notes.md` §22,
//! <https://learn.microsoft.com/graph/api/driveitem-copy>): a new folder under the destination
//! with the same subfolders and files — names, sizes, quickXorHashes — under new ids, stamped
//! when the copy lands (metadata is not retained: "an entirely new driveItem is created").
//! Each copied file shares its original's bytes (`file_bytes`): files never change in place, so
//! nothing is copied on disk.
//!
//! The conflict behaviour applies to the top folder only, since everything below it is new.
//! `rename` gives it the lowest free suffix; `replace` "is only supported for files, and
//! folders with conflicts will use the `fail` behavior instead", so a taken name under either
//! is `nameAlreadyExists`. The tree is read whole before anything is written, so a copy whose
//! destination lies inside its source (refused up front, but a move could make it so while the
//! job waits) still ends.

use super::{Content, Contents, ItemIdx, NewFile};
use crate::sim::exchange::SimFailure;
use crate::sim::file_bytes::FileBytes;
use crate::vocab::conflict::ConflictBehavior;

/// What a landed folder copy made.
#[derive(Debug)]
pub(crate) struct CopiedTree {
    /// The new top folder.
    pub(crate) folder: ItemIdx,
}

/// One item of the tree being copied, with the position of its parent in the list (`None`
/// for the top folder's own children).
#[derive(Debug)]
struct TreeEntry {
    parent: Option<usize>,
    name: String,
    kind: EntryKind,
}

#[derive(Debug)]
enum EntryKind {
    Folder,
    File {
        size: u64,
        quick_xor: String,
        bytes: Option<FileBytes>,
    },
}

impl Contents {
    /// Whether `idx` is `folder` or lies anywhere below it.
    pub(crate) fn is_within(&self, idx: ItemIdx, folder: ItemIdx) -> bool {
        let mut at = Some(idx);
        while let Some(i) = at {
            if i == folder {
                return true;
            }
            at = self.parent_of(i);
        }
        false
    }

    /// The sizes of the files below `folder`, in the order [`Contents::copy_tree`] copies
    /// them (a listing's order, depth first).
    pub(crate) fn file_sizes_below(&self, folder: ItemIdx) -> Vec<u64> {
        self.tree_below(folder)
            .into_iter()
            .filter_map(|entry| match entry.kind {
                EntryKind::File { size, .. } => Some(size),
                EntryKind::Folder => None,
            })
            .collect()
    }

    /// Copies folder `source` with everything below it into `parent` as `name`, at `now`.
    pub(crate) fn copy_tree(
        &mut self,
        source: ItemIdx,
        parent: ItemIdx,
        name: &str,
        conflict: ConflictBehavior,
        now: &str,
    ) -> Result<CopiedTree, SimFailure> {
        self.require_folder(source)?;
        let entries = self.tree_below(source);
        let top_conflict = match conflict {
            ConflictBehavior::Rename => ConflictBehavior::Rename,
            ConflictBehavior::Fail | ConflictBehavior::Replace => ConflictBehavior::Fail,
        };
        let folder = self.create_folder(parent, name, top_conflict, now)?;
        let mut made = Vec::with_capacity(entries.len());
        for entry in entries {
            let into = entry.parent.map_or(folder, |p| made[p]);
            let copy = match entry.kind {
                EntryKind::Folder => {
                    self.create_folder(into, &entry.name, ConflictBehavior::Fail, now)?
                }
                EntryKind::File {
                    size,
                    quick_xor,
                    bytes,
                } => {
                    let file = NewFile {
                        size,
                        quick_xor,
                        file_system_info: None,
                        bytes,
                    };
                    self.store_file(into, &entry.name, ConflictBehavior::Fail, file, now)?
                        .0
                }
            };
            made.push(copy);
        }
        Ok(CopiedTree { folder })
    }

    /// Everything below `folder`, parents before their children, children in name order.
    fn tree_below(&self, folder: ItemIdx) -> Vec<TreeEntry> {
        let mut entries = Vec::new();
        let mut stack: Vec<(ItemIdx, Option<usize>)> = self
            .children(folder)
            .map(|c| c.values().rev().map(|i| (*i, None)).collect())
            .unwrap_or_default();
        while let Some((idx, parent)) = stack.pop() {
            let Some(record) = self.item(idx) else {
                continue;
            };
            let kind = match &record.content {
                Content::Folder { children } => {
                    let position = entries.len();
                    stack.extend(children.values().rev().map(|i| (*i, Some(position))));
                    EntryKind::Folder
                }
                Content::File { quick_xor, bytes } => EntryKind::File {
                    size: record.size,
                    quick_xor: quick_xor.clone(),
                    bytes: bytes.clone(),
                },
            };
            entries.push(TreeEntry {
                parent,
                name: record.name.clone(),
                kind,
            });
        }
        entries
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const NOW: &str = "2026-01-01T00:00:00Z";

    fn contents() -> (Contents, ItemIdx) {
        let contents = Contents::new(&super::super::tests::one_site_config(), NOW);
        let root = contents.drive_root(0);
        (contents, root)
    }

    fn file(contents: &mut Contents, folder: ItemIdx, name: &str, size: u64) -> ItemIdx {
        let new = NewFile {
            size,
            quick_xor: format!("hash-of-{name}"),
            file_system_info: None,
            bytes: Some(FileBytes::seeded(crate::source::SourceFile {
                rel_path: name.to_owned(),
                size,
                created: None,
                modified: None,
                origin: crate::source::FileOrigin::Synthetic { seed: 1, index: 0 },
            })),
        };
        contents
            .store_file(folder, name, ConflictBehavior::Fail, new, NOW)
            .expect("file")
            .0
    }

    /// (path below the folder, size, hash) of everything below `folder`.
    fn shape(contents: &Contents, folder: ItemIdx) -> Vec<(String, u64, Option<String>)> {
        let mut out = Vec::new();
        let mut stack = vec![(folder, String::new())];
        while let Some((idx, path)) = stack.pop() {
            for child in contents.children(idx).expect("folder").values() {
                let item = contents.drive_item(*child);
                let child_path = format!("{path}/{}", item.name);
                out.push((
                    child_path.clone(),
                    item.size.unwrap_or(0),
                    item.quick_xor_hash().map(str::to_owned),
                ));
                if item.folder.is_some() {
                    stack.push((*child, child_path));
                }
            }
        }
        out.sort();
        out
    }

    #[test]
    fn a_tree_is_copied_whole_under_new_ids_and_sized_as_the_original() {
        let (mut contents, root) = contents();
        let reports = contents
            .create_folder(root, "Reports", ConflictBehavior::Fail, NOW)
            .expect("folder");
        let q1 = contents
            .create_folder(reports, "Q1", ConflictBehavior::Fail, NOW)
            .expect("folder");
        contents
            .create_folder(q1, "empty", ConflictBehavior::Fail, NOW)
            .expect("folder");
        file(&mut contents, reports, "b.txt", 5);
        file(&mut contents, reports, "a.txt", 3);
        file(&mut contents, q1, "c.txt", 7);
        assert_eq!(contents.file_sizes_below(reports), [3, 5, 7]);

        let copied = contents
            .copy_tree(reports, root, "Reports copy", ConflictBehavior::Fail, NOW)
            .expect("copied");
        assert_eq!(shape(&contents, copied.folder), shape(&contents, reports));
        assert_eq!(contents.drive_item(copied.folder).size, Some(15));
        assert_eq!(contents.drive_item(root).size, Some(30));
        let c_txt = |folder| {
            let q1 = contents.child(folder, "Q1").expect("Q1");
            let c = contents.child(q1, "c.txt").expect("c.txt");
            (contents.drive_item(c).id, contents.file_bytes(c).cloned())
        };
        let (original, copy) = (c_txt(reports), c_txt(copied.folder));
        assert_ne!(original.0, copy.0, "a new id");
        assert!(copy.1.is_some());
        assert_eq!(original.1, copy.1, "the same bytes, shared");
    }

    #[test]
    fn a_taken_top_name_fails_under_fail_and_replace_and_is_suffixed_under_rename() {
        let (mut contents, root) = contents();
        let folder = contents
            .create_folder(root, "Plans", ConflictBehavior::Fail, NOW)
            .expect("folder");
        file(&mut contents, folder, "plan.docx", 4);
        for conflict in [ConflictBehavior::Fail, ConflictBehavior::Replace] {
            let refused = contents.copy_tree(folder, root, "Plans", conflict, NOW);
            assert_eq!(
                refused.map(|_| ()).map_err(|e| e.code),
                Err("nameAlreadyExists"),
                "{conflict:?}"
            );
        }
        let renamed = contents
            .copy_tree(folder, root, "Plans", ConflictBehavior::Rename, NOW)
            .expect("renamed");
        assert_eq!(contents.drive_item(renamed.folder).name, "Plans 1");
    }

    #[test]
    fn a_copy_into_its_own_subtree_ends_with_one_level_more() {
        let (mut contents, root) = contents();
        let folder = contents
            .create_folder(root, "Loop", ConflictBehavior::Fail, NOW)
            .expect("folder");
        let inner = contents
            .create_folder(folder, "inner", ConflictBehavior::Fail, NOW)
            .expect("folder");
        file(&mut contents, inner, "x.bin", 2);
        assert!(contents.is_within(inner, folder));
        assert!(contents.is_within(folder, folder));
        assert!(!contents.is_within(root, folder));
        let copied = contents
            .copy_tree(folder, inner, "Loop", ConflictBehavior::Fail, NOW)
            .expect("copied");
        assert_eq!(
            shape(&contents, copied.folder),
            [
                ("/inner".to_owned(), 2, None),
                (
                    "/inner/x.bin".to_owned(),
                    2,
                    Some("hash-of-x.bin".to_owned())
                ),
            ]
        );
    }
}
