//! Server-side copy: `POST /drives/{d}/items/{id}/copy?@microsoft.graph.conflictBehavior=...`
//! answered `202 Accepted` with a `Location` monitor URL, then the monitor polled with a
//! growing interval until the job completes or fails (graph-api.md §1, §6).
//!
//! The monitor is polled WITHOUT a bearer token (SharePoint answers 401 to a Graph token, and
//! the URL is on another host), through the same send path as everything else, so each poll is
//! one recorded `copy-monitor` attempt. Completion comes as 200/202 with `status: completed`
//! and a `resourceId`, or as `303 See Other` to the new item: the redirect is read, never
//! followed (the client's redirect policy is off).

use std::time::{Duration, Instant};

use reqwest::Method;
use serde::{Deserialize, Serialize};
use url::Url;

use super::copy_recovery::CopyStarted;
use super::paths::encode_id;
use super::send::{Call, Reply};
use super::{GraphClient, GraphError, RequestContext};
use crate::vocab::attempt::Operation;
use crate::vocab::conflict::ConflictBehavior;
use crate::vocab::units::{Micros, micros};

/// How a copy job's monitor is polled: `first_us`, then each wait `factor` times the last,
/// at most `max_us`; a job still running after `give_up_after_us` fails the item.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PollSchedule {
    /// Wait before the first poll.
    pub first_us: Micros,
    /// Growth of the wait from one poll to the next.
    pub factor: f64,
    /// Longest wait between polls.
    pub max_us: Micros,
    /// How long a job may run before the item is given up as `copy-job-failed`.
    pub give_up_after_us: Micros,
}

impl Default for PollSchedule {
    /// 200 ms, ×1.5 per poll, at most 5 s; give up after one hour.
    fn default() -> Self {
        PollSchedule {
            first_us: 200_000,
            factor: 1.5,
            max_us: 5_000_000,
            give_up_after_us: 3_600_000_000,
        }
    }
}

impl PollSchedule {
    /// The wait after `wait_us`.
    pub fn next_wait_us(&self, wait_us: Micros) -> Micros {
        let grown = (wait_us as f64 * self.factor.max(1.0)).round();
        if grown >= self.max_us as f64 {
            self.max_us
        } else {
            (grown as Micros).max(1)
        }
    }
}

/// One file to copy inside the tenant.
#[derive(Debug, Clone)]
pub struct CopyRequest<'a> {
    /// The source item's drive.
    pub source_drive_id: &'a str,
    /// The source item.
    pub source_item_id: &'a str,
    /// The destination drive.
    pub destination_drive_id: &'a str,
    /// The destination folder's item id.
    pub destination_parent_id: &'a str,
    /// A new name, or `None` to keep the source's.
    pub name: Option<&'a str>,
    /// What the job does when the name is taken (in the query string, as Graph requires).
    pub conflict: ConflictBehavior,
    /// The source item's name (the copy's, unless `name` is given): looked for when the copy
    /// request gets no clear answer.
    pub source_name: &'a str,
    /// The source item's size in bytes: a copy found after an unclear answer must have it.
    pub source_size: u64,
    /// The source item's quickXorHash (base64), when known: a copy found after an unclear
    /// answer must have it (without it, nothing found counts as our copy).
    pub source_quick_xor_hash: Option<&'a str>,
}

/// A completed copy job.
#[derive(Debug, Clone, PartialEq)]
pub struct CopyCompleted {
    /// The new item's id, when the monitor gave it.
    pub resource_id: Option<String>,
    /// Monitor polls made.
    pub polls: u32,
    /// From the copy request to the poll that saw completion.
    pub duration_us: Micros,
}

/// The copy request body (graph-samples/copy_request_body.json).
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
struct CopyBody<'a> {
    parent_reference: ParentReference<'a>,
    #[serde(skip_serializing_if = "Option::is_none")]
    name: Option<&'a str>,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
struct ParentReference<'a> {
    drive_id: &'a str,
    id: &'a str,
}

