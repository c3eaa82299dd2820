//! A local folder tree: walked without following symlinks; unreadable entries are reported as
//! items, not errors, so the run goes on.
//!
//! Decisions worth knowing:
//! - The root itself is resolved normally (a symlinked root is followed: the user named it);
//!   everything below it is examined with `symlink_metadata`, so no link is ever followed.
//! - Order: depth first, the entries of each folder sorted by their name's bytes. For UTF-8
//!   names that is the same as sorting paths component by component (see `super::path_order`).
//! - A symlink, FIFO, socket or device becomes one file entry with [`FileOrigin::Invalid`], so
//!   it shows up in `items.csv` as failed with a reason, rather than vanishing.
//! - A name that is not valid UTF-8 becomes one `Invalid` entry under its lossy name; if it is a
//!   folder, its contents are not walked (their paths could not be named at the destination).
//! - A subfolder that cannot be read becomes one `Invalid` entry at its own path and is *not*
//!   listed in `folders`: creating an empty copy at the destination would suggest it migrated.
//!   Every listed file's parent is still listed, so the tree stays consistent.

use std::ffi::OsStr;
use std::fs::{self, FileType, Metadata};
use std::path::{Path, PathBuf};

use bytes::{BufMut, Bytes, BytesMut};
use tokio::io::AsyncReadExt;

use super::error::SourceError;
use super::identity::{FileIdentity, SourceChanged};
use super::tree::{FileOrigin, SourceFile, SourceTree};

/// Walks `root`.
pub(super) fn enumerate(root: &Path) -> Result<SourceTree, SourceError> {
    let root_error = |reason: String| SourceError::Root {
        path: root.to_path_buf(),
        reason,
    };
    let metadata = fs::metadata(root).map_err(|e| root_error(e.to_string()))?;
    if !metadata.is_dir() {
        return Err(root_error("it is not a folder".to_string()));
    }
    let top = read_sorted(root).map_err(|e| root_error(e.to_string()))?;

    let mut tree = SourceTree::default();
    // Each frame: a folder's relative path ("" for the root) and its entries not yet visited.
    let mut stack: Vec<(String, std::vec::IntoIter<Entry>)> = vec![(String::new(), top)];
    while let Some((parent, entries)) = stack.last_mut() {
        let Some(entry) = entries.next() else {
            stack.pop();
            continue;
        };
        let parent = parent.clone();
        if let Some(child) = visit(&parent, entry, &mut tree) {
            stack.push(child);
        }
    }
    Ok(tree)
}

/// One entry of a folder, as read (or failed to be read).
enum Entry {
    /// A named entry; the name is sorted on.
    Named {
        name: std::ffi::OsString,
        path: PathBuf,
    },
    /// `read_dir` yielded an error instead of an entry.
    Unreadable(std::io::Error),
}

/// Lists a folder's entries, sorted by name bytes. Entry errors are kept in place (first).
fn read_sorted(dir: &Path) -> std::io::Result<std::vec::IntoIter<Entry>> {
    let mut entries: Vec<Entry> = fs::read_dir(dir)?
        .map(|entry| match entry {
            Ok(entry) => Entry::Named {
                name: entry.file_name(),
                path: entry.path(),
            },
            Err(error) => Entry::Unreadable(error),
        })
        .collect();
    entries.sort_by(|a, b| match (a, b) {
        (Entry::Named { name: x, .. }, Entry::Named { name: y, .. }) => x.cmp(y),
        (Entry::Unreadable(_), Entry::Named { .. }) => std::cmp::Ordering::Less,
        (Entry::Named { .. }, Entry::Unreadable(_)) => std::cmp::Ordering::Greater,
        (Entry::Unreadable(_), Entry::Unreadable(_)) => std::cmp::Ordering::Equal,
    });
    Ok(entries.into_iter())
}

/// Records one entry in `tree`; returns the frame to descend into when it is a readable folder.
fn visit(
    parent: &str,
    entry: Entry,
    tree: &mut SourceTree,
) -> Option<(String, std::vec::IntoIter<Entry>)> {
    let (name, path) = match entry {
        Entry::Named { name, path } => (name, path),
        Entry::Unreadable(error) => {
            let rel_path = if parent.is_empty() { "." } else { parent };
            tree.files.push(invalid(
                rel_path.to_string(),
                format!("an entry of this folder cannot be read: {error}"),
            ));
            return None;
        }
    };
    let lossy = name.to_string_lossy();
    let rel_path = join(parent, &lossy);
    let metadata = match fs::symlink_metadata(&path) {
        Ok(metadata) => metadata,
        Err(error) => {
            tree.files.push(invalid(
                rel_path,
                format!(
                    "cannot read its metadata: {error}; if it is a folder, its contents are \
                     unknown (not listed)"
                ),
            ));
            return None;
        }
    };
    let file_type = metadata.file_type();
    if name.to_str().is_none() {
        let what = if file_type.is_dir() {
            "folder name is not valid UTF-8"
        } else {
            "file name is not valid UTF-8"
        };
        let mut reason = format!("{what}: \"{}\"", escaped(&name));
        if file_type.is_dir() {
            reason.push_str("; its contents are not listed");
        }
        reason.push_str("; rename it to migrate it");
        let size = if file_type.is_file() {
            metadata.len()
        } else {
            0
        };
        tree.files.push(SourceFile {
            size,
            ..with_times(invalid(rel_path, reason), &metadata)
        });
        return None;
    }
    if file_type.is_symlink() {
        let target = fs::read_link(&path)
            .map(|t| t.display().to_string())
            .unwrap_or_else(|e| format!("an unreadable target ({e})"));
        tree.files.push(with_times(
            invalid(
                rel_path,
                format!(
                    "symbolic link to {target}, not followed: copy its target explicitly if it \
                     should migrate"
                ),
            ),
            &metadata,
        ));
        return None;
    }
    if file_type.is_dir() {
        return match read_sorted(&path) {
            Ok(entries) => {
                tree.folders.push(rel_path.clone());
                Some((rel_path, entries))
            }
            Err(error) => {
                tree.files.push(invalid(
                    rel_path,
                    format!(
                        "folder cannot be read, its contents are unknown (not listed): {error}"
                    ),
                ));
                None
            }
        };
    }
    if file_type.is_file() {
        tree.files.push(with_times(
            SourceFile {
                rel_path,
                size: metadata.len(),
                created: None,
                modified: None,
                origin: FileOrigin::Local(path),
            },
            &metadata,
        ));
        return None;
    }
    tree.files.push(with_times(
        invalid(
            rel_path,
            format!("not a regular file ({})", special_kind(file_type)),
        ),
        &metadata,
    ));
    None
}

