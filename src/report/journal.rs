//! The sink that keeps the run's journal as it goes: an [`Observer`] of the engine that turns
//! each event — an item created in the tenant, an item ended — into an entry of
//! `journal.jsonl`, with the site named, handed to the run folder's writer (which never makes
//! the engine wait for the disk). The plan and the session are written by the command before
//! the copy starts.

use std::time::SystemTime;

use super::summary::rfc3339;
use crate::engine::Observer;
use crate::run_folder::{
    CreatedEntry, EndedEntry, JournalEntry, JournalStats, JournalWriter, PlannedEntry, SessionEntry,
};
use crate::vocab::created_item::CreatedItem;
use crate::vocab::csv_writer::WriteError;
use crate::vocab::outcome::ItemRecord;

/// The journal of one run, fed by the engine's events.
#[derive(Debug)]
pub struct JournalSink {
    writer: JournalWriter,
    /// Site names by index, as the entries name them.
    sites: Vec<String>,
}

impl JournalSink {
    /// A sink over `writer`, for the scenario's sites named `sites` (in order).
    pub fn new(writer: JournalWriter, sites: Vec<String>) -> JournalSink {
        JournalSink { writer, sites }
    }

    /// Records the session of run `run_id` on the scenario `scenario_sha256`, started at
    /// `started`.
    pub fn session(&self, run_id: &str, scenario_sha256: &str, started: SystemTime) {
        self.writer.append(JournalEntry::Session(SessionEntry {
            run_id: run_id.to_owned(),
            scenario_sha256: scenario_sha256.to_owned(),
            pilotbench_version: env!("CARGO_PKG_VERSION").to_owned(),
            started_utc: rfc3339(started),
        }));
    }

    /// Records that the run plans to copy `source_path` (`size_bytes`) of site `site`.
    pub fn planned(&self, site: usize, source_path: &str, size_bytes: u64) {
        self.writer.append(JournalEntry::Planned(PlannedEntry {
            site: self.site_name(site),
            source_path: source_path.to_owned(),
            size_bytes,
        }));
    }

    /// Writes what is left and syncs the journal.
    pub fn finish(&self) -> Result<JournalStats, WriteError> {
        self.writer.finish()
    }

    /// An index the scenario does not have (an engine bug) stays visible, as in `items.csv`.
    fn site_name(&self, site: usize) -> String {
        self.sites
            .get(site)
            .cloned()
            .unwrap_or_else(|| format!("#{site}"))
    }
}

impl Observer for JournalSink {
    fn item_created(&self, item: &CreatedItem) {
        let site = self.site_name(item.site);
        self.writer
            .append(JournalEntry::Created(CreatedEntry::of(item, &site)));
    }

    fn item_done(&self, record: &ItemRecord) {
        let site = self.site_name(record.site);
        self.writer
            .append(JournalEntry::Ended(EndedEntry::of(record, &site)));
    }
}
