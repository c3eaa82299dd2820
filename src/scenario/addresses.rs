//! Addresses in the tenant as Graph will be asked for them, shared by destinations, graph-drive
//! sources and the target: site URLs (https, naming a site), user principal names, folder
//! paths below a drive (normalised, refused when SharePoint would refuse them), and which hosts
//! count as this machine.

use toml::Spanned;

use super::checker::Checker;

/// Characters SharePoint and OneDrive refuse in file and folder names.
pub(crate) const REFUSED_NAME_CHARACTERS: [char; 8] = ['"', '*', ':', '<', '>', '?', '\\', '|'];

/// A refusal when `text` carries credentials (`https://user:pass@host`), which never belong in a
/// scenario (issue 14 item 8): the message names the key and shows the URL with its user
/// information replaced by `***`, so the secret is neither accepted nor printed. Checked on the
/// text before it is parsed, so even a URL that fails to parse is never echoed with them.
pub(crate) fn refuse_userinfo(text: &str, key: &str) -> Option<String> {
    let after_scheme = text.find("://").map(|at| at + 3)?;
    let authority_end = text[after_scheme..]
        .find(['/', '?', '#'])
        .map_or(text.len(), |end| after_scheme + end);
    let at = text[after_scheme..authority_end].rfind('@')? + after_scheme;
    let shown = format!("{}***{}", &text[..after_scheme], &text[at..]);
    Some(format!(
        "{key} \"{shown}\" carries a user name or password; credentials never go in a URL of \
         the scenario (sign-in uses [graph]'s environment variables): remove the part before '@'"
    ))
}

/// A site URL as Graph will be asked for it: https (http only on a loopback host), a path
/// `/sites/<name>` or `/teams/<name>` (deeper subsites allowed), no trailing `/`, no query.
/// `key` is the key it was written under (`site` in a destination, `site_url` in a source),
/// which the message names.
pub(crate) fn check_site_url(text: &str, key: &str) -> Result<url::Url, String> {
    const EXAMPLE: &str = "https://example.sharepoint.com/sites/finance";
    let text = text.trim();
    if let Some(refusal) = refuse_userinfo(text, key) {
        return Err(refusal);
    }
    let mut url = url::Url::parse(text).map_err(|reason| {
        format!("{key} \"{text}\" is not a URL ({reason}); write it like {EXAMPLE}")
    })?;
    match url.scheme() {
        "https" => {}
        "http" if is_loopback(&url) => {}
        "http" => {
            return Err(format!(
                "{key} \"{text}\" uses http; SharePoint sites are reached over https (http is only \
                 allowed for a loopback test host); write it like {EXAMPLE}"
            ));
        }
        other => {
            return Err(format!(
                "{key} \"{text}\" uses {other}:; write an https URL like {EXAMPLE}"
            ));
        }
    }
    if url.query().is_some() || url.fragment().is_some() {
        return Err(format!(
            "{key} \"{text}\" has a query or fragment; write only the site's address, like {EXAMPLE}"
        ));
    }
    let segments: Vec<String> = url
        .path_segments()
        .map(|segments| {
            segments
                .filter(|segment| !segment.is_empty())
                .map(str::to_string)
                .collect()
        })
        .unwrap_or_default();
    let names_a_site = segments.len() >= 2
        && (segments[0].eq_ignore_ascii_case("sites") || segments[0].eq_ignore_ascii_case("teams"));
    if !names_a_site {
        return Err(format!(
            "{key} \"{text}\" does not name a site; its path must be /sites/<name> or \
             /teams/<name>, like {EXAMPLE}"
        ));
    }
    url.set_path(&format!("/{}", segments.join("/")));
    Ok(url)
}

/// Whether a URL's host is this machine: `localhost`, 127.0.0.0/8 or `::1`.
pub(crate) fn is_loopback(url: &url::Url) -> bool {
    match url.host() {
        Some(url::Host::Domain(domain)) => domain.eq_ignore_ascii_case("localhost"),
        Some(url::Host::Ipv4(address)) => address.is_loopback(),
        Some(url::Host::Ipv6(address)) => address.is_loopback(),
        None => false,
    }
}

/// A destination folder path: leading and trailing `/` stripped; refused when a segment is
/// empty, `.` or `..`, or holds a character SharePoint refuses.
pub(crate) fn normalise_folder(text: &str) -> Result<String, String> {
    let trimmed = text.trim_matches('/');
    if trimmed.is_empty() {
        return Ok(String::new());
    }
    for segment in trimmed.split('/') {
        if segment.is_empty() {
            return Err(format!(
                "folder \"{text}\" has an empty folder name between two '/'; separate folder \
                 names with a single '/'"
            ));
        }
        if segment == "." || segment == ".." {
            return Err(format!(
                "folder \"{text}\" contains \"{segment}\"; name folders below the library root, \
                 like \"pilot/finance\""
            ));
        }
        if let Some(refused) = segment
            .chars()
            .find(|c| REFUSED_NAME_CHARACTERS.contains(c) || c.is_control())
        {
            return Err(format!(
                "folder \"{text}\" contains {}, which SharePoint refuses in names \
                 (\" * : < > ? \\ | and control characters); rename the folder",
                describe_character(refused)
            ));
        }
    }
    Ok(trimmed.to_string())
}

