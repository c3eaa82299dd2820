//! The tenant's spool: a directory of its own under the system's temporary directory where the
//! bytes of uploaded files are kept (`docs/graph-notes.md` §23), so that every file can be
//! downloaded while memory stays bounded by one request's body. A simple upload's body becomes
//! one file, written before the tenant's lock is taken (`dispatch::responder` stages it); an
//! upload session's fragments are appended to one file as they arrive, under the lock, since
//! they must land in order. Each file
//! is removed when its last handle goes (`file_bytes`), the directory when the tenant goes.
//!
//! A tenant stopped without running its destructors (a `pilotbench simulate` killed with
//! SIGKILL) leaves its directory behind; the first spool a later process fills removes those of
//! processes that are gone (on Linux, where `/proc` says so), so they do not pile up.
//!
//! Disk use is what was uploaded and is still held by some item or session: about 1 GiB per
//! GiB, and at least one filesystem block per file however small.

use std::io::{Seek as _, SeekFrom, Write as _};
use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};

use crate::sim::exchange::SimFailure;
use crate::sim::file_bytes::{FileBytes, SpooledFile};

/// Tells apart the spools of tenants started in one process.
static SPOOLS_STARTED: AtomicU64 = AtomicU64::new(0);

/// What every spool directory's name starts with, before its process id.
const DIR_PREFIX: &str = "pilotbench-sim-";

/// Removes the spool directories that processes no longer running left in `temp`; one whose
/// process may still run (or whose name is not a spool's) is left alone.
fn sweep_abandoned(temp: &std::path::Path) {
    let Ok(entries) = std::fs::read_dir(temp) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let Some(pid) = name
            .to_str()
            .and_then(|n| n.strip_prefix(DIR_PREFIX))
            .and_then(|rest| rest.split('-').next())
            .and_then(|pid| pid.parse::<u32>().ok())
        else {
            continue;
        };
        if pid != std::process::id() && process_is_gone(pid) {
            let _ = std::fs::remove_dir_all(entry.path());
        }
    }
}

/// Whether process `pid` has certainly ended: on Linux, `/proc` has no entry for it;
/// elsewhere nothing is certain.
fn process_is_gone(pid: u32) -> bool {
    cfg!(target_os = "linux")
        && std::path::Path::new("/proc/self").exists()
        && !std::path::Path::new(&format!("/proc/{pid}")).exists()
}

/// The tenant's spool directory, created with its first file and removed when the spool goes.
/// Shared (`&self` throughout), so a simple upload's body can be written before the tenant's
/// lock is taken.
#[derive(Debug)]
pub(crate) struct Spool {
    dir: PathBuf,
    files_made: AtomicU64,
}

impl Default for Spool {
    fn default() -> Spool {
        Spool::new()
    }
}

/// Why the spool could not keep the bytes: the tenant's own failure, answered 500.
fn spool_failure(error: &std::io::Error) -> SimFailure {
    SimFailure::new(
        500,
        "generalException",
        format!("The simulated tenant could not keep the file's bytes on disk: {error}."),
    )
}

impl Spool {
    /// A spool in a directory no other tenant uses (not yet created).
    pub(crate) fn new() -> Spool {
        let started = SPOOLS_STARTED.fetch_add(1, Ordering::Relaxed);
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.subsec_nanos());
        Spool {
            dir: std::env::temp_dir().join(format!(
                "{DIR_PREFIX}{}-{started}-{nanos:08x}",
                std::process::id()
            )),
            files_made: AtomicU64::new(0),
        }
    }

    /// A new file in the spool, open for writing.
    fn create(&self) -> Result<(std::fs::File, PathBuf), SimFailure> {
        let n = self.files_made.fetch_add(1, Ordering::Relaxed) + 1;
        let path = self.dir.join(format!("{n:012}.bin"));
        let created = match std::fs::File::create(&path) {
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => {
                // The first file: the directory comes with it.
                static SWEPT: std::sync::Once = std::sync::Once::new();
                if let Some(temp) = self.dir.parent() {
                    SWEPT.call_once(|| sweep_abandoned(temp));
                }
                std::fs::create_dir_all(&self.dir).map_err(|e| spool_failure(&e))?;
                std::fs::File::create(&path)
            }
            other => other,
        };
        Ok((created.map_err(|e| spool_failure(&e))?, path))
    }

    /// A new, empty file in the spool.
    pub(crate) fn new_file(&self) -> Result<SpooledFile, SimFailure> {
        let (_, path) = self.create()?;
        Ok(SpooledFile::adopt(path, 0))
    }

    /// A whole file's bytes, `body`, kept in a new file of the spool; with `flip_first` its
    /// first byte is stored altered (an injected corruption).
    pub(crate) fn keep(&self, body: &[u8], flip_first: bool) -> Result<FileBytes, SimFailure> {
        let (mut out, path) = self.create()?;
        // Owned from here, so a failed write leaves nothing behind.
        let file = SpooledFile::adopt(path, body.len() as u64);
        write_body(&mut out, body, flip_first).map_err(|e| spool_failure(&e))?;
        Ok(FileBytes::spooled(file))
    }
}

