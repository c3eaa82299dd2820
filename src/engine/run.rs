//! Running the sites: one after another (clean per-site figures) or together, all files of the
//! run sharing one concurrency budget. Every planned item ends with exactly one record.

use std::sync::Arc;
use std::time::Instant;

use futures::StreamExt;
use tokio::sync::Semaphore;
use tokio_util::sync::CancellationToken;

use super::copy::{CopyContext, FileTarget, copy_file, record_without_copy};
use super::destination::{self, join_path};
use super::failure_class::GraphFailureClass;
use super::server_copy::{CopiedItems, copy_by_server, verify_by_listing};
use super::{Observer, SiteReport};
use crate::graph::{GraphClient, GraphError, RequestContext};
use crate::metrics::Metrics;
use crate::scan::{self, Finding, SiteScan};
use crate::scenario::{CopyMode, EngineSettings, Site, SiteMode};
use crate::source::{self, SourceTree};
use crate::vocab::outcome::{FailureClass, ItemRecord, Outcome};

/// One site to copy: the scenario's site and its enumerated source.
#[derive(Debug, Clone)]
pub struct SitePlan {
    /// The site as the scenario gives it.
    pub site: Site,
    /// Its source, enumerated.
    pub tree: SourceTree,
    /// The client its graph-drive source is read through when the source has `credentials` of
    /// its own (listing and stream-mode downloads); `None` = the target's client.
    pub source_client: Option<GraphClient>,
}

/// What the engine produced: one report per site and one record per planned item.
#[derive(Debug, Clone)]
pub struct EngineOutput {
    /// Per site, in plan order.
    pub sites: Vec<SiteReport>,
    /// Every planned item, site by site, in source order.
    pub items: Vec<ItemRecord>,
    /// The pre-flight scan's findings, site by site (`scan.csv`); items with a blocking one
    /// were skipped, never requested.
    pub findings: Vec<Finding>,
}

/// Runs every site. Stops starting work when `cancel` fires; what was not started is `not-run`.
/// The pre-flight scan runs first: an item it blocks (or below a folder it blocks) ends
/// `skipped` with the rule as its failure class, and its folder is never created.
pub async fn run(
    plans: &[SitePlan],
    settings: &EngineSettings,
    client: &GraphClient,
    metrics: &Metrics,
    observer: Arc<dyn Observer>,
    cancel: CancellationToken,
) -> EngineOutput {
    let permits = Arc::new(Semaphore::new(settings.concurrency.max(1)));
    let sources: Vec<_> = plans.iter().map(|plan| (&plan.site, &plan.tree)).collect();
    let scans = scan::scan_sites(&sources);
    let site_runs = plans
        .iter()
        .zip(&scans)
        .enumerate()
        .map(|(index, (plan, scan))| SiteRun {
            index,
            plan,
            scan,
            settings,
            client,
            metrics,
            observer: observer.clone(),
            cancel: cancel.clone(),
            permits: permits.clone(),
        });
    let results: Vec<(SiteReport, Vec<ItemRecord>)> = match settings.sites {
        SiteMode::Sequential => {
            let mut results = Vec::with_capacity(plans.len());
            for site_run in site_runs {
                results.push(site_run.run().await);
            }
            results
        }
        SiteMode::Parallel => futures::future::join_all(site_runs.map(SiteRun::run)).await,
    };
    let mut output = EngineOutput {
        sites: Vec::with_capacity(results.len()),
        items: Vec::new(),
        findings: scans.into_iter().flat_map(|scan| scan.findings).collect(),
    };
    for (report, items) in results {
        output.sites.push(report);
        output.items.extend(items);
    }
    output
}

struct SiteRun<'a> {
    index: usize,
    plan: &'a SitePlan,
    scan: &'a SiteScan,
    settings: &'a EngineSettings,
    client: &'a GraphClient,
    metrics: &'a Metrics,
    observer: Arc<dyn Observer>,
    cancel: CancellationToken,
    permits: Arc<Semaphore>,
}

