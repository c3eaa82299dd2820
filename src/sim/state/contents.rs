//! What the tenant holds: sites, drives, users and the item tree of every drive. Files keep
//! their metadata, quickXorHash and a handle on their bytes (`file_bytes`), which goes with the
//! item: new content replaces it, deleting the item releases it. Names are
//! unique per folder without regard to case, as on SharePoint; children are kept ordered by that
//! folded name. Every change of an item is written to the change log `delta` reads
//! (`change_log`): creation, a new version, and removal (a tombstone).

use std::collections::{BTreeMap, HashMap};

mod mime_types;
mod subtree_copy;
mod updates;
pub(crate) use updates::ItemUpdate;

use super::change_log::{ChangeLog, TOMBSTONE_CAP, Tombstone};
pub(crate) use super::change_log::{DriveIdx, ItemIdx};
use super::ids::{IdSource, drive_id_from, guid_from};
use super::recycle_bin::{RecycleBin, RecycledItem};
use crate::graph::{
    Drive, DriveItem, FileFacet, FileSystemInfo, FolderFacet, Hashes, ItemReference, Site,
};
use crate::sim::config::{SimConfig, SimSite};
use crate::sim::exchange::SimFailure;
use crate::sim::file_bytes::FileBytes;
use crate::vocab::conflict::ConflictBehavior;

/// The root site's host when no site is configured: the team sites' host.
const ROOT_SITE_FALLBACK_HOST: &str = "simulated.sharepoint.com";

/// A site and its libraries.
#[derive(Debug)]
struct SiteRecord {
    site: Site,
    drives: Vec<DriveIdx>,
}

/// A drive and its root folder.
#[derive(Debug)]
struct DriveRecord {
    drive: Drive,
    root: ItemIdx,
    /// The user whose OneDrive it is (lower case), if it is one.
    owner: Option<String>,
}

/// What an item is.
#[derive(Debug)]
enum Content {
    /// A folder: children by case-folded name.
    Folder { children: BTreeMap<String, ItemIdx> },
    /// A file: its quickXorHash (base64) and its bytes, if the tenant can serve them.
    File {
        quick_xor: String,
        bytes: Option<FileBytes>,
    },
}

/// One file or folder.
#[derive(Debug)]
struct ItemRecord {
    id: String,
    name: String,
    drive: DriveIdx,
    parent: Option<ItemIdx>,
    content: Content,
    /// For folders, the bytes of everything below.
    size: u64,
    created: String,
    modified: String,
    file_system_info: FileSystemInfo,
    /// Bumped on every change; part of eTag and cTag.
    version: u32,
    /// Sequence number of its latest change in the change log.
    seq: u64,
}

impl ItemRecord {
    /// A new, empty folder stamped `now` (service and client timestamps alike).
    fn empty_folder(
        id: String,
        name: String,
        drive: DriveIdx,
        parent: Option<ItemIdx>,
        now: &str,
    ) -> ItemRecord {
        ItemRecord {
            id,
            name,
            drive,
            parent,
            content: Content::Folder {
                children: BTreeMap::new(),
            },
            size: 0,
            created: now.to_owned(),
            modified: now.to_owned(),
            file_system_info: FileSystemInfo {
                created_date_time: Some(now.to_owned()),
                last_modified_date_time: Some(now.to_owned()),
            },
            version: 1,
            seq: 0,
        }
    }
}

/// A file to store: what an upload produced.
#[derive(Debug, Clone)]
pub(crate) struct NewFile {
    /// Bytes.
    pub(crate) size: u64,
    /// quickXorHash, base64.
    pub(crate) quick_xor: String,
    /// Client timestamps, if the upload carried them.
    pub(crate) file_system_info: Option<FileSystemInfo>,
    /// Its bytes, if the tenant can serve them (a seeded file whose source cannot be read has
    /// none).
    pub(crate) bytes: Option<FileBytes>,
}

/// Where an address starts: a drive's root or an item id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Base {
    /// `/root`.
    Root,
    /// `/items/{id}`.
    Id(String),
}

/// An item address inside a drive: a base and (decoded) path segments below it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Address {
    /// Root or item id.
    pub(crate) base: Base,
    /// Names below the base.
    pub(crate) path: Vec<String>,
}

/// Everything the tenant holds: sites, drives, users' OneDrives and the items in them.
#[derive(Debug)]
pub(crate) struct Contents {
    sites: Vec<SiteRecord>,
    site_by_path: HashMap<String, usize>,
    site_by_id: HashMap<String, usize>,
    drives: Vec<DriveRecord>,
    drive_by_id: HashMap<String, DriveIdx>,
    user_drives: HashMap<String, DriveIdx>,
    /// The tenant's root site (`/sites/root`).
    root_site: Option<usize>,
    items: Vec<Option<ItemRecord>>,
    item_by_id: HashMap<String, ItemIdx>,
    /// What changed, in order, for `delta`.
    changes: ChangeLog,
    pub(crate) ids: IdSource,
    /// What `DELETE` moved out of the tree.
    pub(crate) recycle_bin: RecycleBin,
}

