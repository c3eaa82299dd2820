//! End-to-end tests of the tenant's throttling (429 on a spent RU budget, `RateLimit-*` from
//! 80 %, 503 Server Too Busy), over real HTTP on loopback: every check goes through reqwest,
//! never through the state.

use std::time::{Duration, Instant};

use reqwest::{Response, StatusCode};
use serde_json::Value;

use super::{Fixture, config, error_of};
use crate::graph::{DriveItem, Page};
use crate::sim::SimConfig;

const ALICE_DRIVE: &str = "/users/alice@contoso.com/drive";

fn header(response: &Response, name: &str) -> Option<String> {
    response
        .headers()
        .get(name)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned)
}

fn header_number(response: &Response, name: &str) -> u64 {
    header(response, name)
        .and_then(|v| v.parse().ok())
        .unwrap_or_else(|| panic!("{name} missing or not a number"))
}

async fn child_names(f: &Fixture, drive: &str, folder: &str) -> Vec<String> {
    let response = f
        .get(&format!("/drives/{drive}/items/{folder}/children"))
        .await;
    assert_eq!(response.status(), StatusCode::OK);
    let page: Page<DriveItem> = response.json().await.expect("page");
    let mut names: Vec<String> = page.value.into_iter().map(|i| i.name).collect();
    names.sort();
    names
}

async fn sleep_until(deadline: Instant) {
    tokio::time::sleep(deadline.saturating_duration_since(Instant::now())).await;
}

#[tokio::test]
async fn sixth_create_is_429_with_retry_after_and_creates_nothing() {
    // Windows of 0.6 s so the test sees the budget whole after the id look-ups (3 RU) and can
    // list the folder in the next window.
    let window = Duration::from_millis(600);
    let f = Fixture::start_with_ru_window(
        SimConfig {
            ru_per_minute: Some(10),
            ..config()
        },
        window.as_micros() as u64,
    )
    .await;
    let (drive, root) = f.documents().await;
    // The first window started at the first look-up, before now: it is over by then.
    let first_window_over = Instant::now() + window + Duration::from_millis(50);
    sleep_until(first_window_over).await;
    for i in 0..5 {
        let response = f.new_folder(&drive, &root, &format!("f{i}"), "fail").await;
        assert_eq!(response.status(), StatusCode::CREATED, "create {i}");
    }
    let sixth = f.new_folder(&drive, &root, "f5", "fail").await;
    assert_eq!(sixth.status(), StatusCode::TOO_MANY_REQUESTS);
    let retry_after = header_number(&sixth, "retry-after");
    assert!(retry_after >= 1, "Retry-After {retry_after}");
    assert_eq!(header_number(&sixth, "ratelimit-remaining"), 0);
    assert_eq!(header_number(&sixth, "ratelimit-limit"), 10);
    assert_eq!(header_number(&sixth, "ratelimit-reset"), retry_after);
    let error = error_of(sixth).await;
    assert_eq!(error.error.code, "activityLimitReached");
    assert_eq!(error.error.innermost_code(), "throttledRequest");
    // Next window: the listing is served and shows no f5.
    sleep_until(first_window_over + window).await;
    assert_eq!(
        child_names(&f, &drive, &root).await,
        vec!["f0", "f1", "f2", "f3", "f4"]
    );
}

#[tokio::test]
async fn rate_limit_headers_appear_from_eighty_percent_and_not_before() {
    let f = Fixture::start(SimConfig {
        ru_per_minute: Some(10),
        ..config()
    })
    .await;
    // Each user-drive read costs 1 RU.
    for used in 1..=10u64 {
        let response = f.get(ALICE_DRIVE).await;
        assert_eq!(response.status(), StatusCode::OK, "read {used}");
        if used < 8 {
            assert_eq!(header(&response, "ratelimit-limit"), None, "at {used} RU");
            assert_eq!(header(&response, "ratelimit-remaining"), None);
        } else {
            assert_eq!(header_number(&response, "ratelimit-limit"), 10);
            assert_eq!(header_number(&response, "ratelimit-remaining"), 10 - used);
            let reset = header_number(&response, "ratelimit-reset");
            assert!((1..=60).contains(&reset), "reset {reset}");
            assert_eq!(header(&response, "retry-after"), None);
        }
    }
    let throttled = f.get(ALICE_DRIVE).await;
    assert_eq!(throttled.status(), StatusCode::TOO_MANY_REQUESTS);
    assert!(header_number(&throttled, "retry-after") >= 1);
}

#[tokio::test]
async fn busy_rate_one_is_503_with_retry_after() {
    let f = Fixture::start(SimConfig {
        busy_rate: 1.0,
        busy_retry_after_s: 7,
        ..config()
    })
    .await;
    for _ in 0..20 {
        let response = f.get(ALICE_DRIVE).await;
        assert_eq!(response.status(), StatusCode::SERVICE_UNAVAILABLE);
        assert_eq!(header_number(&response, "retry-after"), 7);
        assert_eq!(header(&response, "ratelimit-limit"), None);
        let error = error_of(response).await;
        assert_eq!(error.error.code, "serviceNotAvailable");
    }
}

/// Sends `request` again until it is not a 503; returns the answer and how many 503s came first.
async fn past_busy<F, Fut>(mut request: F) -> (Response, u32)
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = Response>,
{
    let mut busy = 0;
    loop {
        let response = request().await;
        if response.status() != StatusCode::SERVICE_UNAVAILABLE {
            return (response, busy);
        }
        assert_eq!(header(&response, "retry-after").as_deref(), Some("2"));
        busy += 1;
        assert!(busy < 100, "a rate of 0.5 cannot refuse 100 times running");
    }
}

#[tokio::test]
async fn busy_refusals_change_no_state() {
    let f = Fixture::start(SimConfig {
        seed: 11,
        busy_rate: 0.5,
        ..config()
    })
    .await;
    let (site, _) = past_busy(|| f.get("/sites/contoso.sharepoint.com:/sites/Finance")).await;
    let site: Value = site.json().await.expect("site");
    let site_id = site["id"].as_str().expect("id").to_owned();
    let drive_path = format!("/sites/{site_id}/drive");
    let (drive, _) = past_busy(|| f.get(&drive_path)).await;
    let drive: Value = drive.json().await.expect("drive");
    let drive = drive["id"].as_str().expect("id").to_owned();
    let root_path = format!("/drives/{drive}/root");
    let (root, _) = past_busy(|| f.get(&root_path)).await;
    let root: DriveItem = root.json().await.expect("root");
    // With conflictBehavior=fail a create refused 503 that had created the folder would make
    // the retry a 409; every retry must be the first real create.
    let mut refused_creates = 0;
    for i in 0..10 {
        let name = format!("d{i}");
        let (created, busy) = past_busy(|| f.new_folder(&drive, &root.id, &name, "fail")).await;
        assert_eq!(created.status(), StatusCode::CREATED, "{name} after {busy}");
        refused_creates += busy;
    }
    assert!(refused_creates > 0, "seed 11 refuses some creates");
    let (again, _) = past_busy(|| f.new_folder(&drive, &root.id, "d0", "fail")).await;
    assert_eq!(again.status(), StatusCode::CONFLICT, "d0 exists once");
}

#[tokio::test]
async fn busy_rate_zero_never_refuses_and_no_budget_sends_no_rate_limit_headers() {
    let f = Fixture::start(config()).await;
    for _ in 0..200 {
        let response = f.get(ALICE_DRIVE).await;
        assert_eq!(response.status(), StatusCode::OK);
        assert_eq!(header(&response, "retry-after"), None);
        assert_eq!(header(&response, "ratelimit-limit"), None);
    }
}
