//! The simulated tenant's own record of what it answered (`GET /_sim/requests`), read over
//! HTTP as any client would, for tests that assert on what reached the tenant: from a plain
//! test (which has no runtime of its own) or, with the `_async` form, from a `#[tokio::test]`
//! (where starting a second runtime would panic).

use serde::de::DeserializeOwned;

/// Every entry of a running tenant's request log, oldest first, as `T` (a struct naming the
/// fields the test needs: `method`, `path`, `status`, `at_us`, `fault`, ...).
pub fn request_log<T: DeserializeOwned>(url: &str) -> Vec<T> {
    let runtime = tokio::runtime::Runtime::new().expect("runtime");
    runtime.block_on(read_log(url))
}

/// `(method, path, status)` of every request a running tenant answered, oldest first.
pub fn sim_request_log(url: &str) -> Vec<(String, String, u16)> {
    method_path_status(&request_log(url))
}

/// [`sim_request_log`], for a test already inside a runtime.
pub async fn sim_request_log_async(url: &str) -> Vec<(String, String, u16)> {
    method_path_status(&read_log(url).await)
}

/// The log of the tenant at `url` (no trailing slash).
async fn read_log<T: DeserializeOwned>(url: &str) -> Vec<T> {
    reqwest::Client::new()
        .get(format!("{url}/_sim/requests"))
        .bearer_auth(pilotbench::sim::SIMULATED_TOKEN)
        .send()
        .await
        .expect("the tenant answers")
        .error_for_status()
        .expect("the log is served")
        .json()
        .await
        .expect("the log is JSON")
}

fn method_path_status(entries: &[serde_json::Value]) -> Vec<(String, String, u16)> {
    entries
        .iter()
        .map(|entry| {
            (
                entry["method"].as_str().unwrap_or_default().to_owned(),
                entry["path"].as_str().unwrap_or_default().to_owned(),
                entry["status"].as_u64().unwrap_or_default() as u16,
            )
        })
        .collect()
}
