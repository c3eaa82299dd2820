//! The fault matrix, through the real binary against `pilotbench simulate`: every fault of
//! `[target.simulated.faults]` enabled at a rate that hits many items. The run completes, every
//! planned item is accounted for once, every verified item's quickXorHash in the tenant is the
//! source's, the destination holds no duplicates (conflict behaviour `rename`, so a blind resend
//! after a lost answer would leave "name 1.ext"), each fault was injected (the tenant's request
//! log says so), every unanswered upload was looked for and never sent again, and the failure
//! classes are ones the injected faults explain. A second, gentler run ends all verified.
//! A third site is copied by the tenant itself (`copy_mode = "server"`): a copy request whose
//! answer is lost or late has started a job, so a blind second request would leave a duplicate;
//! its copies are in the same tenant check.

use std::collections::{HashMap, HashSet};
use std::time::Duration;

use serde_json::Value;

use crate::support::{
    Scenario, Simulate, Site, Size, Source, Table, TempDir, assert_accounting, describe,
    request_log, run_quiet,
};

/// Files of the server-copied site.
const COPIED: u32 = 30;

/// Settings added to a scenario: a group of faults, or how copy jobs behave.
type Settings = fn(Scenario) -> Scenario;

/// The destination site of every site here.
const FINANCE: &str = "https://contoso.sharepoint.com/sites/finance";

/// The scenario: ~300 small files (simple PUTs), ~16 files of 3-5 fragments of 320 KiB, and
/// [`COPIED`] files copied by server-side jobs, on a tenant with `faults` and `copies`.
fn scenario(
    seed: u64,
    (faults, copies): (Settings, Settings),
    retry_attempts: u32,
    (small, large): (u32, u32),
) -> Scenario {
    Scenario::simulated(seed)
        .named("Fault matrix")
        .with(copies)
        .with(faults)
        .engine("concurrency", 12)
        .engine("simple_upload_max", "64KiB")
        .engine("chunk_size", "320KiB")
        .engine("request_timeout", "1s")
        .engine("conflict", "rename")
        .engine("retry_attempts", retry_attempts)
        .engine("retry_base", "100ms")
        .threshold("max_failure_rate", 1.0)
        .site(
            Site::sharepoint("Small", FINANCE)
                .folder("faults/small")
                .source(
                    Source::synthetic(small)
                        .tree(2, 3)
                        .seed(4)
                        .size(Size::uniform("1KiB", "48KiB")),
                ),
        )
        .site(
            Site::sharepoint("Large", FINANCE)
                .folder("faults/large")
                .source(
                    Source::synthetic(large)
                        .tree(1, 2)
                        .seed(5)
                        .size(Size::uniform("700KiB", "1500KiB")),
                ),
        )
        .site(
            Site::sharepoint("Copied", FINANCE)
                .copy_mode("server")
                .folder("faults/copied")
                .source(
                    Source::library_folder(
                        "https://contoso.sharepoint.com/sites/old",
                        "Documents",
                        "archive",
                    )
                    .seeded_with(
                        Source::synthetic(COPIED)
                            .tree(1, 2)
                            .seed(6)
                            .size(Size::uniform("1KiB", "32KiB")),
                    ),
                ),
        )
}

/// Every fault the tenant injects, each at a rate that hits many items.
fn every_fault(scenario: Scenario) -> Scenario {
    scenario
        .fault("server_error_rate", 0.12)
        .fault("slow_rate", 0.02)
        .fault("slow_response", "3s")
        .fault("session_expiry_rate", 0.25)
        .fault("range_error_rate", 0.15)
        .fault("lost_response_rate", 0.06)
        .fault("unauthorized_rate", 0.04)
}

/// The harsh run's copy jobs: one in five fails in its monitor; each takes 300 ms.
fn harsh_copies(scenario: Scenario) -> Scenario {
    scenario
        .tenant("copy_failure_rate", 0.2)
        .tenant("copy_job_duration", "300ms")
}

/// The gentle run's copy jobs: none fails by itself; each takes 300 ms.
fn gentle_copies(scenario: Scenario) -> Scenario {
    scenario.tenant("copy_job_duration", "300ms")
}

/// Attempts per request for the gentle run: with ten, a fragment would need ten 416s or
/// server errors in a row to fail.
const GENTLE_ATTEMPTS: u32 = 10;

