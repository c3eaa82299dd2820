//! Tests of the reporters over a small hand-built run: two sites, every outcome, awkward
//! names, and metrics filled through the real collector.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use crate::engine::{RunMeta, RunReport, SiteReport};
use crate::metrics::Metrics;
use crate::run_folder::PILOT_RESULTS_HEADER;
use crate::scenario::{EngineSettings, Workload};
use crate::vocab::attempt::Attempt;
use crate::vocab::attempt::AttemptSink;
use crate::vocab::attempt::Operation;
use crate::vocab::outcome::{FailureClass, ItemRecord, Outcome};
use crate::vocab::units::MIB;

use super::*;

/// A folder under the system temp dir, removed when dropped.
struct TempDir(PathBuf);

impl TempDir {
    fn new(label: &str) -> TempDir {
        static NEXT: AtomicU64 = AtomicU64::new(0);
        let nanos = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| d.subsec_nanos());
        let path = std::env::temp_dir().join(format!(
            "pilotbench-report-{label}-{}-{}-{nanos}",
            std::process::id(),
            NEXT.fetch_add(1, Ordering::Relaxed)
        ));
        std::fs::create_dir_all(&path).expect("create temp dir");
        TempDir(path)
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

const AWKWARD_PATHS: [&str; 4] = [
    "Reports/Q1 \"draft\", naïve.docx",
    "日本語/ファイル 📁.txt",
    "Ünïcødé/line break;semi,comma.txt",
    "e\u{301}cole/Zoë's ½ café.xlsx",
];

fn item(site: usize, path: &str, size_mib: u64, outcome: Outcome) -> ItemRecord {
    let copied = matches!(outcome, Outcome::Verified | Outcome::CopiedUnverified);
    ItemRecord {
        site,
        source_path: path.to_string(),
        destination_path: format!("Pilot/{path}"),
        size_bytes: size_mib * MIB,
        quick_xor_hash_source: copied.then(|| "AAAAAAAAAAAAAAAAAAAAAAAAAAA=".to_string()),
        quick_xor_hash_destination: (outcome == Outcome::Verified)
            .then(|| "AAAAAAAAAAAAAAAAAAAAAAAAAAA=".to_string()),
        outcome,
        failure_class: None,
        attempts: u32::from(copied),
        duration_us: 1_234_567,
        last_error: None,
    }
}

fn failed(site: usize, path: &str, class: FailureClass, error: &str) -> ItemRecord {
    ItemRecord {
        failure_class: Some(class),
        last_error: Some(error.to_string()),
        attempts: 3,
        ..item(site, path, 1, Outcome::Failed)
    }
}

fn attempt(site: usize, op: Operation, status: u16, latency_ms: u64) -> Attempt {
    Attempt {
        op,
        site,
        started: Instant::now(),
        latency_us: latency_ms * 1_000,
        status: Some(status),
        bytes_sent: 1_000,
        bytes_received: 100,
        gate_wait_us: 0,
        retry_after_us: None,
        rate_limit: None,
        timed_out: false,
        retry: false,
    }
}

fn site(name: &str, workload: Workload, planned: u64, span_s: (u64, u64)) -> SiteReport {
    SiteReport {
        name: name.to_string(),
        workload,
        source: format!("synthetic: {planned} files, seed 1"),
        files_planned: planned,
        folders_created: 2,
        started_us: span_s.0 * 1_000_000,
        ended_us: span_s.1 * 1_000_000,
        error: None,
    }
}

/// Site 0 "Finance — Ünïcødé": 0–4 s, 2 verified (1 MiB each), 1 unverified (2 MiB),
/// 1 hash mismatch, 1 skipped. Site 1 "OneDrive Alice": 1–5 s, 1 verified (3 MiB),
/// 1 throttled failure, 2 not-run.
fn fixture() -> RunReport {
    let epoch = Instant::now();
    let metrics = Metrics::with_epoch(2, epoch);
    for ms in [10, 20, 30, 40] {
        metrics.record(&attempt(0, Operation::UploadSimple, 201, ms));
    }
    metrics.record(&attempt(0, Operation::CreateFolder, 201, 5));
    metrics.record(&attempt(0, Operation::GetItem, 200, 0)); // clamped to 1 µs
    metrics.record(&attempt(1, Operation::CreateUploadSession, 200, 15));
    metrics.record(&Attempt {
        retry_after_us: Some(2_500_000),
        ..attempt(1, Operation::UploadChunk, 429, 50)
    });
    metrics.record(&Attempt {
        retry: true,
        gate_wait_us: 2_500_000,
        ..attempt(1, Operation::UploadChunk, 202, 100)
    });
    metrics.record_file_done(0, MIB, epoch + Duration::from_millis(500));
    metrics.record_file_done(1, 3 * MIB, epoch + Duration::from_millis(2_500));

    let items = vec![
        item(0, AWKWARD_PATHS[0], 1, Outcome::Verified),
        item(0, AWKWARD_PATHS[1], 1, Outcome::Verified),
        item(0, AWKWARD_PATHS[2], 2, Outcome::CopiedUnverified),
        failed(
            0,
            "bad/hash.bin",
            FailureClass::HashMismatch,
            "hash differs",
        ),
        ItemRecord {
            failure_class: Some(FailureClass::SourceUnreadable),
            ..item(0, "skip/me.tmp", 1, Outcome::Skipped)
        },
        item(1, AWKWARD_PATHS[3], 3, Outcome::Verified),
        failed(
            1,
            "slow.bin",
            FailureClass::Throttled,
            "429 activityLimitReached",
        ),
        item(1, "later/a.txt", 1, Outcome::NotRun),
        item(1, "later/b.txt", 1, Outcome::NotRun),
    ];
    RunReport {
        meta: RunMeta {
            run_id: "20261125T090000000Z-ABCDEF".to_owned(),
            tenant_run_folder: Some("pilotbench-run-20261125T090000000Z-ABCDEF".to_owned()),
            version: "0.1.0".to_string(),
            scenario_path: "scenarios/pilot.toml".to_string(),
            scenario_sha256: "ab".repeat(32),
            pilot_name: "Trust pilot".to_string(),
            organisation: "NHS Example Trust".to_string(),
            target: "simulated tenant at http://127.0.0.1:1/v1.0".to_string(),
            target_kind: "simulated".to_string(),
            engine: EngineSettings::default(),
            started: UNIX_EPOCH + Duration::from_secs(1_700_000_000),
            ended: UNIX_EPOCH + Duration::from_secs(1_700_000_005),
            interrupted: true,
            peak_rss_bytes: Some(50 * MIB),
        },
        sites: vec![
            site("Finance — Ünïcødé", Workload::SharePoint, 5, (0, 4)),
            site("OneDrive Alice", Workload::OneDrive, 4, (1, 5)),
        ],
        items,
        metrics: metrics.snapshot(),
    }
}

fn read_bytes(path: &Path) -> Vec<u8> {
    std::fs::read(path).expect("read output")
}

/// Header and records of a CSV file, read as a user's tool would.
fn read_csv(path: &Path) -> (Vec<String>, Vec<csv::StringRecord>) {
    let mut reader = csv::Reader::from_path(path).expect("open csv");
    let header = reader
        .headers()
        .expect("header")
        .iter()
        .map(str::to_string)
        .collect();
    let records = reader.records().map(|r| r.expect("record")).collect();
    (header, records)
}

fn field<'r>(header: &[String], record: &'r csv::StringRecord, name: &str) -> &'r str {
    let index = header
        .iter()
        .position(|h| h == name)
        .unwrap_or_else(|| panic!("no column {name}"));
    record.get(index).expect("field")
}