/// `parent/name`, or `name` at the root.
fn join(parent: &str, name: &str) -> String {
    if parent.is_empty() {
        name.to_string()
    } else {
        format!("{parent}/{name}")
    }
}

/// A zero-byte entry that cannot be copied.
fn invalid(rel_path: String, reason: String) -> SourceFile {
    SourceFile {
        rel_path,
        size: 0,
        created: None,
        modified: None,
        origin: FileOrigin::Invalid { reason },
    }
}

/// `file` with the timestamps `metadata` knows (creation time is not available everywhere).
fn with_times(file: SourceFile, metadata: &Metadata) -> SourceFile {
    SourceFile {
        created: metadata.created().ok(),
        modified: metadata.modified().ok(),
        ..file
    }
}

/// What kind of special file this is, for the reason text.
#[cfg(unix)]
fn special_kind(file_type: FileType) -> &'static str {
    use std::os::unix::fs::FileTypeExt;
    if file_type.is_socket() {
        "socket"
    } else if file_type.is_fifo() {
        "named pipe"
    } else if file_type.is_block_device() {
        "block device"
    } else if file_type.is_char_device() {
        "character device"
    } else {
        "special file"
    }
}

/// What kind of special file this is, for the reason text.
#[cfg(not(unix))]
fn special_kind(_file_type: FileType) -> &'static str {
    "special file"
}

/// A name with its valid UTF-8 parts as they are and every invalid byte as `\xNN`.
#[cfg(unix)]
fn escaped(name: &OsStr) -> String {
    use std::os::unix::ffi::OsStrExt;
    let mut out = String::new();
    for chunk in name.as_bytes().utf8_chunks() {
        out.push_str(chunk.valid());
        for byte in chunk.invalid() {
            out.push_str(&format!("\\x{byte:02X}"));
        }
    }
    out
}

/// A name shown with its unrepresentable parts escaped.
#[cfg(not(unix))]
fn escaped(name: &OsStr) -> String {
    format!("{name:?}")
}

/// Reads a local file in chunks, never more than one chunk in memory.
///
/// Reads at most the size the file had when it was opened, so a file that grows while it is
/// copied yields a consistent prefix instead of more bytes than the upload announced.
pub(super) struct LocalReader {
    file: tokio::fs::File,
    path: PathBuf,
    /// The file as it was when opened; compared again before the end of file is reported.
    opened: FileIdentity,
    remaining: u64,
}

impl LocalReader {
    pub(super) async fn open(path: &Path) -> std::io::Result<LocalReader> {
        let file = tokio::fs::File::open(path).await?;
        let metadata = file.metadata().await?;
        if !metadata.is_file() {
            return Err(std::io::Error::new(
                std::io::ErrorKind::InvalidInput,
                format!("{} is not a regular file", path.display()),
            ));
        }
        Ok(LocalReader {
            file,
            path: path.to_path_buf(),
            remaining: metadata.len(),
            opened: FileIdentity::of(&metadata),
        })
    }

    /// The file's size when it was opened.
    pub(super) fn opened_size(&self) -> u64 {
        self.opened.size()
    }

    /// Up to `max` bytes: a full chunk unless the file ends first. Empty at end of file, once
    /// the file is seen to be the one that was opened; otherwise a [`SourceChanged`] error
    /// naming what changed (`super::identity`).
    pub(super) async fn read_chunk(&mut self, max: usize) -> std::io::Result<Bytes> {
        let want = usize::try_from(self.remaining).map_or(max, |left| left.min(max));
        let mut buffer = BytesMut::with_capacity(want);
        while buffer.len() < want {
            let room_left = want - buffer.len();
            let mut room = (&mut buffer).limit(room_left);
            if self.file.read_buf(&mut room).await? == 0 {
                // The file shrank since it was opened: nothing more will come.
                self.remaining = 0;
                break;
            }
        }
        self.remaining = self.remaining.saturating_sub(buffer.len() as u64);
        if buffer.is_empty() {
            self.ensure_unchanged().await?;
        }
        Ok(buffer.freeze())
    }

    /// Compares the file its path names now with the one opened.
    async fn ensure_unchanged(&self) -> std::io::Result<()> {
        let what = match tokio::fs::symlink_metadata(&self.path).await {
            Ok(now) => self.opened.changes(&FileIdentity::of(&now)),
            Err(error) => Some(format!(
                "while it was read: its path no longer opens: {error}"
            )),
        };
        match what {
            None => Ok(()),
            Some(what) => Err(SourceChanged { what }.into_io()),
        }
    }
}

#[cfg(test)]
#[path = "folder_tests.rs"]
mod tests;