/// Rates low enough that [`GENTLE_ATTEMPTS`] attempts a request (and 3 new sessions) absorb
/// every fault. Draws are seeded, but which request meets which draw depends on the run's
/// interleaving, so a stream with hits close together could still give one fragment four 416s
/// in a row (a 416 is answered at once and counts against the fragment's attempts).
/// `GENTLE_SEED` gives range-error and session-expiry streams whose hits lie at least five draws
/// apart, with the first within 30 draws, so each fault still happens.
const GENTLE_SEED: u64 = 18;

/// The gentle run's faults (see [`GENTLE_SEED`]).
fn gentle_faults(scenario: Scenario) -> Scenario {
    scenario
        .fault("server_error_rate", 0.02)
        .fault("slow_rate", 0.01)
        .fault("slow_response", "3s")
        .fault("session_expiry_rate", 0.04)
        .fault("range_error_rate", 0.05)
        .fault("lost_response_rate", 0.04)
        .fault("unauthorized_rate", 0.02)
}

/// One entry of the tenant's request log.
#[derive(Debug, Clone, serde::Deserialize)]
struct Logged {
    method: String,
    path: String,
    status: u16,
    #[serde(default)]
    fault: Option<String>,
}

/// What a run against a faulty tenant left behind.
struct Aftermath {
    items: Table,
    log: Vec<Logged>,
    /// Every file below `faults/` in the tenant: path from the library root → quickXorHash.
    files: HashMap<String, String>,
    exit: Option<i32>,
}

fn run_against_faulty_tenant(
    seed: u64,
    faults: (Settings, Settings),
    retry_attempts: u32,
    sizes: (u32, u32),
) -> Aftermath {
    let dir = TempDir::new("faults");
    let scenario = scenario(seed, faults, retry_attempts, sizes);
    let serve = scenario.write(dir.path(), "serve.toml");
    let server = Simulate::start(&serve);
    let run = scenario.url(&server.url).write(dir.path(), "run.toml");
    let out = dir.path().join("out");
    let output = run_quiet(&run, &out);
    assert!(
        matches!(output.status.code(), Some(0 | 1)),
        "the run completes: {}",
        describe(&output)
    );
    let (_, items) = assert_accounting(&out);
    let tenant = Tenant::new(&server.url);
    // The log first: the inspection's own requests are logged (and faulted) too.
    let log = tenant.request_log();
    let files = tenant.files_below("faults");
    Aftermath {
        items,
        log,
        files,
        exit: output.status.code(),
    }
}

#[test]
fn every_fault_injected_every_item_accounted_no_duplicate_and_failures_explained() {
    let after = run_against_faulty_tenant(11, (every_fault, harsh_copies), 4, (300, 16));
    let items = &after.items;
    assert_eq!(items.rows.len(), 316 + COPIED as usize);

    // Each item once.
    let sources: HashSet<(&str, &str)> = items
        .rows
        .iter()
        .map(|i| (i["site"].as_str(), i["source_path"].as_str()))
        .collect();
    assert_eq!(sources.len(), items.rows.len(), "one row per planned item");

    // Every fault was injected, each server error status among them.
    let injected = |label: &str| {
        after
            .log
            .iter()
            .filter(|e| e.fault.as_deref() == Some(label))
            .collect::<Vec<_>>()
    };
    for label in [
        "server-error",
        "unauthorized",
        "session-expired",
        "range-error",
        "lost-response",
        "slow-response",
    ] {
        assert!(!injected(label).is_empty(), "no {label} was injected");
    }
    let server_statuses: HashSet<u16> = injected("server-error").iter().map(|e| e.status).collect();
    assert_eq!(server_statuses, HashSet::from([500, 502, 503, 504]));
    assert!(
        injected("session-expired")
            .iter()
            .all(|e| e.method == "PUT" && e.status == 404 && e.path.starts_with("/upload/"))
    );
    assert!(injected("range-error").iter().all(|e| e.status == 416));
    assert!(injected("unauthorized").iter().all(|e| e.status == 401));

    assert_unclear_uploads_were_looked_for_not_resent(&after.log);
    assert_tenant_matches_items(&after);
    assert_unclear_copies_were_looked_for(&after.log);

    // Failure classes the faults explain: retries exhausted on 5xx, timeouts, lost answers,
    // a refused token twice, sessions that kept expiring, 416s that kept coming.
    // Copy jobs failed in their monitor: drawn by `copy_failure_rate` (generalException),
    // never because a second job met the first one's copy (nameAlreadyExists).
    let explained = [
        "server-error",
        "timeout",
        "connection",
        "client-error",
        "copy-job-failed",
    ];
    for item in items.rows.iter().filter(|i| i["outcome"] != "verified") {
        assert_eq!(item["outcome"], "failed", "{item:?}");
        let class = item["failure_class"].as_str();
        assert!(explained.contains(&class), "unexplained failure: {item:?}");
        if class == "copy-job-failed" {
            assert_eq!(item["site"], "Copied", "{item:?}");
            assert!(
                item["last_error"].contains("generalException"),
                "a copy job failure that was not injected: {item:?}"
            );
        }
        if class == "client-error" {
            let error = &item["last_error"];
            assert!(
                [
                    "InvalidAuthenticationToken",
                    "uploadSessionNotFound",
                    "invalidRange"
                ]
                .iter()
                .any(|code| error.contains(code)),
                "a client error the faults do not explain: {item:?}"
            );
        }
    }
    assert!(
        items
            .rows
            .iter()
            .any(|i| i["failure_class"] == "copy-job-failed"),
        "no copy job failure was injected"
    );
    let verified = items
        .rows
        .iter()
        .filter(|i| i["outcome"] == "verified")
        .count();
    assert!(
        verified * 10 >= items.rows.len() * 9,
        "recovery keeps most items: {verified} of {} verified",
        items.rows.len()
    );
    assert!(matches!(after.exit, Some(0 | 1)));
}

