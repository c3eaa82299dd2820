//! What enumerating a source yields: its folders and files (paths, sizes, timestamps and how to
//! read each one, never content), in the one order every listing of a source uses.

use std::cmp::Ordering;
use std::path::PathBuf;
use std::time::SystemTime;

/// Everything a source holds, enumerated up front (paths and sizes only, never content).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct SourceTree {
    /// Folder paths relative to the source root, `/`-separated, every parent listed before its
    /// children; the root itself is not listed.
    pub folders: Vec<String>,
    /// Files, in a stable order: sorted by path component by component (`a/z` before `a b`),
    /// which is the order of a depth-first walk with each folder's names sorted.
    pub files: Vec<SourceFile>,
}

impl SourceTree {
    /// Sum of file sizes.
    pub fn total_bytes(&self) -> u64 {
        self.files.iter().map(|f| f.size).sum()
    }
}

/// One file of a source.
#[derive(Debug, Clone, PartialEq)]
pub struct SourceFile {
    /// Path relative to the source root, `/`-separated. For a name that is not valid UTF-8, the
    /// lossy form (with U+FFFD), and `origin` is [`FileOrigin::Invalid`].
    pub rel_path: String,
    /// Bytes.
    pub size: u64,
    /// Creation time, if the source knows it.
    pub created: Option<SystemTime>,
    /// Modification time, if the source knows it.
    pub modified: Option<SystemTime>,
    /// How to read it.
    pub origin: FileOrigin,
}

/// How a file's bytes are obtained.
#[derive(Debug, Clone, PartialEq)]
pub enum FileOrigin {
    /// A local file.
    Local(PathBuf),
    /// Generated: the synthetic source's seed and this file's index.
    Synthetic {
        /// The source's seed.
        seed: u64,
        /// The file's index in the source.
        index: u64,
    },
    /// An item of a drive in the tenant (a graph-drive source), read by downloading it.
    Remote {
        /// The source drive.
        drive_id: String,
        /// The item.
        item_id: String,
        /// The quickXorHash (base64) the source listing gave, if any.
        quick_xor_hash: Option<String>,
    },
    /// Enumerated but cannot be copied (e.g. a name that is not UTF-8); the reason says why.
    Invalid {
        /// What is wrong, for `last_error`.
        reason: String,
    },
}

/// The order of [`SourceTree`] paths: component by component, each compared by its bytes, so
/// a folder's contents stay together (`a/z` before `a b`) and a parent precedes its children.
/// Equivalent to comparing the bytes with `/` ranked below every other byte.
pub(crate) fn path_order(a: &str, b: &str) -> Ordering {
    let rank = |byte: u8| if byte == b'/' { 0 } else { u16::from(byte) + 1 };
    let (a, b) = (a.as_bytes(), b.as_bytes());
    match a.iter().zip(b).position(|(x, y)| x != y) {
        Some(at) => rank(a[at]).cmp(&rank(b[at])),
        None => a.len().cmp(&b.len()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_order_by_component() {
        let mut paths = vec!["a b", "a/z", "a", "b", "a/b/c", "a-b", "a/b"];
        paths.sort_by(|x, y| path_order(x, y));
        assert_eq!(paths, ["a", "a/b", "a/b/c", "a/z", "a b", "a-b", "b"]);
    }
}
