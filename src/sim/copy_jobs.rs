//! Server-side copy jobs (graph-api.md §1, §6, §12.4): `POST .../items/{id}/copy` with the
//! conflict behaviour in the query answers `202 Accepted` and a `Location` monitor URL on this
//! server (`/monitor/{job}`, no bearer token: a Graph token sent there is refused with 401, as
//! SharePoint does). The job runs on the tenant's clock for
//! [`super::SimConfig::copy_job_duration_us`]: `notStarted` for the first fifth, `inProgress`
//! with a growing `percentageComplete` to seven tenths, `waiting` after that, then it lands
//! (whether or not anyone polls; every request first settles the jobs that are due).
//!
//! A job ends `failed` when drawn by [`super::SimConfig::copy_failure_rate`] (a seeded stream of
//! its own) or when the name is taken under `fail` (`nameAlreadyExists`); failures show only in
//! the monitor, per graph-samples/monitor_sharepoint_failed_*.json. A completed job answers
//! 200 with `resourceId`, or `303 See Other` to the new item ([`CopyCompletion`]).

use std::collections::HashMap;

use rand::{RngExt as _, SeedableRng as _};
use rand_chacha::ChaCha8Rng;
use serde::Deserialize;
use serde_json::json;

use super::downloads::Downloads;
use super::errors::SimFailure;
use super::handlers::{Incoming, Payload, Reply, Shared};
use super::routes::{Address, GRAPH_PREFIX, MONITOR_PREFIX};
use super::state::{Base, ItemIdx, NewFile, Tenant, validate_name};
use crate::vocab::conflict::ConflictBehavior;
use crate::vocab::units::Micros;

/// Keeps copy-failure draws apart from every other seeded stream.
const COPY_FAILURE_STREAM: u64 = 7;

/// How the monitor reports a completed job.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum CopyCompletion {
    /// `200 OK` with `status: completed` and `resourceId`.
    Ok,
    /// `303 See Other` with `Location` to the new item (and the same body).
    SeeOther,
    /// One job each way, in turn: both forms in every run.
    #[default]
    Alternate,
}

/// Every copy job of the tenant.
#[derive(Debug)]
pub(crate) struct CopyJobs {
    jobs: HashMap<String, Job>,
    /// Jobs not yet settled.
    pending: Vec<String>,
    rng: ChaCha8Rng,
    failure_rate: f64,
    duration_us: Micros,
    completion: CopyCompletion,
    started: u64,
}

#[derive(Debug)]
struct Job {
    source: ItemIdx,
    parent: ItemIdx,
    name: String,
    conflict: ConflictBehavior,
    created_us: Micros,
    created: String,
    due_us: Micros,
    inject_failure: bool,
    see_other: bool,
    state: JobState,
}