/// A monitor answer (asyncJobStatus, or SharePoint's operation with `error`).
#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
struct MonitorStatus {
    #[serde(default)]
    status: Option<String>,
    #[serde(default)]
    resource_id: Option<String>,
    #[serde(default)]
    error: Option<MonitorError>,
    #[serde(default)]
    status_description: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
struct MonitorError {
    #[serde(default)]
    code: Option<String>,
    #[serde(default)]
    message: Option<String>,
    #[serde(default)]
    details: Vec<MonitorErrorDetail>,
}

#[derive(Debug, Default, Deserialize)]
struct MonitorErrorDetail {
    #[serde(default)]
    code: Option<String>,
    #[serde(default)]
    message: Option<String>,
}

/// What one poll said.
#[derive(Debug, Clone, PartialEq)]
enum Poll {
    Running,
    Completed(Option<String>),
    Failed { code: String, message: String },
}

impl GraphClient {
    /// Copies one item inside the tenant and waits for the job, polling as `schedule` says.
    /// On failure, returns the error and the attempts spent.
    pub async fn copy_item(
        &self,
        ctx: RequestContext,
        request: &CopyRequest<'_>,
        schedule: &PollSchedule,
    ) -> Result<(CopyCompleted, u32), (GraphError, u32)> {
        let mut attempts = 0u32;
        let started = Instant::now();
        let monitor = match self.start_copy(ctx, request, &mut attempts).await {
            Ok(CopyStarted::Monitor(monitor)) => monitor,
            Ok(CopyStarted::AlreadyCopied(item)) => {
                let done = CopyCompleted {
                    resource_id: Some(item.id),
                    polls: 0,
                    duration_us: micros(started.elapsed()),
                };
                return Ok((done, attempts));
            }
            Err(error) => return Err((error, attempts)),
        };
        match self
            .wait_for_copy(ctx, &monitor, schedule, started, &mut attempts)
            .await
        {
            Ok(done) => Ok((done, attempts)),
            Err(error) => Err((error, attempts)),
        }
    }

