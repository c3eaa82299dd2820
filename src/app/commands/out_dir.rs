//! Where a command writes when the user names no folder: a new folder per run, named by the
//! UTC time it started.

use std::path::PathBuf;
use std::time::SystemTime;

/// `<root>/<UTC timestamp>/`, the timestamp safe in file names, e.g.
/// `pilot-results/2026-11-25T04-12-33Z`.
pub(super) fn timestamped_dir(root: &str) -> PathBuf {
    let stamp = humantime::format_rfc3339_seconds(SystemTime::now())
        .to_string()
        .replace(':', "-");
    PathBuf::from(root).join(stamp)
}
