//! The `mimeType` of a file's facet, from its extension, as SharePoint sets it on upload: a
//! client that opens or filters files by type sees the types it would see in a real library.
//! An extension not in the table is `application/octet-stream`, as SharePoint answers for a
//! type it does not know.

/// Extension (lower case) → MIME type: the Office formats, PDF, text and the common media and
/// archive types a migration carries.
const BY_EXTENSION: &[(&str, &str)] = &[
    ("csv", "text/csv"),
    ("doc", "application/msword"),
    (
        "docx",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ),
    ("gif", "image/gif"),
    ("htm", "text/html"),
    ("html", "text/html"),
    ("jpeg", "image/jpeg"),
    ("jpg", "image/jpeg"),
    ("json", "application/json"),
    ("md", "text/markdown"),
    ("mp3", "audio/mpeg"),
    ("mp4", "video/mp4"),
    ("msg", "application/vnd.ms-outlook"),
    ("one", "application/msonenote"),
    ("pdf", "application/pdf"),
    ("png", "image/png"),
    ("ppt", "application/vnd.ms-powerpoint"),
    (
        "pptx",
        "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    ),
    ("rtf", "application/rtf"),
    ("svg", "image/svg+xml"),
    ("tif", "image/tiff"),
    ("tiff", "image/tiff"),
    ("txt", "text/plain"),
    ("vsdx", "application/vnd.ms-visio.drawing"),
    ("xls", "application/vnd.ms-excel"),
    (
        "xlsx",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ),
    ("xml", "text/xml"),
    ("zip", "application/x-zip-compressed"),
];

/// The MIME type of a file named `name`.
pub(crate) fn mime_type_of(name: &str) -> &'static str {
    let Some((_, extension)) = name.rsplit_once('.') else {
        return "application/octet-stream";
    };
    let extension = extension.to_ascii_lowercase();
    BY_EXTENSION
        .iter()
        .find(|(known, _)| *known == extension)
        .map_or("application/octet-stream", |(_, mime)| mime)
}

#[cfg(test)]
mod tests {
    use super::mime_type_of;

    #[test]
    fn a_files_type_follows_its_extension_in_any_case() {
        assert_eq!(mime_type_of("Minutes.PDF"), "application/pdf");
        assert_eq!(
            mime_type_of("budget.2026.xlsx"),
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        );
        assert_eq!(mime_type_of("notes.txt"), "text/plain");
    }

    #[test]
    fn an_unknown_or_missing_extension_is_octet_stream() {
        assert_eq!(mime_type_of("data.bin"), "application/octet-stream");
        assert_eq!(mime_type_of("README"), "application/octet-stream");
        assert_eq!(mime_type_of("archive."), "application/octet-stream");
    }
}
