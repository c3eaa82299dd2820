//! The Python environment of the compatibility scripts: a virtual environment under the target
//! folder, built from `tests/compat/requirements.txt` (every package pinned, so CI runs what
//! was run here) and rebuilt when that file changes. Building it needs `python3` with its
//! `venv` module and the PyPI registry; `.ci/run` makes sure of the first.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Mutex;

/// The repository's `tests/compat` folder.
pub fn scripts() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/compat")
}

/// The environment's `python`, built first if it is missing or older than the requirements.
pub fn python() -> PathBuf {
    static BUILDING: Mutex<()> = Mutex::new(());
    let _one_at_a_time = BUILDING.lock().unwrap_or_else(|e| e.into_inner());
    let venv = Path::new(env!("CARGO_TARGET_TMPDIR")).join("compat-venv");
    let python = venv.join("bin/python");
    let requirements = scripts().join("requirements.txt");
    let wanted = std::fs::read_to_string(&requirements).expect("tests/compat/requirements.txt");
    let stamp = venv.join("requirements.installed");
    if python.exists() && std::fs::read_to_string(&stamp).ok().as_deref() == Some(&wanted) {
        return python;
    }
    let _ = std::fs::remove_dir_all(&venv);
    run(
        Command::new("python3").args(["-m", "venv"]).arg(&venv),
        "python3 -m venv (on Debian: apt-get install python3-venv; .ci/run does it)",
    );
    run(
        Command::new(&python)
            .args([
                "-m",
                "pip",
                "install",
                "--quiet",
                "--disable-pip-version-check",
            ])
            .arg("--requirement")
            .arg(&requirements),
        "pip install -r tests/compat/requirements.txt (it needs the PyPI registry)",
    );
    std::fs::write(&stamp, wanted).expect("stamp");
    python
}

fn run(command: &mut Command, what: &str) {
    let output = command
        .output()
        .unwrap_or_else(|e| panic!("{what}: cannot start: {e}"));
    assert!(
        output.status.success(),
        "{what} failed:\n{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
}
