//! An item a run created in the tenant — a folder it made or a file the tenant stored — with
//! what identifies it there (its id and eTag) and what it held when created (size,
//! quickXorHash). The engine reports these as they happen, the journal keeps them, and a later
//! `--resume` or `clean` finds the run's own items by them: shared here because the engine
//! produces them and the run folder stores them, and neither may import the other.

/// What kind of item was created.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CreatedKind {
    /// A folder the run made (a run folder, the destination folder, a source folder).
    Folder,
    /// A file the tenant stored.
    File,
}

impl CreatedKind {
    /// Its spelling in the run folder's files.
    pub fn as_str(self) -> &'static str {
        match self {
            CreatedKind::Folder => "folder",
            CreatedKind::File => "file",
        }
    }
}

/// One item the run created in the tenant.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CreatedItem {
    /// Index of the site in the scenario (0-based).
    pub site: usize,
    /// File or folder.
    pub kind: CreatedKind,
    /// Its path in the destination drive, `/`-separated, from the library root.
    pub destination_path: String,
    /// Its id in the drive.
    pub item_id: String,
    /// Its eTag when created, if the tenant sent one.
    pub e_tag: Option<String>,
    /// A file's size, bytes (0 for a folder).
    pub size_bytes: u64,
    /// A file's quickXorHash (base64) as the tenant reported it, if it did.
    pub quick_xor_hash: Option<String>,
}
