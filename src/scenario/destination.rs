//! Where a site's content goes: a SharePoint (or Teams) site's library, a user's OneDrive, or a
//! Teams channel's files folder (`channel.rs`), and a folder below it. Site URLs must be https (http only on loopback test hosts) and name a
//! site; folder paths are normalised and refused when SharePoint would refuse them.

use toml::Spanned;

use super::channel::{channel_hint, check_channel};
use super::checker::Checker;
use super::model::{Destination, Workload};
use super::raw::RawDestination;

/// Characters SharePoint and OneDrive refuse in file and folder names.
pub(crate) const REFUSED_NAME_CHARACTERS: [char; 8] = ['"', '*', ':', '<', '>', '?', '\\', '|'];

/// Checks a site's `destination` for its workload.
pub(crate) fn check_destination(
    checker: &mut Checker<'_>,
    workload: Option<Workload>,
    raw: Spanned<RawDestination>,
) -> Option<Destination> {
    let span = raw.span();
    let raw = raw.into_inner();
    let errors_before = checker.error_count();
    let folder = match &raw.folder {
        Some(folder) => match normalise_folder(folder.get_ref()) {
            Ok(folder) => Some(folder),
            Err(reason) => {
                checker.error(folder.span(), reason);
                None
            }
        },
        None => Some(String::new()),
    };
    // Without a valid workload the right shape is unknown; the workload error is enough.
    let workload = workload?;
    if raw.team.is_some() || raw.channel.is_some() {
        let destination = check_channel(checker, workload, &raw, span, folder);
        if checker.error_count() > errors_before {
            return None;
        }
        return destination;
    }
    let destination = if workload == Workload::OneDrive {
        for extra in [&raw.site, &raw.library].into_iter().flatten() {
            checker.error(
                extra.span(),
                "a onedrive destination names a user, not a site or library; write \
                 destination = { user = \"name@example.nhs.uk\", folder = \"pilot\" }",
            );
        }
        let user = match &raw.user {
            Some(user) => check_user(checker, user),
            None => {
                checker.error(
                    span,
                    "workload onedrive needs a user destination; write destination = \
                     { user = \"name@example.nhs.uk\", folder = \"pilot\" }",
                );
                None
            }
        };
        user.zip(folder)
            .map(|(user, folder)| Destination::OneDrive { user, folder })
    } else {
        let workload_name = workload.as_str();
        if let Some(user) = &raw.user {
            checker.error(
                user.span(),
                format!(
                    "user is for onedrive destinations; workload {workload_name} needs \
                     destination = {{ site = \"https://example.sharepoint.com/sites/name\", \
                     library = \"Documents\" }}"
                ),
            );
        }
        let site_url = match &raw.site {
            Some(site) => match check_site_url(site.get_ref()) {
                Ok(url) => Some(url),
                Err(reason) => {
                    checker.error(site.span(), reason);
                    None
                }
            },
            None => {
                checker.error(
                    span.clone(),
                    format!(
                        "workload {workload_name} needs the destination's site; add \
                         site = \"https://example.sharepoint.com/sites/name\"{}",
                        channel_hint(workload)
                    ),
                );
                None
            }
        };
        let library = match &raw.library {
            Some(library) if library.get_ref().trim().is_empty() => {
                checker.error(
                    library.span(),
                    "library is empty; name the document library, usually \"Documents\"",
                );
                None
            }
            Some(library) => Some(library.get_ref().trim().to_string()),
            None => {
                checker.error(
                    span.clone(),
                    format!(
                        "workload {workload_name} needs the destination's library; add \
                         library = \"Documents\" (or the library's display name)"
                    ),
                );
                None
            }
        };
        match (site_url, library, folder) {
            (Some(site_url), Some(library), Some(folder)) => Some(Destination::Library {
                site_url,
                library,
                folder,
            }),
            _ => None,
        }
    };
    if checker.error_count() > errors_before {
        return None;
    }
    destination
}

fn check_user(checker: &mut Checker<'_>, user: &Spanned<String>) -> Option<String> {
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

/// A site URL as Graph will be asked for it: https (http only on a loopback host), a path
/// `/sites/<name>` or `/teams/<name>` (deeper subsites allowed), no trailing `/`, no query.
pub(crate) fn check_site_url(text: &str) -> Result<url::Url, String> {
    const EXAMPLE: &str = "https://example.sharepoint.com/sites/finance";
    let text = text.trim();
    let mut url = url::Url::parse(text).map_err(|reason| {
        format!("site \"{text}\" is not a URL ({reason}); write it like {EXAMPLE}")
    })?;
    match url.scheme() {
        "https" => {}
        "http" if is_loopback(&url) => {}
        "http" => {
            return Err(format!(
                "site \"{text}\" uses http; SharePoint sites are reached over https (http is only \
                 allowed for a loopback test host); write it like {EXAMPLE}"
            ));
        }
        other => {
            return Err(format!(
                "site \"{text}\" uses {other}:; write an https URL like {EXAMPLE}"
            ));
        }
    }
    if url.query().is_some() || url.fragment().is_some() {
        return Err(format!(
            "site \"{text}\" has a query or fragment; write only the site's address, like {EXAMPLE}"
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
            "site \"{text}\" does not name a site; its path must be /sites/<name> or \
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

#[cfg(test)]
mod tests {
    use super::*;

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
        let url = check_site_url("https://example.sharepoint.com/sites/finance/").unwrap();
        assert_eq!(url.as_str(), "https://example.sharepoint.com/sites/finance");
        assert!(check_site_url("https://example.sharepoint.com/teams/estates").is_ok());
        assert!(check_site_url("http://127.0.0.1:9000/sites/x").is_ok());
        assert!(check_site_url("http://localhost/sites/x").is_ok());
        let http = check_site_url("http://example.sharepoint.com/sites/x").unwrap_err();
        assert!(http.contains("https"), "{http}");
        let root = check_site_url("https://example.sharepoint.com/").unwrap_err();
        assert!(root.contains("/sites/<name>"), "{root}");
        let other = check_site_url("https://example.sharepoint.com/personal/x").unwrap_err();
        assert!(other.contains("does not name a site"), "{other}");
        let junk = check_site_url("finance").unwrap_err();
        assert!(junk.contains("not a URL"), "{junk}");
    }
}
