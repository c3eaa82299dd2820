//! `estimate.csv`: the estimate as one flat table Excel opens as it is. A `kind` column says
//! what each row is — `total`, `workload`, `site` (a migration-list row), `wave`, `bucket`
//! (the fit of one size bucket) — and the columns that do not apply to a kind stay empty.

use std::path::Path;

use serde::Serialize;

use crate::estimate::{Estimate, Projection, Scope};
use crate::vocab::csv_writer::{WriteError, csv_writer, finish_csv, fixed, write_error};

/// The header, in column order.
pub const ESTIMATE_HEADER: [&str; 16] = [
    "kind",
    "name",
    "items",
    "bytes",
    "p50_hours",
    "p90_hours",
    "p50_calendar_days",
    "p90_calendar_days",
    "person_days",
    "samples",
    "overhead_ms",
    "ms_per_mib",
    "mib_per_s",
    "sparse",
    "ru_ceiling_binding",
    "detail",
];

/// One row of `estimate.csv`.
#[derive(Debug, Clone, PartialEq, Serialize, Default)]
pub struct EstimateRow {
    /// `total`, `workload`, `site`, `wave` or `bucket`.
    pub kind: String,
    /// `TOTAL`, the workload, the site, `wave N` or the bucket's label.
    pub name: String,
    /// Items (list items; for a bucket, pilot samples' items).
    pub items: u64,
    /// Bytes.
    pub bytes: u64,
    /// P50 working time, hours.
    pub p50_hours: String,
    /// P90 working time, hours.
    pub p90_hours: String,
    /// P50 in calendar days under the window.
    pub p50_calendar_days: String,
    /// P90 in calendar days under the window.
    pub p90_calendar_days: String,
    /// Person-days (the total row).
    pub person_days: String,
    /// Pilot samples (bucket rows).
    pub samples: String,
    /// Fitted per-item overhead, ms (bucket rows).
    pub overhead_ms: String,
    /// Fitted time per MiB, ms (bucket rows).
    pub ms_per_mib: String,
    /// The pilot's effective rate in the bucket, MiB/s (bucket rows).
    pub mib_per_s: String,
    /// `true` when the bucket has too few samples (bucket rows).
    pub sparse: String,
    /// `true` when the RU budget sets the total (the total row).
    pub ru_ceiling_binding: String,
    /// A wave's sites; the total's fit in words.
    pub detail: String,
}

fn hours(us: u64) -> String {
    fixed(us as f64 / 3.6e9, 6)
}

fn timed(kind: &str, name: &str, items: u64, bytes: u64, projection: &Projection) -> EstimateRow {
    EstimateRow {
        kind: kind.to_string(),
        name: name.to_string(),
        items,
        bytes,
        p50_hours: hours(projection.p50_us),
        p90_hours: hours(projection.p90_us),
        p50_calendar_days: fixed(projection.p50_calendar_days, 3),
        p90_calendar_days: fixed(projection.p90_calendar_days, 3),
        ..EstimateRow::default()
    }
}

/// The rows of `estimate.csv`: total, workloads, sites, waves, then the bucket fits.
pub fn estimate_rows(estimate: &Estimate) -> Vec<EstimateRow> {
    let mut rows = Vec::new();
    for scope in &estimate.scopes {
        let mut row = timed(
            scope.scope.as_str(),
            &scope.name,
            scope.items,
            scope.bytes,
            &scope.projection,
        );
        if scope.scope == Scope::Total {
            let fitted = &estimate.fitted_on;
            row.person_days = fixed(estimate.effort.person_days, 2);
            row.ru_ceiling_binding = estimate
                .ceiling
                .as_ref()
                .map_or("", |c| if c.binding { "true" } else { "false" })
                .to_string();
            row.detail = format!(
                "fitted on {} pilot items ({} bytes) at concurrency {}; per-site overhead {} s; {} resamples, seed {}",
                fitted.items,
                fitted.bytes,
                fitted.concurrency,
                fixed(fitted.site_overhead_us / 1e6, 3),
                estimate.settings.resamples,
                estimate.settings.seed
            );
        }
        rows.push(row);
    }
    for wave in &estimate.effort.waves {
        let mut row = timed(
            "wave",
            &format!("wave {}", wave.number),
            wave.items,
            wave.bytes,
            &wave.projection,
        );
        row.detail = wave.sites.join("; ");
        rows.push(row);
    }
    for bucket in &estimate.fitted_on.buckets {
        rows.push(EstimateRow {
            kind: "bucket".to_string(),
            name: bucket.bucket.label().to_string(),
            items: bucket.samples,
            bytes: bucket.bytes,
            samples: bucket.samples.to_string(),
            overhead_ms: fixed(bucket.overhead_us / 1000.0, 3),
            ms_per_mib: fixed(bucket.us_per_mib / 1000.0, 3),
            mib_per_s: fixed(bucket.mib_per_s, 3),
            sparse: bucket.sparse.to_string(),
            ..EstimateRow::default()
        });
    }
    rows
}

