//! Copying one file: open the source, stream it through the upload (simple PUT or upload
//! session), and turn what happened into exactly one [`ItemRecord`].

use std::sync::Arc;
use std::time::{Instant, SystemTime};

use tokio_util::sync::CancellationToken;

use super::Observer;
use super::failure_class::{GraphFailureClass, interrupted_outcome};
use super::reader::{HashingReader, INTERRUPTED};
use crate::graph::{
    FileSystemInfo, GraphClient, GraphError, RequestContext, UploadPlan, UploadResult,
    UploadableProperties,
};
use crate::scenario::EngineSettings;
use crate::source::{FileOrigin, SourceFile, SourceReader, changed_while_read};
use crate::vocab::chunk_read::ChunkRead;
use crate::vocab::created_item::{CreatedItem, CreatedKind};
use crate::vocab::outcome::{FailureClass, ItemRecord, Outcome};
use crate::vocab::units::micros;

/// Where one file goes.
pub(super) struct FileTarget<'a> {
    pub drive_id: &'a str,
    pub parent_id: &'a str,
    pub destination_path: String,
}

/// What the copy of one file needs from its surroundings.
pub(super) struct CopyContext<'a> {
    pub client: &'a GraphClient,
    /// Where a remote source file is downloaded from: the target's client, or the source's own.
    pub source_client: &'a GraphClient,
    pub settings: &'a EngineSettings,
    pub observer: Arc<dyn Observer>,
    pub cancel: CancellationToken,
    pub site: usize,
}

/// A record for an item that never reached the tenant.
pub(super) fn record_without_copy(
    site: usize,
    file: &SourceFile,
    destination_path: String,
    outcome: Outcome,
    failure_class: Option<FailureClass>,
    last_error: Option<String>,
) -> ItemRecord {
    ItemRecord {
        site,
        source_path: file.rel_path.clone(),
        destination_path,
        size_bytes: file.size,
        quick_xor_hash_source: None,
        quick_xor_hash_destination: None,
        outcome,
        failure_class,
        attempts: 0,
        duration_us: 0,
        last_error,
    }
}

/// Copies one file and says how it ended.
pub(super) async fn copy_file(
    ctx: &CopyContext<'_>,
    file: &SourceFile,
    target: FileTarget<'_>,
) -> ItemRecord {
    let started = Instant::now();
    if let FileOrigin::Invalid { reason } = &file.origin {
        return record_without_copy(
            ctx.site,
            file,
            target.destination_path,
            Outcome::Failed,
            Some(FailureClass::SourceUnreadable),
            Some(reason.clone()),
        );
    }
    let mut download_attempts = 0u32;
    let opened = match &file.origin {
        FileOrigin::Remote {
            drive_id, item_id, ..
        } => ctx
            .source_client
            .open_download(
                RequestContext { site: ctx.site },
                drive_id,
                item_id,
                &mut download_attempts,
            )
            .await
            .map(|download| SourceReader::from_chunks(Box::new(download)))
            .map_err(|error| (error.failure_class(), error.to_string())),
        _ => SourceReader::open(file).await.map_err(|error| {
            let class = match changed_while_read(&error) {
                Some(_) => FailureClass::SourceChanged,
                None => FailureClass::SourceUnreadable,
            };
            (class, error.to_string())
        }),
    };
    let source = match opened {
        Ok(source) => source,
        Err((class, error)) => {
            let mut record = record_without_copy(
                ctx.site,
                file,
                target.destination_path,
                Outcome::Failed,
                Some(class),
                Some(format!("cannot open the source file: {error}")),
            );
            record.attempts = download_attempts;
            record.duration_us = micros(started.elapsed());
            return record;
        }
    };
    let mut reader = HashingReader::new(
        source,
        file.clone(),
        ctx.site,
        ctx.observer.clone(),
        ctx.cancel.clone(),
    );
    let name = file
        .rel_path
        .rsplit('/')
        .next()
        .unwrap_or(&file.rel_path)
        .to_string();
    let plan = UploadPlan {
        drive_id: target.drive_id,
        parent_id: target.parent_id,
        name: &name,
        size: file.size,
        simple_upload_max: ctx.settings.simple_upload_max,
        chunk_size: ctx.settings.chunk_size,
        conflict: ctx.settings.conflict,
        // The conflict behaviour, name and size travel once, in the plan's own fields.
        properties: UploadableProperties {
            file_system_info: Some(FileSystemInfo {
                created_date_time: file.created.map(rfc3339),
                last_modified_date_time: file.modified.map(rfc3339),
            }),
            ..UploadableProperties::default()
        },
    };
    let request = RequestContext { site: ctx.site };
    let result = upload_until_read_whole(ctx.client, request, &plan, &mut reader).await;
    let mut record = record_without_copy(
        ctx.site,
        file,
        target.destination_path,
        Outcome::Failed,
        None,
        None,
    );
    record.duration_us = micros(started.elapsed());
    match result {
        Ok(uploaded) => {
            ctx.observer.item_created(&CreatedItem {
                site: ctx.site,
                kind: CreatedKind::File,
                destination_path: record.destination_path.clone(),
                item_id: uploaded.item.id.clone(),
                e_tag: uploaded.item.e_tag.clone(),
                size_bytes: uploaded.item.size.unwrap_or(0),
                quick_xor_hash: uploaded.item.quick_xor_hash().map(str::to_string),
            });
            record.attempts = uploaded.attempts + download_attempts;
            let read = reader.bytes_read();
            record.quick_xor_hash_source = reader.finish(file.size);
            record.quick_xor_hash_destination = uploaded.item.quick_xor_hash().map(str::to_string);
            if read != file.size {
                record.failure_class = Some(FailureClass::SourceChanged);
                record.last_error = Some(format!(
                    "the source changed while it was read: expected {} bytes, read {read}",
                    file.size
                ));
            } else {
                match (
                    &record.quick_xor_hash_source,
                    &record.quick_xor_hash_destination,
                ) {
                    (Some(source), Some(destination)) if source == destination => {
                        record.outcome = Outcome::Verified;
                    }
                    (Some(source), Some(destination)) => {
                        record.failure_class = Some(FailureClass::HashMismatch);
                        record.last_error = Some(format!(
                            "quickXorHash differs: source {source}, tenant {destination}"
                        ));
                    }
                    _ => record.outcome = Outcome::CopiedUnverified,
                }
            }
        }
        Err((error, attempts)) => {
            record.attempts = attempts + download_attempts;
            if reader.interrupted() {
                // Cancelled before its first request: never started, as an item the run never
                // took. After one: the tenant may hold part or all of it.
                record.outcome = if record.attempts == 0 {
                    Outcome::NotRun
                } else {
                    Outcome::Interrupted
                };
                record.last_error = Some(INTERRUPTED.to_string());
            } else if let Some(outcome) = interrupted_outcome(&error, record.attempts) {
                // Ctrl-C cut one of its waits short (a Retry-After, a backoff, the gate).
                record.outcome = outcome;
                record.last_error = Some(error.to_string());
            } else if let Some(changed) = reader.changed() {
                record.failure_class = Some(FailureClass::SourceChanged);
                record.last_error = Some(format!(
                    "{changed}; read {} time(s), it changed each time; the upload was stopped \
                     before its last bytes, so nothing was stored",
                    reader.opened()
                ));
            } else {
                record.failure_class = Some(error.failure_class());
                record.last_error = Some(error.to_string());
                // Read to its end, its hash is known: what `clean` and `--resume` compare a
                // `maybe-stored` item's tenant copy with.
                record.quick_xor_hash_source = reader.finish(file.size);
            }
        }
    }
    record
}

