//! Downloads: `GET /drives/{d}/items/{id}/content` answers `302 Found` with a pre-authenticated
//! URL on this server (`/download/{id}?tempauth=...`, no bearer token, as Graph's are), which
//! streams the file's bytes. The tenant keeps no bytes of uploaded files, so only files whose
//! bytes it can regenerate can be downloaded: seeded source files and server-side copies of
//! them.

use std::collections::HashMap;

use super::errors::SimFailure;
use super::handlers::{Incoming, Payload, Reply, Shared};
use super::routes::{Address, DOWNLOAD_PREFIX};
use crate::source::SourceFile;

/// Where the bytes of downloadable files come from, and the download URLs handed out.
#[derive(Debug, Default)]
pub(crate) struct Downloads {
    /// Item id → its bytes' origin.
    content: HashMap<String, SourceFile>,
    /// `tempauth` credential → the item id it opens.
    grants: HashMap<String, String>,
}

impl Downloads {
    /// Item `id`'s bytes come from `content`.
    pub(crate) fn remember(&mut self, id: String, content: SourceFile) {
        self.content.insert(id, content);
    }

    /// The origin of item `id`'s bytes, if the tenant can produce them.
    pub(crate) fn content_of(&self, id: &str) -> Option<&SourceFile> {
        self.content.get(id)
    }
}

/// `GET .../items/{id}/content`: 302 to a fresh download URL.
pub(crate) fn redirect(
    shared: &mut Shared,
    drive: &str,
    at: &Address,
) -> Result<Reply, SimFailure> {
    let drive = shared.tenant.drive_idx(drive)?;
    let idx = shared.tenant.resolve(drive, &at.base, &at.path)?;
    let item = shared.tenant.drive_item(idx);
    if item.file.is_none() {
        return Err(SimFailure::invalid_request(
            "Only files have content to download.",
        ));
    }
    if shared.downloads.content_of(&item.id).is_none() {
        return Err(SimFailure::new(
            404,
            "itemNotFound",
            "The simulated tenant keeps no bytes of uploaded files; only seeded files and \
             server-side copies of them can be downloaded.",
        ));
    }
    let (_, tempauth) = shared.tenant.ids.session();
    shared
        .downloads
        .grants
        .insert(tempauth.clone(), item.id.clone());
    Ok(Reply {
        status: 302,
        payload: Payload::Location(format!(
            "{}{DOWNLOAD_PREFIX}{}?tempauth={tempauth}",
            shared.server_root, item.id
        )),
    })
}

/// `GET /download/{id}?tempauth=...`: the bytes, streamed by the server.
pub(crate) fn serve(
    shared: &Shared,
    request: &Incoming<'_>,
    item_id: &str,
) -> Result<Reply, SimFailure> {
    if request.method != "GET" {
        return Err(SimFailure::method_not_allowed(request.method));
    }
    if request.authorization.is_some() {
        return Err(SimFailure::new(
            401,
            "unauthenticated",
            "The download URL carries its own credential; do not send an Authorization header.",
        ));
    }
    let tempauth = url::form_urlencoded::parse(request.query.unwrap_or_default().as_bytes())
        .find(|(key, _)| key == "tempauth")
        .map(|(_, value)| value.into_owned());
    let granted = tempauth
        .as_deref()
        .and_then(|token| shared.downloads.grants.get(token));
    if granted.map(String::as_str) != Some(item_id) {
        return Err(SimFailure::new(
            401,
            "unauthenticated",
            "The download URL's credential is missing or wrong.",
        ));
    }
    let content = shared
        .downloads
        .content_of(item_id)
        .ok_or_else(|| SimFailure::not_found("The item is gone."))?;
    Ok(Reply {
        status: 200,
        payload: Payload::Stream(content.clone()),
    })
}