fn number(header: &[String], record: &csv::StringRecord, name: &str) -> f64 {
    field(header, record, name)
        .parse()
        .unwrap_or_else(|_| panic!("{name} is not a number"))
}

#[test]
fn write_all_writes_the_three_files_in_order() {
    let dir = TempDir::new("files");
    let out = dir.0.join("nested/out");
    let written = write_all(&fixture(), &out).expect("write");
    assert_eq!(
        written.files,
        vec![
            out.join("pilot-results.csv"),
            out.join("items.csv"),
            out.join("summary.json")
        ]
    );
    assert!(written.files.iter().all(|f| f.is_file()));
}

#[test]
fn pilot_results_have_the_exact_header_and_a_row_per_site_plus_total() {
    let dir = TempDir::new("pilot");
    write_all(&fixture(), &dir.0).expect("write");
    let (header, rows) = read_csv(&dir.0.join("pilot-results.csv"));
    assert_eq!(
        header.join(","),
        "site,workload,source,files_planned,files_verified,files_unverified,files_failed,\
         files_skipped,files_not_run,files_interrupted,folders_created,bytes_copied,duration_s,\
         files_per_s,\
         mib_per_s,gib_per_hour,latency_p50_ms,latency_p90_ms,latency_p99_ms,latency_max_ms,\
         requests,retries,throttled_responses,throttled_wait_s,failure_rate"
    );
    let sites: Vec<&str> = rows.iter().map(|r| field(&header, r, "site")).collect();
    assert_eq!(sites, ["Finance — Ünïcødé", "OneDrive Alice", "TOTAL"]);
    let total = &rows[2];
    assert_eq!(field(&header, total, "workload"), "all");
    assert_eq!(field(&header, total, "source"), "");
    assert_eq!(field(&header, &rows[1], "workload"), "onedrive");
}