#[cfg(test)]
impl Spool {
    /// How many files the spool holds now.
    pub(crate) fn files_held(&self) -> usize {
        std::fs::read_dir(&self.dir).map_or(0, Iterator::count)
    }
}

impl Drop for Spool {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

fn write_body(out: &mut std::fs::File, body: &[u8], flip_first: bool) -> std::io::Result<()> {
    match body.split_first() {
        Some((first, rest)) if flip_first => {
            out.write_all(&[first ^ 0xFF])?;
            out.write_all(rest)
        }
        _ => out.write_all(body),
    }
}

/// Alters the first byte of `bytes`, kept by [`Spool::keep`] before the tenant drew an
/// injected corruption for them and not yet any item's; bytes that are not spooled, or
/// empty, stay as they are.
pub(crate) fn alter_first_byte(bytes: &FileBytes) -> Result<(), SimFailure> {
    use std::io::Read as _;
    let Some(path) = bytes.spooled_path() else {
        return Ok(());
    };
    let altered = (|| {
        let mut file = std::fs::OpenOptions::new()
            .read(true)
            .write(true)
            .open(path)?;
        let mut first = [0u8; 1];
        if file.read(&mut first)? == 0 {
            return Ok(());
        }
        file.seek(SeekFrom::Start(0))?;
        file.write_all(&[first[0] ^ 0xFF])
    })();
    altered.map_err(|e| spool_failure(&e))
}

/// Appends an upload session's fragment `body` to the session's spooled file, made with the
/// first fragment; with `flip_first` the fragment's first byte is stored altered.
pub(crate) fn append_fragment(
    spool: &Spool,
    file: &mut Option<SpooledFile>,
    body: &[u8],
    flip_first: bool,
) -> Result<(), SimFailure> {
    let file = match file {
        Some(file) => file,
        None => file.insert(spool.new_file()?),
    };
    append(file, body, flip_first)
}

/// Appends `body` to `file`; with `flip_first` its first byte is stored altered.
fn append(file: &mut SpooledFile, body: &[u8], flip_first: bool) -> Result<(), SimFailure> {
    let mut out = std::fs::OpenOptions::new()
        .append(true)
        .open(file.path())
        .map_err(|e| spool_failure(&e))?;
    write_body(&mut out, body, flip_first).map_err(|e| spool_failure(&e))?;
    file.grew(body.len() as u64);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_are_kept_until_dropped_and_the_directory_with_the_spool() {
        let spool = Spool::new();
        let dir = spool.dir.clone();
        let kept = spool.keep(b"hello", true).expect("kept");
        assert_eq!(kept.size(), 5);
        let path = match kept.source_file().origin {
            crate::source::FileOrigin::Local(path) => path,
            other => panic!("not spooled: {other:?}"),
        };
        assert_eq!(std::fs::read(&path).expect("read"), b"\x97ello");
        let mut growing = None;
        append_fragment(&spool, &mut growing, b"ab", false).expect("append");
        append_fragment(&spool, &mut growing, b"cd", false).expect("append");
        let growing = growing.expect("made with the first fragment");
        assert_eq!(std::fs::read(growing.path()).expect("read"), b"abcd");
        assert_eq!(FileBytes::spooled(growing).size(), 4);
        let staged = spool.keep(b"staged", false).expect("kept");
        alter_first_byte(&staged).expect("altered");
        let staged_path = staged.spooled_path().expect("spooled").to_owned();
        assert_eq!(std::fs::read(&staged_path).expect("read"), b"\x8ctaged");
        drop(kept);
        assert!(!path.exists(), "released with its last handle");
        drop(spool);
        assert!(!dir.exists(), "the directory goes with the tenant");
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn a_gone_processs_spool_is_swept_and_a_running_ones_kept() {
        // No process has the largest pid the kernel can give, 2^22; this one runs.
        assert!(process_is_gone(1 << 22));
        assert!(!process_is_gone(std::process::id()));
        assert!(!process_is_gone(1), "init runs");

        let temp =
            std::env::temp_dir().join(format!("pilotbench-spool-sweep-{}", std::process::id()));
        let gone = temp.join(format!("{DIR_PREFIX}{}-0-0", 1 << 22));
        let running = temp.join(format!("{DIR_PREFIX}{}-0-0", std::process::id()));
        let other = temp.join("pilotbench-sim-notes");
        for dir in [&gone, &running, &other] {
            std::fs::create_dir_all(dir).expect("dir");
        }
        sweep_abandoned(&temp);
        assert!(!gone.exists(), "a gone process's spool is swept");
        assert!(running.exists() && other.exists(), "the others stay");
        let _ = std::fs::remove_dir_all(&temp);
    }

    #[test]
    fn two_spools_never_share_a_directory() {
        assert_ne!(Spool::new().dir, Spool::new().dir);
    }
}
