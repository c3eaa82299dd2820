//! What the scan reports: one rule broken by one item of one site, in the rule's words
//! ([`ScanRule`], [`Severity`] are shared vocabulary; the finding is the scan's).

use crate::vocab::scan_rule::{ScanRule, Severity};

/// One rule broken by one item of one site.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    /// The site's name in the scenario.
    pub site: String,
    /// The item's path relative to the site's source root, `/`-separated.
    pub path: String,
    /// The rule broken.
    pub rule: ScanRule,
    /// What exactly is wrong (the character, the lengths, the size).
    pub detail: String,
    /// Blocking or warning.
    pub severity: Severity,
}