fn describe_character(c: char) -> String {
    if c.is_control() {
        format!("the control character U+{:04X}", u32::from(c))
    } else {
        format!("'{c}'")
    }
}

/// A user's principal name (`jo.bloggs@example.nhs.uk`), trimmed, for a OneDrive destination
/// or source.
pub(crate) fn check_user_principal_name(
    checker: &mut Checker<'_>,
    user: &Spanned<String>,
) -> Option<String> {
    let text = user.get_ref().trim();
    let looks_like_upn = matches!(text.split_once('@'), Some((name, domain))
        if !name.is_empty() && domain.contains('.') && !domain.contains('@'))
        && !text.chars().any(char::is_whitespace);
    if looks_like_upn {
        Some(text.to_string())
    } else {
        checker.error(
            user.span(),
            format!(
                "user \"{text}\" is not a user principal name; write the user's sign-in address, \
                 like \"jo.bloggs@example.nhs.uk\""
            ),
        );
        None
    }
}

/// Whether `url` may be reached over plain http: only an IP literal in 127.0.0.0/8 or `::1`.
/// A host name (even `localhost`) is resolved by DNS and gets no exemption.
pub(crate) fn plain_http_allowed(url: &url::Url) -> bool {
    match url.host() {
        Some(url::Host::Ipv4(address)) => address.is_loopback(),
        Some(url::Host::Ipv6(address)) => address.is_loopback(),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn credentials_in_a_url_are_refused_without_being_shown() {
        for text in [
            "https://user:s3cret@contoso.sharepoint.com/sites/x",
            "https://s3cret@contoso.sharepoint.com/sites/x",
            "https://user:s3cret@contoso.sharepoint.com",
            "https://user:s3cret@bad host/sites/x",
        ] {
            let message = check_site_url(text, "site").unwrap_err();
            assert!(message.contains("user name or password"), "{message}");
            assert!(!message.contains("s3cret"), "{message}");
            assert!(message.contains("https://***@"), "{message}");
        }
        assert_eq!(
            refuse_userinfo("https://contoso.sharepoint.com/sites/a@b", "site"),
            None
        );
    }

    #[test]
    fn folders_are_normalised() {
        assert_eq!(normalise_folder(""), Ok(String::new()));
        assert_eq!(normalise_folder("/"), Ok(String::new()));
        assert_eq!(
            normalise_folder("/pilot/finance/"),
            Ok("pilot/finance".to_string())
        );
        assert_eq!(normalise_folder("Café ŵ"), Ok("Café ŵ".to_string()));
    }

    #[test]
    fn folders_sharepoint_would_refuse_are_refused() {
        let empty = normalise_folder("a//b").unwrap_err();
        assert!(empty.contains("empty folder name"), "{empty}");
        let up = normalise_folder("pilot/../x").unwrap_err();
        assert!(up.contains("\"..\""), "{up}");
        for bad in ["a:b", "a*b", "a?b", "a<b", "a>b", "a|b", "a\\b", "a\"b"] {
            let message = normalise_folder(bad).unwrap_err();
            assert!(message.contains("SharePoint refuses"), "{bad}: {message}");
        }
    }

    #[test]
    fn site_urls_must_be_https_and_name_a_site() {
        let url = check_site_url("https://example.sharepoint.com/sites/finance/", "site").unwrap();
        assert_eq!(url.as_str(), "https://example.sharepoint.com/sites/finance");
        assert!(check_site_url("https://example.sharepoint.com/teams/estates", "site").is_ok());
        assert!(check_site_url("http://127.0.0.1:9000/sites/x", "site").is_ok());
        assert!(check_site_url("http://localhost/sites/x", "site").is_ok());
        let http = check_site_url("http://example.sharepoint.com/sites/x", "site").unwrap_err();
        assert!(http.contains("https"), "{http}");
        let root = check_site_url("https://example.sharepoint.com/", "site").unwrap_err();
        assert!(root.contains("/sites/<name>"), "{root}");
        let other =
            check_site_url("https://example.sharepoint.com/personal/x", "site").unwrap_err();
        assert!(other.contains("does not name a site"), "{other}");
        let junk = check_site_url("finance", "site").unwrap_err();
        assert!(junk.contains("not a URL"), "{junk}");
    }

    #[test]
    fn plain_http_only_to_loopback_addresses() {
        let allowed = |text: &str| plain_http_allowed(&url::Url::parse(text).expect("url"));
        assert!(allowed("http://127.0.0.1:8080/v1.0"));
        assert!(allowed("http://127.9.9.9"));
        assert!(allowed("http://[::1]:80"));
        assert!(!allowed("http://localhost:8080"));
        assert!(!allowed("http://graph.microsoft.com"));
        assert!(!allowed("http://10.0.0.1"));
    }
}