/// The key a site is found by: host and server-relative path, lower case, no slashes around.
pub(crate) fn site_key(host: &str, path: &str) -> String {
    format!("{}/{}", host, path.trim_matches('/')).to_lowercase()
}

/// The folded form names are compared in.
fn fold(name: &str) -> String {
    name.to_lowercase()
}

/// Refuses names SharePoint refuses: empty, `.`/`..`, the characters `" * : < > ? / \ |`, or
/// leading/trailing spaces.
pub(crate) fn validate_name(name: &str) -> Result<(), SimFailure> {
    let bad_char = name.chars().find(|c| {
        matches!(c, '"' | '*' | ':' | '<' | '>' | '?' | '/' | '\\' | '|') || c.is_control()
    });
    if name.is_empty() || name == "." || name == ".." {
        return Err(SimFailure::invalid_request(
            "The name is empty or reserved.",
        ));
    }
    if let Some(c) = bad_char {
        return Err(SimFailure::invalid_request(format!(
            "The name '{name}' contains the character '{c}', which is not allowed."
        )));
    }
    if name.starts_with(' ') || name.ends_with(' ') {
        return Err(SimFailure::invalid_request(format!(
            "The name '{name}' starts or ends with a space."
        )));
    }
    Ok(())
}

/// The GUID inside an item's eTag and cTag, `{8-4-4-4-12}`, taken from the 32 hex digits of
/// its id (ids are `01` + 32 hex digits), so it costs no hashing per answer.
fn tag_guid(id: &str) -> String {
    match id.get(2..34) {
        Some(hex) => format!(
            "{{{}-{}-{}-{}-{}}}",
            &hex[..8],
            &hex[8..12],
            &hex[12..16],
            &hex[16..20],
            &hex[20..]
        ),
        None => format!("{{{}}}", guid_from(id)),
    }
}

/// `name` with the integer suffix `n`, before the extension of a file ("a 1.txt", "folder 1").
fn with_suffix(name: &str, n: u64, is_file: bool) -> String {
    match name.rfind('.').filter(|dot| is_file && *dot > 0) {
        Some(dot) => format!("{} {}{}", &name[..dot], n, &name[dot..]),
        None => format!("{name} {n}"),
    }
}

impl Contents {
    /// The tenant at start: every site with "Documents" and its libraries, every user's
    /// OneDrive, all empty.
    pub(crate) fn new(config: &SimConfig, created: &str) -> Contents {
        let mut contents = Contents {
            sites: Vec::new(),
            site_by_path: HashMap::new(),
            site_by_id: HashMap::new(),
            drives: Vec::new(),
            drive_by_id: HashMap::new(),
            user_drives: HashMap::new(),
            root_site: None,
            items: Vec::new(),
            item_by_id: HashMap::new(),
            changes: ChangeLog::with_tombstone_cap(TOMBSTONE_CAP),
            ids: IdSource::new(config.seed),
            recycle_bin: RecycleBin::default(),
        };
        for site in &config.sites {
            contents.add_site(site, created);
        }
        contents.add_root_site(config, created);
        for user in &config.users {
            let key = user.to_lowercase();
            if contents.user_drives.contains_key(&key) {
                continue;
            }
            let drive = Drive {
                id: drive_id_from(&format!("user:{key}")),
                name: Some("OneDrive".to_owned()),
                drive_type: Some("business".to_owned()),
                web_url: Some(format!(
                    "https://simulated-my.sharepoint.com/personal/{}/Documents",
                    key.replace(['@', '.'], "_")
                )),
            };
            let idx = contents.add_drive(drive, created);
            contents.drives[idx].owner = Some(key.clone());
            contents.user_drives.insert(key, idx);
        }
        contents
    }

