//! A whole site scanned: every folder and file of its enumerated source checked against its
//! destination, and the answer the run needs, "is this item (or a folder above it) blocked?".
//! `pilotbench scan` and `pilotbench run` both call [`scan_sites`], so they agree.

use std::collections::HashMap;

use super::context::{DestinationContext, tenant_name};
use super::finding::Finding;
use super::rules::{ItemKind, check_item};
use crate::scenario::Site;
use crate::source::{SourceTree, path_order};
use crate::vocab::scan_rule::Severity;

/// One site's findings, in source path order (a folder before what it holds).
#[derive(Debug, Clone, Default)]
pub struct SiteScan {
    /// Every finding, blocking and warning.
    pub findings: Vec<Finding>,
    /// Relative path → index in `findings` of its first blocking finding.
    blocked: HashMap<String, usize>,
}

impl SiteScan {
    /// The blocking finding that stops `rel_path`: the item's own, or else that of the folder
    /// nearest the root that is blocked above it (that folder is never created).
    pub fn blocking(&self, rel_path: &str) -> Option<&Finding> {
        for (index, _) in rel_path.match_indices('/') {
            if let Some(&finding) = self.blocked.get(&rel_path[..index]) {
                return self.findings.get(finding);
            }
        }
        self.blocked
            .get(rel_path)
            .and_then(|&finding| self.findings.get(finding))
    }

    /// Whether `rel_path` or a folder above it has a blocking finding.
    pub fn is_blocked(&self, rel_path: &str) -> bool {
        self.blocking(rel_path).is_some()
    }

    /// Blocking findings.
    pub fn blocking_count(&self) -> usize {
        self.blocked.len()
    }
}

/// Scans one site's `tree` against `ctx`; findings carry `site_name`.
pub fn scan_site(site_name: &str, ctx: &DestinationContext, tree: &SourceTree) -> SiteScan {
    let mut items: Vec<(&str, ItemKind)> = tree
        .folders
        .iter()
        .map(|folder| (folder.as_str(), ItemKind::Folder))
        .chain(
            tree.files
                .iter()
                .map(|file| (file.rel_path.as_str(), ItemKind::File { size: file.size })),
        )
        .collect();
    items.sort_by(|a, b| path_order(a.0, b.0));
    let mut scan = SiteScan::default();
    for (path, kind) in items {
        for hit in check_item(ctx, path, kind) {
            if hit.severity == Severity::Blocking && !scan.blocked.contains_key(path) {
                scan.blocked.insert(path.to_string(), scan.findings.len());
            }
            scan.findings.push(Finding {
                site: site_name.to_string(),
                path: path.to_string(),
                rule: hit.rule,
                detail: hit.detail,
                severity: hit.severity,
            });
        }
    }
    scan
}

/// Scans every site, in order. The tenant's name (for OneDrive URLs) comes from the sites'
/// own SharePoint URLs.
pub fn scan_sites<'a>(sites: &[(&'a Site, &'a SourceTree)]) -> Vec<SiteScan> {
    let tenant = tenant_name(sites.iter().map(|(site, _)| *site));
    sites
        .iter()
        .map(|(site, tree)| {
            let ctx = DestinationContext::of(&site.destination, tenant.as_deref());
            scan_site(&site.name, &ctx, tree)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::Destination;
    use crate::source::{FileOrigin, SourceFile};
    use crate::vocab::scan_rule::ScanRule;

    fn tree(folders: &[&str], files: &[(&str, u64)]) -> SourceTree {
        SourceTree {
            folders: folders.iter().map(|f| f.to_string()).collect(),
            files: files
                .iter()
                .map(|(path, size)| SourceFile {
                    rel_path: path.to_string(),
                    size: *size,
                    created: None,
                    modified: None,
                    origin: FileOrigin::Invalid {
                        reason: "test".to_string(),
                    },
                })
                .collect(),
        }
    }

    fn ctx() -> DestinationContext {
        DestinationContext::of(
            &Destination::Library {
                site_url: url::Url::parse("https://contoso.sharepoint.com/sites/p").unwrap(),
                library: "Documents".to_string(),
                folder: String::new(),
            },
            None,
        )
    }

    #[test]
    fn a_blocked_folder_blocks_what_it_holds_and_findings_stay_on_the_offender() {
        let scan = scan_site(
            "S",
            &ctx(),
            &tree(
                &["ok", "page_files", "page_files/sub"],
                &[
                    ("ok/a.txt", 1),
                    ("ok/CON", 1),
                    ("page_files/sub/b.txt", 1),
                    ("e.txt", 0),
                ],
            ),
        );
        let found: Vec<(&str, ScanRule)> = scan
            .findings
            .iter()
            .map(|f| (f.path.as_str(), f.rule))
            .collect();
        assert_eq!(
            found,
            vec![
                ("e.txt", ScanRule::EmptyFile),
                ("ok/CON", ScanRule::ReservedName),
                ("page_files", ScanRule::ThicketFolder),
            ]
        );
        assert_eq!(scan.blocking_count(), 2);
        assert!(!scan.is_blocked("ok/a.txt"));
        assert!(!scan.is_blocked("e.txt"), "warnings do not block");
        assert_eq!(
            scan.blocking("ok/CON").map(|f| f.rule),
            Some(ScanRule::ReservedName)
        );
        let below = scan
            .blocking("page_files/sub/b.txt")
            .expect("blocked by its folder");
        assert_eq!(below.path, "page_files");
        assert!(scan.is_blocked("page_files/sub"));
        assert!(!scan.is_blocked("page_files2/x"));
    }
}
