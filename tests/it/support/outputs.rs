//! Reading what a run wrote: its CSV files as named fields, the accounting every run must keep
//! (each planned file in exactly one outcome, in both pilot-results.csv and items.csv), and
//! every file of an output folder (for the secret searches).

use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// A CSV file as a header and rows of named fields.
pub struct Table {
    pub header: Vec<String>,
    pub rows: Vec<HashMap<String, String>>,
}

/// Reads a CSV output as pilotbench's own readers do: the csv crate strips the UTF-8 BOM
/// Excel wants, and the leading `'` that keeps a cell from being run as a formula is dropped
/// (`pilotbench::vocab::csv_cells`). `cli::csv_formulas` reads the cells as written.
pub fn read_csv(path: &Path) -> Table {
    let mut reader = csv::Reader::from_path(path)
        .unwrap_or_else(|e| panic!("cannot open {}: {e}", path.display()));
    let header: Vec<String> = reader
        .headers()
        .expect("header row")
        .iter()
        .map(str::to_string)
        .collect();
    let rows = reader
        .records()
        .map(|record| {
            let record = record.expect("well-formed row");
            header
                .iter()
                .cloned()
                .zip(
                    record
                        .iter()
                        .map(|cell| pilotbench::vocab::csv_cells::text_of(cell).to_string()),
                )
                .collect()
        })
        .collect();
    Table { header, rows }
}

pub const PILOT_RESULTS_COLUMNS: &str = "site,workload,source,files_planned,files_verified,files_unverified,files_failed,files_skipped,files_not_run,files_interrupted,folders_created,bytes_copied,duration_s,files_per_s,mib_per_s,gib_per_hour,latency_p50_ms,latency_p90_ms,latency_p99_ms,latency_max_ms,requests,retries,throttled_responses,throttled_wait_s,failure_rate";

pub const ITEMS_COLUMNS: &str = "site,source_path,destination_path,size_bytes,quick_xor_hash_source,quick_xor_hash_destination,outcome,failure_class,attempts,duration_ms,last_error";

/// Checks the accounting of one run's outputs: per site, planned = verified + unverified +
/// failed + skipped + not-run + interrupted in pilot-results.csv, and items.csv has exactly that many rows
/// per site with those outcomes. Returns the two tables.
pub fn assert_accounting(out: &Path) -> (Table, Table) {
    let results = read_csv(&out.join("pilot-results.csv"));
    let items = read_csv(&out.join("items.csv"));
    assert_eq!(results.header.join(","), PILOT_RESULTS_COLUMNS);
    assert_eq!(items.header.join(","), ITEMS_COLUMNS);
    let number = |row: &HashMap<String, String>, column: &str| -> u64 {
        row[column]
            .parse()
            .unwrap_or_else(|_| panic!("{column} is a whole number: {:?}", row[column]))
    };
    let mut total_planned = 0;
    for row in results.rows.iter().filter(|r| r["site"] != "TOTAL") {
        let planned = number(row, "files_planned");
        let parts = [
            "files_verified",
            "files_unverified",
            "files_failed",
            "files_skipped",
            "files_not_run",
            "files_interrupted",
        ];
        let sum: u64 = parts.iter().map(|c| number(row, c)).sum();
        assert_eq!(
            planned, sum,
            "site {}: planned = sum of outcomes",
            row["site"]
        );
        let site_items: Vec<_> = items
            .rows
            .iter()
            .filter(|i| i["site"] == row["site"])
            .collect();
        assert_eq!(
            site_items.len() as u64,
            planned,
            "site {}: one items.csv row per planned file",
            row["site"]
        );
        for (outcome, column) in [
            ("verified", "files_verified"),
            ("copied-unverified", "files_unverified"),
            ("failed", "files_failed"),
            ("skipped", "files_skipped"),
            ("not-run", "files_not_run"),
            ("interrupted", "files_interrupted"),
        ] {
            let counted = site_items
                .iter()
                .filter(|i| i["outcome"] == outcome)
                .count() as u64;
            assert_eq!(
                counted,
                number(row, column),
                "site {}: {outcome} in items.csv vs {column}",
                row["site"]
            );
        }
        for item in &site_items {
            if item["outcome"] == "failed" {
                assert!(
                    !item["failure_class"].is_empty(),
                    "failed item without class: {item:?}"
                );
                assert!(
                    !item["last_error"].is_empty(),
                    "failed item without error: {item:?}"
                );
            }
        }
        total_planned += planned;
    }
    let total = results
        .rows
        .iter()
        .find(|r| r["site"] == "TOTAL")
        .expect("TOTAL row");
    assert_eq!(number(total, "files_planned"), total_planned);
    assert_eq!(items.rows.len() as u64, total_planned);
    (results, items)
}

/// Every file below `dir` (recursively) with its bytes.
pub fn files_below(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut found = Vec::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(folder) = pending.pop() {
        let Ok(entries) = std::fs::read_dir(&folder) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                pending.push(path);
            } else if let Ok(bytes) = std::fs::read(&path) {
                found.push((path, bytes));
            }
        }
    }
    found
}
