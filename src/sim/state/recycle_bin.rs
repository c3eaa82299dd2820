//! What the tenant keeps of a deleted item. Graph's `DELETE /drives/{d}/items/{id}` moves the
//! item (a folder with everything below it) to the site's recycle bin rather than destroying it,
//! and `permanentDelete` skips the bin (docs/graph-notes.md §10). The simulated tenant serves no
//! restore (Graph v1.0 documents none for business drives), so the bin is a record, not a store:
//! per deleted item its id, name, former path, size, how many items went with it and when, about
//! 150 bytes each. A permanently deleted item leaves no entry. Tests and `GET`s see the effect
//! that matters to a client: the item and its subtree answer 404 from then on.

/// One item moved to the recycle bin.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct RecycledItem {
    /// Its id, as it had it.
    pub(crate) id: String,
    /// Its name.
    pub(crate) name: String,
    /// Where it was: `/drives/{d}/root:/a/b`, the parent's path.
    pub(crate) former_parent_path: String,
    /// Its size (a folder's: everything below it).
    pub(crate) size: u64,
    /// Items removed with it, itself included.
    pub(crate) items: u64,
    /// When it was deleted, RFC 3339.
    pub(crate) deleted: String,
}

/// The tenant's recycle bin: what `DELETE` moved there, oldest first.
#[derive(Debug, Default)]
pub(crate) struct RecycleBin {
    entries: Vec<RecycledItem>,
}

impl RecycleBin {
    /// Keeps `item`.
    pub(crate) fn keep(&mut self, item: RecycledItem) {
        self.entries.push(item);
    }

    /// Everything deleted so far, oldest first.
    #[cfg(test)]
    pub(crate) fn entries(&self) -> &[RecycledItem] {
        &self.entries
    }
}
