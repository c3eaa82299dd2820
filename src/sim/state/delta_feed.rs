//! One page of a `delta` feed, read from the change log (`docs/graph-notes.md` §13): the items of
//! a folder's subtree (a drive's root for the whole drive) changed after a position, oldest
//! change first, each preceded by those of its ancestors (from the folder down) not yet on the
//! page, as the service returns the parents of a changed item unless `deltaExcludeParent` is
//! sent. Deleted items come as tombstones; a full enumeration skips the tombstones written
//! before it started.

use std::collections::HashSet;

use super::change_log::{Change, DriveIdx, ItemIdx, Tombstone};
use super::contents::Contents;

/// What one page asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct FeedRequest {
    /// The drive.
    pub(crate) drive: DriveIdx,
    /// The folder whose subtree is tracked (the drive's root for the whole drive).
    pub(crate) scope: ItemIdx,
    /// Changes after this sequence number.
    pub(crate) after: u64,
    /// Deletions at or before this sequence number are not reported (a full enumeration
    /// reports none written before it began; a token reports those after it).
    pub(crate) deletions_after: u64,
    /// The most entries on the page.
    pub(crate) top: usize,
    /// Precede each item by its ancestors not yet on the page.
    pub(crate) with_parents: bool,
}

/// One entry of a page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum FeedEntry {
    /// An item, in its current state.
    Item(ItemIdx),
    /// A deleted item.
    Deleted(Tombstone),
}

/// A page and where the next one starts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct FeedPage {
    /// The entries, oldest change first.
    pub(crate) entries: Vec<FeedEntry>,
    /// `Some(seq)`: more changes remain after `seq` (a next page); `None`: this is the last.
    pub(crate) continue_after: Option<u64>,
}

/// The ancestors of `idx` from `scope` (inclusive) down to its parent, if `idx` is in the
/// subtree of `scope`; `idx == scope` has none.
fn chain_within(contents: &Contents, idx: ItemIdx, scope: ItemIdx) -> Option<Vec<ItemIdx>> {
    let mut chain = Vec::new();
    let mut at = idx;
    while at != scope {
        at = contents.parent_of(at)?;
        chain.push(at);
    }
    chain.reverse();
    Some(chain)
}

