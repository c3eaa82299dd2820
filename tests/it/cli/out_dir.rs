//! The output folder, checked before the first request (issue 14 item 2: an existing file, a
//! path below a file, a read-only folder each exit 2 naming it, and the tenant received
//! nothing), and the default folder unique per run (item 3: two runs started together get
//! two folders).

use std::path::Path;
use std::process::{Command, Stdio};

use crate::support::{
    Scenario, Simulate, Site, Size, Source, TempDir, assert_accounting, binary, cpu, describe,
    run_quiet, sim_request_log,
};

fn small_site() -> Site {
    Site::sharepoint("Finance", "https://contoso.sharepoint.com/sites/finance")
        .folder("pilot")
        .source(Source::synthetic(4).seed(3).size(Size::fixed("1KiB")))
}

fn is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
        .unwrap_or(false)
}

/// `pilotbench run` into `out`, as an unprivileged user when the tests run as root (root
/// writes any folder whatever its mode).
fn run_unprivileged(dir: &Path, scenario: &Path, out: &Path) -> std::process::Output {
    let _share = cpu::share();
    let mut command = if is_root() {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o755)).unwrap();
        let copy = dir.join("pilotbench");
        std::fs::copy(binary(), &copy).unwrap();
        let mut command = Command::new("setpriv");
        command
            .args(["--reuid=65534", "--regid=65534", "--clear-groups"])
            .arg(copy);
        command
    } else {
        Command::new(binary())
    };
    command
        .args([
            "run",
            scenario.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
            "--quiet",
        ])
        .current_dir(dir)
        .output()
        .expect("pilotbench runs")
}

#[test]
fn an_unusable_out_exits_2_naming_it_before_any_request() {
    let dir = TempDir::new("out-checked");
    let serve = Scenario::simulated(7)
        .site(small_site())
        .write(dir.path(), "serve.toml");
    let tenant = Simulate::start(&serve);
    let scenario = Scenario::simulated(7)
        .url(&tenant.url)
        .site(small_site())
        .write(dir.path(), "run.toml");
    let file = dir.path().join("a-file");
    std::fs::write(&file, "not a folder").unwrap();
    let read_only = dir.path().join("read-only");
    std::fs::create_dir(&read_only).unwrap();
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&read_only, std::fs::Permissions::from_mode(0o555)).unwrap();
    }
    for out in [file.clone(), file.join("below"), read_only.clone()] {
        let output = if out == read_only {
            run_unprivileged(dir.path(), &scenario, &out)
        } else {
            run_quiet(&scenario, &out)
        };
        assert_eq!(
            output.status.code(),
            Some(2),
            "{}: {}",
            out.display(),
            describe(&output)
        );
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(
            stderr.contains(&out.display().to_string()),
            "names {}: {stderr}",
            out.display()
        );
    }
    let log = sim_request_log(&tenant.url);
    assert!(
        log.iter().all(|(_, path, _)| path.starts_with("/_sim")),
        "no request reached the tenant: {log:?}"
    );
    assert_eq!(std::fs::read_to_string(&file).unwrap(), "not a folder");
    assert_eq!(std::fs::read_dir(&read_only).unwrap().count(), 0);
}

#[test]
fn two_runs_started_together_get_two_folders() {
    let dir = TempDir::new("two-runs");
    let scenario = Scenario::simulated(7)
        .site(small_site())
        .write(dir.path(), "twice.toml");
    let _share = cpu::share();
    let children: Vec<_> = (0..2)
        .map(|_| {
            Command::new(binary())
                .args(["run", scenario.to_str().unwrap(), "--quiet"])
                .current_dir(dir.path())
                .stdout(Stdio::null())
                .stderr(Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    for child in children {
        let output = child.wait_with_output().unwrap();
        assert_eq!(output.status.code(), Some(0), "{}", describe(&output));
    }
    let folders: Vec<_> = std::fs::read_dir(dir.path().join("pilot-results"))
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .collect();
    assert_eq!(folders.len(), 2, "{folders:?}");
    for folder in &folders {
        let (_, items) = assert_accounting(folder);
        assert_eq!(items.rows.len(), 4, "{}", folder.display());
    }
}
