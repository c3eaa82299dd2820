//! The injected faults that need the wire, over real HTTP against a running tenant: a lost
//! answer, a late one, an expired session, a 416. Each fault's eligibility, answer and state
//! change on its own are tested beside the injector (`behaviour::fault_injection`).

use std::time::Duration;

use reqwest::StatusCode;

use super::{Fixture, config, error_of, sample};
use crate::graph::{DriveItem, UploadSession};
use crate::scenario::FaultRates;
use crate::sim::SimConfig;
use crate::sim::behaviour::label;
use crate::vocab::quick_xor::quick_xor_base64;

fn faulty(faults: FaultRates) -> SimConfig {
    SimConfig { faults, ..config() }
}

/// `GET /_sim/requests` entries with a fault label: (method, status, fault).
async fn faults_logged(f: &Fixture) -> Vec<(String, u16, String)> {
    let log: Vec<serde_json::Value> = f
        .client
        .get(format!("{}_sim/requests", f.tenant.server_url()))
        .bearer_auth(crate::sim::SIMULATED_TOKEN)
        .send()
        .await
        .expect("sent")
        .json()
        .await
        .expect("log");
    log.iter()
        .filter_map(|e| {
            Some((
                e["method"].as_str()?.to_owned(),
                u16::try_from(e["status"].as_u64()?).ok()?,
                e["fault"].as_str()?.to_owned(),
            ))
        })
        .collect()
}

#[tokio::test]
async fn a_lost_answer_closes_the_connection_after_storing_the_file() {
    let f = Fixture::start(faulty(FaultRates {
        lost_response_rate: 1.0,
        ..FaultRates::default()
    }))
    .await;
    let (drive, root) = f.documents().await;
    let data = sample(1000);
    let sent = f
        .client
        .put(f.graph(&format!("/drives/{drive}/items/{root}:/lost.bin:/content")))
        .bearer_auth(crate::sim::SIMULATED_TOKEN)
        .body(data.clone())
        .send()
        .await;
    let error = sent.expect_err("no answer");
    assert!(!error.is_timeout() && !error.is_status(), "{error:?}");
    let stored: DriveItem = f
        .get(&format!("/drives/{drive}/root:/lost.bin"))
        .await
        .json()
        .await
        .expect("stored");
    assert_eq!(stored.size, Some(1000));
    assert_eq!(
        stored.quick_xor_hash(),
        Some(quick_xor_base64(&data).as_str())
    );
    assert!(
        faults_logged(&f)
            .await
            .contains(&("PUT".into(), 201, label::LOST.into()))
    );
}

#[tokio::test]
async fn a_slow_write_times_the_client_out_but_is_stored() {
    let f = Fixture::start(faulty(FaultRates {
        slow_rate: 1.0,
        slow_response_us: 600_000,
        ..FaultRates::default()
    }))
    .await;
    let (drive, root) = f.documents().await;
    let impatient = reqwest::Client::builder()
        .no_proxy()
        .timeout(Duration::from_millis(100))
        .build()
        .expect("client");
    let error = impatient
        .put(f.graph(&format!("/drives/{drive}/items/{root}:/slow.bin:/content")))
        .bearer_auth(crate::sim::SIMULATED_TOKEN)
        .body(sample(10))
        .send()
        .await
        .expect_err("times out");
    assert!(error.is_timeout());
    // The patient client waits for the (also slow) answer: the file is there.
    let stored = f.get(&format!("/drives/{drive}/root:/slow.bin")).await;
    assert_eq!(stored.status(), StatusCode::OK);
    assert!(
        faults_logged(&f)
            .await
            .contains(&("PUT".into(), 201, label::SLOW.into()))
    );
}

#[tokio::test]
async fn a_fragment_refused_416_is_not_stored_and_an_expired_session_is_404() {
    let f = Fixture::start(faulty(FaultRates {
        range_error_rate: 1.0,
        ..FaultRates::default()
    }))
    .await;
    let (drive, root) = f.documents().await;
    let data = sample(2 * 327_680);
    let session: UploadSession = f
        .session(&drive, &root, "r.bin", serde_json::json!({}))
        .await
        .json()
        .await
        .expect("session");
    let url = session.upload_url.expect("url");
    let refused = f.fragment(&url, &data, 0, 327_680).await;
    assert_eq!(refused.status(), StatusCode::RANGE_NOT_SATISFIABLE);
    assert_eq!(error_of(refused).await.error.code, "invalidRange");
    let status: UploadSession = f
        .client
        .get(&url)
        .send()
        .await
        .expect("sent")
        .json()
        .await
        .expect("status");
    assert_eq!(status.next_expected_ranges, ["0-"]);

    let f = Fixture::start(faulty(FaultRates {
        session_expiry_rate: 1.0,
        ..FaultRates::default()
    }))
    .await;
    let (drive, root) = f.documents().await;
    let session: UploadSession = f
        .session(&drive, &root, "e.bin", serde_json::json!({}))
        .await
        .json()
        .await
        .expect("session");
    let url = session.upload_url.expect("url");
    let expired = f.fragment(&url, &data, 0, 327_680).await;
    assert_eq!(expired.status(), StatusCode::NOT_FOUND);
    let status = f.client.get(&url).send().await.expect("sent");
    assert_eq!(
        status.status(),
        StatusCode::NOT_FOUND,
        "the session is gone"
    );
    let missing = f.get(&format!("/drives/{drive}/root:/e.bin")).await;
    assert_eq!(missing.status(), StatusCode::NOT_FOUND);
}