#[test]
fn counts_add_up_and_rates_match_known_numbers() {
    let dir = TempDir::new("rates");
    write_all(&fixture(), &dir.0).expect("write");
    let (h, rows) = read_csv(&dir.0.join("pilot-results.csv"));
    for row in &rows {
        let parts: f64 = [
            "files_verified",
            "files_unverified",
            "files_failed",
            "files_skipped",
            "files_not_run",
            "files_interrupted",
        ]
        .iter()
        .map(|c| number(&h, row, c))
        .sum();
        assert_eq!(number(&h, row, "files_planned"), parts);
    }
    let text = |row: usize, name: &str| field(&h, &rows[row], name).to_string();

    // Site 0: 3 copied files, 4 MiB, 4 s.
    assert_eq!(text(0, "files_verified"), "2");
    assert_eq!(text(0, "files_unverified"), "1");
    assert_eq!(text(0, "bytes_copied"), (4 * MIB).to_string());
    assert_eq!(text(0, "duration_s"), "4.000");
    assert_eq!(text(0, "files_per_s"), "0.750");
    assert_eq!(text(0, "mib_per_s"), "1.000");
    assert_eq!(text(0, "gib_per_hour"), "3.516"); // 4/1024 GiB in 4/3600 h
    assert_eq!(text(0, "failure_rate"), "0.2500");
    assert_eq!(text(0, "requests"), "6");
    assert_eq!(text(0, "throttled_responses"), "0");
    let p50 = number(&h, &rows[0], "latency_p50_ms");
    assert!((20.0..20.1).contains(&p50), "p50 {p50}");
    let max = number(&h, &rows[0], "latency_max_ms");
    assert!((40.0..40.1).contains(&max), "max {max}");
    assert!(
        text(0, "latency_p50_ms")
            .split('.')
            .nth(1)
            .is_some_and(|d| d.len() == 3)
    );

    // Site 1: 1 file, 3 MiB, 4 s; one 429 asking for 2.5 s, one retry.
    assert_eq!(text(1, "files_per_s"), "0.250");
    assert_eq!(text(1, "mib_per_s"), "0.750");
    assert_eq!(text(1, "gib_per_hour"), "2.637");
    assert_eq!(text(1, "failure_rate"), "0.5000");
    assert_eq!(text(1, "retries"), "1");
    assert_eq!(text(1, "throttled_responses"), "1");
    assert_eq!(text(1, "throttled_wait_s"), "2.500");
    assert_eq!(text(1, "files_not_run"), "2");

    // TOTAL: the 0–5 s span, not 4 + 4 s.
    assert_eq!(text(2, "files_planned"), "9");
    assert_eq!(text(2, "folders_created"), "4");
    assert_eq!(text(2, "duration_s"), "5.000");
    assert_eq!(text(2, "files_per_s"), "0.800");
    assert_eq!(text(2, "mib_per_s"), "1.400");
    assert_eq!(text(2, "gib_per_hour"), "4.922");
    assert_eq!(text(2, "failure_rate"), "0.3333");
    assert_eq!(text(2, "requests"), "9");
    let total_max = number(&h, &rows[2], "latency_max_ms");
    assert!((100.0..100.2).contains(&total_max), "max {total_max}");
}

