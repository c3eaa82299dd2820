//! A graph-drive source read with credentials of its own, end to end through the real binary
//! against `pilotbench simulate` on loopback (its token endpoint stands in for Entra ID, and
//! logs the tenant of each token fetch): the destination's app and the source's app each fetch
//! their own token from their own tenant, every file is downloaded through the source's client
//! and verified, and neither secret appears in any output; missing source variables stop the
//! run before any Graph request, naming the variable.

use crate::support::{
    Simulate, TempDir, assert_accounting, describe, files_below, pilotbench_env, sim_request_log,
    write_scenario,
};

const TARGET_SECRET: &str = "PILOTBENCH-TARGET-SECRET~4kq.do-not-print";
const SOURCE_SECRET: &str = "PILOTBENCH-SOURCE-SECRET~9zw.do-not-print";
const TARGET_TENANT: &str = "contoso.onmicrosoft.com";
const SOURCE_TENANT: &str = "fabrikam.onmicrosoft.com";

const DESTINATION: &str = "destination = { site = \"https://contoso.sharepoint.com/sites/finance\", library = \"Documents\", folder = \"moved\" }";
const DRIVE: &str =
    "kind = \"graph-drive\", user = \"old.owner@fabrikam.example\", folder = \"docs\"";

/// The simulated tenant's scenario: it holds the source drive, seeded with 120 files; its
/// tokens live one second, so a client that keeps working keeps fetching tokens.
fn tenant_scenario(dir: &std::path::Path) -> std::path::PathBuf {
    let text = format!(
        "[pilot]\nname = \"Tenant\"\norganisation = \"Test NHS Trust\"\n[target]\nkind = \"simulated\"\n\
         [target.simulated]\nseed = 5\ntoken_lifetime = \"1s\"\n\
         latency = {{ median_ms = 25, p99_ms = 40 }}\n\
         [[site]]\nname = \"Moved\"\nworkload = \"sharepoint\"\n{DESTINATION}\n\
         source = {{ {DRIVE}, seed = {{ kind = \"synthetic\", files = 120, depth = 1, fan_out = 2, seed = 8, size = {{ distribution = \"uniform\", min = \"0\", max = \"48KiB\" }} }} }}\n"
    );
    write_scenario(dir, "tenant.toml", &text)
}

/// The pilot: kind = "graph" on the simulated tenant; the source has its own credentials in
/// differently named variables (roots not written: the target's).
fn pilot_scenario(dir: &std::path::Path, url: &str) -> std::path::PathBuf {
    let text = format!(
        "[pilot]\nname = \"Cross-tenant pilot\"\norganisation = \"Test NHS Trust\"\n[target]\nkind = \"graph\"\n\
         [target.graph]\ngraph_url = \"{url}/v1.0\"\nlogin_url = \"{url}\"\n\
         [engine]\nconcurrency = 3\n\
         [[site]]\nname = \"Moved\"\nworkload = \"sharepoint\"\n{DESTINATION}\n\
         source = {{ {DRIVE}, credentials = {{ tenant_id_env = \"FAB_TENANT\", client_id_env = \"FAB_CLIENT\", client_secret_env = \"FAB_SECRET\" }} }}\n\
         copy_mode = \"stream\"\n"
    );
    write_scenario(dir, "pilot.toml", &text)
}

fn target_env() -> Vec<(&'static str, &'static str)> {
    vec![
        ("AZURE_TENANT_ID", TARGET_TENANT),
        ("AZURE_CLIENT_ID", "11111111-1111-4111-8111-111111111111"),
        ("AZURE_CLIENT_SECRET", TARGET_SECRET),
    ]
}

fn run(
    scenario: &std::path::Path,
    out: &std::path::Path,
    env: &[(&str, &str)],
) -> std::process::Output {
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
