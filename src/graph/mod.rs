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
//! [`Attempt`]: crate::vocab::attempt::Attempt
//! [`AttemptSink`]: crate::vocab::attempt::AttemptSink

mod auth;
mod client;
mod copy;
mod copy_recovery;
mod download;
mod error;
mod fragments;
mod gate;
mod paths;
mod ratelimit;
mod recovery;
mod retry;
mod send;
mod source_read;
mod token;
mod types;
mod upload;

pub use auth::{
    AppAuthConfig, AppCredential, AppTokenSource, CertificateError, ClientCertificate, Secret,
    refresh_margin,
};
pub use client::{ClientConfig, GraphClient, RequestContext};
pub use copy::{CopyCompleted, CopyRequest, PollSchedule};
pub use copy_recovery::CopyStarted;
pub use download::DownloadStream;
pub use error::GraphError;
pub use retry::{RetryPolicy, honoured_wait, parse_retry_after};
pub use token::{StaticToken, TokenSource};
pub use types::{
    CreateUploadSessionRequest, Drive, DriveItem, ErrorBody, ErrorDetail, FileFacet,
    FileSystemInfo, FolderFacet, Hashes, InnerError, ItemReference, NewFolder, Page, Site,
    UploadSession, UploadableProperties,
};
pub use upload::{ChunkReply, ContentRange, MAX_SESSION_RESTARTS, UploadPlan, UploadResult};
