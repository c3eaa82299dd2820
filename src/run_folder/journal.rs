//! `journal.jsonl`: the run's record as it goes — the session, every planned item, every item
//! the run created in the tenant (id, eTag, path, size, quickXorHash) and every item's end —
//! one JSON object a line, appended as the engine reports each event. Unlike the other files
//! it is written while the run is still copying, so that a run killed with SIGKILL, or a
//! machine that loses power, leaves behind what it had done: a `--resume` or a `clean` finds
//! the run's own items in the tenant from it (issue 12).
//!
//! Appending never waits for the disk: entries go over a channel to one writer thread, which
//! buffers them and flushes and syncs (`fdatasync`) the file within [`FLUSH_WITHIN`] of the
//! oldest unflushed entry, so a kill loses at most the entries of that last interval. A line
//! cut short by a power loss is the journal's torn tail: reading skips it and says so; a bad
//! line anywhere else is an error naming the line.

use std::fs::{File, OpenOptions};
use std::io::{BufRead, BufReader, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::sync::{Mutex, PoisonError};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use serde::{Deserialize, Serialize};

use super::error::{RunFolderError, unreadable};
use super::spelling::{optional, spelled};
use crate::vocab::created_item::{CreatedItem, CreatedKind};
use crate::vocab::csv_writer::{WriteError, write_error};
use crate::vocab::outcome::{FailureClass, ItemRecord, Outcome};
use crate::vocab::printable::needs_escape;

/// The longest an appended entry waits before it is on disk.
pub const FLUSH_WITHIN: Duration = Duration::from_millis(500);

/// One line of the journal.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "event", rename_all = "kebab-case")]
pub enum JournalEntry {
    /// A session of the run started.
    Session(SessionEntry),
    /// An item the run plans to copy.
    Planned(PlannedEntry),
    /// An item the run created in the tenant.
    Created(CreatedEntry),
    /// How an item ended.
    Ended(EndedEntry),
}

/// A session of the run: the first one, or one that resumes it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionEntry {
    /// The run's id.
    pub run_id: String,
    /// SHA-256 of the scenario the session ran.
    pub scenario_sha256: String,
    /// The pilotbench version that wrote it.
    pub pilotbench_version: String,
    /// When it started, UTC (RFC 3339).
    pub started_utc: String,
}

/// An item the run plans to copy.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlannedEntry {
    /// The site's name.
    pub site: String,
    /// Path relative to the source root, `/`-separated.
    pub source_path: String,
    /// Size of the source item, bytes.
    pub size_bytes: u64,
}

/// An item the run created in the tenant.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CreatedEntry {
    /// The site's name.
    pub site: String,
    /// `file` or `folder`.
    #[serde(with = "spelled")]
    pub kind: CreatedKind,
    /// Its path in the destination drive, from the library root.
    pub destination_path: String,
    /// Its id in the drive.
    pub item_id: String,
    /// Its eTag when created, if the tenant sent one.
    pub e_tag: Option<String>,
    /// A file's size, bytes (0 for a folder).
    pub size_bytes: u64,
    /// A file's quickXorHash as the tenant reported it.
    pub quick_xor_hash: Option<String>,
}

impl CreatedEntry {
    /// The entry of `item`, created in site `site`.
    pub fn of(item: &CreatedItem, site: &str) -> CreatedEntry {
        CreatedEntry {
            site: site.to_owned(),
            kind: item.kind,
            destination_path: item.destination_path.clone(),
            item_id: item.item_id.clone(),
            e_tag: item.e_tag.clone(),
            size_bytes: item.size_bytes,
            quick_xor_hash: item.quick_xor_hash.clone(),
        }
    }
}

/// How an item ended: the engine's record, with the site named and time in microseconds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EndedEntry {
    /// The site's name.
    pub site: String,
    /// Path relative to the source root.
    pub source_path: String,
    /// Path in the destination drive, from the library root.
    pub destination_path: String,
    /// Size of the source item, bytes.
    pub size_bytes: u64,
    /// quickXorHash of the source as read.
    pub quick_xor_hash_source: Option<String>,
    /// quickXorHash the tenant returned.
    pub quick_xor_hash_destination: Option<String>,
    /// How it ended.
    #[serde(with = "spelled")]
    pub outcome: Outcome,
    /// Why it failed or was skipped.
    #[serde(with = "optional")]
    pub failure_class: Option<FailureClass>,
    /// HTTP attempts spent on it.
    pub attempts: u32,
    /// From its first request to its end, µs.
    pub duration_us: u64,
    /// The last error seen.
    pub last_error: Option<String>,
}

