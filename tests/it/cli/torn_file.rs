//! A file that changes while it is read is never `verified` on bytes that were no version of it
//! (issue 14 item 1): a writer rewrites a 2 MiB file in place at the same size, each version
//! distinct, while a slow upload session reads it. The item ends `source-changed` with
//! nothing stored, or `verified` on a read the file held still for — and then the tenant's copy
//! is one real version (its quickXorHash, computed by the tenant over the bytes it received, is
//! one version's).

use std::io::{Seek, SeekFrom, Write};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use pilotbench::vocab::quick_xor::quick_xor_base64;

use crate::support::{
    Scenario, Simulate, Site, Source, TempDir, assert_accounting, describe, run_quiet,
    sim_request_log, stored_hash,
};

const SIZE: usize = 2 * 1024 * 1024;
/// The writer's last version at most.
const LAST_VERSION: u64 = 250;

/// Version `version` of the file: bytes of a xorshift stream seeded by the version. Not one
/// byte value repeated: QuickXorHash is linear (XOR of shifted bytes), so uniform versions can
/// give a torn mix the hash of a real one.
fn version_bytes(version: u64) -> Vec<u8> {
    let mut state = version.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1;
    let mut bytes = Vec::with_capacity(SIZE);
    while bytes.len() < SIZE {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        bytes.extend_from_slice(&state.to_le_bytes());
    }
    bytes
}

#[test]
fn a_file_rewritten_during_its_upload_session_is_never_verified_torn() {
    let dir = TempDir::new("torn-file");
    let source = dir.path().join("source");
    std::fs::create_dir_all(&source).expect("source folder");
    let path = source.join("torn.bin");
    std::fs::write(&path, version_bytes(1)).expect("version 1");
    // Seven fragments of 320 KiB at 150 ms each: a session reads for a second or more.
    let scenario = Scenario::simulated(5)
        .latency_ms(150, 200)
        .engine("simple_upload_max", "1MiB")
        .engine("chunk_size", "320KiB")
        .site(
            Site::sharepoint("Finance", "https://contoso.sharepoint.com/sites/finance")
                .folder("pilot")
                .source(Source::folder(&source)),
        );
    let server = Simulate::start(&scenario.write(dir.path(), "serve.toml"));
    let run = scenario.url(&server.url).write(dir.path(), "run.toml");

    // The writer rewrites the file in place until the second upload session is asked for
    // (the first read was torn and its session given up), so the tries after it may find the
    // file still; it stops at the latest after 30 s.
    let stop = Arc::new(AtomicBool::new(false));
    let writer = {
        let stop = stop.clone();
        let url = server.url.clone();
        let path = path.clone();
        std::thread::spawn(move || {
            let started = Instant::now();
            let mut hashes = vec![quick_xor_base64(&version_bytes(1))];
            let mut version = 1u64;
            while !stop.load(Ordering::Relaxed)
                && version < LAST_VERSION
                && started.elapsed() < Duration::from_secs(30)
            {
                std::thread::sleep(Duration::from_millis(40));
                let sessions = sim_request_log(&url)
                    .iter()
                    .filter(|(_, path, _)| path.contains("createUploadSession"))
                    .count();
                if sessions >= 2 {
                    break;
                }
                version += 1;
                let mut file = std::fs::OpenOptions::new()
                    .write(true)
                    .open(&path)
                    .expect("open for rewriting");
                file.seek(SeekFrom::Start(0)).expect("seek");
                let bytes = version_bytes(version);
                file.write_all(&bytes).expect("rewrite");
                hashes.push(quick_xor_base64(&bytes));
            }
            hashes
        })
    };
    let out = dir.path().join("out");
    let output = run_quiet(&run, &out);
    stop.store(true, Ordering::Relaxed);
    let versions = writer.join().expect("the writer ends");
    let last_written = versions.len();
    assert!(last_written > 2, "the file was rewritten during the run");

    let (_, items) = assert_accounting(&out);
    assert_eq!(items.rows.len(), 1);
    let item = &items.rows[0];
    eprintln!(
        "torn file: {} {} after {} versions, {} attempts in {} ms: {}",
        item["outcome"],
        item["failure_class"],
        last_written,
        item["attempts"],
        item["duration_ms"],
        item["last_error"]
    );
    // The quickXorHash the tenant computed over the bytes it received: the copy is one real
    // version when that hash is one version's.
    let stored = stored_hash(&server.url, "sites/finance", &item["destination_path"]);
    match item["outcome"].as_str() {
        "verified" => {
            assert_eq!(output.status.code(), Some(0), "{}", describe(&output));
            let hash = stored.expect("a verified item is in the tenant");
            let version = versions
                .iter()
                .position(|version| *version == hash)
                .map(|index| index + 1)
                .unwrap_or_else(|| {
                    panic!("the tenant's copy ({hash}) is none of the {last_written} versions")
                });
            assert_eq!(item["quick_xor_hash_destination"], hash);
            eprintln!("torn file: the tenant holds version {version}");
        }
        "failed" => {
            assert_eq!(item["failure_class"], "source-changed", "{item:?}");
            assert!(
                item["last_error"].contains("changed while it was read"),
                "{item:?}"
            );
            assert!(stored.is_none(), "nothing is stored on a torn read");
        }
        other => panic!("outcome {other}: {item:?}"),
    }
}