    fn add_site(&mut self, sim_site: &SimSite, created: &str) {
        let host = sim_site
            .url
            .host_str()
            .unwrap_or("localhost")
            .to_lowercase();
        let path = percent_encoding::percent_decode_str(sim_site.url.path())
            .decode_utf8_lossy()
            .trim_matches('/')
            .to_owned();
        let key = site_key(&host, &path);
        if self.site_by_path.contains_key(&key) {
            return;
        }
        let name = path.rsplit('/').next().unwrap_or_default().to_owned();
        let site = Site {
            id: format!(
                "{host},{},{}",
                guid_from(&format!("site-collection:{key}")),
                guid_from(&format!("web:{key}"))
            ),
            display_name: Some(name.clone()),
            name: Some(name),
            web_url: Some(sim_site.url.as_str().trim_end_matches('/').to_owned()),
        };
        let web_url = site.web_url.clone().unwrap_or_default();
        let mut libraries = vec!["Documents".to_owned()];
        for library in &sim_site.libraries {
            if !libraries.iter().any(|l| l.eq_ignore_ascii_case(library)) {
                libraries.push(library.clone());
            }
        }
        let mut drives = Vec::new();
        for library in libraries {
            let url_name = if library == "Documents" {
                "Shared%20Documents".to_owned()
            } else {
                library.replace(' ', "%20")
            };
            let drive = Drive {
                id: drive_id_from(&format!("library:{}:{}", site.id, library.to_lowercase())),
                name: Some(library),
                drive_type: Some("documentLibrary".to_owned()),
                web_url: Some(format!("{web_url}/{url_name}")),
            };
            drives.push(self.add_drive(drive, created));
        }
        let idx = self.sites.len();
        self.site_by_id.insert(site.id.to_lowercase(), idx);
        self.site_by_path.insert(key, idx);
        self.sites.push(SiteRecord { site, drives });
    }

    /// The tenant's root site (`https://{host}/`, `GET /sites/root`), as every tenant has one:
    /// on the host of the first configured site, or on the team sites' host when none is
    /// configured. A configured site at the host's root is the root site itself.
    fn add_root_site(&mut self, config: &SimConfig, created: &str) {
        let host = config
            .sites
            .first()
            .and_then(|site| site.url.host_str())
            .unwrap_or(ROOT_SITE_FALLBACK_HOST)
            .to_lowercase();
        let key = site_key(&host, "");
        if !self.site_by_path.contains_key(&key) {
            let Ok(url) = format!("https://{host}/").parse() else {
                return;
            };
            self.add_site(
                &SimSite {
                    url,
                    libraries: vec![],
                },
                created,
            );
            if let Some(&idx) = self.site_by_path.get(&key) {
                // A new tenant's root site is a communication site of that name.
                self.sites[idx].site.display_name = Some("Communication site".to_owned());
            }
        }
        if let Some(&idx) = self.site_by_path.get(&key) {
            self.root_site = Some(idx);
        }
    }

    fn add_drive(&mut self, drive: Drive, created: &str) -> DriveIdx {
        let idx = self.drives.len();
        let id = self.ids.item_id();
        let root = self.insert_item(ItemRecord::empty_folder(
            id,
            "root".to_owned(),
            idx,
            None,
            created,
        ));
        self.drive_by_id.insert(drive.id.clone(), idx);
        self.drives.push(DriveRecord {
            drive,
            root,
            owner: None,
        });
        idx
    }

    fn insert_item(&mut self, record: ItemRecord) -> ItemIdx {
        let idx = self.items.len();
        self.item_by_id.insert(record.id.clone(), idx);
        self.items.push(Some(record));
        self.touch(idx);
        idx
    }

    /// Writes a change of `idx` to the change log (it moves to the end of its drive's feed).
    pub(crate) fn touch(&mut self, idx: ItemIdx) {
        let Some((drive, previous)) = self.item(idx).map(|r| (r.drive, r.seq)) else {
            return;
        };
        let seq = self.changes.touch(drive, previous, idx);
        if let Some(record) = self.item_mut(idx) {
            record.seq = seq;
        }
    }

    /// The change log `delta` reads.
    pub(crate) fn changes(&self) -> &ChangeLog {
        &self.changes
    }

    /// The parent of `idx` (`None` for a drive's root or an item that has gone).
    pub(crate) fn parent_of(&self, idx: ItemIdx) -> Option<ItemIdx> {
        self.item(idx).and_then(|r| r.parent)
    }

    /// Whether item `idx` still exists.
    pub(crate) fn exists(&self, idx: ItemIdx) -> bool {
        self.item(idx).is_some()
    }

    /// The drive of item `idx`.
    pub(crate) fn drive_of(&self, idx: ItemIdx) -> Option<DriveIdx> {
        self.item(idx).map(|r| r.drive)
    }

    /// The root folder of drive `drive`.
    pub(crate) fn drive_root(&self, drive: DriveIdx) -> ItemIdx {
        self.drives[drive].root
    }

    fn item(&self, idx: ItemIdx) -> Option<&ItemRecord> {
        self.items.get(idx).and_then(Option::as_ref)
    }

    fn item_mut(&mut self, idx: ItemIdx) -> Option<&mut ItemRecord> {
        self.items.get_mut(idx).and_then(Option::as_mut)
    }

    /// The site at `host` + server-relative `path`.
    pub(crate) fn site_by_path(&self, host: &str, path: &str) -> Result<&Site, SimFailure> {
        self.site_by_path
            .get(&site_key(host, path))
            .map(|idx| &self.sites[*idx].site)
            .ok_or_else(|| SimFailure::not_found("Requested site could not be found"))
    }