    /// `POST .../copy`: returns the monitor URL from the `202 Accepted` answer's `Location`,
    /// or the copy itself when an unclear answer hid a job that finished (copy_recovery.rs).
    pub async fn start_copy(
        &self,
        ctx: RequestContext,
        request: &CopyRequest<'_>,
        attempts: &mut u32,
    ) -> Result<CopyStarted, GraphError> {
        let url = self.graph_url(&format!(
            "/drives/{}/items/{}/copy?@microsoft.graph.conflictBehavior={}",
            encode_id(request.source_drive_id),
            encode_id(request.source_item_id),
            request.conflict.as_str()
        ))?;
        let body = serde_json::to_vec(&CopyBody {
            parent_reference: ParentReference {
                drive_id: request.destination_drive_id,
                id: request.destination_parent_id,
            },
            name: request.name,
        })
        .map_err(|e| GraphError::Protocol(format!("cannot encode the copy request: {e}")))?;
        let call = Call::new(Operation::CopyItem, Method::POST, &url, true).json(body.into());
        self.post_copy(ctx, request, &call, attempts).await
    }
    /// Polls `monitor` (no bearer token) until the job completes or fails. `started` is when
    /// the copy was requested: the job's duration is measured from it.
    pub async fn wait_for_copy(
        &self,
        ctx: RequestContext,
        monitor: &Url,
        schedule: &PollSchedule,
        started: Instant,
        attempts: &mut u32,
    ) -> Result<CopyCompleted, GraphError> {
        let mut wait_us = schedule.first_us;
        let mut polls = 0u32;
        loop {
            tokio::time::sleep(Duration::from_micros(wait_us)).await;
            let call =
                Call::new(Operation::CopyMonitor, Method::GET, monitor, false).redirect_is_reply();
            let reply = self.transport().send(ctx, &call, attempts).await?;
            polls += 1;
            match read_poll(reply.status, &reply.body, reply.location.as_deref())? {
                Poll::Running => {}
                Poll::Completed(resource_id) => {
                    return Ok(CopyCompleted {
                        resource_id,
                        polls,
                        duration_us: micros(started.elapsed()),
                    });
                }
                Poll::Failed { code, message } => {
                    return Err(GraphError::CopyJobFailed { code, message });
                }
            }
            if micros(started.elapsed()) >= schedule.give_up_after_us {
                return Err(GraphError::CopyJobFailed {
                    code: String::new(),
                    message: format!(
                        "the job had not finished after {} s of polling",
                        schedule.give_up_after_us / 1_000_000
                    ),
                });
            }
            wait_us = schedule.next_wait_us(wait_us);
        }
    }
}

/// The monitor URL of the copy request's answer (`202 Accepted` with `Location`), resolved
/// against the request's `url`.
pub(super) fn monitor_from(reply: Reply, url: &Url) -> Result<Url, GraphError> {
    if reply.status != 202 {
        return Err(GraphError::Protocol(format!(
            "copy answered {} instead of 202 Accepted",
            reply.status
        )));
    }
    let location = reply.location.ok_or_else(|| {
        GraphError::Protocol("copy answered 202 without a Location monitor URL".into())
    })?;
    let monitor = url
        .join(&location)
        .map_err(|e| GraphError::Protocol(format!("copy gave an unusable monitor URL: {e}")))?;
    if !matches!(monitor.scheme(), "http" | "https") {
        return Err(GraphError::Protocol(
            "copy gave a monitor URL that is not HTTP(S)".into(),
        ));
    }
    Ok(monitor)
}

/// Reads one monitor answer.
fn read_poll(status: u16, body: &[u8], location: Option<&str>) -> Result<Poll, GraphError> {
    let parsed: MonitorStatus = if body.iter().all(u8::is_ascii_whitespace) {
        MonitorStatus::default()
    } else {
        serde_json::from_slice(body).map_err(|e| {
            GraphError::Protocol(format!(
                "copy-monitor answered {status} with a body that is not an asyncJobStatus: {e}"
            ))
        })?
    };
    if (300..400).contains(&status) {
        // See Other: the job is done and Location names the new item.
        let from_location = location.and_then(resource_id_from_location);
        return Ok(Poll::Completed(parsed.resource_id.or(from_location)));
    }
    match parsed.status.as_deref() {
        Some("completed") => Ok(Poll::Completed(parsed.resource_id)),
        Some(state @ ("failed" | "cancelled" | "deleteFailed")) => {
            let error = parsed.error.unwrap_or_default();
            let detail = error.details.into_iter().next().unwrap_or_default();
            let code = error
                .code
                .or(detail.code)
                .unwrap_or_else(|| state.to_owned());
            let message = error
                .message
                .or(detail.message)
                .or(parsed.status_description)
                .unwrap_or_else(|| format!("the job ended {state}"));
            Ok(Poll::Failed { code, message })
        }
        Some(_) => Ok(Poll::Running),
        None if parsed.resource_id.is_some() => Ok(Poll::Completed(parsed.resource_id)),
        None => Err(GraphError::Protocol(format!(
            "copy-monitor answered {status} without a status"
        ))),
    }
}

/// The item id at the end of a `.../items/{id}` URL.
fn resource_id_from_location(location: &str) -> Option<String> {
    let path = location.split(['?', '#']).next()?;
    let (before, id) = path.trim_end_matches('/').rsplit_once('/')?;
    (before.ends_with("/items") && !id.is_empty()).then(|| {
        percent_encoding::percent_decode_str(id)
            .decode_utf8_lossy()
            .into_owned()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_poll_interval_grows_to_its_cap() {
        let schedule = PollSchedule::default();
        let mut wait = schedule.first_us;
        let mut waits = vec![wait];
        for _ in 0..12 {
            wait = schedule.next_wait_us(wait);
            waits.push(wait);
        }
        assert_eq!(&waits[..4], &[200_000, 300_000, 450_000, 675_000]);
        assert_eq!(waits.last(), Some(&5_000_000));
        assert!(waits.windows(2).all(|w| w[0] <= w[1]));
    }

    #[test]
    fn monitor_answers_are_read_by_status() {
        let running =
            br#"{"operation":"ItemCopy","percentageComplete":27.8,"status":"inProgress"}"#;
        assert_eq!(read_poll(202, running, None), Ok(Poll::Running));
        let waiting = br#"{"status":"waiting"}"#;
        assert_eq!(read_poll(202, waiting, None), Ok(Poll::Running));
        let done = br#"{"percentageComplete":100.0,"resourceId":"01ABC","status":"completed"}"#;
        assert_eq!(
            read_poll(200, done, None),
            Ok(Poll::Completed(Some("01ABC".into())))
        );
        assert_eq!(
            read_poll(303, b"", Some("https://h/v1.0/drives/b!x/items/01NEW")),
            Ok(Poll::Completed(Some("01NEW".into())))
        );
        let failed = br#"{"status":"failed","error":{"message":"Errors occurred","details":[{"code":"nameAlreadyExists","message":"Name already exists"}]}}"#;
        assert_eq!(
            read_poll(200, failed, None),
            Ok(Poll::Failed {
                code: "nameAlreadyExists".into(),
                message: "Errors occurred".into()
            })
        );
        assert!(read_poll(200, b"{}", None).is_err());
        assert!(read_poll(200, b"<html>", None).is_err());
    }
}
