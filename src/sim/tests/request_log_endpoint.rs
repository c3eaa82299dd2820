//! The admin endpoint `GET /_sim/requests` over HTTP: the request log in arrival order, with
//! statuses, for the simulated tenant's bearer token only, never showing the token itself.

use reqwest::StatusCode;
use serde_json::Value;

use super::{Fixture, config};
use crate::sim::SIMULATED_TOKEN;

const ALICE_DRIVE: &str = "/users/alice@contoso.com/drive";

#[tokio::test]
async fn request_log_lists_requests_in_order_with_statuses() {
    let f = Fixture::start(config()).await;
    assert_eq!(f.get(ALICE_DRIVE).await.status(), StatusCode::OK);
    assert_eq!(
        f.get("/users/nobody@contoso.com/drive").await.status(),
        StatusCode::NOT_FOUND
    );
    let unauthenticated = f
        .client
        .get(f.graph("/drives/x?$top=1"))
        .send()
        .await
        .expect("sent");
    assert_eq!(unauthenticated.status(), StatusCode::UNAUTHORIZED);
    let log_url = format!("{}_sim/requests", f.tenant.server_url());
    let refused = f.client.get(&log_url).send().await.expect("sent");
    assert_eq!(refused.status(), StatusCode::UNAUTHORIZED);

    let response = f
        .client
        .get(&log_url)
        .bearer_auth(SIMULATED_TOKEN)
        .send()
        .await
        .expect("sent");
    assert_eq!(response.status(), StatusCode::OK);
    let text = response.text().await.expect("text");
    assert!(!text.contains(SIMULATED_TOKEN), "no Authorization logged");
    let entries: Vec<Value> = serde_json::from_str(&text).expect("JSON array");
    let seen: Vec<(&str, &str, u64)> = entries
        .iter()
        .map(|e| {
            (
                e["method"].as_str().expect("method"),
                e["path"].as_str().expect("path"),
                e["status"].as_u64().expect("status"),
            )
        })
        .collect();
    assert_eq!(
        seen,
        vec![
            ("GET", "/v1.0/users/alice@contoso.com/drive", 200),
            ("GET", "/v1.0/users/nobody@contoso.com/drive", 404),
            ("GET", "/v1.0/drives/x", 401),
        ]
    );
    let times: Vec<u64> = entries
        .iter()
        .map(|e| e["at_us"].as_u64().expect("at_us"))
        .collect();
    assert!(times.windows(2).all(|w| w[0] <= w[1]), "{times:?}");
}
