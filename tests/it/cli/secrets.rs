//! The real-tenant path end to end, through the real binary against `pilotbench simulate` on
//! loopback (its token endpoint stands in for Entra ID): a run with a recognisable fake secret
//! completes while its tokens expire mid-run, and the secret appears in no output file and no
//! line of stdout or stderr, even at debug log level; a refused credential stops the run before
//! any Graph request (exit 3, AADSTS code, no secret); missing variables are named (exit 3);
//! the shipped graph template validates without credentials and fails clearly without them.

use std::path::{Path, PathBuf};

use crate::support::{
    Scenario, Simulate, Site, Size, Source, TempDir, assert_accounting, describe, files_below,
    graph_fixture_path, pilotbench_env, root, sim_request_log,
};

/// Recognisable, so a leak anywhere is found by a plain substring search.
const FAKE_SECRET: &str = "PILOTBENCH-FAKE-SECRET~7x9Q.do-not-print";
const TENANT: &str = "contoso.onmicrosoft.com";
const CLIENT_ID: &str = "535fb089-9ff3-47b6-9bfb-4f1264799865";

/// The one site: `files` files of 2 KiB.
fn finance(files: u32) -> Site {
    Site::sharepoint("Finance", "https://contoso.sharepoint.com/sites/finance")
        .folder("pilot")
        .source(
            Source::synthetic(files)
                .tree(1, 2)
                .seed(2)
                .size(Size::fixed("2KiB")),
        )
}

/// The simulated tenant's own scenario: the same site, tokens living `lifetime`.
fn tenant_scenario(dir: &Path, lifetime: &str, reject: bool) -> PathBuf {
    Scenario::simulated(3)
        .named("Tenant")
        .latency_ms(25, 40)
        .tenant("token_lifetime", lifetime)
        .tenant("reject_credentials", reject)
        .site(finance(1))
        .write(dir, "tenant.toml")
}

/// The pilot's scenario: kind = "graph", pointed at the simulated tenant.
fn graph_scenario(dir: &Path, url: &str, files: u32) -> PathBuf {
    Scenario::graph(url)
        .named("Graph pilot")
        .engine("concurrency", 2)
        .site(finance(files))
        .write(dir, "pilot.toml")
}

fn credentials(secret: &str) -> Vec<(&'static str, String)> {
    vec![
        ("AZURE_TENANT_ID", TENANT.to_owned()),
        ("AZURE_CLIENT_ID", CLIENT_ID.to_owned()),
        ("AZURE_CLIENT_SECRET", secret.to_owned()),
    ]
}

fn run(scenario: &Path, out: &Path, env: &[(&str, String)]) -> std::process::Output {
    let env: Vec<(&str, &str)> = env.iter().map(|(k, v)| (*k, v.as_str())).collect();
    pilotbench_env(
        &[
            "run",
            scenario.to_str().expect("utf-8"),
            "--out",
            out.to_str().expect("utf-8"),
            "--quiet",
        ],
        &env,
    )
}

fn token_fetches(log: &[(String, String, u16)]) -> Vec<u16> {
    log.iter()
        .filter(|(method, path, _)| method == "POST" && path.ends_with("/oauth2/v2.0/token"))
        .map(|(_, _, status)| *status)
        .collect()
}

fn assert_no_secret_in_output(output: &std::process::Output) {
    for (stream, bytes) in [("stdout", &output.stdout), ("stderr", &output.stderr)] {
        let text = String::from_utf8_lossy(bytes);
        assert!(
            !text.contains(FAKE_SECRET),
            "the secret is in {stream}:\n{text}"
        );
    }
}

#[test]
fn a_graph_run_completes_across_token_expiry_and_never_shows_the_secret() {
    let dir = TempDir::new("secrets-run");
    let tenant = Simulate::start(&tenant_scenario(dir.path(), "1s", false));
    let scenario = graph_scenario(dir.path(), &tenant.url, 120);
    let out = dir.path().join("out");
    let mut env = credentials(FAKE_SECRET);
    env.push(("PILOTBENCH_LOG", "debug".to_owned()));

    let output = run(&scenario, &out, &env);

    assert_eq!(output.status.code(), Some(0), "{}", describe(&output));
    assert_no_secret_in_output(&output);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("token"), "debug logging was on: {stderr}");
    let (_, items) = assert_accounting(&out);
    assert_eq!(items.rows.len(), 120);
    assert!(items.rows.iter().all(|item| item["outcome"] == "verified"));
    let files = files_below(&out);
    assert!(files.len() >= 3, "the reports were written: {files:?}");
    for (path, bytes) in &files {
        assert!(
            !String::from_utf8_lossy(bytes).contains(FAKE_SECRET),
            "the secret is in {}",
            path.display()
        );
    }
    let summary = std::fs::read_to_string(out.join("summary.json")).expect("summary");
    assert!(summary.contains("\"graph\""), "kind graph in the summary");

    let log = sim_request_log(&tenant.url);
    let fetches = token_fetches(&log);
    assert!(
        fetches.len() >= 2 && fetches.iter().all(|s| *s == 200),
        "tokens living one second were renewed during the run: {fetches:?}"
    );
    assert!(
        log.iter()
            .any(|(m, p, s)| m == "PUT" && p.starts_with("/v1.0/") && *s == 201),
        "files were uploaded through Graph"
    );
}