#[test]
fn zero_duration_gives_zero_rates_not_nan() {
    let mut report = fixture();
    for site in &mut report.sites {
        site.started_us = 7;
        site.ended_us = 7;
    }
    let rows = pilot_result_rows(&report);
    for row in &rows {
        assert_eq!(row.duration_s, 0.0);
        assert_eq!(
            (row.files_per_s, row.mib_per_s, row.gib_per_hour),
            (0.0, 0.0, 0.0)
        );
    }
    let dir = TempDir::new("zero");
    write_all(&report, &dir.0).expect("write");
    let (header, records) = read_csv(&dir.0.join("pilot-results.csv"));
    for record in &records {
        for column in ["duration_s", "files_per_s", "mib_per_s", "gib_per_hour"] {
            assert_eq!(field(&header, record, column), "0.000", "{column}");
        }
    }

    // No sites, no items: a lone TOTAL row of zeros.
    let mut empty = fixture();
    empty.sites.clear();
    empty.items.clear();
    let rows = pilot_result_rows(&empty);
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].failure_rate, 0.0);
    assert_eq!(rows[0].duration_s, 0.0);
}

#[test]
fn items_round_trip_with_site_names_and_awkward_paths() {
    let dir = TempDir::new("items");
    let report = fixture();
    write_all(&report, &dir.0).expect("write");
    let (header, rows) = read_csv(&dir.0.join("items.csv"));
    assert_eq!(
        header.join(","),
        "site,source_path,destination_path,size_bytes,quick_xor_hash_source,\
         quick_xor_hash_destination,outcome,failure_class,attempts,duration_ms,last_error"
    );
    assert_eq!(rows.len(), report.items.len());
    for (row, item) in rows.iter().zip(&report.items) {
        assert_eq!(field(&header, row, "site"), report.sites[item.site].name);
        assert_eq!(field(&header, row, "source_path"), item.source_path);
        assert_eq!(
            field(&header, row, "destination_path"),
            item.destination_path
        );
        assert_eq!(field(&header, row, "outcome"), item.outcome.as_str());
        assert_eq!(field(&header, row, "duration_ms"), "1234.567");
    }
    for (row, path) in [0, 1, 2, 5].into_iter().zip(AWKWARD_PATHS) {
        assert_eq!(field(&header, &rows[row], "source_path"), path);
        assert_eq!(
            field(&header, &rows[row], "destination_path"),
            format!("Pilot/{path}")
        );
    }
    let mismatch = &rows[3];
    assert_eq!(field(&header, mismatch, "failure_class"), "hash-mismatch");
    assert_eq!(field(&header, mismatch, "last_error"), "hash differs");
    assert_eq!(field(&header, mismatch, "quick_xor_hash_source"), "");
    assert_eq!(field(&header, &rows[0], "last_error"), "");
    assert_eq!(field(&header, &rows[2], "outcome"), "copied-unverified");
    assert_eq!(field(&header, &rows[2], "quick_xor_hash_destination"), "");
    assert_eq!(field(&header, &rows[7], "outcome"), "not-run");
}

#[test]
fn an_item_of_an_unknown_site_is_still_written() {
    let mut report = fixture();
    report
        .items
        .push(item(9, "stray.txt", 1, Outcome::Verified));
    let dir = TempDir::new("stray");
    write_all(&report, &dir.0).expect("write");
    let (header, rows) = read_csv(&dir.0.join("items.csv"));
    assert_eq!(rows.len(), 10);
    assert_eq!(field(&header, &rows[9], "site"), "#9");
}

#[test]
fn csv_files_start_with_a_bom_that_the_csv_reader_strips() {
    let dir = TempDir::new("bom");
    write_all(&fixture(), &dir.0).expect("write");
    for name in ["pilot-results.csv", "items.csv"] {
        let bytes = read_bytes(&dir.0.join(name));
        assert!(bytes.starts_with(b"\xEF\xBB\xBFsite,"), "{name}");
        let (header, _) = read_csv(&dir.0.join(name));
        assert_eq!(header[0], "site", "{name}");
    }
    let json = read_bytes(&dir.0.join("summary.json"));
    assert_eq!(json.first(), Some(&b'{'));
}