impl EndedEntry {
    /// The entry of `record`, of site `site`.
    pub fn of(record: &ItemRecord, site: &str) -> EndedEntry {
        EndedEntry {
            site: site.to_owned(),
            source_path: record.source_path.clone(),
            destination_path: record.destination_path.clone(),
            size_bytes: record.size_bytes,
            quick_xor_hash_source: record.quick_xor_hash_source.clone(),
            quick_xor_hash_destination: record.quick_xor_hash_destination.clone(),
            outcome: record.outcome,
            failure_class: record.failure_class,
            attempts: record.attempts,
            duration_us: record.duration_us,
            last_error: record.last_error.clone(),
        }
    }
}

/// What the writer thread wrote.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct JournalStats {
    /// Entries written.
    pub entries: u64,
    /// Bytes written.
    pub bytes: u64,
    /// Flushes to disk (each with an `fdatasync`).
    pub syncs: u64,
}

/// The journal being written: [`append`](Self::append) from any task, [`finish`](Self::finish)
/// at the end (while tasks that hold it may still be ending).
#[derive(Debug)]
pub struct JournalWriter {
    /// `None` once finished: later entries are dropped.
    sender: Mutex<Option<Sender<JournalEntry>>>,
    thread: Mutex<Option<JoinHandle<Result<JournalStats, WriteError>>>>,
    path: PathBuf,
}

impl JournalWriter {
    /// Creates the journal at `path`, which must not exist (a run folder's files are never
    /// overwritten; a link there is refused, not followed).
    pub fn create(path: &Path) -> Result<JournalWriter, WriteError> {
        let file = OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(path)
            .map_err(|error| write_error(path, error))?;
        let (sender, receiver) = mpsc::channel();
        let thread_path = path.to_path_buf();
        let thread = std::thread::Builder::new()
            .name("journal".to_owned())
            .spawn(move || write_entries(&thread_path, file, &receiver))
            .map_err(|error| write_error(path, error))?;
        Ok(JournalWriter {
            sender: Mutex::new(Some(sender)),
            thread: Mutex::new(Some(thread)),
            path: path.to_path_buf(),
        })
    }

    /// Appends `entry`; it is on disk within [`FLUSH_WITHIN`]. Never blocks on the disk. After
    /// a write error the entries are dropped, and [`finish`](Self::finish) reports the error.
    pub fn append(&self, entry: JournalEntry) {
        let sender = self.sender.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some(sender) = sender.as_ref() {
            let _ = sender.send(entry);
        }
    }

    /// Writes what is left, syncs the file and says what was written, or the first write error.
    /// Entries appended after it (by a task still ending) are dropped.
    pub fn finish(&self) -> Result<JournalStats, WriteError> {
        self.sender
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .take();
        let thread = self
            .thread
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .take();
        match thread.map(JoinHandle::join) {
            Some(Ok(result)) => result,
            Some(Err(_)) => Err(write_error(&self.path, "the journal's writer stopped")),
            None => Ok(JournalStats::default()),
        }
    }
}

/// The writer thread: entries to lines, flushed and synced within [`FLUSH_WITHIN`].
fn write_entries(
    path: &Path,
    file: File,
    entries: &Receiver<JournalEntry>,
) -> Result<JournalStats, WriteError> {
    let failed = |error: std::io::Error| write_error(path, error);
    let mut out = BufWriter::with_capacity(64 * 1024, file);
    let mut stats = JournalStats::default();
    let mut oldest_unflushed: Option<Instant> = None;
    loop {
        let wait = oldest_unflushed.map_or(Duration::from_secs(3600), |since| {
            FLUSH_WITHIN.saturating_sub(since.elapsed())
        });
        match entries.recv_timeout(wait) {
            Ok(entry) => {
                let line = serde_json::to_string(&entry).map_err(|e| write_error(path, e))?;
                let mut line = with_controls_escaped(line).into_bytes();
                line.push(b'\n');
                out.write_all(&line).map_err(failed)?;
                stats.entries += 1;
                stats.bytes += line.len() as u64;
                oldest_unflushed.get_or_insert_with(Instant::now);
            }
            Err(RecvTimeoutError::Timeout) => {}
            Err(RecvTimeoutError::Disconnected) => break,
        }
        if oldest_unflushed.is_some_and(|since| since.elapsed() >= FLUSH_WITHIN) {
            sync(&mut out).map_err(failed)?;
            stats.syncs += 1;
            oldest_unflushed = None;
        }
    }
    sync(&mut out).map_err(failed)?;
    stats.syncs += 1;
    Ok(stats)
}

