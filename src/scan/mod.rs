//! Pre-flight checks of source items against SharePoint/OneDrive limits, computed on each
//! item's real destination path, so a pilot never spends a request on an item the service
//! would refuse, and the lead sees every offender before the migration.
//!
//! `rule.rs` names the rules and their sources, `context.rs` builds the destination path,
//! `rules.rs` holds the checks (pure functions), `site.rs` scans a whole source tree.

mod context;
mod rule;
mod rules;
mod site;

pub use context::{DestinationContext, tenant_name};
pub use rule::{Finding, ScanRule, Severity};
pub use rules::{
    INVALID_CHARACTERS, ItemKind, MAX_FILE_BYTES, MAX_PATH, MAX_SEGMENT, RESERVED_NAMES, RuleHit,
    check_item,
};
pub use site::{SiteScan, scan_site, scan_sites};
