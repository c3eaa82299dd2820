//! The change log behind `delta` (`docs/graph-notes.md` §13): every item of every drive holds the
//! sequence number of its latest change, and each drive keeps its items ordered by that number,
//! so "what changed since token T" is a range scan from T. A change moves an item's entry to the
//! end; an item changed twice appears once, in its latest state, as Graph's delta feed shows it.
//!
//! Deleted items leave a tombstone (id, former parent, former ancestors, file or folder) so a
//! later delta can report them with the `deleted` facet. Tombstones are the only memory the log
//! adds beyond one ordered entry per live item, and they are capped at [`TOMBSTONE_CAP`]: when
//! the oldest is dropped, every token from before it can no longer be answered and gets
//! `410 Gone` (resync), which is what the service documents for tokens it cannot serve.
//!
//! Cost: one `BTreeMap` entry (≈ 40 bytes with the tree's overhead) per live item, and per
//! tombstone its id and former parent's id (two 34-character strings), its ancestors (8 bytes a
//! level) and ≈ 100 bytes of bookkeeping: at the cap, ≈ 25 MB.

use std::collections::{BTreeMap, VecDeque};
use std::ops::Bound;

/// Index of an item in the tree's slab (stable: slots are never reused).
pub(crate) type ItemIdx = usize;
/// Index of a drive.
pub(crate) type DriveIdx = usize;

/// The most tombstones kept, over all drives; older ones are forgotten (their tokens get 410).
pub(crate) const TOMBSTONE_CAP: usize = 100_000;

/// What an entry of the log says.
#[derive(Debug)]
pub(crate) enum Change {
    /// The item exists; its current state is in the tree.
    Live(ItemIdx),
    /// The item was deleted.
    Deleted(Box<Tombstone>),
}

/// What the log remembers of a deleted item.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Tombstone {
    /// Its id.
    pub(crate) id: String,
    /// Its former parent's id.
    pub(crate) parent_id: Option<String>,
    /// Its former ancestors, the drive's root first, its parent last.
    pub(crate) ancestors: Box<[ItemIdx]>,
    /// A folder rather than a file.
    pub(crate) is_folder: bool,
}

/// Every drive's changes in order, and the tombstones of deleted items.
#[derive(Debug, Default)]
pub(crate) struct ChangeLog {
    /// The last sequence number handed out (0: none yet).
    last: u64,
    /// Per drive: sequence number → change.
    drives: Vec<BTreeMap<u64, Change>>,
    /// Tombstones in the order they were written, to drop the oldest first.
    tombstones: VecDeque<(DriveIdx, u64)>,
    /// Tombstones up to this sequence number were dropped: tokens before it cannot be answered.
    forgotten_through: u64,
    cap: usize,
}

impl ChangeLog {
    /// An empty log keeping at most `cap` tombstones.
    pub(crate) fn with_tombstone_cap(cap: usize) -> ChangeLog {
        ChangeLog {
            cap,
            ..ChangeLog::default()
        }
    }

    /// The sequence number of the latest change (the position a `latest` token stands for).
    pub(crate) fn current(&self) -> u64 {
        self.last
    }

    /// Tokens at or before this sequence number cannot be answered: tombstones after them were
    /// dropped.
    pub(crate) fn forgotten_through(&self) -> u64 {
        self.forgotten_through
    }

    fn drive_mut(&mut self, drive: DriveIdx) -> &mut BTreeMap<u64, Change> {
        if self.drives.len() <= drive {
            self.drives.resize_with(drive + 1, BTreeMap::new);
        }
        &mut self.drives[drive]
    }

    /// Records a change of item `idx` of `drive` whose previous change was `previous` (0 for a
    /// new item). Returns the item's new sequence number.
    pub(crate) fn touch(&mut self, drive: DriveIdx, previous: u64, idx: ItemIdx) -> u64 {
        self.last += 1;
        let seq = self.last;
        let log = self.drive_mut(drive);
        if previous != 0 {
            log.remove(&previous);
        }
        log.insert(seq, Change::Live(idx));
        seq
    }

    /// Records the deletion of an item of `drive` whose previous change was `previous`.
    pub(crate) fn delete(&mut self, drive: DriveIdx, previous: u64, tombstone: Tombstone) {
        self.last += 1;
        let seq = self.last;
        let log = self.drive_mut(drive);
        log.remove(&previous);
        log.insert(seq, Change::Deleted(Box::new(tombstone)));
        self.tombstones.push_back((drive, seq));
        while self.tombstones.len() > self.cap {
            let Some((drive, seq)) = self.tombstones.pop_front() else {
                break;
            };
            if let Some(log) = self.drives.get_mut(drive) {
                log.remove(&seq);
            }
            self.forgotten_through = self.forgotten_through.max(seq);
        }
    }

    /// The changes of `drive` after sequence number `after`, oldest first.
    pub(crate) fn since(
        &self,
        drive: DriveIdx,
        after: u64,
    ) -> impl Iterator<Item = (u64, &Change)> + '_ {
        self.drives
            .get(drive)
            .into_iter()
            .flat_map(move |log| log.range((Bound::Excluded(after), Bound::Unbounded)))
            .map(|(seq, change)| (*seq, change))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tombstone(id: &str) -> Tombstone {
        Tombstone {
            id: id.into(),
            parent_id: None,
            ancestors: Box::new([]),
            is_folder: false,
        }
    }

    fn seqs(log: &ChangeLog, drive: DriveIdx, after: u64) -> Vec<u64> {
        log.since(drive, after).map(|(seq, _)| seq).collect()
    }

    #[test]
    fn a_changed_item_moves_to_the_end_and_appears_once() {
        let mut log = ChangeLog::with_tombstone_cap(10);
        let a = log.touch(0, 0, 1);
        let b = log.touch(0, 0, 2);
        let a2 = log.touch(0, a, 1);
        assert_eq!(seqs(&log, 0, 0), [b, a2]);
        assert_eq!(seqs(&log, 0, b), [a2]);
        assert_eq!(log.current(), a2);
        assert!(seqs(&log, 1, 0).is_empty(), "another drive is empty");
    }

    #[test]
    fn deletions_leave_tombstones_and_the_oldest_are_forgotten_past_the_cap() {
        let mut log = ChangeLog::with_tombstone_cap(2);
        let a = log.touch(0, 0, 1);
        let b = log.touch(0, 0, 2);
        let c = log.touch(1, 0, 3);
        log.delete(0, a, tombstone("a"));
        log.delete(0, b, tombstone("b"));
        assert_eq!(log.forgotten_through(), 0);
        let deleted: Vec<String> = log
            .since(0, 0)
            .filter_map(|(_, change)| match change {
                Change::Deleted(t) => Some(t.id.clone()),
                Change::Live(_) => None,
            })
            .collect();
        assert_eq!(deleted, ["a", "b"]);
        log.delete(1, c, tombstone("c"));
        // The tombstone of "a" (sequence 4) is dropped: tokens before 4 cannot be answered.
        assert_eq!(log.forgotten_through(), 4);
        assert_eq!(log.since(0, 0).count(), 1);
    }
}
