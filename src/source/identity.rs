//! A local file's identity — its size, modification and status-change times, and on unix the
//! device and inode its path names — taken when it is opened and again when its end is read.
//!
//! Why: a file rewritten in place at the same size while it is read yields bytes that are no
//! version of the file (a torn mix), and a hash computed over them matches the tenant's copy of
//! that mix, so the copy would look `verified`. The size alone does not catch it; any write
//! moves the times, and a replacement (a new file renamed over the old one) changes the inode.
//! The reader compares the two identities before it says "end of file", so the upload never
//! sends its final fragment (or its simple PUT) on a read that changed.
//!
//! The check is as fine as the file system's timestamps: a write that lands in the same clock
//! tick as the previous one (a few milliseconds on Linux) after the file was opened, and no
//! write after it, leaves the times as they were.

use std::fs::Metadata;
use std::time::SystemTime;

/// What changes when a file is written or replaced.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct FileIdentity {
    size: u64,
    modified: Option<SystemTime>,
    /// The status-change time (ctime) in seconds and nanoseconds: moved by every write, also
    /// one that sets the modification time back.
    #[cfg(unix)]
    status_changed: (i64, i64),
    #[cfg(unix)]
    device: u64,
    #[cfg(unix)]
    inode: u64,
}

impl FileIdentity {
    pub(super) fn of(metadata: &Metadata) -> FileIdentity {
        #[cfg(unix)]
        use std::os::unix::fs::MetadataExt;
        FileIdentity {
            size: metadata.len(),
            modified: metadata.modified().ok(),
            #[cfg(unix)]
            status_changed: (metadata.ctime(), metadata.ctime_nsec()),
            #[cfg(unix)]
            device: metadata.dev(),
            #[cfg(unix)]
            inode: metadata.ino(),
        }
    }

    pub(super) fn size(&self) -> u64 {
        self.size
    }

    /// What differs between `self` (at open) and `now`, in words; `None` when nothing does.
    pub(super) fn changes(&self, now: &FileIdentity) -> Option<String> {
        let mut changed: Vec<String> = Vec::new();
        #[cfg(unix)]
        if (self.device, self.inode) != (now.device, now.inode) {
            changed.push("another file now has its name (the inode changed)".to_string());
        }
        if self.size != now.size {
            changed.push(format!("size {} to {} bytes", self.size, now.size));
        }
        if self.modified != now.modified {
            changed.push("modification time".to_string());
        }
        #[cfg(unix)]
        if self.status_changed != now.status_changed {
            changed.push("status-change time".to_string());
        }
        (!changed.is_empty()).then(|| format!("while it was read: {}", changed.join(", ")))
    }
}

/// The error a read returns when the file is not the one that was opened: the reason names what
/// changed. Callers find it with [`changed_while_read`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("the source file changed {what}")]
pub struct SourceChanged {
    /// When and what changed, in words: `while it was read: its modification time`.
    pub what: String,
}

impl SourceChanged {
    pub(super) fn into_io(self) -> std::io::Error {
        std::io::Error::other(self)
    }
}

/// The reason, when `error` says the source changed while it was read.
pub fn changed_while_read(error: &std::io::Error) -> Option<&SourceChanged> {
    error.get_ref()?.downcast_ref::<SourceChanged>()
}

#[cfg(test)]
mod tests {
    use std::io::Write;

    use super::*;

    /// A fresh folder under the system temp dir for one test.
    fn scratch(label: &str) -> std::path::PathBuf {
        let path = std::env::temp_dir().join(format!(
            "pilotbench-identity-{}-{label}",
            std::process::id()
        ));
        let _ = std::fs::remove_dir_all(&path);
        std::fs::create_dir_all(&path).expect("scratch folder");
        path
    }

    #[test]
    fn a_rewrite_at_the_same_size_changes_the_identity() {
        let dir = scratch("rewrite");
        let path = dir.join("a.bin");
        std::fs::write(&path, [1u8; 64]).expect("write");
        let before = FileIdentity::of(&std::fs::metadata(&path).expect("stat"));
        assert_eq!(
            before.changes(&FileIdentity::of(&std::fs::metadata(&path).expect("stat"))),
            None
        );
        // Past any coarse timestamp tick, then the same size again.
        std::thread::sleep(std::time::Duration::from_millis(20));
        let mut file = std::fs::OpenOptions::new()
            .write(true)
            .open(&path)
            .expect("open");
        file.write_all(&[2u8; 64]).expect("rewrite");
        drop(file);
        let after = FileIdentity::of(&std::fs::metadata(&path).expect("stat"));
        let changes = before.changes(&after).expect("a change");
        assert!(changes.contains("modification time"), "{changes}");
        assert!(!changes.contains("size"), "{changes}");
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn a_replacement_and_a_new_size_are_named() {
        let dir = scratch("replace");
        let path = dir.join("a.bin");
        std::fs::write(&path, [1u8; 64]).expect("write");
        let before = FileIdentity::of(&std::fs::metadata(&path).expect("stat"));
        let other = dir.join("b.bin");
        std::fs::write(&other, [1u8; 65]).expect("write");
        std::fs::rename(&other, &path).expect("rename over");
        let after = FileIdentity::of(&std::fs::metadata(&path).expect("stat"));
        let changes = before.changes(&after).expect("a change");
        assert!(changes.contains("size 64 to 65 bytes"), "{changes}");
        #[cfg(unix)]
        assert!(changes.contains("inode"), "{changes}");
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn the_reason_survives_an_io_error() {
        let error = SourceChanged {
            what: "while it was read: modification time".to_string(),
        }
        .into_io();
        assert_eq!(
            changed_while_read(&error).map(|c| c.what.as_str()),
            Some("while it was read: modification time")
        );
        assert_eq!(
            error.to_string(),
            "the source file changed while it was read: modification time"
        );
        assert!(changed_while_read(&std::io::Error::other("disk")).is_none());
    }
}
