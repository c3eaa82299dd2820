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
use crate::vocab::printable::printable;

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
/// its parents) and a probe file is written in it and removed. A folder that already holds
/// something is refused unless `replace_existing` (`--force`): a run folder is evidence, and a
/// second run must not silently replace the first one's. The message names the folder.
pub(super) fn check_out_dir(dir: &Path, replace_existing: bool) -> Result<(), AppError> {
    if dir.exists() && !dir.is_dir() {
        return Err(AppError::usage(format!(
            "--out {}: is a file, not a folder; name a new or empty folder",
            dir.display()
        )));
    }
    if !replace_existing && let Ok(entries) = std::fs::read_dir(dir) {
        let mut names: Vec<String> = entries
            .filter_map(Result::ok)
            .map(|entry| entry.file_name().to_string_lossy().into_owned())
            .collect();
        if !names.is_empty() {
            names.sort();
            return Err(AppError::usage(format!(
                "--out {}: already holds {} entr{} ({}{}); a run folder is evidence and is never \
                 overwritten: name a new folder, or pass --force to write this run's outputs \
                 over it",
                dir.display(),
                names.len(),
                if names.len() == 1 { "y" } else { "ies" },
                printable(&names[..names.len().min(3)].join(", ")),
                if names.len() > 3 { ", ..." } else { "" }
            )));
        }
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
    fn a_folder_that_holds_something_is_refused_unless_forced() {
        let dir = scratch("non-empty");
        std::fs::write(dir.join("summary.json"), "{}").unwrap();
        let error = check_out_dir(&dir, false).unwrap_err();
        assert_eq!(error.exit as i32, 2);
        assert!(error.message.contains("summary.json"), "{error}");
        assert!(error.message.contains("--force"), "{error}");
        check_out_dir(&dir, true).expect("forced");
        assert_eq!(
            std::fs::read_to_string(dir.join("summary.json")).unwrap(),
            "{}",
            "the check itself changes nothing"
        );
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn a_file_and_a_path_below_a_file_are_refused_naming_them() {
        let dir = scratch("file");
        let file = dir.join("results");
        std::fs::write(&file, "x").unwrap();
        for out in [file.clone(), file.join("below")] {
            let error = check_out_dir(&out, false).unwrap_err();
            assert_eq!(error.exit as i32, 2);
            assert!(
                error.message.contains(&out.display().to_string()),
                "{error}"
            );
        }
        let fresh = dir.join("a/b");
        check_out_dir(&fresh, false).expect("created");
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