#[test]
fn a_certificate_credential_runs_end_to_end() {
    let dir = TempDir::new("secrets-cert");
    let tenant = Simulate::start(&tenant_scenario(dir.path(), "1h", false));
    let scenario = graph_scenario(dir.path(), &tenant.url, 5);
    let out = dir.path().join("out");
    let certificate = graph_fixture_path("test-only-app-certificate.pem");
    let env = vec![
        ("AZURE_TENANT_ID", TENANT.to_owned()),
        ("AZURE_CLIENT_ID", CLIENT_ID.to_owned()),
        (
            "AZURE_CLIENT_CERTIFICATE_PATH",
            certificate.display().to_string(),
        ),
    ];

    let output = run(&scenario, &out, &env);

    assert_eq!(output.status.code(), Some(0), "{}", describe(&output));
    let (_, items) = assert_accounting(&out);
    assert!(items.rows.iter().all(|item| item["outcome"] == "verified"));
    assert_eq!(token_fetches(&sim_request_log(&tenant.url)), vec![200]);
}

#[test]
fn a_refused_credential_stops_the_run_before_any_graph_request() {
    let dir = TempDir::new("secrets-refused");
    let tenant = Simulate::start(&tenant_scenario(dir.path(), "1h", true));
    let scenario = graph_scenario(dir.path(), &tenant.url, 5);
    let out = dir.path().join("out");

    let output = run(&scenario, &out, &credentials(FAKE_SECRET));

    assert_eq!(output.status.code(), Some(3), "{}", describe(&output));
    assert_no_secret_in_output(&output);
    let stderr = String::from_utf8_lossy(&output.stderr);
    for words in [
        "AADSTS7000215",
        "invalid_client",
        "AZURE_CLIENT_SECRET",
        "No copy was started",
    ] {
        assert!(stderr.contains(words), "{words:?} missing from: {stderr}");
    }
    assert!(!out.join("items.csv").exists(), "no run happened");
    let log = sim_request_log(&tenant.url);
    assert_eq!(token_fetches(&log), vec![401]);
    let graph: Vec<_> = log
        .iter()
        .filter(|(_, p, _)| p.starts_with("/v1.0"))
        .collect();
    assert!(
        graph.is_empty(),
        "no Graph request after a refusal: {graph:?}"
    );
}

#[test]
fn missing_variables_are_named_and_nothing_is_sent() {
    let dir = TempDir::new("secrets-missing");
    // Port 9 (discard) on loopback: nothing listens, and nothing must be tried anyway.
    let scenario = graph_scenario(dir.path(), "http://127.0.0.1:9", 5);
    let out = dir.path().join("out");

    let output = run(&scenario, &out, &[]);

    assert_eq!(output.status.code(), Some(3), "{}", describe(&output));
    let stderr = String::from_utf8_lossy(&output.stderr);
    for name in [
        "AZURE_TENANT_ID",
        "AZURE_CLIENT_ID",
        "AZURE_CLIENT_SECRET or AZURE_CLIENT_CERTIFICATE_PATH",
    ] {
        assert!(stderr.contains(name), "{name} missing from: {stderr}");
    }

    let only_secret_missing = run(
        &scenario,
        &out,
        &[
            ("AZURE_TENANT_ID", TENANT.to_owned()),
            ("AZURE_CLIENT_ID", CLIENT_ID.to_owned()),
        ],
    );
    assert_eq!(only_secret_missing.status.code(), Some(3));
    let stderr = String::from_utf8_lossy(&only_secret_missing.stderr);
    assert!(
        stderr.contains("AZURE_CLIENT_SECRET or AZURE_CLIENT_CERTIFICATE_PATH"),
        "{stderr}"
    );
    assert!(
        !stderr.contains("AZURE_TENANT_ID"),
        "only what is missing: {stderr}"
    );
}

#[test]
fn the_graph_template_validates_and_fails_clearly_without_credentials() {
    let template = root().join("scenarios/graph-template.toml");
    let template = template.to_str().expect("utf-8");

    let validated = pilotbench_env(&["validate", template], &[]);
    assert_eq!(validated.status.code(), Some(0), "{}", describe(&validated));

    let dir = TempDir::new("secrets-template");
    let out = dir.path().join("out");
    let output = pilotbench_env(
        &[
            "run",
            template,
            "--out",
            out.to_str().expect("utf-8"),
            "--quiet",
        ],
        &[],
    );
    assert_eq!(output.status.code(), Some(3), "{}", describe(&output));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("AZURE_TENANT_ID"), "{stderr}");
    assert!(
        stderr.contains("README.md"),
        "says where the setup is: {stderr}"
    );
    assert!(!out.join("items.csv").exists());
}