#[test]
fn with_gentle_faults_every_item_ends_verified() {
    let after = run_against_faulty_tenant(
        GENTLE_SEED,
        (gentle_faults, gentle_copies),
        GENTLE_ATTEMPTS,
        (120, 10),
    );
    assert_eq!(after.items.rows.len(), 130 + COPIED as usize);
    let not_verified: Vec<_> = after
        .items
        .rows
        .iter()
        .filter(|i| i["outcome"] != "verified")
        .collect();
    assert!(not_verified.is_empty(), "{not_verified:#?}");
    assert_eq!(after.exit, Some(0));
    for label in ["lost-response", "session-expired", "range-error"] {
        assert!(
            after.log.iter().any(|e| e.fault.as_deref() == Some(label)),
            "no {label} was injected"
        );
    }
    assert_unclear_uploads_were_looked_for_not_resent(&after.log);
    assert_unclear_copies_were_looked_for(&after.log);
    assert_tenant_matches_items(&after);
}

/// Every simple PUT whose answer was lost (it was stored) was followed by a look at its item
/// and never by another PUT of the same file.
fn assert_unclear_uploads_were_looked_for_not_resent(log: &[Logged]) {
    let mut checked = 0;
    for (at, entry) in log.iter().enumerate() {
        let stored_unanswered = matches!(
            entry.fault.as_deref(),
            Some("lost-response" | "slow-response")
        ) && entry.method == "PUT"
            && matches!(entry.status, 200 | 201);
        let Some(item_path) = entry.path.strip_suffix("/content") else {
            continue;
        };
        if !stored_unanswered {
            continue;
        }
        let later = &log[at + 1..];
        assert!(
            later
                .iter()
                .any(|e| e.method == "GET" && e.path == item_path),
            "no look after the unanswered PUT {}",
            entry.path
        );
        assert!(
            !later
                .iter()
                .any(|e| e.method == "PUT" && e.path == entry.path),
            "{} was stored, its answer lost, and it was sent again",
            entry.path
        );
        checked += 1;
    }
    assert!(checked > 0, "no unanswered simple PUT to check");
}

/// Every copy request whose job started but whose answer was lost or late was followed by a
/// look for an item by name (`.../items/{parent}:/{name}:`) before any new copy request of the
/// same item. (That no second job ran is the duplicate check's: conflict behaviour `rename`.)
fn assert_unclear_copies_were_looked_for(log: &[Logged]) {
    for (at, entry) in log.iter().enumerate() {
        let started_unanswered = matches!(
            entry.fault.as_deref(),
            Some("lost-response" | "slow-response")
        ) && entry.method == "POST"
            && entry.status == 202
            && entry.path.ends_with("/copy");
        if !started_unanswered {
            continue;
        }
        let later = &log[at + 1..];
        let next_post = later
            .iter()
            .position(|e| e.method == "POST" && e.path == entry.path)
            .unwrap_or(later.len());
        assert!(
            later[..next_post]
                .iter()
                .any(|e| e.method == "GET" && e.path.ends_with(':')),
            "no look after the unanswered copy request {}",
            entry.path
        );
    }
}

