//! A graph-drive source read with credentials of its own, end to end through the real binary
//! against `pilotbench simulate` on loopback (its token endpoint stands in for Entra ID, and
//! logs the tenant of each token fetch): the destination's app and the source's app each fetch
//! their own token from their own tenant, every file is downloaded through the source's client
//! and verified, and neither secret appears in any output; missing source variables stop the
//! run before any Graph request, naming the variable.

use std::path::{Path, PathBuf};

use crate::support::{
    Scenario, Simulate, Site, Size, Source, TempDir, assert_accounting, describe, files_below,
    pilotbench_env, sim_request_log,
};

const TARGET_SECRET: &str = "PILOTBENCH-TARGET-SECRET~4kq.do-not-print";
const SOURCE_SECRET: &str = "PILOTBENCH-SOURCE-SECRET~9zw.do-not-print";
const TARGET_TENANT: &str = "contoso.onmicrosoft.com";
const SOURCE_TENANT: &str = "fabrikam.onmicrosoft.com";

/// The one site: the source drive, copied into the finance site's `moved` folder.
fn moved(source: Source) -> Site {
    Site::sharepoint("Moved", "https://contoso.sharepoint.com/sites/finance")
        .folder("moved")
        .source(source)
}

/// The source drive, in the other tenant.
fn drive() -> Source {
    Source::onedrive_folder("old.owner@fabrikam.example", "docs")
}

/// The simulated tenant's scenario: it holds the source drive, seeded with 120 files; its
/// tokens live one second, so a client that keeps working keeps fetching tokens.
fn tenant_scenario(dir: &Path) -> PathBuf {
    let files = Source::synthetic(120)
        .tree(1, 2)
        .seed(8)
        .size(Size::uniform("0", "48KiB"));
    Scenario::simulated(5)
        .named("Tenant")
        .tenant("token_lifetime", "1s")
        .latency_ms(25, 40)
        .site(moved(drive().seeded_with(files)))
        .write(dir, "tenant.toml")
}

/// The pilot: kind = "graph" on the simulated tenant; the source has its own credentials in
/// differently named variables (roots not written: the target's).
fn pilot_scenario(dir: &Path, url: &str) -> PathBuf {
    let source = drive().credentials_from("FAB_TENANT", "FAB_CLIENT", "FAB_SECRET");
    Scenario::graph(url)
        .named("Cross-tenant pilot")
        .engine("concurrency", 3)
        .site(moved(source).copy_mode("stream"))
        .write(dir, "pilot.toml")
}

fn target_env() -> Vec<(&'static str, &'static str)> {
    vec![
        ("AZURE_TENANT_ID", TARGET_TENANT),
        ("AZURE_CLIENT_ID", "11111111-1111-4111-8111-111111111111"),
        ("AZURE_CLIENT_SECRET", TARGET_SECRET),
    ]
}

fn run(scenario: &Path, out: &Path, env: &[(&str, &str)]) -> std::process::Output {
    pilotbench_env(
        &[
            "run",
            scenario.to_str().expect("utf-8"),
            "--out",
            out.to_str().expect("utf-8"),
            "--quiet",
        ],
        env,
    )
}

/// (path, status) of every token fetch, in order.
fn token_fetches(log: &[(String, String, u16)]) -> Vec<(String, u16)> {
    log.iter()
        .filter(|(method, path, _)| method == "POST" && path.ends_with("/oauth2/v2.0/token"))
        .map(|(_, path, status)| (path.clone(), *status))
        .collect()
}

fn assert_no_secret(output: &std::process::Output) {
    for (stream, bytes) in [("stdout", &output.stdout), ("stderr", &output.stderr)] {
        let text = String::from_utf8_lossy(bytes);
        for secret in [TARGET_SECRET, SOURCE_SECRET] {
            assert!(!text.contains(secret), "a secret is in {stream}:\n{text}");
        }
    }
}

#[test]
fn a_source_with_its_own_credentials_is_read_through_its_own_token() {
    let dir = TempDir::new("source-tenant-run");
    let tenant = Simulate::start(&tenant_scenario(dir.path()));
    let scenario = pilot_scenario(dir.path(), &tenant.url);
    let out = dir.path().join("out");
    let mut env = target_env();
    env.extend([
        ("FAB_TENANT", SOURCE_TENANT),
        ("FAB_CLIENT", "22222222-2222-4222-8222-222222222222"),
        ("FAB_SECRET", SOURCE_SECRET),
        ("PILOTBENCH_LOG", "debug"),
    ]);

    let output = run(&scenario, &out, &env);

    assert_eq!(output.status.code(), Some(0), "{}", describe(&output));
    assert_no_secret(&output);
    let (_, items) = assert_accounting(&out);
    assert_eq!(items.rows.len(), 120);
    assert!(
        items.rows.iter().all(|item| item["outcome"] == "verified"),
        "every file verified"
    );
    for (path, bytes) in files_below(&out) {
        let text = String::from_utf8_lossy(&bytes);
        for secret in [TARGET_SECRET, SOURCE_SECRET] {
            assert!(!text.contains(secret), "a secret is in {}", path.display());
        }
    }
    let log = sim_request_log(&tenant.url);
    let fetches = token_fetches(&log);
    let target_path = format!("/{TARGET_TENANT}/oauth2/v2.0/token");
    let source_path = format!("/{SOURCE_TENANT}/oauth2/v2.0/token");
    assert!(
        fetches.contains(&(target_path.clone(), 200))
            && fetches.contains(&(source_path.clone(), 200)),
        "the target's app and the source's app each fetched a token from their own tenant: {fetches:?}"
    );
    // Listing comes straight after the proof fetch; only the downloads, seconds later, make
    // the source's app renew its token.
    let source_fetches = fetches.iter().filter(|(p, _)| *p == source_path).count();
    assert!(
        source_fetches >= 2,
        "the source's client renewed its token while downloading: {fetches:?}"
    );
    assert!(
        log.iter()
            .any(|(m, p, s)| m == "GET" && p.contains("/content") && *s == 302),
        "files were downloaded through Graph"
    );
}

#[test]
fn missing_source_variables_are_named_before_any_graph_request() {
    let dir = TempDir::new("source-tenant-missing");
    let tenant = Simulate::start(&tenant_scenario(dir.path()));
    let scenario = pilot_scenario(dir.path(), &tenant.url);
    let out = dir.path().join("out");
    let mut env = target_env();
    env.push(("FAB_TENANT", SOURCE_TENANT));

    let output = run(&scenario, &out, &env);

    assert_eq!(output.status.code(), Some(3), "{}", describe(&output));
    assert_no_secret(&output);
    let stderr = String::from_utf8_lossy(&output.stderr);
    for words in [
        "FAB_CLIENT",
        "FAB_SECRET",
        "site \"Moved\"",
        "no copy was started",
    ] {
        assert!(stderr.contains(words), "{words:?} missing from: {stderr}");
    }
    assert!(
        !stderr.contains("FAB_TENANT ("),
        "FAB_TENANT was set: {stderr}"
    );
    assert!(!out.join("items.csv").exists(), "no run happened");
    let log = sim_request_log(&tenant.url);
    let graph: Vec<_> = log
        .iter()
        .filter(|(_, p, _)| p.starts_with("/v1.0"))
        .collect();
    assert!(graph.is_empty(), "no Graph request: {graph:?}");
}
