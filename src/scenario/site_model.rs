//! One `[[site]]` validated: its workload, where its content goes and where it comes from.

use std::path::PathBuf;

use super::target_model::GraphTarget;

/// One `[[site]]`.
#[derive(Debug, Clone, PartialEq)]
pub struct Site {
    /// Unique within the scenario.
    pub name: String,
    /// Which workload this test site stands for.
    pub workload: Workload,
    /// Where its content goes.
    pub destination: Destination,
    /// Where its content comes from.
    pub source: SourceSpec,
    /// How files reach the destination: streamed through pilotbench (default) or copied by
    /// the tenant itself (graph-drive sources in the same tenant only).
    pub copy_mode: CopyMode,
}

/// `copy_mode` of a site.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum CopyMode {
    /// Read each file (download it, for a graph-drive source) and upload it.
    #[default]
    Stream,
    /// One server-side copy job per file (`POST .../copy`, then poll its monitor).
    Server,
}

impl CopyMode {
    /// The spelling used in scenarios and reports.
    pub fn as_str(self) -> &'static str {
        match self {
            CopyMode::Stream => "stream",
            CopyMode::Server => "server",
        }
    }
}

/// The workloads the on-boarding guidance names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Workload {
    /// A SharePoint site's document library.
    SharePoint,
    /// A file share moved into a SharePoint library.
    Files,
    /// A team's files: a channel's files folder, or the team site's library.
    Teams,
    /// A user's OneDrive.
    OneDrive,
}

impl Workload {
    /// The spelling used in scenarios and reports.
    pub fn as_str(self) -> &'static str {
        match self {
            Workload::SharePoint => "sharepoint",
            Workload::Files => "files",
            Workload::Teams => "teams",
            Workload::OneDrive => "onedrive",
        }
    }
}

/// Where a site's content goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Destination {
    /// A document library of a SharePoint site (SharePoint, Files and Teams workloads).
    Library {
        /// The site's URL, `https://host/sites/name`.
        site_url: url::Url,
        /// The library's display name ("Documents").
        library: String,
        /// Folder path below the library root, `/`-separated, no leading or trailing `/`;
        /// empty means the library root.
        folder: String,
    },
    /// A user's OneDrive.
    OneDrive {
        /// The user's principal name.
        user: String,
        /// Folder path below the drive root, as above.
        folder: String,
    },
    /// A Teams channel's files folder (Teams workload), found with
    /// `GET /teams/{team}/channels/{channel}/filesFolder`.
    Channel {
        /// The team's id (its Microsoft 365 group id, a GUID).
        team: String,
        /// The channel's id (`19:...@thread.tacv2`).
        channel: String,
        /// Folder path below the channel's files folder, as above.
        folder: String,
    },
}

impl Destination {
    /// The folder path below the drive root (below the channel's files folder for a channel).
    pub fn folder(&self) -> &str {
        match self {
            Destination::Library { folder, .. }
            | Destination::OneDrive { folder, .. }
            | Destination::Channel { folder, .. } => folder,
        }
    }

    /// The same destination with `name` as one more folder below its folder: where a run
    /// that writes below a folder of its own puts its items.
    pub fn below(&self, name: &str) -> Destination {
        let mut below = self.clone();
        let (Destination::Library { folder, .. }
        | Destination::OneDrive { folder, .. }
        | Destination::Channel { folder, .. }) = &mut below;
        *folder = if folder.is_empty() {
            name.to_owned()
        } else {
            format!("{folder}/{name}")
        };
        below
    }
}

/// Where a site's content comes from.
#[derive(Debug, Clone, PartialEq)]
pub enum SourceSpec {
    /// A local folder tree, walked without following symlinks.
    Folder {
        /// Absolute path (relative paths are resolved against the scenario's folder).
        path: PathBuf,
    },
    /// Deterministic generated content.
    Synthetic(SyntheticSpec),
    /// A drive or folder in the tenant (reached through the destination's client, or through
    /// a client of its own when it has `credentials`).
    GraphDrive(GraphDriveSpec),
}

/// `source = { kind = "graph-drive", ... }`.
#[derive(Debug, Clone, PartialEq)]
pub struct GraphDriveSpec {
    /// Which drive.
    pub drive: DriveLocation,
    /// Folder path below the drive root, `/`-separated, no leading or trailing `/`; empty
    /// means the whole drive.
    pub folder: String,
    /// For the simulated tenant: the content the drive's folder is seeded with at start (a
    /// folder or synthetic source). Required for simulated targets, refused for real ones.
    pub seed: Option<Box<SourceSpec>>,
    /// `credentials = { ... }`: the source is read with its own app registration (another
    /// tenant, or the same tenant with other credentials) instead of the target's client.
    pub credentials: Option<Box<SourceCredentials>>,
}

/// A graph-drive source's `credentials`: the environment variables holding its app's
/// credentials and, when written, its service roots (absent = the target's roots: the
/// simulated tenant's, or those of `[target.graph]`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceCredentials {
    /// Variable holding the source tenant's ID.
    pub tenant_id_env: String,
    /// Variable holding the source app's client ID.
    pub client_id_env: String,
    /// Variable holding the source app's client secret.
    pub client_secret_env: String,
    /// Variable holding the path of the source app's certificate.
    pub certificate_path_env: String,
    /// Graph root of the source tenant, when written.
    pub graph_url: Option<url::Url>,
    /// Authority host of the source tenant, when written.
    pub login_url: Option<url::Url>,
}

impl SourceCredentials {
    /// As a [`GraphTarget`], with `graph_url` and `login_url` filling the roots not written.
    pub fn with_roots(&self, graph_url: &url::Url, login_url: &url::Url) -> GraphTarget {
        GraphTarget {
            tenant_id_env: self.tenant_id_env.clone(),
            client_id_env: self.client_id_env.clone(),
            client_secret_env: self.client_secret_env.clone(),
            certificate_path_env: self.certificate_path_env.clone(),
            graph_url: self.graph_url.clone().unwrap_or_else(|| graph_url.clone()),
            login_url: self.login_url.clone().unwrap_or_else(|| login_url.clone()),
        }
    }
}

/// A drive of the tenant.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DriveLocation {
    /// A document library of a SharePoint site.
    Library {
        /// The site's URL, `https://host/sites/name`.
        site_url: url::Url,
        /// The library's display name.
        library: String,
    },
    /// A user's OneDrive.
    OneDrive {
        /// The user's principal name.
        user: String,
    },
}

/// `source = { kind = "synthetic", ... }`.
#[derive(Debug, Clone, PartialEq)]
pub struct SyntheticSpec {
    /// Number of files.
    pub files: u64,
    /// Folder depth below the destination folder (0 = all files at the top).
    pub depth: u32,
    /// Subfolders per folder.
    pub fan_out: u32,
    /// Seed: same seed, same names, sizes and bytes.
    pub seed: u64,
    /// File size distribution.
    pub size: SizeDistribution,
}

/// File sizes of a synthetic source.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum SizeDistribution {
    /// Every file this size.
    Fixed {
        /// Bytes.
        value: u64,
    },
    /// Uniform between `min` and `max`, inclusive.
    Uniform {
        /// Bytes.
        min: u64,
        /// Bytes.
        max: u64,
    },
    /// Lognormal with this median and sigma (of the underlying normal), capped at `max`.
    LogNormal {
        /// Bytes.
        median: u64,
        /// Shape; 0 gives every file the median.
        sigma: f64,
        /// Cap in bytes.
        max: u64,
    },
}
