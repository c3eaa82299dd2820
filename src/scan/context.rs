//! Where a site's items land, as SharePoint spells it: the tenant URL, the decoded
//! server-relative path of the drive's root, and the folder below it. The path-length and
//! `forms` rules depend on it, so the scan measures the path the engine will really write
//! (`engine/destination.rs`: the destination folder joined with the item's relative path).
//!
//! What cannot be known before asking the tenant is approximated, conservatively:
//! - a library's URL name is its display name, except the default library "Documents",
//!   whose URL name is "Shared Documents";
//! - a OneDrive is `https://<tenant>-my.sharepoint.com/personal/<upn with every character that
//!   is not a letter or digit replaced by _>/Documents`, the tenant taken from the scenario's
//!   first `*.sharepoint.com` site, else from the user's domain;
//! - a channel's folder is `/sites/<team id>/Shared Documents/<channel id>`: the ids stand in
//!   for the team's site name and the channel's name, which are usually shorter.

use percent_encoding::percent_decode_str;

use crate::scenario::{Destination, Site};

/// A site's destination, as the scan measures it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DestinationContext {
    /// `scheme://host[:port]`, no trailing `/`.
    pub tenant_url: String,
    /// The decoded server-relative path of the library root, e.g. `/sites/pilot/Shared Documents`.
    pub library_path: String,
    /// The folder items are copied below, from the library root, `/`-separated ("" = the root).
    /// For a channel it starts with the channel's folder.
    pub folder: String,
    /// Set when part of the path is a stand-in (channel destinations); said in path details.
    pub estimated: Option<&'static str>,
}

impl DestinationContext {
    /// The context of `destination`; `tenant` is the tenant's short name (`contoso` of
    /// `contoso.sharepoint.com`) when known, for OneDrive URLs.
    pub fn of(destination: &Destination, tenant: Option<&str>) -> DestinationContext {
        match destination {
            Destination::Library {
                site_url,
                library,
                folder,
            } => DestinationContext {
                tenant_url: origin(site_url),
                library_path: format!(
                    "{}/{}",
                    decoded_path(site_url).trim_end_matches('/'),
                    library_url_name(library)
                ),
                folder: folder.clone(),
                estimated: None,
            },
            Destination::OneDrive { user, folder } => {
                let domain_tenant = user
                    .split_once('@')
                    .and_then(|(_, domain)| domain.split('.').next())
                    .unwrap_or("tenant");
                let tenant = tenant.unwrap_or(domain_tenant);
                let personal: String = user
                    .chars()
                    .map(|c| if c.is_alphanumeric() { c } else { '_' })
                    .collect();
                DestinationContext {
                    tenant_url: format!("https://{tenant}-my.sharepoint.com"),
                    library_path: format!("/personal/{personal}/Documents"),
                    folder: folder.clone(),
                    estimated: None,
                }
            }
            Destination::Channel {
                team,
                channel,
                folder,
            } => DestinationContext {
                tenant_url: format!("https://{}.sharepoint.com", tenant.unwrap_or("tenant")),
                library_path: format!("/sites/{team}/Shared Documents"),
                folder: join(channel, folder),
                estimated: Some("estimated: the team and channel ids stand in for their names"),
            },
        }
    }

    /// The item's path from the library root.
    pub fn library_relative(&self, rel_path: &str) -> String {
        join(&self.folder, rel_path)
    }

    /// The item's decoded server-relative path (`/sites/x/Shared Documents/folder/a.txt`).
    pub fn server_relative(&self, rel_path: &str) -> String {
        join(&self.library_path, &self.library_relative(rel_path))
    }

    /// The item's decoded full URL (`https://tenant.sharepoint.com/sites/x/...`).
    pub fn full_url(&self, rel_path: &str) -> String {
        format!("{}{}", self.tenant_url, self.server_relative(rel_path))
    }
}

/// The tenant's short name from the first site URL on `*.sharepoint.com`, for OneDrive URLs.
pub fn tenant_name<'a>(sites: impl IntoIterator<Item = &'a Site>) -> Option<String> {
    sites.into_iter().find_map(|site| match &site.destination {
        Destination::Library { site_url, .. } => site_url
            .host_str()
            .and_then(|host| host.strip_suffix(".sharepoint.com"))
            .map(|name| name.trim_end_matches("-my").to_string()),
        _ => None,
    })
}

/// The URL name of a library: SharePoint's default library shows as "Documents" but lives at
/// "Shared Documents".
fn library_url_name(display_name: &str) -> &str {
    if display_name.eq_ignore_ascii_case("Documents") {
        "Shared Documents"
    } else {
        display_name
    }
}

fn origin(url: &url::Url) -> String {
    url.origin().ascii_serialization()
}

fn decoded_path(url: &url::Url) -> String {
    percent_decode_str(url.path())
        .decode_utf8_lossy()
        .into_owned()
}

fn join(a: &str, b: &str) -> String {
    match (a.is_empty(), b.is_empty()) {
        (true, _) => b.to_string(),
        (_, true) => a.to_string(),
        _ => format!("{a}/{b}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn library(site: &str, library: &str, folder: &str) -> Destination {
        Destination::Library {
            site_url: url::Url::parse(site).unwrap(),
            library: library.to_string(),
            folder: folder.to_string(),
        }
    }

    #[test]
    fn a_library_path_is_decoded_and_uses_the_url_name_of_documents() {
        let ctx = DestinationContext::of(
            &library(
                "https://contoso.sharepoint.com/sites/Estates%20Team",
                "Documents",
                "pilot",
            ),
            None,
        );
        assert_eq!(ctx.tenant_url, "https://contoso.sharepoint.com");
        assert_eq!(
            ctx.server_relative("a b/c.txt"),
            "/sites/Estates Team/Shared Documents/pilot/a b/c.txt"
        );
        assert_eq!(
            ctx.full_url("c.txt"),
            "https://contoso.sharepoint.com/sites/Estates Team/Shared Documents/pilot/c.txt"
        );
        let other = DestinationContext::of(
            &library("https://contoso.sharepoint.com/sites/x", "Policies", ""),
            None,
        );
        assert_eq!(other.server_relative("c.txt"), "/sites/x/Policies/c.txt");
        assert_eq!(other.library_relative("Forms"), "Forms");
    }

    #[test]
    fn a_onedrive_path_follows_the_personal_site_naming() {
        let ctx = DestinationContext::of(
            &Destination::OneDrive {
                user: "jo.bloggs@example.nhs.uk".to_string(),
                folder: "ci".to_string(),
            },
            Some("contoso"),
        );
        assert_eq!(
            ctx.full_url("a.txt"),
            "https://contoso-my.sharepoint.com/personal/jo_bloggs_example_nhs_uk/Documents/ci/a.txt"
        );
        let guessed = DestinationContext::of(
            &Destination::OneDrive {
                user: "jo@example.nhs.uk".to_string(),
                folder: String::new(),
            },
            None,
        );
        assert_eq!(guessed.tenant_url, "https://example-my.sharepoint.com");
    }

    #[test]
    fn a_channel_folder_is_never_the_library_root() {
        let ctx = DestinationContext::of(
            &Destination::Channel {
                team: "team-id".to_string(),
                channel: "19:abc@thread.tacv2".to_string(),
                folder: String::new(),
            },
            None,
        );
        assert_eq!(ctx.library_relative("Forms"), "19:abc@thread.tacv2/Forms");
        assert!(ctx.estimated.is_some());
    }
}
