//! The engine's event stream: progress bars (and any other live view) subscribe to it. Every
//! hook has a no-op default, so an observer implements only what it shows.

use crate::vocab::outcome::ItemRecord;

/// Receives engine events as they happen. Called from many tasks at once: keep it cheap.
pub trait Observer: Send + Sync {
    /// A site starts: its name and what it plans to copy.
    fn site_started(&self, _site: usize, _name: &str, _files: u64, _bytes: u64) {}
    /// Bytes of a site's files were read and handed to the tenant.
    fn bytes_read(&self, _site: usize, _bytes: u64) {}
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