/// Writes `estimate.csv` at `path`.
pub fn write(path: &Path, estimate: &Estimate) -> Result<(), WriteError> {
    let mut writer = csv_writer(path, &ESTIMATE_HEADER)?;
    for row in estimate_rows(estimate) {
        writer
            .serialize(&row)
            .map_err(|error| write_error(path, error))?;
    }
    finish_csv(path, writer)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::estimate::{BucketFit, Effort, FittedOn, ScopeProjection, Wave};
    use crate::run_folder::ESTIMATE_FILE;
    use crate::vocab::size_bucket::SizeBucket;

    fn sample() -> Estimate {
        let projection = Projection {
            p50_us: 3_600_000_000,
            p90_us: 7_200_000_000,
            p50_calendar_days: 1.0 / 24.0,
            p90_calendar_days: 2.0 / 24.0,
        };
        Estimate {
            fitted_on: FittedOn {
                items: 10,
                bytes: 1000,
                concurrency: 8,
                buckets: vec![BucketFit {
                    bucket: SizeBucket::Under64K,
                    samples: 10,
                    bytes: 1000,
                    overhead_us: 12_345.0,
                    us_per_mib: 1_000.0,
                    mib_per_s: 0.5,
                    sparse: false,
                }],
                ..FittedOn::default()
            },
            overall: projection,
            scopes: vec![ScopeProjection {
                scope: Scope::Total,
                name: "TOTAL".to_string(),
                items: 40,
                bytes: 4000,
                projection,
            }],
            effort: Effort {
                person_days: 2.0,
                waves: vec![Wave {
                    number: 1,
                    sites: vec!["A".to_string(), "Café".to_string()],
                    items: 40,
                    bytes: 4000,
                    projection,
                }],
                ..Effort::default()
            },
            ..Estimate::default()
        }
    }

    #[test]
    fn the_header_matches_the_rows() {
        let rows = estimate_rows(&sample());
        assert_eq!(
            crate::vocab::csv_writer::header_of(&rows[0]),
            ESTIMATE_HEADER.join(",")
        );
    }

    #[test]
    fn rows_carry_fixed_decimals_and_a_bom() {
        let dir = std::env::temp_dir().join(format!("pb-estimate-csv-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("dir");
        let path = dir.join(ESTIMATE_FILE);
        write(&path, &sample()).expect("written");
        let bytes = std::fs::read(&path).expect("read");
        assert!(bytes.starts_with(b"\xEF\xBB\xBF"));
        let text = String::from_utf8(bytes[3..].to_vec()).expect("utf-8");
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines.len(), 4, "{text}");
        assert!(lines[1].starts_with("total,TOTAL,40,4000,1.000000,2.000000,0.042,0.083,2.00,"));
        assert!(lines[2].starts_with("wave,wave 1,40,4000,1.000000,"));
        assert!(lines[2].ends_with(",A; Café"));
        assert!(lines[3].starts_with("bucket,< 64 KiB,10,1000,,,,,,10,12.345,1.000,0.500,false"));
        let _ = std::fs::remove_dir_all(&dir);
    }
}