#[derive(Debug)]
enum JobState {
    Running,
    Completed { item_id: String, drive_id: String },
    Failed { code: &'static str, message: String },
}

/// The copy request body (graph-samples/copy_request_body.json).
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct CopyBody {
    #[serde(default)]
    parent_reference: Option<ParentReference>,
    #[serde(default)]
    name: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct ParentReference {
    #[serde(default)]
    drive_id: Option<String>,
    #[serde(default)]
    id: Option<String>,
}

impl CopyJobs {
    /// No jobs yet.
    pub(crate) fn new(config: &super::SimConfig) -> CopyJobs {
        let mut rng = ChaCha8Rng::seed_from_u64(config.seed);
        rng.set_stream(COPY_FAILURE_STREAM);
        CopyJobs {
            jobs: HashMap::new(),
            pending: Vec::new(),
            rng,
            failure_rate: config.copy_failure_rate,
            duration_us: config.copy_job_duration_us,
            completion: config.copy_completion,
            started: 0,
        }
    }
}

/// `POST /drives/{d}/items/{id}/copy`: checks the request and starts the job.
pub(crate) fn start(
    shared: &mut Shared,
    request: &Incoming<'_>,
    drive: &str,
    at: &Address,
    now: &str,
    now_us: Micros,
) -> Result<Reply, SimFailure> {
    if request.method != "POST" {
        return Err(SimFailure::method_not_allowed(request.method));
    }
    let mut conflict = ConflictBehavior::Fail;
    for (key, value) in url::form_urlencoded::parse(request.query.unwrap_or_default().as_bytes()) {
        if key == "@microsoft.graph.conflictBehavior" {
            conflict = match value.as_ref() {
                "fail" => ConflictBehavior::Fail,
                "replace" => ConflictBehavior::Replace,
                "rename" => ConflictBehavior::Rename,
                other => {
                    return Err(SimFailure::invalid_request(format!(
                        "Unknown conflict behavior '{other}'; use fail, replace or rename."
                    )));
                }
            };
        }
    }
    let tenant = &mut shared.tenant;
    let source_drive = tenant.drive_idx(drive)?;
    let source = tenant.resolve(source_drive, &at.base, &at.path)?;
    let source_item = tenant.drive_item(source);
    if source_item.root.is_some() {
        return Err(SimFailure::invalid_request("Cannot copy the root folder."));
    }
    if source_item.file.is_none() {
        return Err(SimFailure::invalid_request(
            "The simulated tenant copies files only; copy a folder's files one by one.",
        ));
    }
    let body: CopyBody = serde_json::from_slice(request.body)
        .map_err(|e| SimFailure::invalid_request(format!("Invalid request body: {e}")))?;
    let parent_ref = body.parent_reference.ok_or_else(|| {
        SimFailure::invalid_request("The copy needs a parentReference naming the destination.")
    })?;
    let target_drive = match &parent_ref.drive_id {
        Some(id) => tenant.drive_idx(id)?,
        None => source_drive,
    };
    let parent = match &parent_ref.id {
        Some(id) => tenant.resolve(target_drive, &Base::Id(id.clone()), &[])?,
        None => tenant.resolve(target_drive, &Base::Root, &[])?,
    };
    tenant.require_folder(parent)?;
    let name = body.name.unwrap_or(source_item.name);
    validate_name(&name)?;
    let jobs = &mut shared.copy_jobs;
    let inject_failure = jobs.failure_rate > 0.0 && jobs.rng.random::<f64>() < jobs.failure_rate;
    jobs.started += 1;
    let see_other = match jobs.completion {
        CopyCompletion::Ok => false,
        CopyCompletion::SeeOther => true,
        CopyCompletion::Alternate => jobs.started.is_multiple_of(2),
    };
    let (id, _) = tenant.ids.session();
    jobs.jobs.insert(
        id.clone(),
        Job {
            source,
            parent,
            name,
            conflict,
            created_us: now_us,
            created: now.to_owned(),
            due_us: now_us.saturating_add(jobs.duration_us),
            inject_failure,
            see_other,
            state: JobState::Running,
        },
    );
    jobs.pending.push(id.clone());
    Ok(Reply {
        status: 202,
        payload: Payload::Location(format!("{}{MONITOR_PREFIX}{id}", shared.server_root)),
    })
}

/// Lands every job whose time has come.
pub(crate) fn settle_due(
    jobs: &mut CopyJobs,
    tenant: &mut Tenant,
    downloads: &mut Downloads,
    now: &str,
    now_us: Micros,
) {
    if jobs.pending.is_empty() {
        return;
    }
    let pending = std::mem::take(&mut jobs.pending);
    for id in pending {
        let Some(job) = jobs.jobs.get_mut(&id) else {
            continue;
        };
        if job.due_us > now_us {
            jobs.pending.push(id);
            continue;
        }
        job.state = land(job, tenant, downloads, now);
    }
}

fn land(job: &Job, tenant: &mut Tenant, downloads: &mut Downloads, now: &str) -> JobState {
    if job.inject_failure {
        return JobState::Failed {
            code: "generalException",
            message: "Errors occurred during copy/move operation.".to_owned(),
        };
    }
    let source = tenant.drive_item(job.source);
    let Some(quick_xor) = source.quick_xor_hash().map(str::to_owned) else {
        return JobState::Failed {
            code: "itemNotFound",
            message: "The source item is gone.".to_owned(),
        };
    };
    let file = NewFile {
        size: source.size.unwrap_or(0),
        quick_xor,
        file_system_info: None,
    };
    match tenant.store_file(job.parent, &job.name, job.conflict, file, now) {
        Ok((idx, _)) => {
            let item = tenant.drive_item(idx);
            if let Some(content) = downloads.content_of(&source.id).cloned() {
                downloads.remember(item.id.clone(), content);
            }
            let drive_id = item
                .parent_reference
                .and_then(|r| r.drive_id)
                .unwrap_or_default();
            JobState::Completed {
                item_id: item.id,
                drive_id,
            }
        }
        Err(failure) if failure.code == "nameAlreadyExists" => JobState::Failed {
            code: "nameAlreadyExists",
            message: "Name already exists".to_owned(),
        },
        Err(failure) => JobState::Failed {
            code: failure.code,
            message: failure.message,
        },
    }
}

/// `GET /monitor/{job}`: the job's status, without a bearer token.
pub(crate) fn monitor(
    shared: &Shared,
    request: &Incoming<'_>,
    job_id: &str,
    now_us: Micros,
) -> Result<Reply, SimFailure> {
    if request.method != "GET" {
        return Err(SimFailure::method_not_allowed(request.method));
    }
    if request.authorization.is_some() {
        return Err(SimFailure::new(
            401,
            "unauthenticated",
            "The monitor URL takes no Authorization header; a Graph token is not valid here.",
        ));
    }
    let jobs = &shared.copy_jobs;
    let job = jobs
        .jobs
        .get(job_id)
        .ok_or_else(|| SimFailure::not_found("The operation could not be found."))?;
    let (status, body, location) = match &job.state {
        JobState::Running => {
            let fraction =
                now_us.saturating_sub(job.created_us) as f64 / jobs.duration_us.max(1) as f64;
            let (state, percentage) = if fraction < 0.2 {
                ("notStarted", 0.0)
            } else if fraction < 0.7 {
                ("inProgress", ((fraction - 0.2) / 0.5 * 99.0).round())
            } else {
                ("waiting", 99.0)
            };
            let body = json!({
                "operation": "ItemCopy",
                "percentageComplete": percentage,
                "status": state,
            });
            (202, body, None)
        }
        JobState::Completed { item_id, drive_id } => {
            let body = json!({
                "percentageComplete": 100.0,
                "resourceId": item_id,
                "status": "completed",
            });
            if job.see_other {
                let location = format!(
                    "{}{GRAPH_PREFIX}/drives/{drive_id}/items/{item_id}",
                    shared.server_root
                );
                (303, body, Some(location))
            } else {
                (200, body, None)
            }
        }
        JobState::Failed { code, message } => {
            let body = json!({
                "id": job_id,
                "createdDateTime": job.created,
                "lastActionDateTime": job.created,
                "status": "failed",
                "error": { "code": code, "message": message },
            });
            (200, body, None)
        }
    };
    Ok(Reply {
        status,
        payload: Payload::Monitor { body, location },
    })
}
