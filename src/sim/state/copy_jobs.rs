//! Server-side copy jobs as the tenant keeps them (`serve::server_side_copy` answers the
//! requests about them). A job runs on the tenant's clock for
//! [`SimConfig::copy_job_duration_us`], through the statuses and percentages `copy_progress`
//! reports, then it lands (whether or not anyone polls; every request first settles the jobs
//! that are due). A job copies one file, or a folder with its whole tree as one job
//! (`docs/graph-notes.md` §22): the new folder and everything in it appear together when the
//! job lands; a copied file shares its original's bytes (`file_bytes`), so it downloads too.
//!
//! A job ends `failed` when drawn by [`SimConfig::copy_failure_rate`] (a seeded stream of its
//! own, one draw per job, file or folder alike), when its source has gone, or when the name is
//! taken (`nameAlreadyExists`: under `fail`, and for a folder under `replace` too). Whether a
//! completed job is reported `200` or `303 See Other` is decided when it starts
//! ([`CopyCompletion`]).

use std::collections::HashMap;

use rand::{RngExt as _, SeedableRng as _};
use rand_chacha::ChaCha8Rng;

use super::contents::{Contents, ItemIdx, NewFile};
use super::copy_progress::{CopyWorkload, running_status};
use crate::sim::config::{CopyCompletion, SimConfig};
use crate::sim::exchange::SimFailure;
use crate::vocab::conflict::ConflictBehavior;
use crate::vocab::units::Micros;

/// Keeps copy-failure draws apart from every other seeded stream.
const COPY_FAILURE_STREAM: u64 = 7;

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

/// What a new job copies, and where to.
#[derive(Debug)]
pub(crate) struct NewJob {
    /// The file or folder copied.
    pub(crate) source: ItemIdx,
    /// The destination folder.
    pub(crate) parent: ItemIdx,
    /// The copy's name.
    pub(crate) name: String,
    /// What to do when the name is taken.
    pub(crate) conflict: ConflictBehavior,
    /// A file, or a folder's tree as it stood when the job was accepted (its progress).
    pub(crate) workload: CopyWorkload,
}

#[derive(Debug)]
struct Job {
    what: NewJob,
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

/// Where a job stands, as its monitor reports it.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum JobProgress<'a> {
    /// Still running: `notStarted`, `inProgress` or `waiting`, with its `percentageComplete`.
    Running {
        /// asyncJobStatus `status`.
        status: &'static str,
        /// `percentageComplete`.
        percentage: f64,
    },
    /// Landed as item `item_id` of drive `drive_id`.
    Completed {
        /// The new item's id.
        item_id: &'a str,
        /// Its drive's id.
        drive_id: &'a str,
        /// Reported as `303 See Other` to the item rather than `200`.
        see_other: bool,
    },
    /// Ended without a copy.
    Failed {
        /// Graph's error code.
        code: &'static str,
        /// Its message.
        message: &'a str,
        /// When the job was accepted (RFC 3339).
        created: &'a str,
    },
}

impl CopyJobs {
    /// No jobs yet.
    pub(crate) fn new(config: &SimConfig) -> CopyJobs {
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

    /// Starts job `id` at `now` (`now_us` on the tenant's clock); it lands when it is due.
    pub(crate) fn start(&mut self, id: String, what: NewJob, now: &str, now_us: Micros) {
        let inject_failure =
            self.failure_rate > 0.0 && self.rng.random::<f64>() < self.failure_rate;
        self.started += 1;
        let see_other = match self.completion {
            CopyCompletion::Ok => false,
            CopyCompletion::SeeOther => true,
            CopyCompletion::Alternate => self.started.is_multiple_of(2),
        };
        self.jobs.insert(
            id.clone(),
            Job {
                what,
                created_us: now_us,
                created: now.to_owned(),
                due_us: now_us.saturating_add(self.duration_us),
                inject_failure,
                see_other,
                state: JobState::Running,
            },
        );
        self.pending.push(id);
    }

    /// Lands every job whose time has come.
    pub(crate) fn settle_due(&mut self, contents: &mut Contents, now: &str, now_us: Micros) {
        if self.pending.is_empty() {
            return;
        }
        let pending = std::mem::take(&mut self.pending);
        for id in pending {
            let Some(job) = self.jobs.get_mut(&id) else {
                continue;
            };
            if job.due_us > now_us {
                self.pending.push(id);
                continue;
            }
            job.state = land(job, contents, now);
        }
    }

    /// Where job `id` stands at `now_us`; `None` if there is no such job.
    pub(crate) fn progress(&self, id: &str, now_us: Micros) -> Option<JobProgress<'_>> {
        let job = self.jobs.get(id)?;
        Some(match &job.state {
            JobState::Running => {
                let fraction =
                    now_us.saturating_sub(job.created_us) as f64 / self.duration_us.max(1) as f64;
                let (status, percentage) = running_status(&job.what.workload, fraction);
                JobProgress::Running { status, percentage }
            }
            JobState::Completed { item_id, drive_id } => JobProgress::Completed {
                item_id,
                drive_id,
                see_other: job.see_other,
            },
            JobState::Failed { code, message } => JobProgress::Failed {
                code,
                message,
                created: &job.created,
            },
        })
    }
}

fn land(job: &Job, contents: &mut Contents, now: &str) -> JobState {
    if job.inject_failure {
        return JobState::Failed {
            code: "generalException",
            message: "Errors occurred during copy/move operation.".to_owned(),
        };
    }
    let landed = match job.what.workload {
        CopyWorkload::File => land_file(&job.what, contents, now),
        CopyWorkload::Tree { .. } => land_tree(&job.what, contents, now),
    };
    match landed {
        Ok(idx) => {
            let item = contents.drive_item(idx);
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

/// The failure of a job whose source was deleted before it landed.
fn source_gone() -> SimFailure {
    SimFailure::not_found("The source item is gone.")
}

/// Stores the copy of a file, sharing the original's bytes.
fn land_file(what: &NewJob, contents: &mut Contents, now: &str) -> Result<ItemIdx, SimFailure> {
    let source = contents.drive_item(what.source);
    let quick_xor = source
        .quick_xor_hash()
        .map(str::to_owned)
        .ok_or_else(source_gone)?;
    let file = NewFile {
        size: source.size.unwrap_or(0),
        quick_xor,
        file_system_info: None,
        bytes: contents.file_bytes(what.source).cloned(),
    };
    let (idx, _) = contents.store_file(what.parent, &what.name, what.conflict, file, now)?;
    Ok(idx)
}

/// Copies a folder's tree as it stands now; each copied file shares its original's bytes.
fn land_tree(what: &NewJob, contents: &mut Contents, now: &str) -> Result<ItemIdx, SimFailure> {
    if !contents.exists(what.source) {
        return Err(source_gone());
    }
    let copied = contents.copy_tree(what.source, what.parent, &what.name, what.conflict, now)?;
    Ok(copied.folder)
}
