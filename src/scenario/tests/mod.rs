//! Tests of the scenario format: helpers shared by the rule tests, and the end-to-end checks
//! (the shipped scenarios load, defaults, paths, the file hash, the bad-scenario fixtures).

mod estimate;
mod faults;
mod graph;
mod graph_drive;
mod readiness;
mod retry;
mod sections;
mod sites;
mod source_credentials;
mod toml_errors;

use std::path::{Path, PathBuf};

use super::*;
use crate::vocab::conflict::ConflictBehavior;
use crate::vocab::units::MIB;

/// The file name the in-memory tests report.
pub(super) const FILE: &str = "scenarios/test.toml";

/// `[pilot]` and `[target]`: the sections every test scenario needs.
pub(super) const HEAD: &str = "[pilot]\nname = \"Test pilot\"\norganisation = \"Example NHS Trust\"\n\n[target]\nkind = \"simulated\"\n";

/// One valid synthetic SharePoint site.
pub(super) fn site(name: &str) -> String {
    format!(
        "\n[[site]]\nname = \"{name}\"\nworkload = \"sharepoint\"\n\
         destination = {{ site = \"https://example.sharepoint.com/sites/x\", library = \"Documents\" }}\n\
         source = {{ kind = \"synthetic\", files = 3, size = {{ distribution = \"fixed\", value = \"1KiB\" }} }}\n"
    )
}

/// A valid scenario with `middle` (sections or site tables) inserted before one good site.
pub(super) fn with(middle: &str) -> String {
    format!("{HEAD}{middle}\n{}", site("Good"))
}

/// Parses `text` expecting it to be refused; returns the diagnostics.
pub(super) fn problems(text: &str) -> Vec<Diagnostic> {
    match parse(text, Path::new(FILE)) {
        Ok(scenario) => panic!("expected problems, got {scenario:#?}\n{text}"),
        Err(ScenarioError::Invalid(diagnostics)) => {
            assert!(!diagnostics.is_empty());
            diagnostics
        }
        Err(other) => panic!("expected Invalid, got {other:?}"),
    }
}

/// Parses `text` expecting exactly one problem.
pub(super) fn only_problem(text: &str) -> Diagnostic {
    let diagnostics = problems(text);
    assert_eq!(diagnostics.len(), 1, "{diagnostics:#?}");
    diagnostics
        .into_iter()
        .next()
        .unwrap_or_else(|| unreachable!())
}

/// Parses `text` expecting success.
pub(super) fn accepted(text: &str) -> Scenario {
    match parse(text, Path::new(FILE)) {
        Ok(scenario) => scenario,
        Err(error) => panic!("expected a valid scenario, got:\n{error}\n---\n{text}"),
    }
}

/// 1-based line and character column of the `nth` (0-based) occurrence of `needle`, found by
/// plain line scanning (independent of the code under test).
pub(super) fn position(text: &str, needle: &str, nth: usize) -> (usize, usize) {
    let mut seen = 0;
    for (line_index, line) in text.lines().enumerate() {
        let mut from = 0;
        while let Some(found) = line[from..].find(needle) {
            let byte = from + found;
            if seen == nth {
                return (line_index + 1, line[..byte].chars().count() + 1);
            }
            seen += 1;
            from = byte + needle.len();
        }
    }
    panic!("{needle:?} occurs fewer than {} times", nth + 1)
}

/// Asserts a diagnostic sits at the `nth` occurrence of `needle` and mentions every word.
pub(super) fn assert_at(
    diagnostic: &Diagnostic,
    text: &str,
    needle: &str,
    nth: usize,
    words: &[&str],
) {
    let (line, column) = position(text, needle, nth);
    assert_eq!(
        (diagnostic.line, diagnostic.column),
        (Some(line), Some(column)),
        "wrong place for {needle:?}: {diagnostic}"
    );
    assert_eq!(diagnostic.file, PathBuf::from(FILE));
    for word in words {
        assert!(
            diagnostic.message.contains(word),
            "{word:?} missing from: {}",
            diagnostic.message
        );
    }
}

/// A folder under the system temp dir, removed when dropped.
pub(super) struct TempFolder(pub(super) PathBuf);

