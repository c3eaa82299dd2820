//! Where a command writes, checked before it does anything: a folder the user names is
//! created and probe-written before the first request, so an unusable `--out` (a file, a path
//! below a file, a read-only folder) stops the run with exit 2 instead of after the copy; a
//! folder the user does not name is a new one per run, named by the UTC time it started to
//! the millisecond and created exclusively, with a suffix when another run took that name,
//! so two runs started together never share one.

use std::io::{ErrorKind, Write};
use std::path::{Path, PathBuf};
use std::time::SystemTime;

use crate::app::exit::AppError;

/// How many names a new folder tries (`STAMP`, `STAMP-2`, ...) before giving up.
const NAME_TRIES: u32 = 1000;

/// Creates `<root>/<UTC timestamp>/` (e.g. `pilot-results/2026-11-25T04-12-33.125Z`), a
/// folder no other run has: created exclusively, with `-2`, `-3`, ... when the name is taken.
pub(super) fn new_timestamped_dir(root: &str) -> Result<PathBuf, AppError> {
    let stamp = humantime::format_rfc3339_millis(SystemTime::now())
        .to_string()
        .replace(':', "-");
    let root = PathBuf::from(root);
    std::fs::create_dir_all(&root).map_err(|error| unusable(&root, "cannot be created", error))?;
    for n in 1..=NAME_TRIES {
        let candidate = if n == 1 {
            root.join(&stamp)
        } else {
            root.join(format!("{stamp}-{n}"))
        };
        match std::fs::create_dir(&candidate) {
            Ok(()) => return Ok(candidate),
            Err(error) if error.kind() == ErrorKind::AlreadyExists => continue,
            Err(error) => return Err(unusable(&candidate, "cannot be created", error)),
        }
    }
    Err(AppError::usage(format!(
        "{}: {NAME_TRIES} runs already use the name {stamp}; name an output folder with --out",
        root.display()
    )))
}

/// Makes sure the output folder `dir` can take the outputs: it is created when missing (with
/// its parents) and a probe file is written in it and removed. The message names the folder.
pub(super) fn check_out_dir(dir: &Path) -> Result<(), AppError> {
    if dir.exists() && !dir.is_dir() {
        return Err(AppError::usage(format!(
            "--out {}: is a file, not a folder; name a new or empty folder",
            dir.display()
        )));
    }
    std::fs::create_dir_all(dir).map_err(|error| unusable(dir, "cannot be created", error))?;
    let probe = dir.join(format!(".pilotbench-probe-{}", std::process::id()));
    let written = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&probe)
        .and_then(|mut file| file.write_all(b"probe").and_then(|()| file.sync_all()));
    let _ = std::fs::remove_file(&probe);
    written.map_err(|error| unusable(dir, "cannot be written", error))
}

fn unusable(dir: &Path, what: &str, error: std::io::Error) -> AppError {
    AppError::usage(format!(
        "--out {}: {what} ({error}); name a folder you can write to",
        dir.display()
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scratch(label: &str) -> PathBuf {
        let dir =
            std::env::temp_dir().join(format!("pilotbench-out-dir-{label}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        dir
    }

    #[test]
    fn a_file_and_a_path_below_a_file_are_refused_naming_them() {
        let dir = scratch("file");
        let file = dir.join("results");
        std::fs::write(&file, "x").unwrap();
        for out in [file.clone(), file.join("below")] {
            let error = check_out_dir(&out).unwrap_err();
            assert_eq!(error.exit as i32, 2);
            assert!(
                error.message.contains(&out.display().to_string()),
                "{error}"
            );
        }
        let fresh = dir.join("a/b");
        check_out_dir(&fresh).expect("created");
        assert!(fresh.is_dir());
        assert_eq!(
            std::fs::read_dir(&fresh).unwrap().count(),
            0,
            "the probe is gone"
        );
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn new_folders_made_at_once_are_all_different() {
        let dir = scratch("unique");
        let root = dir.join("runs");
        let root_text = root.to_str().unwrap().to_owned();
        let made: Vec<PathBuf> = std::thread::scope(|scope| {
            let handles: Vec<_> = (0..8)
                .map(|_| scope.spawn(|| new_timestamped_dir(&root_text).unwrap()))
                .collect();
            handles.into_iter().map(|h| h.join().unwrap()).collect()
        });
        let mut unique = made.clone();
        unique.sort();
        unique.dedup();
        assert_eq!(unique.len(), 8, "{made:?}");
        let _ = std::fs::remove_dir_all(&dir);
    }
}
