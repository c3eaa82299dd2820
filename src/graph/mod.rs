//! Talking to Microsoft Graph: our own thin layer on reqwest, one code path for the real
//! service and the simulated tenant (contract 1); only the base URL and the token source differ.
//!
//! Every HTTP attempt goes through [`GraphClient`]'s single send path, which times it and hands
//! an [`Attempt`] to the [`AttemptSink`] (contract 2). Nothing retries or follows a redirect out
//! of sight: reqwest's redirect policy is off.
//!
//! The client knows Graph only: the measurement record ([`Attempt`]), the bytes it uploads
//! ([`crate::vocab::chunk_read::ChunkRead`]) and Graph's conflict behaviour are shared
//! vocabulary, and what a failure means for an item is the engine's to say.
//!
//! The files build on each other in one direction, from the words to the work:
//!
//! 1. `error`, `types`, `paths`, `context`, `source_read`: failures, payloads, URLs and who a
//!    request is for; they import nothing of the client;
//! 2. `retry` (the policy), `interruption` (the one way the client waits, cut short by Ctrl-C),
//!    `config`, `gate`, `ratelimit`, `token`: rules and settings that only read the words;
//! 3. `retry_loop`: the one loop every repeated request goes round, which sends nothing itself;
//! 4. `send`: the one measured send path, with the loop for requests safe to repeat as they are;
//! 5. `client`: [`GraphClient`] and its plain calls;
//! 6. `upload_plan`, `upload_session`, `recovery` (looking after unclear writes), `fragments`,
//!    `upload`, `download`, `copy_start`, `copy`, `delete` (clean-up's reads and deletes): the
//!    multi-request work, each `impl GraphClient` block using only files below it;
//! 7. `auth`: app-only tokens, a [`TokenSource`] that only the application wires in.
//!
//! So the send path can never depend on an upload, nor the loop on what it repeats: a request
//! that needs to look before it repeats brings that look with it (`retry_loop::Repeatable`).
//!
//! [`Attempt`]: crate::vocab::attempt::Attempt
//! [`AttemptSink`]: crate::vocab::attempt::AttemptSink

mod auth;
mod client;
mod config;
mod context;
mod copy;
mod copy_start;
mod delete;
mod download;
mod error;
mod fragments;
mod gate;
mod interruption;
mod paths;
mod ratelimit;
mod recovery;
mod retry;
mod retry_loop;
mod send;
mod source_read;
mod token;
mod types;
mod upload;
mod upload_plan;
mod upload_session;

pub use auth::{
    AppAuthConfig, AppCredential, AppTokenSource, CertificateError, ClientCertificate, Secret,
    refresh_margin,
};
pub use client::{DriveByName, GraphClient};
pub use config::{ClientConfig, PollSchedule};
pub use context::RequestContext;
pub use copy::CopyCompleted;
pub use copy_start::{CopyRequest, CopyStarted};
pub use delete::Deleted;
pub use download::DownloadStream;
pub use error::GraphError;
pub use interruption::Interruption;
pub use retry::{RetryPolicy, honoured_wait, parse_retry_after};
pub use token::{StaticToken, TokenSource};
pub use types::{
    CreateUploadSessionRequest, Drive, DriveItem, ErrorBody, ErrorDetail, FileFacet,
    FileSystemInfo, FolderFacet, Hashes, InnerError, ItemReference, NewFolder, Page, Site,
    UploadSession, UploadableProperties,
};
pub use upload::{MAX_SESSION_RESTARTS, UploadResult};
pub use upload_plan::{ChunkReply, ContentRange, UploadPlan};
