//! `inputs/`: the files the run's evidence rests on — the scenario, the migration list, the
//! issues log — copied into the run folder as they were when the run started, each with its
//! SHA-256. A run folder is then self-contained: it can be zipped and sent, opened on another
//! machine, and `pilotbench report RUN_DIR` rebuilds the same reports from the copies, never
//! from paths of the machine that ran it (nor from a list edited since).

use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::vocab::csv_writer::{WriteError, create, finish, write_error};

/// The folder of the copies, inside the run folder.
pub const INPUTS_DIR: &str = "inputs";

/// What an input is to the run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum InputRole {
    /// The scenario file.
    Scenario,
    /// `[readiness] migration_list`.
    MigrationList,
    /// `[readiness] issues_log`.
    IssuesLog,
}

impl InputRole {
    fn spelling(self) -> &'static str {
        match self {
            InputRole::Scenario => "scenario",
            InputRole::MigrationList => "migration-list",
            InputRole::IssuesLog => "issues-log",
        }
    }
}

/// `summary.json` → `inputs[]`: one copied input.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InputCopy {
    /// What it is to the run.
    pub role: InputRole,
    /// The copy, relative to the run folder (`inputs/example.toml`), `/`-separated.
    pub file: String,
    /// Lower-case hex SHA-256 of its bytes.
    pub sha256: String,
    /// Its size.
    pub bytes: u64,
}

impl InputCopy {
    /// Where the copy is, for a run folder at `run_dir`.
    pub fn path_in(&self, run_dir: &Path) -> PathBuf {
        run_dir.join(&self.file)
    }
}

/// Copies each of `inputs` into `run_dir/inputs/` under its own file name (the role's name
/// before it when two share one), hashing as it copies.
pub fn copy_inputs(
    run_dir: &Path,
    inputs: &[(InputRole, &Path)],
) -> Result<Vec<InputCopy>, WriteError> {
    let folder = run_dir.join(INPUTS_DIR);
    std::fs::create_dir_all(&folder).map_err(|error| write_error(&folder, error))?;
    let mut copies: Vec<InputCopy> = Vec::with_capacity(inputs.len());
    for &(role, source) in inputs {
        let name = source
            .file_name()
            .map(|name| name.to_string_lossy().into_owned())
            .unwrap_or_else(|| role.spelling().to_owned());
        let taken = |name: &str| {
            copies
                .iter()
                .any(|c| c.file == format!("{INPUTS_DIR}/{name}"))
        };
        let name = if taken(&name) {
            format!("{}-{name}", role.spelling())
        } else {
            name
        };
        let destination = folder.join(&name);
        let (sha256, bytes) = copy_hashing(source, &destination)?;
        copies.push(InputCopy {
            role,
            file: format!("{INPUTS_DIR}/{name}"),
            sha256,
            bytes,
        });
    }
    Ok(copies)
}

/// Copies `source` to a new file at `destination`; its SHA-256 and size.
fn copy_hashing(source: &Path, destination: &Path) -> Result<(String, u64), WriteError> {
    use sha2::Digest as _;
    let mut reader = std::fs::File::open(source).map_err(|error| write_error(source, error))?;
    let mut writer = create(destination)?;
    let mut hasher = sha2::Sha256::new();
    let mut buffer = vec![0; 64 * 1024];
    let mut bytes = 0u64;
    loop {
        let read = reader
            .read(&mut buffer)
            .map_err(|error| write_error(source, error))?;
        if read == 0 {
            break;
        }
        hasher.update(&buffer[..read]);
        writer
            .write_all(&buffer[..read])
            .map_err(|error| write_error(destination, error))?;
        bytes += read as u64;
    }
    finish(destination, writer)?;
    let hex = hasher
        .finalize()
        .iter()
        .map(|byte| format!("{byte:02x}"))
        .collect();
    Ok((hex, bytes))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inputs_are_copied_with_their_hash_and_same_names_kept_apart() {
        let dir = std::env::temp_dir().join(format!("pilotbench-inputs-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(dir.join("a")).unwrap();
        std::fs::create_dir_all(dir.join("b")).unwrap();
        std::fs::write(dir.join("a/list.csv"), b"abc").unwrap();
        std::fs::write(dir.join("b/list.csv"), b"other").unwrap();
        let run = dir.join("run");
        let copies = copy_inputs(
            &run,
            &[
                (InputRole::MigrationList, &dir.join("a/list.csv")),
                (InputRole::IssuesLog, &dir.join("b/list.csv")),
            ],
        )
        .unwrap();
        assert_eq!(copies[0].file, "inputs/list.csv");
        assert_eq!(copies[1].file, "inputs/issues-log-list.csv");
        assert_eq!(
            copies[0].sha256,
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
        assert_eq!(copies[0].bytes, 3);
        assert_eq!(std::fs::read(copies[1].path_in(&run)).unwrap(), b"other");
        let _ = std::fs::remove_dir_all(&dir);
    }
}
