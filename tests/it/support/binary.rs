//! Running the real `pilotbench` binary: one command waited for, a run into an output folder,
//! a `pilotbench simulate` tenant kept running for the length of a test, and the exit code and
//! output streams for assertion messages.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};

use super::cpu;

/// The binary under test.
pub fn binary() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_pilotbench"))
}

/// The crate root (for scenarios/ and fixtures/); commands run there.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Runs pilotbench with `args` in the crate root and waits.
pub fn pilotbench(args: &[&str]) -> Output {
    let mut command = Command::new(binary());
    command.args(args).current_dir(root());
    output(&mut command)
}

/// The credential variables a graph run reads by default: removed from every child started by
/// [`pilotbench_env`] unless `set` gives them, so the test machine's own cannot leak in.
pub const AZURE_VARIABLES: [&str; 4] = [
    "AZURE_TENANT_ID",
    "AZURE_CLIENT_ID",
    "AZURE_CLIENT_SECRET",
    "AZURE_CLIENT_CERTIFICATE_PATH",
];

/// Runs pilotbench with `args` and exactly the `AZURE_*` variables in `set` (plus any other
/// variables in `set`), and waits.
pub fn pilotbench_env(args: &[&str], set: &[(&str, &str)]) -> Output {
    let mut command = Command::new(binary());
    command.args(args).current_dir(root());
    for name in AZURE_VARIABLES {
        command.env_remove(name);
    }
    for (name, value) in set {
        command.env(name, value);
    }
    output(&mut command)
}

/// `pilotbench run SCENARIO --out OUT --quiet`, waited for.
pub fn run_quiet(scenario: &Path, out: &Path) -> Output {
    pilotbench(&[
        "run",
        scenario.to_str().expect("utf-8 path"),
        "--out",
        out.to_str().expect("utf-8 path"),
        "--quiet",
    ])
}

/// Runs `command` to its end, sharing the cores with the other tests (see [`cpu`]).
fn output(command: &mut Command) -> Output {
    let _share = cpu::share();
    command.output().expect("the pilotbench binary runs")
}

/// Exit code, stdout and stderr as text, for assertion messages.
pub fn describe(output: &Output) -> String {
    format!(
        "exit {:?}\n--- stdout\n{}\n--- stderr\n{}",
        output.status.code(),
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    )
}

/// A `pilotbench simulate` process, killed when dropped.
pub struct Simulate {
    child: Child,
    /// `http://127.0.0.1:PORT`, as it printed.
    pub url: String,
    /// With `--tls`: `https://127.0.0.1:PORT`, as it printed.
    pub https_url: Option<String>,
    /// With `--tls`: the CA certificate's path, as it printed.
    pub ca_certificate: Option<String>,
    /// Everything it printed on starting.
    pub banner: String,
}

impl Simulate {
    /// Serves `scenario`'s simulated tenant and reads its address from what it prints.
    pub fn start(scenario: &Path) -> Simulate {
        Simulate::start_with(scenario, &[])
    }

    /// The same, with more arguments (`--tls`, ...); reads the whole banner, up to the line
    /// that says how to stop it.
    pub fn start_with(scenario: &Path, arguments: &[&str]) -> Simulate {
        let mut child = Command::new(binary())
            .args(["simulate", scenario.to_str().expect("utf-8 path")])
            .args(arguments)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("pilotbench simulate starts");
        let stdout = child.stdout.take().expect("stdout");
        let mut banner = String::new();
        for line in BufReader::new(stdout).lines() {
            let line = line.expect("text");
            banner.push_str(&line);
            banner.push('\n');
            if line.contains("Ctrl-C stops it") {
                break;
            }
        }
        let first = banner.lines().next().expect("simulate prints its address");
        let url = address_in(first, "http://127.0.0.1:")
            .unwrap_or_else(|| panic!("an address in {first:?}"));
        let https_url = banner
            .lines()
            .find_map(|line| line.strip_prefix("HTTPS: "))
            .and_then(|line| address_in(line, "https://127.0.0.1:"));
        let ca_certificate = banner
            .lines()
            .find_map(|line| line.strip_prefix("CA certificate: "))
            .map(|path| path.trim().to_owned());
        Simulate {
            child,
            url,
            https_url,
            ca_certificate,
            banner,
        }
    }
}

