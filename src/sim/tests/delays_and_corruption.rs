//! The behaviour model's delays and corruption over HTTP: altered uploads keep their size but
//! not their hash, and download to the altered bytes the tenant's hash is of; the ingest pipe holds answers back by bandwidth, latency has its median.

use std::time::Instant;

use reqwest::StatusCode;

use super::{FRAGMENT, Fixture, config, open_session, sample};
use crate::graph::DriveItem;
use crate::sim::{SimConfig, SimLatency};
use crate::vocab::quick_xor::quick_xor_base64;

/// Downloads item `item` of `drive` (the redirect followed, the bearer dropped on the way) and
/// checks the bytes are `sent` with the first one altered, and what the tenant's hash is of.
async fn assert_stored_altered(f: &Fixture, drive: &str, item: &DriveItem, sent: &[u8]) {
    let response = f
        .get(&format!("/drives/{drive}/items/{}/content", item.id))
        .await;
    assert_eq!(response.status(), StatusCode::OK);
    let stored = response.bytes().await.expect("body");
    let mut altered = sent.to_vec();
    altered[0] ^= 0xFF;
    assert_eq!(stored, altered, "the first byte is altered, no other");
    assert_eq!(
        item.quick_xor_hash(),
        Some(quick_xor_base64(&stored).as_str())
    );
}

#[tokio::test]
async fn corrupt_rate_one_changes_the_stored_hash_but_not_the_size() {
    let f = Fixture::start(SimConfig {
        corrupt_rate: 1.0,
        ..config()
    })
    .await;
    let (drive, root) = f.documents().await;
    let item: DriveItem = f
        .put(&drive, &root, "c.txt", "", b"hello world".to_vec())
        .await
        .json()
        .await
        .expect("item");
    assert_eq!(item.size, Some(11));
    assert_ne!(
        item.quick_xor_hash(),
        Some(quick_xor_base64(b"hello world").as_str())
    );
    assert_stored_altered(&f, &drive, &item, b"hello world").await;

    let url = open_session(&f, "c.bin").await;
    let data = sample(FRAGMENT + 10);
    assert_eq!(
        f.fragment(&url, &data, 0, FRAGMENT).await.status(),
        StatusCode::ACCEPTED
    );
    let item: DriveItem = f
        .fragment(&url, &data, FRAGMENT, data.len())
        .await
        .json()
        .await
        .expect("item");
    assert_eq!(item.size, Some(data.len() as u64));
    assert_ne!(
        item.quick_xor_hash(),
        Some(quick_xor_base64(&data).as_str())
    );
    assert_stored_altered(&f, &drive, &item, &data).await;
}

#[tokio::test]
async fn bandwidth_delays_upload_responses() {
    // 100 kB/s: a 20 kB body takes about 0.2 s through the pipe, two take about 0.4 s.
    let f = Fixture::start(SimConfig {
        bandwidth_bytes_per_s: Some(100_000),
        ..config()
    })
    .await;
    let (drive, root) = f.documents().await;
    let started = Instant::now();
    let (a, b) = tokio::join!(
        f.put(&drive, &root, "a.bin", "", vec![0; 20_000]),
        f.put(&drive, &root, "b.bin", "", vec![0; 20_000])
    );
    let elapsed = started.elapsed();
    assert_eq!(a.status(), StatusCode::CREATED);
    assert_eq!(b.status(), StatusCode::CREATED);
    assert!(elapsed.as_millis() >= 380, "{elapsed:?}");
    assert!(elapsed.as_millis() < 2_000, "{elapsed:?}");
}

#[tokio::test]
async fn latency_median_is_roughly_the_configured_one() {
    let f = Fixture::start(SimConfig {
        latency: Some(SimLatency {
            median_us: 5_000,
            p99_us: 10_000,
        }),
        ..config()
    })
    .await;
    let mut samples = Vec::new();
    for _ in 0..41 {
        let started = Instant::now();
        let response = f.get("/users/alice@contoso.com/drive").await;
        assert_eq!(response.status(), StatusCode::OK);
        samples.push(started.elapsed().as_micros());
    }
    samples.sort_unstable();
    let median = samples[20];
    assert!((4_000..15_000).contains(&median), "median {median} µs");
}