/// The tenant holds exactly the items' files: each verified item with the source's hash, no
/// file that no item accounts for (a renamed duplicate), no two files for one item.
fn assert_tenant_matches_items(after: &Aftermath) {
    let planned: HashSet<&str> = after
        .items
        .rows
        .iter()
        .map(|i| i["destination_path"].as_str())
        .collect();
    for path in after.files.keys() {
        assert!(
            planned.contains(path.as_str()),
            "the tenant holds {path}, which no item accounts for (a duplicate?)"
        );
    }
    for item in &after.items.rows {
        let path = &item["destination_path"];
        match item["outcome"].as_str() {
            "verified" => {
                let stored = after
                    .files
                    .get(path)
                    .unwrap_or_else(|| panic!("verified {path} is not in the tenant"));
                assert_eq!(stored, &item["quick_xor_hash_source"], "{path}");
                assert_eq!(
                    &item["quick_xor_hash_destination"], &item["quick_xor_hash_source"],
                    "{path}"
                );
            }
            _ => {
                // A failed item may have left its file (stored, then the answers ran out);
                // if so it is the only one, and it is the source's content.
                if let Some(stored) = after.files.get(path)
                    && !item["quick_xor_hash_source"].is_empty()
                {
                    assert_eq!(stored, &item["quick_xor_hash_source"], "{path}");
                }
            }
        }
    }
}

/// The simulated tenant, reached over HTTP as any client would; requests that meet an injected
/// fault are repeated.
struct Tenant {
    url: String,
    http: reqwest::Client,
    runtime: tokio::runtime::Runtime,
}

impl Tenant {
    fn new(url: &str) -> Tenant {
        Tenant {
            url: url.to_string(),
            http: reqwest::Client::builder()
                .timeout(Duration::from_secs(30))
                .build()
                .expect("client"),
            runtime: tokio::runtime::Runtime::new().expect("runtime"),
        }
    }

    fn request_log(&self) -> Vec<Logged> {
        request_log(&self.url)
    }

    /// A Graph GET (`path_or_url` below `/v1.0`, or a whole nextLink), repeated through faults.
    fn get(&self, path_or_url: &str) -> Value {
        let url = if path_or_url.starts_with("http") {
            path_or_url.to_string()
        } else {
            format!("{}/v1.0{path_or_url}", self.url)
        };
        self.runtime.block_on(async {
            for _ in 0..20 {
                let Ok(response) = self
                    .http
                    .get(&url)
                    .bearer_auth(pilotbench::sim::SIMULATED_TOKEN)
                    .send()
                    .await
                else {
                    continue;
                };
                let status = response.status().as_u16();
                if status == 401 || status >= 500 {
                    continue;
                }
                assert_eq!(status, 200, "GET {url}");
                return response.json().await.expect("JSON");
            }
            panic!("GET {url} kept failing");
        })
    }

    /// Every file below `folder` of the finance site's default library: path → quickXorHash.
    fn files_below(&self, folder: &str) -> HashMap<String, String> {
        let site = self.get("/sites/contoso.sharepoint.com:/sites/finance");
        let site_id = site["id"].as_str().expect("site id");
        let drive = self.get(&format!("/sites/{site_id}/drive"));
        let drive_id = drive["id"].as_str().expect("drive id").to_string();
        let top = self.get(&format!("/drives/{drive_id}/root:/{folder}"));
        let mut files = HashMap::new();
        let mut pending = vec![(
            folder.to_string(),
            top["id"].as_str().expect("id").to_string(),
        )];
        while let Some((prefix, id)) = pending.pop() {
            let mut next = Some(format!("/drives/{drive_id}/items/{id}/children"));
            while let Some(link) = next.take() {
                let page = self.get(&link);
                for child in page["value"].as_array().expect("value") {
                    let name = child["name"].as_str().expect("name");
                    let path = format!("{prefix}/{name}");
                    if child.get("folder").is_some() {
                        pending.push((path, child["id"].as_str().expect("id").to_string()));
                    } else {
                        let hash = child["file"]["hashes"]["quickXorHash"]
                            .as_str()
                            .unwrap_or_default()
                            .to_string();
                        assert!(
                            files.insert(path.clone(), hash).is_none(),
                            "{path} listed twice"
                        );
                    }
                }
                next = page["@odata.nextLink"].as_str().map(str::to_string);
            }
        }
        files
    }
}
