//! Server-side copy from request to completion: the `POST .../copy` answered `202 Accepted`
//! with a `Location` monitor URL (`copy_start`, which also looks after an unclear answer), then
//! the monitor polled with a growing interval until the job completes or fails
//! (`docs/graph-notes.md` §4).
//!
//! The monitor is polled WITHOUT a bearer token (SharePoint answers 401 to a Graph token, and
//! the URL is on another host), through the same send path as everything else, so each poll is
//! one recorded `copy-monitor` attempt. Completion comes as 200/202 with `status: completed`
//! and a `resourceId`, or as `303 See Other` to the new item: the redirect is read, never
//! followed (the client's redirect policy is off).

use std::time::{Duration, Instant};

use reqwest::Method;
use serde::Deserialize;
use url::Url;

use super::client::GraphClient;
use super::config::PollSchedule;
use super::context::RequestContext;
use super::copy_start::{CopyRequest, CopyStarted};
use super::error::GraphError;
use super::send::Call;
use crate::vocab::attempt::Operation;
use crate::vocab::units::{Micros, micros};

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
            self.interruption()
                .sleep(Duration::from_micros(wait_us))
                .await?;
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
