//! Building Graph URLs from the base URL and path segments. Names come from users' file systems
//! (spaces, `#`, `%`, apostrophes, any Unicode), so every segment is percent-encoded here, in
//! one place, before it reaches a URL.

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, percent_decode_str, percent_encode};
use url::Url;

use super::GraphError;

/// Everything but RFC 3986 unreserved characters: for file and folder names, where `:` and
/// `/` would change the meaning of Graph's path addressing (`root:/a/b:`).
const NAME: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// Ids are service-issued; keep the characters Graph shows raw in its own examples: `!` in
/// drive ids (`b!...`), `,` in composite site ids, `@` in user principal names.
const ID: &AsciiSet = &NAME.remove(b'!').remove(b',').remove(b'@');

/// A name (one path segment) as it goes into a URL.
pub fn encode_name(name: &str) -> String {
    percent_encode(name.as_bytes(), NAME).to_string()
}

/// An id (drive, item, site, user) as it goes into a URL.
pub fn encode_id(id: &str) -> String {
    percent_encode(id.as_bytes(), ID).to_string()
}

/// A relative path (`a/b/c`) as it goes after `root:/`; empty segments are dropped.
pub fn encode_relative_path(path: &str) -> String {
    path.split('/')
        .filter(|segment| !segment.is_empty())
        .map(encode_name)
        .collect::<Vec<_>>()
        .join("/")
}

/// `base` (which carries the version, e.g. `.../v1.0`) followed by `path` (starting with `/`,
/// already encoded).
pub fn join(base: &Url, path: &str) -> Result<Url, GraphError> {
    let text = format!("{}{}", base.as_str().trim_end_matches('/'), path);
    Url::parse(&text).map_err(|e| GraphError::Protocol(format!("cannot build a URL: {e}")))
}

/// The path of `GET /sites/{host}:/{server-relative-path}` for a site URL, or `/sites/{host}`
/// for a root site.
pub fn site_path(site_url: &Url) -> Result<String, GraphError> {
    let host = site_url
        .host_str()
        .filter(|h| !h.is_empty())
        .ok_or_else(|| GraphError::Protocol(format!("site URL {site_url} has no host name")))?;
    let segments: Vec<String> = site_url
        .path()
        .split('/')
        .filter(|segment| !segment.is_empty())
        .map(|segment| encode_name(&percent_decode_str(segment).decode_utf8_lossy()))
        .collect();
    if segments.is_empty() {
        Ok(format!("/sites/{}", encode_id(host)))
    } else {
        Ok(format!(
            "/sites/{}:/{}",
            encode_id(host),
            segments.join("/")
        ))
    }
}

/// `/drives/{drive}/items/{parent}:/{name}:` prefix of the path-addressed upload calls.
pub fn child_by_name(drive_id: &str, parent_id: &str, name: &str) -> String {
    format!(
        "/drives/{}/items/{}:/{}:",
        encode_id(drive_id),
        encode_id(parent_id),
        encode_name(name)
    )
}

/// Whether `url` is on the same origin (scheme, host, port) as `base`: only those requests
/// may carry the bearer token.
pub fn same_origin(url: &Url, base: &Url) -> bool {
    url.origin() == base.origin()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn awkward_names_are_encoded_as_one_segment() {
        assert_eq!(encode_name("my file.txt"), "my%20file.txt");
        assert_eq!(encode_name("a#b"), "a%23b");
        assert_eq!(encode_name("100%.txt"), "100%25.txt");
        assert_eq!(encode_name("O'Brien's notes"), "O%27Brien%27s%20notes");
        assert_eq!(encode_name("résumé"), "r%C3%A9sum%C3%A9");
        assert_eq!(encode_name("日本.txt"), "%E6%97%A5%E6%9C%AC.txt");
        assert_eq!(encode_name("a/b:c?d&e+f"), "a%2Fb%3Ac%3Fd%26e%2Bf");
        assert_eq!(encode_name("keep-._~"), "keep-._~");
    }

    #[test]
    fn ids_keep_the_characters_graph_shows_raw() {
        assert_eq!(encode_id("b!-RIj2DuyvEyV1T4N_x"), "b!-RIj2DuyvEyV1T4N_x");
        assert_eq!(
            encode_id("contoso.sharepoint.com,2C71,2D22"),
            "contoso.sharepoint.com,2C71,2D22"
        );
        assert_eq!(encode_id("megan@contoso.com"), "megan@contoso.com");
        assert_eq!(encode_id("a/b#c"), "a%2Fb%23c");
    }

    #[test]
    fn relative_paths_drop_empty_segments() {
        assert_eq!(encode_relative_path("/a b//c#1/"), "a%20b/c%231");
        assert_eq!(encode_relative_path(""), "");
    }

    #[test]
    fn urls_are_built_under_the_base() {
        let base = Url::parse("http://127.0.0.1:8080/v1.0/").expect("base");
        let url = join(
            &base,
            &format!(
                "{}/content?@microsoft.graph.conflictBehavior=fail",
                child_by_name("b!x", "01AB", "Q1 #2 50% d'été.docx")
            ),
        )
        .expect("url");
        assert_eq!(
            url.as_str(),
            "http://127.0.0.1:8080/v1.0/drives/b!x/items/01AB:/Q1%20%232%2050%25%20d%27%C3%A9t%C3%A9.docx:/content?@microsoft.graph.conflictBehavior=fail"
        );
        // v1.0, drives, b!x, items, 01AB:, the name with its colon, content.
        assert_eq!(url.path_segments().map(|s| s.count()), Some(7));
    }

    #[test]
    fn site_urls_become_host_colon_path() {
        let site = Url::parse("https://contoso.sharepoint.com/sites/Finance%20Team/").expect("url");
        assert_eq!(
            site_path(&site).expect("path"),
            "/sites/contoso.sharepoint.com:/sites/Finance%20Team"
        );
        let root = Url::parse("https://contoso.sharepoint.com").expect("url");
        assert_eq!(
            site_path(&root).expect("path"),
            "/sites/contoso.sharepoint.com"
        );
        let no_host = Url::parse("file:///tmp/x").expect("url");
        assert!(site_path(&no_host).is_err());
    }

    #[test]
    fn origin_check_compares_scheme_host_and_port() {
        let base = Url::parse("http://127.0.0.1:8080/v1.0").expect("base");
        let same = Url::parse("http://127.0.0.1:8080/v1.0/drives?$skiptoken=x").expect("url");
        let other_port = Url::parse("http://127.0.0.1:9090/v1.0/drives").expect("url");
        let other_host = Url::parse("http://evil.example:8080/v1.0/drives").expect("url");
        let other_scheme = Url::parse("https://127.0.0.1:8080/v1.0/drives").expect("url");
        assert!(same_origin(&same, &base));
        assert!(!same_origin(&other_port, &base));
        assert!(!same_origin(&other_host, &base));
        assert!(!same_origin(&other_scheme, &base));
    }
}
