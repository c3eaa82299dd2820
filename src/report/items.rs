//! The rows of `items.csv` built from a finished run: one per planned item, in the order the
//! engine recorded them, with the site named rather than numbered. The row and its file are
//! the run folder's ([`ItemRow`]).

use crate::engine::RunReport;
use crate::run_folder::ItemRow;
use crate::vocab::units::us_to_ms;

/// The `items.csv` rows of `report`, built one at a time as they are written.
pub(super) fn item_rows(report: &RunReport) -> impl Iterator<Item = ItemRow> + '_ {
    report.items.iter().map(|item| ItemRow {
        // An index the scenario does not have (an engine bug) stays visible, not blank.
        site: report
            .sites
            .get(item.site)
            .map_or_else(|| format!("#{}", item.site), |site| site.name.clone()),
        source_path: item.source_path.clone(),
        destination_path: item.destination_path.clone(),
        size_bytes: item.size_bytes,
        quick_xor_hash_source: item.quick_xor_hash_source.clone(),
        quick_xor_hash_destination: item.quick_xor_hash_destination.clone(),
        outcome: item.outcome,
        failure_class: item.failure_class,
        attempts: item.attempts,
        duration_ms: us_to_ms(item.duration_us),
        last_error: item.last_error.clone(),
    })
}