/// How many times a file that changed while it was read is read and sent again from its first
/// byte, after the first read: a file that keeps changing fails as `source-changed`.
pub(super) const SOURCE_REREADS: u32 = 2;

/// Uploads the file, and reads and sends it again (up to [`SOURCE_REREADS`] times) when the read
/// found the file changed. The reader checks the file's identity before it reports the end of
/// the file, and both upload paths ask for that end before the request that would store the
/// file (the simple PUT, the final fragment): a torn read is never stored, its session is
/// cancelled, and the next try opens the file afresh. Attempts of every try are counted.
async fn upload_until_read_whole(
    client: &GraphClient,
    request: RequestContext,
    plan: &UploadPlan<'_>,
    reader: &mut HashingReader,
) -> Result<UploadResult, (GraphError, u32)> {
    let mut spent = 0u32;
    let mut rereads = 0u32;
    loop {
        let (error, attempts) = match client.upload_file(request, plan, reader).await {
            Ok(mut uploaded) => {
                uploaded.attempts += spent;
                return Ok(uploaded);
            }
            Err(failed) => failed,
        };
        spent += attempts;
        if reader.changed().is_none() || rereads == SOURCE_REREADS {
            return Err((error, spent));
        }
        if let Err(opening) = reader.restart().await {
            return Err((GraphError::Source(opening.to_string()), spent));
        }
        rereads += 1;
    }
}

/// RFC 3339 UTC with seconds, as Graph writes timestamps.
pub(super) fn rfc3339(time: SystemTime) -> String {
    humantime::format_rfc3339_seconds(time).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::NoObserver;
    use crate::graph::{ClientConfig, StaticToken};
    use crate::vocab::attempt::NullSink;

    fn synthetic_file(size: u64) -> SourceFile {
        SourceFile {
            rel_path: "pilot/a.txt".to_string(),
            size,
            created: None,
            modified: None,
            origin: FileOrigin::Synthetic { seed: 1, index: 0 },
        }
    }

    /// A file whose upload starts after Ctrl-C is `not-run`: the reader refuses its first
    /// read, and the copy knows it from the reader, not from the error's words. No request is
    /// sent (a simple upload reads the file before its PUT), so the client's root is never
    /// reached.
    #[tokio::test]
    async fn an_upload_stopped_by_ctrl_c_is_not_run() {
        let base = url::Url::parse("http://127.0.0.1:9/v1.0").expect("url");
        let client = GraphClient::new(
            ClientConfig::new(base, "pilotbench-test"),
            Arc::new(StaticToken::new("token")),
            Arc::new(NullSink),
        )
        .expect("client");
        let settings = EngineSettings::default();
        let cancel = CancellationToken::new();
        cancel.cancel();
        let ctx = CopyContext {
            client: &client,
            source_client: &client,
            settings: &settings,
            observer: Arc::new(NoObserver),
            cancel,
            site: 0,
        };
        let target = FileTarget {
            drive_id: "drive",
            parent_id: "parent",
            destination_path: "pilot/a.txt".to_string(),
        };
        let record = copy_file(&ctx, &synthetic_file(10), target).await;
        assert_eq!(record.outcome, Outcome::NotRun, "{record:?}");
        assert_eq!(record.failure_class, None);
        assert_eq!(record.last_error.as_deref(), Some(INTERRUPTED));
        assert_eq!(record.attempts, 0);
    }
}
