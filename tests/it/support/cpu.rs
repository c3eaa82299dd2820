//! The two cores, shared between tests that run in one process. A test that times the
//! binary's work (the estimate against a measured run, the silences after a 429) holds
//! [`alone`]: it waits until no other test is running the binary or Chromium, and none starts
//! one until it is done. Everything that makes the binary or Chromium work holds [`share`] while
//! it runs; the helpers in `binary` do so for every command they wait for.
//!
//! When each test file was a binary of its own, cargo ran them one after another and this was
//! the order of things; in one binary the tests of every topic run side by side.

use std::cell::Cell;
use std::sync::{PoisonError, RwLock, RwLockReadGuard, RwLockWriteGuard};

static CORES: RwLock<()> = RwLock::new(());

thread_local! {
    /// Whether this thread holds [`alone`], so its own commands need no share.
    static ALONE: Cell<bool> = const { Cell::new(false) };
    /// How many [`Share`]s this thread holds: only the first takes the lock, because a second
    /// read would wait behind an [`alone`] that waits for the first.
    static SHARES: Cell<usize> = const { Cell::new(0) };
}

/// Held while a test has the cores to itself.
pub struct Alone {
    _cores: RwLockWriteGuard<'static, ()>,
}

/// Waits until no other test runs the binary or Chromium, then keeps them from starting until
/// dropped.
pub fn alone() -> Alone {
    // A test that panicked while alone leaves the lock poisoned; the cores are free all the same.
    let cores = CORES.write().unwrap_or_else(PoisonError::into_inner);
    ALONE.with(|alone| alone.set(true));
    Alone { _cores: cores }
}

impl Drop for Alone {
    fn drop(&mut self) {
        ALONE.with(|alone| alone.set(false));
    }
}

/// Held while the binary or Chromium runs for a test that does not need the cores alone.
pub struct Share {
    _cores: Option<RwLockReadGuard<'static, ()>>,
}

/// Waits while another test is [`alone`], then shares the cores until dropped.
pub fn share() -> Share {
    let first = SHARES.with(|shares| shares.replace(shares.get() + 1)) == 0;
    let cores = (first && !ALONE.with(Cell::get))
        .then(|| CORES.read().unwrap_or_else(PoisonError::into_inner));
    Share { _cores: cores }
}

impl Drop for Share {
    fn drop(&mut self) {
        SHARES.with(|shares| shares.set(shares.get() - 1));
    }
}