/// A JSON line with every control character and bidirectional mark that `serde_json` leaves
/// raw (DEL, the C1 controls, the bidi overrides: they appear only inside strings) written as a
/// `\uXXXX` escape, so that no terminal or viewer showing the journal runs them; reading it back
/// gives the same strings.
fn with_controls_escaped(line: String) -> String {
    if !line.chars().any(needs_escape) {
        return line;
    }
    let mut escaped = String::with_capacity(line.len() + 16);
    for c in line.chars() {
        if needs_escape(c) {
            // Every such character is in the Basic Multilingual Plane: one escape each.
            escaped.push_str(&format!("\\u{:04x}", u32::from(c)));
        } else {
            escaped.push(c);
        }
    }
    escaped
}

fn sync(out: &mut BufWriter<File>) -> std::io::Result<()> {
    out.flush()?;
    out.get_ref().sync_data()
}

/// A journal read back.
#[derive(Debug, Clone, PartialEq)]
pub struct Journal {
    /// Its entries, in the order they were written.
    pub entries: Vec<JournalEntry>,
    /// Whether its last line was cut short (a power loss mid-write) and skipped.
    pub torn_tail: bool,
}

/// Reads the journal at `path`. A last line cut short is skipped ([`Journal::torn_tail`]); any
/// other line that is not an entry is an error naming it.
pub fn read_journal(path: &Path) -> Result<Journal, RunFolderError> {
    let file = File::open(path).map_err(|error| unreadable(path, error))?;
    let mut reader = BufReader::new(file);
    let mut journal = Journal {
        entries: Vec::new(),
        torn_tail: false,
    };
    let mut line = String::new();
    let mut number = 0u64;
    loop {
        line.clear();
        let read = reader
            .read_line(&mut line)
            .map_err(|error| unreadable(path, error))?;
        if read == 0 {
            return Ok(journal);
        }
        number += 1;
        let complete = line.ends_with('\n');
        match serde_json::from_str::<JournalEntry>(line.trim_end()) {
            Ok(entry) => journal.entries.push(entry),
            Err(_) if !complete => {
                journal.torn_tail = true;
                return Ok(journal);
            }
            Err(error) => {
                return Err(RunFolderError::Malformed {
                    path: path.to_path_buf(),
                    line: Some(number),
                    reason: format!("not a journal entry: {error}"),
                });
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::run_folder::temp_dir::TempDir;

    fn entries() -> Vec<JournalEntry> {
        let record = ItemRecord {
            site: 0,
            source_path: "Reports/Q1 \"draft\", naïve.docx".to_owned(),
            destination_path: "pilot/Reports/Q1 \"draft\", naïve.docx".to_owned(),
            size_bytes: 1_048_583,
            quick_xor_hash_source: Some("+AAAAAAAAAAAAAAAAAAAAAAAAAA=".to_owned()),
            quick_xor_hash_destination: None,
            outcome: Outcome::Failed,
            failure_class: Some(FailureClass::HashMismatch),
            attempts: 3,
            duration_us: 12_125,
            last_error: Some("quickXorHash differs".to_owned()),
        };
        let created = CreatedItem {
            site: 0,
            kind: CreatedKind::Folder,
            destination_path: "pilot/Reports".to_owned(),
            item_id: "01ABC".to_owned(),
            e_tag: Some("\"{1D2},1\"".to_owned()),
            size_bytes: 0,
            quick_xor_hash: None,
        };
        vec![
            JournalEntry::Session(SessionEntry {
                run_id: "20261204T210000Z-1a2b".to_owned(),
                scenario_sha256: "ab".repeat(32),
                pilotbench_version: "0.1.0".to_owned(),
                started_utc: "2026-12-04T21:00:00Z".to_owned(),
            }),
            JournalEntry::Planned(PlannedEntry {
                site: "Finance".to_owned(),
                source_path: record.source_path.clone(),
                size_bytes: record.size_bytes,
            }),
            JournalEntry::Created(CreatedEntry::of(&created, "Finance")),
            JournalEntry::Ended(EndedEntry::of(&record, "Finance")),
            JournalEntry::Ended(EndedEntry {
                outcome: Outcome::Verified,
                failure_class: None,
                last_error: None,
                source_path: "esc\u{1b}[31m del\u{7f} c1\u{85} bidi\u{202e}txt.exe".to_owned(),
                ..EndedEntry::of(&record, "日本語")
            }),
        ]
    }

    fn written(dir: &TempDir) -> PathBuf {
        let path = dir.path().join("journal.jsonl");
        let writer = JournalWriter::create(&path).expect("created");
        for entry in entries() {
            writer.append(entry);
        }
        let stats = writer.finish().expect("finished");
        assert_eq!(stats.entries, 5);
        assert_eq!(
            stats.bytes,
            std::fs::metadata(&path).expect("written").len()
        );
        path
    }

    #[test]
    fn every_entry_reads_back_as_written() {
        let dir = TempDir::new("journal-roundtrip");
        let path = written(&dir);
        let journal = read_journal(&path).expect("read back");
        assert!(!journal.torn_tail);
        assert_eq!(journal.entries, entries());
        let text = std::fs::read_to_string(&path).expect("text");
        assert!(text.lines().all(|line| line.starts_with("{\"event\":\"")));
        assert!(
            !text.chars().any(|c| needs_escape(c) && c != '\n'),
            "no raw control character or bidi mark: {text}"
        );
        assert!(
            text.contains("del\\u007f c1\\u0085 bidi\\u202etxt"),
            "{text}"
        );
    }

    #[test]
    fn a_torn_last_line_is_skipped_and_reported_but_a_bad_line_before_it_is_an_error() {
        let dir = TempDir::new("journal-torn");
        let path = written(&dir);
        let whole = std::fs::read(&path).expect("bytes");
        std::fs::write(&path, &whole[..whole.len() - 20]).expect("cut");
        let journal = read_journal(&path).expect("read back");
        assert!(journal.torn_tail);
        assert_eq!(journal.entries, entries()[..4]);

        let mut text = String::from_utf8(whole).expect("utf-8");
        text.insert_str(0, "{\"event\":\"finished\"}\n");
        std::fs::write(&path, text).expect("edited");
        let error = read_journal(&path).unwrap_err().to_string();
        assert!(
            error.contains("journal.jsonl:1: not a journal entry"),
            "{error}"
        );
    }

    #[test]
    fn an_existing_file_is_never_opened_for_writing() {
        let dir = TempDir::new("journal-exists");
        let path = dir.path().join("journal.jsonl");
        std::fs::write(&path, "kept").expect("written");
        assert!(JournalWriter::create(&path).is_err());
        assert_eq!(std::fs::read_to_string(&path).expect("kept"), "kept");
    }

    #[test]
    fn an_entry_is_on_disk_soon_after_it_is_appended_while_the_writer_runs() {
        let dir = TempDir::new("journal-flush");
        let path = dir.path().join("journal.jsonl");
        let writer = JournalWriter::create(&path).expect("created");
        writer.append(entries().remove(0));
        // The goal is FLUSH_WITHIN; the bound here is generous for a loaded machine: the entry
        // must be there while the writer still runs, not only once it finishes.
        let deadline = Instant::now() + FLUSH_WITHIN * 20;
        while std::fs::metadata(&path).expect("exists").len() == 0 {
            assert!(Instant::now() < deadline, "never flushed while running");
            std::thread::sleep(Duration::from_millis(20));
        }
        assert_eq!(read_journal(&path).expect("read").entries.len(), 1);
        writer.finish().expect("finished");
    }
}