impl SiteRun<'_> {
    async fn run(self) -> (SiteReport, Vec<ItemRecord>) {
        let site = &self.plan.site;
        let tree = &self.plan.tree;
        let folder = site.destination.folder().to_string();
        let mut report = SiteReport {
            name: site.name.clone(),
            workload: site.workload,
            source: source::describe(&site.source),
            files_planned: tree.files.len() as u64,
            folders_created: 0,
            started_us: self.metrics.offset_us(Instant::now()),
            ended_us: 0,
            error: None,
        };
        self.observer.site_started(
            self.index,
            &site.name,
            tree.files.len() as u64,
            tree.total_bytes(),
        );
        let items = if self.cancel.is_cancelled() {
            self.all_items(Outcome::NotRun, None, None)
        } else {
            self.copy_site(&folder, &mut report).await
        };
        report.ended_us = self.metrics.offset_us(Instant::now());
        self.observer.site_finished(self.index);
        (report, items)
    }

    async fn copy_site(&self, folder: &str, report: &mut SiteReport) -> Vec<ItemRecord> {
        let ctx = RequestContext { site: self.index };
        let resolved = match destination::resolve(
            self.client,
            ctx,
            &self.plan.site.destination,
            self.observer.as_ref(),
        )
        .await
        {
            Ok(resolved) => resolved,
            // Ctrl-C cut a wait of the resolution short: no file was started.
            Err(error) if self.cancel.is_cancelled() => {
                return self.all_items(Outcome::NotRun, None, Some(error.message));
            }
            Err(error) => {
                report.error = Some(error.message.clone());
                return self.all_items(Outcome::Failed, Some(error.class), Some(error.message));
            }
        };
        // Folders the scan blocks (and what they hold) are never created.
        let folders: Vec<String> = (self.plan.tree.folders.iter())
            .filter(|folder| !self.scan.is_blocked(folder))
            .cloned()
            .collect();
        let tree = destination::create_tree(
            self.client,
            ctx,
            self.observer.as_ref(),
            &resolved,
            &folders,
            self.settings.concurrency,
        )
        .await;
        report.folders_created = resolved.folders_created + tree.created;

        let copy_ctx = CopyContext {
            client: self.client,
            source_client: self.plan.source_client.as_ref().unwrap_or(self.client),
            settings: self.settings,
            observer: self.observer.clone(),
            cancel: self.cancel.clone(),
            site: self.index,
        };
        let copy_ctx = &copy_ctx;
        let tree = &tree;
        let resolved = &resolved;
        let copy_mode = self.plan.site.copy_mode;
        let copied = CopiedItems::default();
        let copied = &copied;
        let mut records: Vec<(usize, ItemRecord)> =
            futures::stream::iter(self.plan.tree.files.iter().enumerate())
                .map(|(position, file)| async move {
                    let destination_path = join_path(folder, &file.rel_path);
                    let parent = file
                        .rel_path
                        .rsplit_once('/')
                        .map_or("", |(parent, _)| parent);
                    let blocked = self.scan.blocking(&file.rel_path);
                    let record = match (tree.ids.get(parent), tree.failed.get(parent)) {
                        _ if blocked.is_some() => {
                            skipped(self.index, file, destination_path, blocked)
                        }
                        (Some(parent_id), _) => {
                            // Wait for a slot of the run-wide budget; stop if cancelled meanwhile.
                            let permit = tokio::select! {
                                permit = self.permits.acquire() => permit.ok(),
                                () = self.cancel.cancelled() => None,
                            };
                            if permit.is_none() || self.cancel.is_cancelled() {
                                record_without_copy(
                                    self.index,
                                    file,
                                    destination_path,
                                    Outcome::NotRun,
                                    None,
                                    None,
                                )
                            } else {
                                let target = FileTarget {
                                    drive_id: &resolved.drive_id,
                                    parent_id,
                                    destination_path,
                                };
                                let record = match copy_mode {
                                    CopyMode::Stream => copy_file(copy_ctx, file, target).await,
                                    CopyMode::Server => {
                                        copy_by_server(copy_ctx, file, target, copied).await
                                    }
                                };
                                drop(permit);
                                if matches!(
                                    record.outcome,
                                    Outcome::Verified | Outcome::CopiedUnverified
                                ) {
                                    self.metrics.record_file_done(
                                        self.index,
                                        file.size,
                                        Instant::now(),
                                    );
                                }
                                record
                            }
                        }
                        // Ctrl-C cut a wait of its folder's creation short: never started.
                        (None, Some(error)) if error == &GraphError::Interrupted => {
                            record_without_copy(
                                self.index,
                                file,
                                destination_path,
                                Outcome::NotRun,
                                None,
                                Some(error.to_string()),
                            )
                        }
                        (None, Some(error)) => record_without_copy(
                            self.index,
                            file,
                            destination_path,
                            Outcome::Failed,
                            Some(error.failure_class()),
                            Some(format!("its folder could not be created: {error}")),
                        ),
                        (None, None) => record_without_copy(
                            self.index,
                            file,
                            destination_path,
                            Outcome::Failed,
                            Some(crate::vocab::outcome::FailureClass::Protocol),
                            Some(format!(
                                "folder {parent} is not in the source's folder list"
                            )),
                        ),
                    };
                    self.observer.item_done(&record);
                    (position, record)
                })
                .buffer_unordered(self.settings.concurrency.max(1))
                .collect()
                .await;
        records.sort_by_key(|(position, _)| *position);
        let mut records: Vec<ItemRecord> = records.into_iter().map(|(_, record)| record).collect();
        if copy_mode == CopyMode::Server {
            verify_by_listing(
                self.client,
                ctx,
                resolved,
                folder,
                copied,
                &self.plan.tree.files,
                &mut records,
            )
            .await;
        }
        records
    }

    fn all_items(
        &self,
        outcome: Outcome,
        class: Option<crate::vocab::outcome::FailureClass>,
        error: Option<String>,
    ) -> Vec<ItemRecord> {
        let folder = self.plan.site.destination.folder();
        self.plan
            .tree
            .files
            .iter()
            .map(|file| {
                let destination_path = join_path(folder, &file.rel_path);
                let record = match self.scan.blocking(&file.rel_path) {
                    Some(finding) => skipped(self.index, file, destination_path, Some(finding)),
                    None => record_without_copy(
                        self.index,
                        file,
                        destination_path,
                        outcome,
                        class,
                        error.clone(),
                    ),
                };
                self.observer.item_done(&record);
                record
            })
            .collect()
    }
}

/// The record of a file the pre-flight scan blocks: `skipped`, the rule as its class, and the
/// finding (on the file or on the folder above it) as its error. Never requested.
fn skipped(
    site: usize,
    file: &source::SourceFile,
    destination_path: String,
    finding: Option<&Finding>,
) -> ItemRecord {
    let (class, error) = match finding {
        Some(finding) if finding.path == file.rel_path => (
            Some(FailureClass::Blocked(finding.rule)),
            Some(format!("not copied (pre-flight scan): {}", finding.detail)),
        ),
        Some(finding) => (
            Some(FailureClass::Blocked(finding.rule)),
            Some(format!(
                "not copied (pre-flight scan): folder {}: {}",
                finding.path, finding.detail
            )),
        ),
        None => (None, None),
    };
    record_without_copy(site, file, destination_path, Outcome::Skipped, class, error)
}