/// The first word of `line` starting with `prefix`, without a trailing slash.
fn address_in(line: &str, prefix: &str) -> Option<String> {
    line.split_whitespace()
        .find(|word| word.starts_with(prefix))
        .map(|word| word.trim_end_matches('/').to_owned())
}

impl Drop for Simulate {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// `pilotbench run SCENARIO --out OUT --quiet`, sent SIGINT (Ctrl-C) after `after`, waited for
/// (at most a minute): its exit status and what it printed on stderr.
pub fn run_interrupted(
    scenario: &Path,
    out: &Path,
    after: std::time::Duration,
) -> (std::process::ExitStatus, String) {
    run_signalled(scenario, out, &[(after, "INT")])
}

/// How a signalled run ended.
pub struct Interrupted {
    /// Its exit status.
    pub exit: std::process::ExitStatus,
    /// What it printed on stderr.
    pub stderr: String,
    /// From the last signal to its exit.
    pub exit_after_signal: std::time::Duration,
}

/// A `pilotbench run SCENARIO --out OUT --quiet` in flight, its stderr read aside.
struct QuietRun {
    child: std::process::Child,
    stderr: std::thread::JoinHandle<String>,
}

impl QuietRun {
    fn start(scenario: &Path, out: &Path) -> QuietRun {
        let mut child = Command::new(binary())
            .args(["run", scenario.to_str().expect("utf-8 path"), "--out"])
            .arg(out)
            .arg("--quiet")
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("pilotbench run starts");
        let stderr = child.stderr.take().expect("stderr");
        let stderr =
            std::thread::spawn(move || std::io::read_to_string(stderr).unwrap_or_default());
        QuietRun { child, stderr }
    }

    fn ended(&mut self) -> bool {
        self.child.try_wait().expect("wait").is_some()
    }

    fn signal(&self, signal: &str) {
        let sent = Command::new("kill")
            .arg(format!("-{signal}"))
            .arg(self.child.id().to_string())
            .status()
            .expect("kill runs");
        assert!(sent.success(), "SIG{signal} sent");
    }

    /// Waits (at most a minute after the signal; killed after) for the run to end.
    fn wait(mut self) -> Interrupted {
        use std::time::{Duration, Instant};
        let signalled = Instant::now();
        let deadline = signalled + Duration::from_secs(60);
        let (exit, exit_after_signal) = loop {
            if let Some(exit) = self.child.try_wait().expect("wait") {
                break (exit, signalled.elapsed());
            }
            if Instant::now() >= deadline {
                let _ = self.child.kill();
                let _ = self.child.wait();
                panic!("the run had not ended a minute after the signal");
            }
            std::thread::sleep(Duration::from_millis(20));
        };
        Interrupted {
            exit,
            stderr: self.stderr.join().unwrap_or_default(),
            exit_after_signal,
        }
    }
}

/// `pilotbench run SCENARIO --out OUT --quiet`, sent each of `signals` (`"INT"`, `"TERM"`,
/// `"HUP"`) after its delay (counted from the one before), waited for (at most a minute): its
/// exit status and what it printed on stderr. A signal due after the run has ended is not sent.
pub fn run_signalled(
    scenario: &Path,
    out: &Path,
    signals: &[(std::time::Duration, &str)],
) -> (std::process::ExitStatus, String) {
    let mut run = QuietRun::start(scenario, out);
    for (after, signal) in signals {
        std::thread::sleep(*after);
        if run.ended() {
            break;
        }
        run.signal(signal);
    }
    let ended = run.wait();
    (ended.exit, ended.stderr)
}

/// `pilotbench run SCENARIO --out OUT --quiet`, sent SIGINT (Ctrl-C) as soon as `ready` says so
/// (asked every 50 ms, for at most a minute), then waited for (at most a minute; killed after).
pub fn run_interrupted_when(
    scenario: &Path,
    out: &Path,
    mut ready: impl FnMut() -> bool,
) -> Interrupted {
    use std::time::{Duration, Instant};
    let mut run = QuietRun::start(scenario, out);
    let deadline = Instant::now() + Duration::from_secs(60);
    while !ready() {
        assert!(
            !run.ended(),
            "the run ended before it was to be interrupted"
        );
        assert!(Instant::now() < deadline, "the moment to interrupt came");
        std::thread::sleep(Duration::from_millis(50));
    }
    run.signal("INT");
    run.wait()
}