    fn site_idx(&self, id: &str) -> Result<usize, SimFailure> {
        if id.eq_ignore_ascii_case("root") {
            return self
                .root_site
                .ok_or_else(|| SimFailure::not_found("Requested site could not be found"));
        }
        self.site_by_id
            .get(&id.to_lowercase())
            .copied()
            .ok_or_else(|| SimFailure::not_found("Requested site could not be found"))
    }

    /// The site with composite id `id`.
    pub(crate) fn site_by_id(&self, id: &str) -> Result<&Site, SimFailure> {
        Ok(&self.sites[self.site_idx(id)?].site)
    }

    /// The libraries of a site, "Documents" first.
    pub(crate) fn site_drives(&self, id: &str) -> Result<Vec<Drive>, SimFailure> {
        let site = &self.sites[self.site_idx(id)?];
        Ok(site
            .drives
            .iter()
            .map(|d| self.drives[*d].drive.clone())
            .collect())
    }

    /// The site's default library ("Documents").
    pub(crate) fn site_default_drive(&self, id: &str) -> Result<Drive, SimFailure> {
        let site = &self.sites[self.site_idx(id)?];
        site.drives
            .first()
            .map(|d| self.drives[*d].drive.clone())
            .ok_or_else(|| SimFailure::not_found("The site has no drive."))
    }

    /// The UPN (lower case) of the user named by `key`, a UPN or a directory id; the tenant
    /// knows the users the configuration gives a OneDrive.
    pub(crate) fn user_upn(&self, key: &str) -> Option<&str> {
        let lower = key.to_lowercase();
        self.user_drives
            .get_key_value(&lower)
            .map(|(upn, _)| upn.as_str())
            .or_else(|| {
                self.user_drives
                    .keys()
                    .find(|upn| self.user_id(upn) == lower)
                    .map(String::as_str)
            })
    }

    /// A user's OneDrive.
    pub(crate) fn user_drive(&self, upn: &str) -> Result<Drive, SimFailure> {
        self.user_upn(upn)
            .and_then(|upn| self.user_drives.get(upn))
            .map(|d| self.drives[*d].drive.clone())
            .ok_or_else(|| SimFailure::not_found(format!("User '{upn}' has no drive.")))
    }

    /// The display name of the site whose library `drive` is, if it is one.
    pub(crate) fn drive_site_name(&self, drive: DriveIdx) -> Option<&str> {
        self.sites
            .iter()
            .find(|record| record.drives.contains(&drive))
            .and_then(|record| record.site.display_name.as_deref())
    }

    /// The UPN of the user whose OneDrive `drive` is, if it is one.
    pub(crate) fn drive_owner(&self, drive: DriveIdx) -> Option<&str> {
        self.drives.get(drive)?.owner.as_deref()
    }

    /// The display name of user `upn`: its local part's words, capitalised
    /// (`jane.doe@…` → "Jane Doe").
    pub(crate) fn user_display_name(upn: &str) -> String {
        let local = upn.split('@').next().unwrap_or(upn);
        local
            .split(['.', '_', '-'])
            .filter(|part| !part.is_empty())
            .map(|part| {
                let mut chars = part.chars();
                chars.next().map_or_else(String::new, |first| {
                    first.to_uppercase().chain(chars).collect()
                })
            })
            .collect::<Vec<_>>()
            .join(" ")
    }

    /// The directory id of user `upn` (a lower-case GUID derived from the UPN).
    pub(crate) fn user_id(&self, upn: &str) -> String {
        guid_from(&format!("user:{}", upn.to_lowercase())).to_lowercase()
    }

    /// A drive by id.
    pub(crate) fn drive_idx(&self, id: &str) -> Result<DriveIdx, SimFailure> {
        self.drive_by_id
            .get(id)
            .copied()
            .ok_or_else(|| SimFailure::not_found("The drive could not be found."))
    }

    /// The drive's payload.
    pub(crate) fn drive(&self, idx: DriveIdx) -> Drive {
        self.drives[idx].drive.clone()
    }

    /// Finds the item at `base` followed by the (decoded) `path` segments, in `drive`.
    pub(crate) fn resolve(
        &self,
        drive: DriveIdx,
        base: &Base,
        path: &[String],
    ) -> Result<ItemIdx, SimFailure> {
        let mut current = match base {
            Base::Root => self.drives[drive].root,
            Base::Id(id) => {
                let idx = self.item_by_id.get(id).copied();
                match idx.and_then(|i| self.item(i).map(|r| (i, r))) {
                    Some((i, record)) if record.drive == drive => i,
                    _ => return Err(SimFailure::not_found("The resource could not be found.")),
                }
            }
        };
        for segment in path {
            current = self
                .child(current, segment)
                .ok_or_else(|| SimFailure::not_found("The resource could not be found."))?;
        }
        Ok(current)
    }