#[test]
fn summary_json_has_the_documented_shape() {
    let dir = TempDir::new("summary");
    write_all(&fixture(), &dir.0).expect("write");
    let text = std::fs::read_to_string(dir.0.join("summary.json")).expect("read");
    let json: serde_json::Value = serde_json::from_str(&text).expect("valid JSON");
    for key in [
        "pilotbench_version",
        "scenario",
        "pilot",
        "target",
        "engine",
        "started_utc",
        "ended_utc",
        "interrupted",
        "peak_rss_bytes",
        "sites",
        "total",
        "latency_clamped",
    ] {
        assert!(json.get(key).is_some(), "missing {key}");
    }
    assert_eq!(json["scenario"]["path"], "scenarios/pilot.toml");
    assert_eq!(json["pilot"]["organisation"], "NHS Example Trust");
    assert_eq!(json["target"]["kind"], "simulated");
    assert_eq!(json["engine"]["concurrency"], 8);
    assert_eq!(json["engine"]["conflict"], "fail");
    assert_eq!(json["engine"]["sites"], "sequential");
    assert_eq!(json["engine"]["request_timeout_s"], 120.0);
    assert_eq!(json["engine"]["chunk_size_bytes"], 10 * MIB);
    assert_eq!(json["engine"]["retry"]["attempts"], 4);
    assert_eq!(json["engine"]["pacing"], true);
    assert_eq!(json["engine"]["retry"]["base_s"], 0.5);
    assert_eq!(json["engine"]["retry"]["cap_s"], 30.0);
    assert_eq!(
        json["engine"]["retry"]["retry_after_honoured_up_to_s"],
        600.0
    );
    assert_eq!(json["started_utc"], "2023-11-14T22:13:20.000Z");
    assert_eq!(json["interrupted"], true);
    assert_eq!(json["latency_clamped"], 1);

    let sites = json["sites"].as_array().expect("sites array");
    assert_eq!(sites.len(), 2);
    let first = &sites[0];
    for column in PILOT_RESULTS_HEADER {
        assert!(first.get(column).is_some(), "site lacks {column}");
        assert!(json["total"].get(column).is_some(), "total lacks {column}");
    }
    assert_eq!(first["site"], "Finance — Ünïcødé");
    assert_eq!(first["files_verified"], 2);
    assert_eq!(first["gib_per_hour"], 3.516);
    assert_eq!(first["failure_rate"], 0.25);
    assert_eq!(first["error"], serde_json::Value::Null);
    let upload = &first["operations"]["upload-simple"];
    assert_eq!(upload["count"], 4);
    assert_eq!(upload["errors"], 0);
    assert_eq!(upload["statuses"]["201"], 4);
    assert!(
        upload["mean_ms"]
            .as_f64()
            .is_some_and(|m| (24.9..25.1).contains(&m))
    );
    for key in [
        "p50_ms",
        "p90_ms",
        "p99_ms",
        "max_ms",
        "bytes_sent",
        "bytes_received",
    ] {
        assert!(upload.get(key).is_some(), "operation lacks {key}");
    }
    assert_eq!(first["failure_classes"]["hash-mismatch"], 1);
    assert_eq!(first["throughput_series"][0]["files"], 1);
    assert_eq!(first["throughput_series"][0]["second"], 0);

    let throttling = &first["throttling"];
    assert_eq!(throttling["counted"], "429, and 503 with Retry-After");
    assert_eq!(throttling["responses"], 6);
    assert_eq!(throttling["throttled_responses"], 0);
    assert_eq!(throttling["throttled_share"], 0.0);
    assert_eq!(throttling["escalation_share"], 0.3);
    assert_eq!(throttling["above_escalation"], false);
    assert_eq!(throttling["gate_wait_s"], 0.0);

    let second = &sites[1];
    assert_eq!(second["operations"]["upload-chunk"]["statuses"]["429"], 1);
    let throttling = &second["throttling"];
    assert_eq!(throttling["responses"], 3);
    assert_eq!(throttling["throttled_responses"], 1);
    assert_eq!(throttling["throttled_share"], 0.3333);
    assert_eq!(throttling["above_escalation"], true);
    assert_eq!(throttling["throttled_wait_s"], 2.5);
    assert_eq!(throttling["gate_wait_s"], 2.5);
    assert_eq!(second["failure_classes"]["throttled"], 1);
    assert_eq!(second["throughput_series"][2]["bytes"], 3 * MIB);

    let total = &json["total"];
    assert_eq!(total["site"], "TOTAL");
    assert_eq!(total["throttling"]["responses"], 9);
    assert_eq!(total["throttling"]["throttled_share"], 0.1111);
    assert_eq!(total["throttling"]["above_escalation"], false);
    assert_eq!(total["operations"]["get-item"]["count"], 1);
    assert_eq!(total["failure_classes"]["hash-mismatch"], 1);
    assert_eq!(total["failure_classes"]["throttled"], 1);
    assert_eq!(total["throughput_series"].as_array().map(Vec::len), Some(3));
    assert_eq!(total["error"], serde_json::Value::Null);
}

