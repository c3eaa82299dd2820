//! Typed Graph payloads (v1.0): the subset of driveItem, drive, site, uploadSession and the error
//! body that pilotbench reads or writes. Field names follow Graph's camelCase; unknown fields are
//! ignored on input, as Graph adds fields over time. The simulated tenant serialises the same
//! types, so the two sides cannot drift apart.

use serde::{Deserialize, Serialize};

use crate::vocab::conflict::ConflictBehavior;

/// A SharePoint site (`GET /sites/{host}:/{path}`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Site {
    /// Composite id `hostname,siteCollectionGuid,webGuid`.
    pub id: String,
    /// Display name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub display_name: Option<String>,
    /// URL name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Absolute URL.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub web_url: Option<String>,
}

/// A drive (document library or OneDrive).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Drive {
    /// Drive id, `b!...`.
    pub id: String,
    /// Library display name ("Documents").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// `documentLibrary`, `business` or `personal`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub drive_type: Option<String>,
    /// Absolute URL.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub web_url: Option<String>,
}

/// One page of a collection, with the link to the next page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Page<T> {
    /// The items of this page (may be empty).
    pub value: Vec<T>,
    /// The whole URL of the next page; absent on the last page.
    #[serde(
        rename = "@odata.nextLink",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub next_link: Option<String>,
}

/// A file or folder.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DriveItem {
    /// Item id.
    pub id: String,
    /// Name (one path segment).
    pub name: String,
    /// Bytes (for folders, of everything below).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub size: Option<u64>,
    /// Entity tag.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub e_tag: Option<String>,
    /// Content tag (files only on SharePoint).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub c_tag: Option<String>,
    /// Service creation time, RFC 3339.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created_date_time: Option<String>,
    /// Service modification time, RFC 3339.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_modified_date_time: Option<String>,
    /// Absolute URL.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub web_url: Option<String>,
    /// Where it sits.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parent_reference: Option<ItemReference>,
    /// Present on files.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub file: Option<FileFacet>,
    /// Present on folders.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub folder: Option<FolderFacet>,
    /// Client-side timestamps, kept apart from the service's own.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub file_system_info: Option<FileSystemInfo>,
    /// Present on a drive's root folder.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub root: Option<serde_json::Value>,
}

impl DriveItem {
    /// The quickXorHash the service reported, if any.
    pub fn quick_xor_hash(&self) -> Option<&str> {
        self.file
            .as_ref()
            .and_then(|f| f.hashes.as_ref())
            .and_then(|h| h.quick_xor_hash.as_deref())
    }
}

/// `parentReference`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ItemReference {
    /// Drive id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub drive_id: Option<String>,
    /// `documentLibrary`, `business`, `personal`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub drive_type: Option<String>,
    /// Parent item id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// Parent path, `/drive/root:/a/b`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
}

/// The `file` facet.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct FileFacet {
    /// MIME type.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mime_type: Option<String>,
    /// Content hashes; may be missing at first.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hashes: Option<Hashes>,
}

/// `file.hashes`. On business drives only `quickXorHash` is reliable.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Hashes {
    /// Base64 of the 20-byte QuickXorHash.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub quick_xor_hash: Option<String>,
    /// Hex SHA-1 (not on business drives).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sha1_hash: Option<String>,
}

/// The `folder` facet.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct FolderFacet {
    /// Number of direct children.
    #[serde(default)]
    pub child_count: u64,
}

/// `fileSystemInfo`: timestamps as the client's file system had them, RFC 3339 UTC.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct FileSystemInfo {
    /// Creation time.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created_date_time: Option<String>,
    /// Modification time.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_modified_date_time: Option<String>,
}

/// Body of `POST .../children` creating a folder.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NewFolder {
    /// Folder name.
    pub name: String,
    /// Always `{}`.
    pub folder: serde_json::Value,
    /// `fail`, `replace` or `rename`.
    #[serde(rename = "@microsoft.graph.conflictBehavior")]
    pub conflict_behavior: String,
}

/// Body of `POST .../createUploadSession`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CreateUploadSessionRequest {
    /// The item's properties.
    pub item: UploadableProperties,
}

/// `driveItemUploadableProperties`; conflict behaviour goes inside it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct UploadableProperties {
    /// `fail`, `replace` or `rename`.
    #[serde(rename = "@microsoft.graph.conflictBehavior")]
    pub conflict_behavior: String,
    /// Must match the name in the path.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Total bytes: lets the service refuse an over-quota upload up front (507).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub file_size: Option<u64>,
    /// Source timestamps, so they survive the copy.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub file_system_info: Option<FileSystemInfo>,
}

impl Default for UploadableProperties {
    /// Nothing but Graph's safe conflict behaviour, `fail` (contract 6).
    fn default() -> Self {
        UploadableProperties {
            conflict_behavior: ConflictBehavior::Fail.as_str().to_owned(),
            name: None,
            file_size: None,
            file_system_info: None,
        }
    }
}

/// `uploadSession`: the answer to create, and to `GET {uploadUrl}`, and a fragment's 202.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct UploadSession {
    /// Where fragments go; carries its own credential, so no Authorization header.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub upload_url: Option<String>,
    /// When the session expires, RFC 3339.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expiration_date_time: Option<String>,
    /// Ranges still missing, `"start-"` or `"start-end"`; may not list all of them.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub next_expected_ranges: Vec<String>,
}

/// Graph's error body: `{"error": {...}}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ErrorBody {
    /// The error.
    pub error: ErrorDetail,
}

/// The error itself. Inner errors nest; the client walks to the innermost code.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ErrorDetail {
    /// `itemNotFound`, `nameAlreadyExists`, ...
    #[serde(default)]
    pub code: String,
    /// Human text; never branched on.
    #[serde(default)]
    pub message: String,
    /// Graph spelling `innerError` (with request-id, date) or OneDrive's `innererror` chain.
    #[serde(
        default,
        alias = "innererror",
        rename = "innerError",
        skip_serializing_if = "Option::is_none"
    )]
    pub inner_error: Option<Box<InnerError>>,
}

/// `innerError` / `innererror`.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct InnerError {
    /// A more specific code (`fragmentOverlap`), if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
    /// Request id.
    #[serde(
        rename = "request-id",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub request_id: Option<String>,
    /// Client request id.
    #[serde(
        rename = "client-request-id",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub client_request_id: Option<String>,
    /// Date, RFC 3339.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    /// A deeper inner error.
    #[serde(
        default,
        alias = "innerError",
        rename = "innererror",
        skip_serializing_if = "Option::is_none"
    )]
    pub innererror: Option<Box<InnerError>>,
}

impl ErrorDetail {
    /// The most specific code in the chain (the innermost non-empty one).
    pub fn innermost_code(&self) -> &str {
        let mut code = self.code.as_str();
        let mut next = self.inner_error.as_deref();
        while let Some(inner) = next {
            if let Some(c) = inner.code.as_deref().filter(|c| !c.is_empty()) {
                code = c;
            }
            next = inner.innererror.as_deref();
        }
        code
    }
}