    fn children(&self, folder: ItemIdx) -> Option<&BTreeMap<String, ItemIdx>> {
        match &self.item(folder)?.content {
            Content::Folder { children } => Some(children),
            Content::File { .. } => None,
        }
    }

    fn child(&self, folder: ItemIdx, name: &str) -> Option<ItemIdx> {
        self.children(folder)?.get(&fold(name)).copied()
    }

    /// Fails unless `idx` is a folder.
    pub(crate) fn require_folder(&self, idx: ItemIdx) -> Result<(), SimFailure> {
        match self.children(idx) {
            Some(_) => Ok(()),
            None => Err(SimFailure::invalid_request("The item is not a folder.")),
        }
    }

    /// Whether `folder` already has a child called `name` (case-insensitively).
    pub(crate) fn name_taken(&self, folder: ItemIdx, name: &str) -> bool {
        self.child(folder, name).is_some()
    }

    /// Up to `top` children of `folder` after the folded name `after` (before it when
    /// `descending`), in name order, and the folded name to continue after if more remain.
    pub(crate) fn children_page(
        &self,
        folder: ItemIdx,
        after: Option<&str>,
        top: usize,
        descending: bool,
    ) -> Result<(Vec<ItemIdx>, Option<String>), SimFailure> {
        use std::ops::Bound;
        let children = self
            .children(folder)
            .ok_or_else(|| SimFailure::invalid_request("The item is not a folder."))?;
        let bound = match after {
            Some(key) => Bound::Excluded(key.to_owned()),
            None => Bound::Unbounded,
        };
        let mut range: Box<dyn Iterator<Item = (&String, &ItemIdx)>> = if descending {
            Box::new(children.range((Bound::Unbounded, bound)).rev())
        } else {
            Box::new(children.range((bound, Bound::Unbounded)))
        };
        let mut page = Vec::with_capacity(top.min(children.len()));
        let mut last_key = None;
        for (key, idx) in range.by_ref().take(top) {
            page.push(*idx);
            last_key = Some(key);
        }
        let more = range.next().is_some();
        Ok((page, last_key.filter(|_| more).cloned()))
    }

    /// The name to store under for `behaviour`, or 409; `None` as the second value means no
    /// existing item is in the way, `Some(idx)` the one to replace.
    fn settle_name(
        &self,
        parent: ItemIdx,
        name: &str,
        behaviour: ConflictBehavior,
        is_file: bool,
    ) -> Result<(String, Option<ItemIdx>), SimFailure> {
        let Some(existing) = self.child(parent, name) else {
            return Ok((name.to_owned(), None));
        };
        match behaviour {
            ConflictBehavior::Fail => Err(SimFailure::name_exists(name)),
            ConflictBehavior::Replace => Ok((name.to_owned(), Some(existing))),
            ConflictBehavior::Rename => {
                let mut n = 1;
                loop {
                    let candidate = with_suffix(name, n, is_file);
                    if self.child(parent, &candidate).is_none() {
                        return Ok((candidate, None));
                    }
                    n += 1;
                }
            }
        }
    }

    /// Creates a folder under `parent`. Returns the new folder.
    pub(crate) fn create_folder(
        &mut self,
        parent: ItemIdx,
        name: &str,
        behaviour: ConflictBehavior,
        now: &str,
    ) -> Result<ItemIdx, SimFailure> {
        validate_name(name)?;
        self.require_folder(parent)?;
        let (name, existing) = self.settle_name(parent, name, behaviour, false)?;
        if let Some(existing) = existing {
            self.remove_subtree(existing);
        }
        let drive = self.item(parent).map(|p| p.drive).unwrap_or_default();
        let record = ItemRecord::empty_folder(self.ids.item_id(), name, drive, Some(parent), now);
        Ok(self.attach(parent, record))
    }

    /// Stores a file under `parent`. Returns the item and whether it is new (201) rather than a
    /// new version of an existing file (200).
    pub(crate) fn store_file(
        &mut self,
        parent: ItemIdx,
        name: &str,
        behaviour: ConflictBehavior,
        file: NewFile,
        now: &str,
    ) -> Result<(ItemIdx, bool), SimFailure> {
        validate_name(name)?;
        self.require_folder(parent)?;
        let (name, existing) = self.settle_name(parent, name, behaviour, true)?;
        let file_system_info = file.file_system_info.unwrap_or_else(|| FileSystemInfo {
            created_date_time: Some(now.to_owned()),
            last_modified_date_time: Some(now.to_owned()),
        });
        if let Some(existing) = existing {
            let is_file = matches!(
                self.item(existing).map(|r| &r.content),
                Some(Content::File { .. })
            );
            if is_file {
                // A new version of the same item: same id and creation time.
                let old_size = self.item(existing).map(|r| r.size).unwrap_or_default();
                if let Some(record) = self.item_mut(existing) {
                    record.size = file.size;
                    record.content = Content::File {
                        quick_xor: file.quick_xor,
                        bytes: file.bytes,
                    };
                    record.modified = now.to_owned();
                    record.file_system_info = file_system_info;
                    record.version += 1;
                }
                self.touch(existing);
                self.adjust_ancestor_sizes(Some(parent), file.size as i128 - old_size as i128);
                return Ok((existing, false));
            }
            self.remove_subtree(existing);
        }
        let drive = self.item(parent).map(|p| p.drive).unwrap_or_default();
        let record = ItemRecord {
            id: self.ids.item_id(),
            name,
            drive,
            parent: Some(parent),
            content: Content::File {
                quick_xor: file.quick_xor,
                bytes: file.bytes,
            },
            size: file.size,
            created: now.to_owned(),
            modified: now.to_owned(),
            file_system_info,
            version: 1,
            seq: 0,
        };
        Ok((self.attach(parent, record), true))
    }