impl TempFolder {
    pub(super) fn new(name: &str) -> Self {
        let path =
            std::env::temp_dir().join(format!("pilotbench-scenario-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&path);
        std::fs::create_dir_all(&path).expect("temp folder");
        TempFolder(path)
    }
}

impl Drop for TempFolder {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn repo_file(relative: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(relative)
}

#[test]
fn the_example_scenario_loads_with_five_sites_of_every_workload() {
    let scenario =
        load(&repo_file("scenarios/example.toml")).unwrap_or_else(|error| panic!("{error}"));
    assert_eq!(scenario.pilot.name, "Example Trust POC");
    assert_eq!(scenario.sites.len(), MAX_SITES);
    for workload in [
        Workload::SharePoint,
        Workload::Files,
        Workload::Teams,
        Workload::OneDrive,
    ] {
        assert!(
            scenario.sites.iter().any(|site| site.workload == workload),
            "{workload:?}"
        );
    }
    let Target::Simulated(simulated) = &scenario.target else {
        panic!("a simulated target")
    };
    assert_eq!(simulated.seed, 42);
    assert_eq!(
        simulated.latency,
        Some(LatencyModel {
            median_us: 40_000,
            p99_us: 250_000
        })
    );
    assert_eq!(simulated.bandwidth_bytes_per_s, Some(200 * MIB));
    assert_eq!(scenario.engine, EngineSettings::default());
    let folder = scenario
        .sites
        .iter()
        .find_map(|site| match &site.source {
            SourceSpec::Folder { path } => Some(path.clone()),
            SourceSpec::Synthetic(_) | SourceSpec::GraphDrive(_) => None,
        })
        .expect("a folder source");
    assert!(
        folder.is_absolute() && folder.is_dir(),
        "{}",
        folder.display()
    );
    assert_eq!(folder, repo_file("fixtures/trees/estates"));
    let onedrive = scenario
        .sites
        .iter()
        .find(|site| site.workload == Workload::OneDrive);
    assert!(matches!(
        onedrive.map(|site| &site.destination),
        Some(Destination::OneDrive { user, folder }) if user == "jo.bloggs@example.nhs.uk" && folder == "pilot"
    ));
    let teams = scenario
        .sites
        .iter()
        .find(|site| site.workload == Workload::Teams);
    assert!(matches!(
        teams.map(|site| &site.destination),
        Some(Destination::Channel { team, channel, folder })
            if team == "02bd9fd6-8f93-4758-87c3-1fb73740a315"
                && channel == "19:09fc54a3141a45d0bc769cf506d2e079@thread.tacv2"
                && folder == "pilot"
    ));
    let large = scenario.sites.iter().any(|site| {
        matches!(&site.source, SourceSpec::Synthetic(spec)
            if matches!(spec.size, SizeDistribution::Fixed { value } if value > scenario.engine.simple_upload_max))
    });
    assert!(large, "a site of files above simple_upload_max");
}

#[test]
fn the_ci_smoke_scenario_loads() {
    let scenario =
        load(&repo_file("scenarios/ci-smoke.toml")).unwrap_or_else(|error| panic!("{error}"));
    assert_eq!(scenario.sites.len(), 2);
    let Target::Simulated(simulated) = &scenario.target else {
        panic!("a simulated target")
    };
    assert_eq!(
        simulated.latency,
        Some(LatencyModel {
            median_us: 5_000,
            p99_us: 20_000
        })
    );
    let files: u64 = scenario
        .sites
        .iter()
        .map(|site| match &site.source {
            SourceSpec::Synthetic(spec) => spec.files,
            SourceSpec::Folder { .. } | SourceSpec::GraphDrive(_) => 0,
        })
        .sum();
    assert_eq!(files, 42);
}

#[test]
fn absent_sections_and_keys_take_the_documented_defaults() {
    let scenario = accepted(&with(""));
    assert_eq!(scenario.engine, EngineSettings::default());
    assert_eq!(scenario.engine.concurrency, 8);
    assert_eq!(scenario.engine.simple_upload_max, 4 * MIB);
    assert_eq!(scenario.engine.chunk_size, 10 * MIB);
    assert_eq!(scenario.engine.conflict, ConflictBehavior::Fail);
    assert_eq!(scenario.engine.sites, SiteMode::Sequential);
    assert_eq!(scenario.engine.request_timeout_us, 120_000_000);
    assert_eq!(scenario.thresholds.max_failure_rate, 0.0);
    let Target::Simulated(simulated) = &scenario.target else {
        panic!("a simulated target")
    };
    assert_eq!(simulated.latency, None);
    assert_eq!(simulated.bandwidth_bytes_per_s, None);
    assert_eq!(simulated.corrupt_rate, 0.0);
    assert_eq!(simulated.url, None);
    let site = &scenario.sites[0];
    assert_eq!(site.destination.folder(), "");
    let SourceSpec::Synthetic(spec) = &site.source else {
        panic!("synthetic expected")
    };
    assert_eq!((spec.depth, spec.fan_out, spec.seed), (0, 1, 0));
}

#[test]
fn written_engine_values_are_used() {
    let scenario = accepted(&with(
        "[engine]\nconcurrency = 32\nsimple_upload_max = 1048576\nchunk_size = \"5MiB\"\n\
         conflict = \"rename\"\nsites = \"parallel\"\nrequest_timeout = \"2m 30s\"\n\
         retry_attempts = 7\nretry_base = \"250ms\"\nretry_cap = \"1m\"\npacing = false\n\
         run_folder = false\n\
         [thresholds]\nmax_failure_rate = 0.05\n",
    ));
    assert_eq!(
        scenario.engine,
        EngineSettings {
            concurrency: 32,
            simple_upload_max: MIB,
            chunk_size: 5 * MIB,
            conflict: ConflictBehavior::Rename,
            sites: SiteMode::Parallel,
            request_timeout_us: 150_000_000,
            retry_attempts: 7,
            retry_base_us: 250_000,
            retry_cap_us: 60_000_000,
            pacing: false,
            run_folder: false,
        }
    );
    assert_eq!(scenario.thresholds.max_failure_rate, 0.05);
}

#[test]
fn sha256_is_the_lower_case_hex_of_the_file_bytes() {
    assert_eq!(
        sha256_hex(b"abc"),
        "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
    );
    let folder = TempFolder::new("sha");
    let path = folder.0.join("pilot.toml");
    let text = with("");
    std::fs::write(&path, &text).expect("write scenario");
    let scenario = load(&path).unwrap_or_else(|error| panic!("{error}"));
    assert_eq!(scenario.sha256, sha256_hex(text.as_bytes()));
    assert_eq!(scenario.sha256.len(), 64);
    assert!(
        scenario
            .sha256
            .chars()
            .all(|c| c.is_ascii_hexdigit() && !c.is_ascii_uppercase())
    );
    assert_eq!(scenario.path, path);
    let changed = accepted(&format!("{text}\n# a comment\n"));
    assert_ne!(changed.sha256, scenario.sha256);
}

#[test]
fn relative_folder_sources_resolve_against_the_scenario_folder() {
    let folder = TempFolder::new("relative");
    std::fs::create_dir_all(folder.0.join("scenarios")).expect("mkdir");
    std::fs::create_dir_all(folder.0.join("trees/share")).expect("mkdir");
    let text = format!(
        "{HEAD}\n[[site]]\nname = \"Share\"\nworkload = \"files\"\n\
         destination = {{ site = \"https://example.sharepoint.com/sites/x\", library = \"Documents\" }}\n\
         source = {{ kind = \"folder\", path = \"./../trees/./share\" }}\n"
    );
    let path = folder.0.join("scenarios/pilot.toml");
    std::fs::write(&path, &text).expect("write scenario");
    let scenario = load(&path).unwrap_or_else(|error| panic!("{error}"));
    assert_eq!(
        scenario.sites[0].source,
        SourceSpec::Folder {
            path: folder.0.join("trees/share")
        }
    );
}

#[test]
fn a_missing_folder_source_names_the_resolved_path() {
    let text = format!(
        "{HEAD}\n[[site]]\nname = \"Share\"\nworkload = \"files\"\n\
         destination = {{ site = \"https://example.sharepoint.com/sites/x\", library = \"Documents\" }}\n\
         source = {{ kind = \"folder\", path = \"../no/such/tree\" }}\n"
    );
    let diagnostic = only_problem(&text);
    let expected = std::path::absolute("no/such/tree").expect("absolute");
    assert_at(
        &diagnostic,
        &text,
        "\"../no/such/tree\"",
        0,
        &[
            &format!("folder source {} does not exist", expected.display()),
            "check the path",
        ],
    );
}

#[test]
fn a_folder_source_that_is_a_file_is_refused() {
    let file = repo_file("fixtures/trees/estates/README.txt");
    let text = format!(
        "{HEAD}\n[[site]]\nname = \"Share\"\nworkload = \"files\"\n\
         destination = {{ site = \"https://example.sharepoint.com/sites/x\", library = \"Documents\" }}\n\
         source = {{ kind = \"folder\", path = \"{}\" }}\n",
        file.display()
    );
    let diagnostic = only_problem(&text);
    assert_at(
        &diagnostic,
        &text,
        "\"/",
        0,
        &["is not a folder", "README.txt"],
    );
}

#[test]
fn an_unreadable_file_says_so() {
    let error = load(Path::new("/no/such/scenario.toml")).unwrap_err();
    assert!(matches!(error, ScenarioError::Unreadable { .. }));
    assert!(
        error.to_string().contains("/no/such/scenario.toml"),
        "{error}"
    );
}

#[test]
fn a_file_that_is_not_utf8_is_placed_at_the_bad_byte() {
    let folder = TempFolder::new("utf8");
    let path = folder.0.join("bad.toml");
    std::fs::write(&path, b"[pilot]\nname = \"caf\xe9\"\n").expect("write");
    let Err(ScenarioError::Invalid(diagnostics)) = load(&path) else {
        panic!("expected Invalid")
    };
    assert_eq!(
        (diagnostics[0].line, diagnostics[0].column),
        (Some(2), Some(12))
    );
    assert!(diagnostics[0].message.contains("UTF-8"));
}

#[test]
fn diagnostics_display_as_file_line_column_message() {
    let text = with("[engine]\nconcurency = 8\n");
    let rendered = ScenarioError::Invalid(problems(&text)).to_string();
    assert!(
        rendered.starts_with("scenarios/test.toml:8:1: unknown key \"concurency\" in [engine]; expected one of concurrency, simple_upload_max, chunk_size"),
        "{rendered}"
    );
}

fn fixture_problems(name: &str) -> (String, Vec<Diagnostic>) {
    let path = repo_file(&format!("fixtures/scenarios/{name}"));
    let text = std::fs::read_to_string(&path).expect("fixture");
    match load(&path) {
        Err(ScenarioError::Invalid(diagnostics)) => (text, diagnostics),
        other => panic!("{name}: expected Invalid, got {other:?}"),
    }
}

#[test]
fn each_bad_fixture_has_exactly_its_one_fault() {
    let (text, diagnostics) = fixture_problems("six-sites.toml");
    assert_eq!(diagnostics.len(), 1, "{diagnostics:#?}");
    assert_eq!(diagnostics[0].line, Some(position(&text, "[[site]]", 5).0));
    assert!(
        diagnostics[0]
            .message
            .contains("no more than 5 small test sites")
    );

    let (text, diagnostics) = fixture_problems("unknown-key.toml");
    assert_eq!(diagnostics.len(), 1, "{diagnostics:#?}");
    assert_eq!(
        diagnostics[0].line,
        Some(position(&text, "concurency =", 0).0)
    );
    assert!(
        diagnostics[0]
            .message
            .contains("unknown key \"concurency\"")
    );

    let (text, diagnostics) = fixture_problems("bad-chunk.toml");
    assert_eq!(diagnostics.len(), 1, "{diagnostics:#?}");
    assert_eq!(
        diagnostics[0].line,
        Some(position(&text, "chunk_size =", 0).0)
    );
    assert!(diagnostics[0].message.contains("327,680"));

    let (text, diagnostics) = fixture_problems("duplicate-names.toml");
    assert_eq!(diagnostics.len(), 1, "{diagnostics:#?}");
    assert_eq!(
        diagnostics[0].line,
        Some(position(&text, "name = \"Finance\"", 1).0)
    );
    assert!(diagnostics[0].message.contains("already used"));
}
