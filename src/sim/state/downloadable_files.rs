//! The files whose bytes the tenant can serve, and the download URLs it handed out for them.
//! The tenant keeps no bytes of uploaded files, so only files whose bytes it can regenerate
//! can be downloaded: seeded source files (their origin is kept) and server-side copies of them.

use std::collections::HashMap;

use crate::source::SourceFile;

/// Where the bytes of downloadable files come from, and the download URLs handed out.
#[derive(Debug, Default)]
pub(crate) struct DownloadableFiles {
    /// Item id → its bytes' origin.
    content: HashMap<String, SourceFile>,
    /// `tempauth` credential → the item id it opens.
    grants: HashMap<String, String>,
}

impl DownloadableFiles {
    /// Item `id`'s bytes come from `content`.
    pub(crate) fn remember(&mut self, id: String, content: SourceFile) {
        self.content.insert(id, content);
    }

    /// The origin of item `id`'s bytes, if the tenant can produce them.
    pub(crate) fn content_of(&self, id: &str) -> Option<&SourceFile> {
        self.content.get(id)
    }

    /// Hands out the download credential `tempauth` for item `id`.
    pub(crate) fn grant(&mut self, tempauth: String, id: String) {
        self.grants.insert(tempauth, id);
    }

    /// The item the download credential `tempauth` opens, if it was handed out.
    pub(crate) fn granted(&self, tempauth: &str) -> Option<&str> {
        self.grants.get(tempauth).map(String::as_str)
    }
}