    fn attach(&mut self, parent: ItemIdx, record: ItemRecord) -> ItemIdx {
        let key = fold(&record.name);
        let size = record.size;
        let idx = self.insert_item(record);
        if let Some(ItemRecord {
            content: Content::Folder { children },
            version,
            ..
        }) = self.item_mut(parent)
        {
            children.insert(key, idx);
            *version += 1;
        }
        self.adjust_ancestor_sizes(Some(parent), i128::from(size));
        idx
    }

    fn adjust_ancestor_sizes(&mut self, mut at: Option<ItemIdx>, delta: i128) {
        if delta == 0 {
            return;
        }
        while let Some(idx) = at {
            let Some(record) = self.item_mut(idx) else {
                return;
            };
            record.size = (i128::from(record.size) + delta).max(0) as u64;
            at = record.parent;
        }
    }

    /// Removes an item and everything below it, leaving a tombstone of each in the change log.
    fn remove_subtree(&mut self, idx: ItemIdx) {
        let Some(record) = self.item(idx) else {
            return;
        };
        let (parent, key, size) = (record.parent, fold(&record.name), record.size);
        let mut ancestors = Vec::new();
        let mut at = parent;
        while let Some(i) = at {
            ancestors.push(i);
            at = self.parent_of(i);
        }
        ancestors.reverse();
        if let Some(parent) = parent {
            if let Some(ItemRecord {
                content: Content::Folder { children },
                ..
            }) = self.item_mut(parent)
            {
                children.remove(&key);
            }
            self.adjust_ancestor_sizes(Some(parent), -i128::from(size));
        }
        // Parents before children, each with the ancestors and the parent id it had.
        let parent_id = parent.and_then(|p| self.item(p)).map(|r| r.id.clone());
        let mut stack = vec![(idx, ancestors, parent_id)];
        while let Some((next, ancestors, parent_id)) = stack.pop() {
            let Some(record) = self.items.get_mut(next).and_then(Option::take) else {
                continue;
            };
            self.item_by_id.remove(&record.id);
            let is_folder = matches!(record.content, Content::Folder { .. });
            if let Content::Folder { children } = record.content {
                let mut below = ancestors.clone();
                below.push(next);
                for child in children.into_values() {
                    stack.push((child, below.clone(), Some(record.id.clone())));
                }
            }
            self.changes.delete(
                record.drive,
                record.seq,
                Tombstone {
                    id: record.id,
                    parent_id,
                    ancestors: ancestors.into_boxed_slice(),
                    is_folder,
                },
            );
        }
    }

    /// Deletes `idx` with everything below it, as Graph's `DELETE` does with a folder's
    /// subtree; the parent's eTag changes. With `to_recycle_bin` (a `DELETE`, not a
    /// `permanentDelete`) the recycle bin keeps a record of it. A drive's root cannot be
    /// deleted (400).
    pub(crate) fn delete(
        &mut self,
        idx: ItemIdx,
        to_recycle_bin: bool,
        now: &str,
    ) -> Result<(), SimFailure> {
        let Some(record) = self.item(idx) else {
            return Err(SimFailure::not_found("The resource could not be found."));
        };
        let Some(parent) = record.parent else {
            return Err(SimFailure::invalid_request(
                "The root folder of a drive cannot be deleted.",
            ));
        };
        let recycled = RecycledItem {
            id: record.id.clone(),
            name: record.name.clone(),
            former_parent_path: self.path_of(parent),
            size: record.size,
            items: self.subtree_len(idx),
            deleted: now.to_owned(),
        };
        self.remove_subtree(idx);
        if let Some(parent) = self.item_mut(parent) {
            parent.version += 1;
            parent.modified = now.to_owned();
        }
        if to_recycle_bin {
            self.recycle_bin.keep(recycled);
        }
        Ok(())
    }

