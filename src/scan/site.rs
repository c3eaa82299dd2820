//! A whole site scanned: every folder and file of its enumerated source checked against its
//! destination, and the answer the run needs, "is this item (or a folder above it) blocked?".
//! `pilotbench scan` and `pilotbench run` both call [`scan_sites`], so they agree.
//!
//! An entry the source could not read (a symbolic link, a pipe, a socket, a device, a name that
//! is not UTF-8, a folder that cannot be opened) gets one `source-unreadable` finding with the
//! source's reason, and no other: it is not a 0-byte file, and its name is not what stops it.
//! Such a finding is blocking for `pilotbench scan` (the item cannot migrate as it is), but the
//! run does not skip the entry: it fails it as `source-unreadable`, as it always has, so it
//! counts as a failure and a folder whose contents are unknown is never hidden below a skip.

use std::collections::{HashMap, HashSet};

use super::context::{DestinationContext, tenant_name};
use super::finding::Finding;
use super::rules::{ItemKind, check_item};
use crate::scenario::Site;
use crate::source::{FileOrigin, SourceTree, path_order};
use crate::vocab::scan_rule::{ScanRule, Severity};

/// One site's findings, in source path order (a folder before what it holds).
#[derive(Debug, Clone, Default)]
pub struct SiteScan {
    /// Every finding, blocking and warning.
    pub findings: Vec<Finding>,
    /// Relative path → index in `findings` of its first blocking finding.
    blocked: HashMap<String, usize>,
    /// Entries the source could not read: the run fails them itself, never skips them.
    unreadable: HashSet<String>,
}

impl SiteScan {
    /// The blocking finding that stops `rel_path`: the item's own, or else that of the folder
    /// nearest the root that is blocked above it (that folder is never created). `None` for an
    /// entry the source could not read, which the run fails as `source-unreadable` instead.
    pub fn blocking(&self, rel_path: &str) -> Option<&Finding> {
        if self.unreadable.contains(rel_path) {
            return None;
        }
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

    /// Items the run skips for a finding of their own.
    pub fn blocking_count(&self) -> usize {
        self.blocked.len()
    }
}

/// Scans one site's `tree` against `ctx`; findings carry `site_name`.
pub fn scan_site(site_name: &str, ctx: &DestinationContext, tree: &SourceTree) -> SiteScan {
    let mut items: Vec<(&str, Scanned)> = tree
        .folders
        .iter()
        .map(|folder| (folder.as_str(), Scanned::Item(ItemKind::Folder)))
        .chain(tree.files.iter().map(|file| {
            let scanned = match &file.origin {
                FileOrigin::Invalid { reason } => Scanned::Unreadable(reason),
                _ => Scanned::Item(ItemKind::File { size: file.size }),
            };
            (file.rel_path.as_str(), scanned)
        }))
        .collect();
    items.sort_by(|a, b| path_order(a.0, b.0));
    let mut scan = SiteScan::default();
    for (path, scanned) in items {
        let kind = match scanned {
            Scanned::Item(kind) => kind,
            Scanned::Unreadable(reason) => {
                scan.unreadable.insert(path.to_string());
                scan.findings.push(Finding {
                    site: site_name.to_string(),
                    path: path.to_string(),
                    rule: ScanRule::SourceUnreadable,
                    detail: reason.to_string(),
                    severity: Severity::Blocking,
                });
                continue;
            }
        };
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

/// What one entry of a source is, for the scan.
enum Scanned<'a> {
    /// A folder, or a file the source can read.
    Item(ItemKind),
    /// An entry the source could not read, with its reason.
    Unreadable(&'a str),
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
    use crate::source::SourceFile;

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
                    origin: FileOrigin::Synthetic { seed: 1, index: 0 },
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

    #[test]
    fn an_unreadable_entry_is_source_unreadable_and_never_skipped() {
        let mut tree = tree(&["page_files"], &[("ok.txt", 3)]);
        for (path, reason) in [
            ("link", "symbolic link to /etc, not followed"),
            ("pipe", "not a regular file (named pipe)"),
            (
                "page_files/deep",
                "folder cannot be opened; its contents are unknown",
            ),
        ] {
            tree.files.push(SourceFile {
                rel_path: path.to_string(),
                size: 0,
                created: None,
                modified: None,
                origin: FileOrigin::Invalid {
                    reason: reason.to_string(),
                },
            });
        }
        let scan = scan_site("S", &ctx(), &tree);
        let found: Vec<(&str, ScanRule, Severity, &str)> = scan
            .findings
            .iter()
            .map(|f| (f.path.as_str(), f.rule, f.severity, f.detail.as_str()))
            .collect();
        assert_eq!(
            found,
            vec![
                (
                    "link",
                    ScanRule::SourceUnreadable,
                    Severity::Blocking,
                    "symbolic link to /etc, not followed"
                ),
                (
                    "page_files",
                    ScanRule::ThicketFolder,
                    Severity::Blocking,
                    found[1].3
                ),
                (
                    "page_files/deep",
                    ScanRule::SourceUnreadable,
                    Severity::Blocking,
                    "folder cannot be opened; its contents are unknown"
                ),
                (
                    "pipe",
                    ScanRule::SourceUnreadable,
                    Severity::Blocking,
                    "not a regular file (named pipe)"
                ),
            ],
            "no empty-file warning for what is not a file"
        );
        // The run fails them as source-unreadable, even below a blocked folder.
        assert!(!scan.is_blocked("link"));
        assert!(!scan.is_blocked("page_files/deep"));
        assert!(scan.is_blocked("page_files"));
    }
}
