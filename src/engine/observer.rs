//! The engine's event stream: progress bars, the run's journal and any other live view
//! subscribe to it. Every hook has a no-op default, so an observer implements only what it
//! uses; [`Observers`] hands each event to several.

use std::sync::Arc;

use crate::vocab::created_item::CreatedItem;
use crate::vocab::outcome::ItemRecord;

/// Receives engine events as they happen. Called from many tasks at once: keep it cheap.
pub trait Observer: Send + Sync {
    /// A site starts: its name and what it plans to copy.
    fn site_started(&self, _site: usize, _name: &str, _files: u64, _bytes: u64) {}
    /// Bytes of a site's files were read and handed to the tenant.
    fn bytes_read(&self, _site: usize, _bytes: u64) {}
    /// The tenant now holds an item the run created: a folder it made, a file it stored.
    fn item_created(&self, _item: &CreatedItem) {}
    /// An item ended (any outcome).
    fn item_done(&self, _record: &ItemRecord) {}
    /// A site ended.
    fn site_finished(&self, _site: usize) {}
    /// The run was interrupted; in-flight requests are ending.
    fn interrupted(&self) {}
}

/// An observer that shows nothing.
#[derive(Debug, Default, Clone, Copy)]
pub struct NoObserver;

impl Observer for NoObserver {}

/// Several observers, each handed every event in turn.
#[derive(Default, Clone)]
pub struct Observers(pub Vec<Arc<dyn Observer>>);

impl Observer for Observers {
    fn site_started(&self, site: usize, name: &str, files: u64, bytes: u64) {
        for observer in &self.0 {
            observer.site_started(site, name, files, bytes);
        }
    }
    fn bytes_read(&self, site: usize, bytes: u64) {
        for observer in &self.0 {
            observer.bytes_read(site, bytes);
        }
    }
    fn item_created(&self, item: &CreatedItem) {
        for observer in &self.0 {
            observer.item_created(item);
        }
    }
    fn item_done(&self, record: &ItemRecord) {
        for observer in &self.0 {
            observer.item_done(record);
        }
    }
    fn site_finished(&self, site: usize) {
        for observer in &self.0 {
            observer.site_finished(site);
        }
    }
    fn interrupted(&self) {
        for observer in &self.0 {
            observer.interrupted();
        }
    }
}