    /// How many items `idx` and everything below it are.
    pub(crate) fn subtree_len(&self, idx: ItemIdx) -> u64 {
        let mut count = 0;
        let mut stack = vec![idx];
        while let Some(next) = stack.pop() {
            count += 1;
            if let Some(children) = self.children(next) {
                stack.extend(children.values().copied());
            }
        }
        count
    }

    /// Whether `tag` is the current eTag or cTag of `idx`, or `*` (any existing item), as an
    /// `If-Match` header compares it. Tags hold a comma, so the header is one tag, not a list.
    pub(crate) fn tag_matches(&self, idx: ItemIdx, tag: &str) -> bool {
        let tag = tag.trim();
        if tag == "*" {
            return true;
        }
        let item = self.drive_item(idx);
        item.e_tag.as_deref() == Some(tag) || item.c_tag.as_deref() == Some(tag)
    }

    /// `/drives/{id}/root:` followed by the names from the root down to `idx` (exclusive).
    fn path_of(&self, idx: ItemIdx) -> String {
        let mut names = Vec::new();
        let mut at = Some(idx);
        while let Some(i) = at {
            let Some(record) = self.item(i) else { break };
            if record.parent.is_some() {
                names.push(record.name.as_str());
            }
            at = record.parent;
        }
        let drive_id = self
            .item(idx)
            .map(|r| self.drives[r.drive].drive.id.as_str())
            .unwrap_or_default();
        let mut path = format!("/drives/{drive_id}/root:");
        for name in names.iter().rev() {
            path.push('/');
            path.push_str(name);
        }
        path
    }

    /// The item with id `id`, in whichever drive.
    pub(crate) fn item_idx(&self, id: &str) -> Option<ItemIdx> {
        self.item_by_id.get(id).copied()
    }

    /// The id of item `idx`, if it still exists.
    pub(crate) fn item_id(&self, idx: ItemIdx) -> Option<&str> {
        self.item(idx).map(|r| r.id.as_str())
    }

    /// The bytes of file `idx`, if it is a file whose bytes the tenant can serve.
    pub(crate) fn file_bytes(&self, idx: ItemIdx) -> Option<&FileBytes> {
        match &self.item(idx)?.content {
            Content::File { bytes, .. } => bytes.as_ref(),
            Content::Folder { .. } => None,
        }
    }