/// The page `request` asks for.
pub(crate) fn feed_page(contents: &Contents, request: &FeedRequest) -> FeedPage {
    let mut entries = Vec::new();
    let mut on_page: HashSet<ItemIdx> = HashSet::new();
    let top = request.top.max(1);
    let mut consumed = request.after;
    for (seq, change) in contents.changes().since(request.drive, request.after) {
        let (chain, entry) = match change {
            Change::Live(idx) => match chain_within(contents, *idx, request.scope) {
                Some(chain) => (chain, FeedEntry::Item(*idx)),
                None => {
                    consumed = seq;
                    continue;
                }
            },
            Change::Deleted(tombstone) => {
                let within = tombstone.ancestors.iter().position(|a| *a == request.scope);
                match within {
                    Some(at) if seq > request.deletions_after => {
                        let chain = tombstone.ancestors[at..]
                            .iter()
                            .copied()
                            .filter(|a| contents.exists(*a))
                            .collect();
                        (chain, FeedEntry::Deleted(tombstone.as_ref().clone()))
                    }
                    _ => {
                        consumed = seq;
                        continue;
                    }
                }
            }
        };
        let missing: Vec<ItemIdx> = if request.with_parents {
            chain.into_iter().filter(|a| !on_page.contains(a)).collect()
        } else {
            Vec::new()
        };
        if !entries.is_empty() && entries.len() + missing.len() + 1 > top {
            return FeedPage {
                entries,
                continue_after: Some(consumed),
            };
        }
        for ancestor in missing {
            on_page.insert(ancestor);
            entries.push(FeedEntry::Item(ancestor));
        }
        if let FeedEntry::Item(idx) = &entry
            && !on_page.insert(*idx)
        {
            // Already on the page as an ancestor of an earlier entry, in its current state.
            consumed = seq;
            continue;
        }
        entries.push(entry);
        consumed = seq;
    }
    FeedPage {
        entries,
        continue_after: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::config::{SimConfig, SimSite};
    use crate::sim::state::{Base, NewFile};
    use crate::vocab::conflict::ConflictBehavior;

    const NOW: &str = "2026-01-01T00:00:00.000Z";

    fn tenant() -> (Contents, DriveIdx, ItemIdx) {
        let config = SimConfig {
            sites: vec![SimSite {
                url: "https://h/sites/a".parse().expect("url"),
                libraries: vec![],
            }],
            ..SimConfig::default()
        };
        let contents = Contents::new(&config, NOW);
        let site = contents
            .site_by_path("h", "sites/a")
            .expect("site")
            .id
            .clone();
        let drive_id = contents.site_default_drive(&site).expect("drive").id;
        let drive = contents.drive_idx(&drive_id).expect("drive");
        let root = contents.resolve(drive, &Base::Root, &[]).expect("root");
        (contents, drive, root)
    }

    fn file(contents: &mut Contents, parent: ItemIdx, name: &str) -> ItemIdx {
        let new = NewFile {
            size: 1,
            quick_xor: "x".into(),
            file_system_info: None,
            bytes: None,
        };
        contents
            .store_file(parent, name, ConflictBehavior::Replace, new, NOW)
            .expect("stored")
            .0
    }

    fn names(contents: &Contents, page: &FeedPage) -> Vec<String> {
        page.entries
            .iter()
            .map(|e| match e {
                FeedEntry::Item(idx) => contents.drive_item(*idx).name,
                FeedEntry::Deleted(t) => format!("-{}", t.id),
            })
            .collect()
    }

    #[test]
    fn pages_list_parents_first_and_continue_where_they_stopped() {
        let (mut contents, drive, root) = tenant();
        let a = contents
            .create_folder(root, "a", ConflictBehavior::Fail, NOW)
            .expect("a");
        file(&mut contents, a, "1.txt");
        file(&mut contents, root, "2.txt");
        let mut request = FeedRequest {
            drive,
            scope: root,
            after: 0,
            deletions_after: contents.changes().current(),
            top: 3,
            with_parents: true,
        };
        let first = feed_page(&contents, &request);
        assert_eq!(names(&contents, &first), ["root", "a", "1.txt"]);
        request.after = first.continue_after.expect("more");
        let second = feed_page(&contents, &request);
        assert_eq!(names(&contents, &second), ["root", "2.txt"]);
        assert_eq!(second.continue_after, None);
    }

    #[test]
    fn a_folder_scope_sees_its_subtree_and_its_deletions_only() {
        let (mut contents, drive, root) = tenant();
        let a = contents
            .create_folder(root, "a", ConflictBehavior::Fail, NOW)
            .expect("a");
        let mark = contents.changes().current();
        file(&mut contents, a, "in.txt");
        file(&mut contents, root, "out.txt");
        let b = contents
            .create_folder(a, "b", ConflictBehavior::Fail, NOW)
            .expect("b");
        let request = |with_parents| FeedRequest {
            drive,
            scope: a,
            after: mark,
            deletions_after: mark,
            top: 100,
            with_parents,
        };
        let page = feed_page(&contents, &request(false));
        assert_eq!(names(&contents, &page), ["in.txt", "b"]);
        let old_b = contents.drive_item(b).id;
        contents
            .create_folder(a, "b", ConflictBehavior::Replace, NOW)
            .expect("replaced");
        let page = feed_page(&contents, &request(true));
        assert_eq!(
            names(&contents, &page),
            [
                "a".to_string(),
                "in.txt".into(),
                format!("-{old_b}"),
                "b".into()
            ]
        );
    }
}