#[test]
fn a_site_error_reaches_the_summary() {
    let mut report = fixture();
    report.sites[1].error = Some("destination not found".to_string());
    let dir = TempDir::new("site-error");
    write_all(&report, &dir.0).expect("write");
    let text = std::fs::read_to_string(dir.0.join("summary.json")).expect("read");
    let json: serde_json::Value = serde_json::from_str(&text).expect("valid JSON");
    assert_eq!(json["sites"][1]["error"], "destination not found");
}

#[test]
fn a_write_failure_names_the_file() {
    let dir = TempDir::new("error");
    // A folder where the CSV should go makes creating the file fail.
    std::fs::create_dir_all(dir.0.join("items.csv")).expect("mkdir");
    let error = write_all(&fixture(), &dir.0).expect_err("must fail");
    let WriteError::Write { path, .. } = &error;
    assert_eq!(path, &dir.0.join("items.csv"));
    assert!(error.to_string().contains("items.csv"));

    // An output folder that is a file.
    let file = dir.0.join("plain-file");
    std::fs::write(&file, b"x").expect("write");
    let error = write_all(&fixture(), &file.join("out")).expect_err("must fail");
    assert!(error.to_string().contains("plain-file"));
}

#[test]
fn the_table_lists_sites_total_and_the_failure_rate() {
    let table = render_table(&fixture());
    let lines: Vec<&str> = table.lines().collect();
    assert!(lines[0].starts_with("site"));
    assert!(lines[0].contains("p50/p99 ms") && lines[0].contains("not-run"));
    assert!(lines[1].starts_with("Finance — Ünïcødé"));
    assert!(lines[2].starts_with("OneDrive Alice"));
    assert!(lines[3].starts_with("TOTAL"));
    assert!(lines[3].contains("5.0 s"));
    assert_eq!(
        lines.last().copied(),
        Some("Failure rate: 33.33 % (2 failed of 6 attempted)")
    );
    assert!(
        table.contains(
            "Retry policy: up to 4 attempts per request; backoff from 500ms doubling to 30s"
        ),
        "{table}"
    );
    assert!(
        table.contains("Throttled: 11.11 % of responses (1 of 9; 429, and 503 with Retry-After; Microsoft escalates above 30 %), requests held 2.5 s at the throttle gate"),
        "{table}"
    );
    let warnings: Vec<&&str> = lines.iter().filter(|l| l.starts_with("Warning:")).collect();
    assert_eq!(
        warnings.len(),
        1,
        "only OneDrive Alice is above 30 %: {table}"
    );
    assert!(
        warnings[0].contains("33.3 % of responses to site OneDrive Alice"),
        "{table}"
    );
    assert_eq!(throttling_warnings(&fixture()).len(), 1);
    assert!(!table.contains('\u{1b}'), "no colour escapes");
    // Aligned: every table line has the same width up to the last column.
    let widths: Vec<usize> = lines[..4].iter().map(|l| l.chars().count()).collect();
    assert!(widths.iter().all(|w| *w == widths[0]), "{widths:?}");
}

#[test]
fn a_hundred_thousand_items_are_written_quickly() {
    let mut report = fixture();
    let template = report.items[0].clone();
    report.items = (0..100_000)
        .map(|i| ItemRecord {
            source_path: format!("folder {}/file {i}.bin", i % 97),
            site: i % 2,
            ..template.clone()
        })
        .collect();
    let dir = TempDir::new("many");
    let started = Instant::now();
    write_all(&report, &dir.0).expect("write");
    let elapsed = started.elapsed();
    let (_, rows) = read_csv(&dir.0.join("items.csv"));
    assert_eq!(rows.len(), 100_000);
    // Generous even for an unoptimised build on a busy machine.
    assert!(elapsed < Duration::from_secs(20), "took {elapsed:?}");
}