    /// The driveItem payload of `idx` (empty if it has gone, which callers never ask for).
    pub(crate) fn drive_item(&self, idx: ItemIdx) -> DriveItem {
        let Some(record) = self.item(idx) else {
            return DriveItem {
                id: String::new(),
                name: String::new(),
                size: None,
                e_tag: None,
                c_tag: None,
                created_date_time: None,
                last_modified_date_time: None,
                web_url: None,
                parent_reference: None,
                file: None,
                folder: None,
                file_system_info: None,
                root: None,
            };
        };
        let drive = &self.drives[record.drive].drive;
        let guid = tag_guid(&record.id);
        let parent_path = record.parent.map(|p| self.path_of(p));
        let mut web_url = drive.web_url.clone().unwrap_or_default();
        if let Some(parent_path) = &parent_path {
            let relative = parent_path
                .split_once("root:")
                .map(|(_, r)| r)
                .unwrap_or_default();
            web_url.push_str(&relative.replace(' ', "%20"));
            web_url.push('/');
            web_url.push_str(&record.name.replace(' ', "%20"));
        }
        let parent_reference = ItemReference {
            drive_id: Some(drive.id.clone()),
            drive_type: drive.drive_type.clone(),
            id: record
                .parent
                .and_then(|p| self.item(p))
                .map(|p| p.id.clone()),
            path: parent_path,
        };
        let (file, folder, c_tag) = match &record.content {
            Content::File { quick_xor, .. } => (
                Some(FileFacet {
                    mime_type: Some(mime_types::mime_type_of(&record.name).to_owned()),
                    hashes: Some(Hashes {
                        quick_xor_hash: Some(quick_xor.clone()),
                        sha1_hash: None,
                    }),
                }),
                None,
                Some(format!("\"c:{guid},{}\"", record.version)),
            ),
            Content::Folder { children } => (
                None,
                Some(FolderFacet {
                    child_count: children.len() as u64,
                }),
                None,
            ),
        };
        DriveItem {
            id: record.id.clone(),
            name: record.name.clone(),
            size: Some(record.size),
            e_tag: Some(format!("\"{guid},{}\"", record.version)),
            c_tag,
            created_date_time: Some(record.created.clone()),
            last_modified_date_time: Some(record.modified.clone()),
            web_url: Some(web_url),
            parent_reference: Some(parent_reference),
            file,
            folder,
            file_system_info: Some(record.file_system_info.clone()),
            root: record.parent.is_none().then(|| serde_json::json!({})),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::state::RecycledItem;

    #[test]
    fn names_sharepoint_refuses_are_refused() {
        for bad in [
            "", "a:b", "a*b", "a?b", "a\"b", "a<b", "a>b", "a|b", "a/b", "a\\b", " a", "a ", "..",
        ] {
            assert!(validate_name(bad).is_err(), "{bad:?} accepted");
        }
        for good in ["a", "a b.txt", "été", "#1 (copy)", "a.b.c"] {
            assert!(validate_name(good).is_ok(), "{good:?} refused");
        }
    }

    /// One site, `contoso.sharepoint.com/sites/a`, with its Documents library (drive 0); shared
    /// by the tests of `contents` and its children.
    pub(super) fn one_site_config() -> SimConfig {
        SimConfig {
            sites: vec![SimSite {
                url: "https://contoso.sharepoint.com/sites/a"
                    .parse()
                    .expect("url"),
                libraries: vec![],
            }],
            ..SimConfig::default()
        }
    }

    #[test]
    fn a_deleted_folder_goes_to_the_recycle_bin_with_its_subtree() {
        let config = one_site_config();
        let now = "2026-01-01T00:00:00Z";
        let mut contents = Contents::new(&config, now);
        let root = contents.drives[0].root;
        let folder = contents
            .create_folder(root, "run", ConflictBehavior::Fail, now)
            .expect("folder");
        let file = NewFile {
            size: 5,
            quick_xor: "x".into(),
            file_system_info: None,
            bytes: None,
        };
        let (stored, _) = contents
            .store_file(folder, "a.txt", ConflictBehavior::Fail, file.clone(), now)
            .expect("file");
        let stored_id = contents.drive_item(stored).id;
        let folder_id = contents.drive_item(folder).id;
        let root_tag = contents.drive_item(root).e_tag;
        assert!(contents.tag_matches(
            stored,
            contents.drive_item(stored).e_tag.as_deref().expect("tag")
        ));
        assert!(contents.tag_matches(stored, "*"));
        assert!(!contents.tag_matches(stored, "\"{x},1\""));

        contents
            .delete(folder, true, "2026-01-02T00:00:00Z")
            .expect("deleted");
        assert!(!contents.item_by_id.contains_key(&stored_id));
        assert!(!contents.item_by_id.contains_key(&folder_id));
        assert_ne!(contents.drive_item(root).e_tag, root_tag);
        assert_eq!(contents.drive_item(root).size, Some(0));
        assert_eq!(
            contents.recycle_bin.entries(),
            [RecycledItem {
                id: folder_id,
                name: "run".into(),
                former_parent_path: format!("/drives/{}/root:", contents.drives[0].drive.id),
                size: 5,
                items: 2,
                deleted: "2026-01-02T00:00:00Z".into(),
            }]
        );
        assert_eq!(
            contents.delete(root, true, now).map_err(|e| e.status),
            Err(400)
        );

        let (again, _) = contents
            .store_file(root, "b.txt", ConflictBehavior::Fail, file, now)
            .expect("file");
        contents.delete(again, false, now).expect("deleted");
        assert_eq!(
            contents.recycle_bin.entries().len(),
            1,
            "permanent: no entry"
        );
    }

    #[test]
    fn a_files_bytes_follow_its_content_and_go_with_the_item() {
        let now = "2026-01-01T00:00:00Z";
        let mut contents = Contents::new(&one_site_config(), now);
        let root = contents.drives[0].root;
        let spool = crate::sim::state::Spool::new();
        let spooled_path = |bytes: &FileBytes| match bytes.source_file().origin {
            crate::source::FileOrigin::Local(path) => path,
            other => panic!("not spooled: {other:?}"),
        };
        let store = |contents: &mut Contents, body: &[u8]| {
            let bytes = spool.keep(body, false).expect("kept");
            let path = spooled_path(&bytes);
            let file = NewFile {
                size: body.len() as u64,
                quick_xor: "x".into(),
                file_system_info: None,
                bytes: Some(bytes),
            };
            let (idx, _) = contents
                .store_file(root, "a.txt", ConflictBehavior::Replace, file, now)
                .expect("stored");
            (idx, path)
        };
        let (first, first_path) = store(&mut contents, b"one");
        let (again, second_path) = store(&mut contents, b"two!");
        assert_eq!(first, again, "a new version of the same item");
        assert!(!first_path.exists(), "the old content's bytes are released");
        assert_eq!(contents.file_bytes(again).map(FileBytes::size), Some(4));
        contents.delete(again, true, now).expect("deleted");
        assert!(
            !second_path.exists(),
            "deleting the item releases its bytes"
        );
    }

    #[test]
    fn suffix_goes_before_a_file_extension() {
        assert_eq!(with_suffix("report.pdf", 1, true), "report 1.pdf");
        assert_eq!(with_suffix("folder.v2", 2, false), "folder.v2 2");
        assert_eq!(with_suffix(".hidden", 1, true), ".hidden 1");
        assert_eq!(with_suffix("noext", 3, true), "noext 3");
    }
}
