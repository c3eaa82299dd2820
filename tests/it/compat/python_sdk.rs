//! Microsoft's Python SDK, MSAL and azure-identity against `pilotbench simulate --tls`
//! (`tests/compat/msgraph_steps.py`, one JSON line per step). Every step must pass; the ones
//! that leave a trace the tenant can see are checked again in its request log.

use std::path::Path;
use std::process::Command;

use serde_json::Value;

use super::python_env::{python, scripts};
use crate::support::{Simulate, TempDir, sim_request_log};

/// The steps of `msgraph_steps.py`, in the order they run (later steps use what earlier ones
/// found). A step added there is added here, so none can go missing unnoticed.
const STEPS: [&str; 13] = [
    "login_msal",
    "login_azure_identity_sync",
    "login_azure_identity_async",
    "site_and_drive",
    "plain_http_graph",
    "children_paging",
    "delta_feed",
    "upload_task_documented_ranges",
    "upload_5_mib",
    "upload_25_mib",
    "download",
    "copy_with_monitor",
    "batch_request_content",
];

/// What one step printed.
struct StepResult {
    name: String,
    ok: bool,
    facts: Value,
    line: String,
}

fn run_steps(tenant: &Simulate, names: &[&str]) -> (Vec<StepResult>, String) {
    let https = tenant
        .https_url
        .as_deref()
        .expect("simulate --tls prints its https address");
    let ca = tenant.ca_certificate.as_deref().expect("and its CA");
    let output = Command::new(python())
        .arg(scripts().join("msgraph_steps.py"))
        .args(names)
        .current_dir(scripts())
        .env("PILOTBENCH_SIM_HTTP", &tenant.url)
        .env("PILOTBENCH_SIM_HTTPS", https)
        .env("PILOTBENCH_SIM_CA", ca)
        .env("SSL_CERT_FILE", ca)
        .env("REQUESTS_CA_BUNDLE", ca)
        .env("PYTHONDONTWRITEBYTECODE", "1")
        .output()
        .expect("the compatibility script starts");
    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    let transcript = format!(
        "exit {:?}\n--- stdout\n{stdout}\n--- stderr\n{}",
        output.status.code(),
        String::from_utf8_lossy(&output.stderr)
    );
    let results = stdout
        .lines()
        .filter_map(|line| {
            let value: Value = serde_json::from_str(line).ok()?;
            Some(StepResult {
                name: value["step"].as_str()?.to_owned(),
                ok: value["ok"].as_bool()?,
                facts: value["facts"].clone(),
                line: line.to_owned(),
            })
        })
        .collect();
    (results, transcript)
}

#[test]
fn microsofts_python_sdk_msal_and_azure_identity_work_against_the_simulated_tenant() {
    let tls = TempDir::new("compat-tls");
    let scenario = scripts().join("compat.toml");
    let tenant = Simulate::start_with(
        &scenario,
        &["--tls", "--tls-dir", tls.path().to_str().expect("utf-8")],
    );
    assert!(
        Path::new(tenant.ca_certificate.as_deref().expect("CA")).exists(),
        "the CA is written where the banner says:\n{}",
        tenant.banner
    );

    let (results, transcript) = run_steps(&tenant, &STEPS);
    let ran: Vec<&str> = results.iter().map(|r| r.name.as_str()).collect();
    assert_eq!(ran, STEPS, "every step ran, in order\n{transcript}");
    let failed: Vec<&str> = results
        .iter()
        .filter(|r| !r.ok)
        .map(|r| r.line.as_str())
        .collect();
    assert!(
        failed.is_empty(),
        "steps failed:\n{}\n\n{transcript}",
        failed.join("\n")
    );
    let facts = |name: &str| &results.iter().find(|r| r.name == name).expect(name).facts;

    // What the tenant itself saw.
    let log = sim_request_log(&tenant.url);
    let token_posts = log
        .iter()
        .filter(|(method, path, status)| {
            method == "POST" && path.ends_with("/oauth2/v2.0/token") && *status == 200
        })
        .count();
    assert!(
        token_posts >= 4,
        "four sign-ins at least, saw {token_posts}"
    );
    let discovery = log
        .iter()
        .filter(|(_, path, status)| {
            path.ends_with("/v2.0/.well-known/openid-configuration") && *status == 200
        })
        .count();
    assert!(discovery >= 1, "MSAL read the discovery document");

    // msgraph-core's LargeFileUploadTask stopped after its first fragment (its own bug with the
    // documented "N-" ranges): exactly one fragment reached the session, accepted with 202.
    let session = facts("upload_task_documented_ranges")["upload_url_path"]
        .as_str()
        .expect("the session's path");
    let fragments: Vec<u16> = log
        .iter()
        .filter(|(method, path, _)| method == "PUT" && path == session)
        .map(|(_, _, status)| *status)
        .collect();
    assert_eq!(fragments, [202], "one fragment, accepted");

    // Uploads through the SDK's pipeline: the fragments the script counted, the last one 201.
    for (name, size, fragments) in [
        ("upload_5_mib", 5u64 << 20, 3),
        ("upload_25_mib", 25 << 20, 5),
    ] {
        let facts = facts(name);
        assert_eq!(facts["size"], size, "{name}");
        assert_eq!(facts["fragments"], fragments, "{name}");
    }

    // The uploaded file came back whole, through the SDK's redirect and its downloadUrl.
    let download = facts("download");
    assert_eq!(download["uploaded_size"], 5u64 << 20);
    let download_path = download["download_url_path"]
        .as_str()
        .expect("the downloadUrl's path");
    assert!(
        log.iter()
            .filter(|(method, path, status)| method == "GET"
                && path == download_path
                && *status == 200)
            .count()
            >= 2,
        "the SDK's redirect and the plain client both fetched {download_path}"
    );

    // The copy was one job the script polled to `completed`.
    let statuses = facts("copy_with_monitor")["statuses"].clone();
    assert!(
        statuses
            .as_array()
            .is_some_and(|s| s.iter().any(|v| v == "completed")),
        "{statuses}"
    );
    let copies = log
        .iter()
        .filter(|(method, path, status)| {
            method == "POST" && path.ends_with("/copy") && *status == 202
        })
        .count();
    assert_eq!(copies, 1, "one copy request reached the tenant");

    // The SDK's batch: one answered 200 whose folder member reached the tenant as itself, and
    // one refused whole (its order written `depends_on`).
    let batches: Vec<u16> = log
        .iter()
        .filter(|(method, path, _)| method == "POST" && path == "/v1.0/$batch")
        .map(|(_, _, status)| *status)
        .collect();
    assert_eq!(batches, [200, 400], "the SDK's two batches");
    assert!(
        log.iter().any(|(method, path, status)| method == "POST"
            && path.ends_with("/children")
            && *status == 201),
        "the batch's folder member is logged as the request it is"
    );
    assert!(facts("batch_request_content")["folder_id"].is_string());
}
