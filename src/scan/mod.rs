//! Pre-flight checks of source items against SharePoint/OneDrive limits, computed on each
//! item's real destination path, so a pilot never spends a request on an item the service
//! would refuse, and the lead sees every offender before the migration.
//!
//! The rules' names, severities and sources are shared vocabulary (`crate::vocab::scan_rule`);
//! `finding.rs` is what a check reports, `context.rs` builds the destination path, `rules.rs`
//! holds the checks (pure functions), `site.rs` scans a whole source tree.

mod context;
mod finding;
mod rules;
mod site;

pub use context::{DestinationContext, tenant_name};
pub use finding::Finding;
pub use rules::{
    INVALID_CHARACTERS, ItemKind, MAX_FILE_BYTES, MAX_PATH, MAX_SEGMENT, RESERVED_NAMES, RuleHit,
    check_item,
};
pub use site::{SiteScan, scan_site, scan_sites};
