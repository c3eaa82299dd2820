//! The tenant's URL space: which resource a request names, and the URLs the tenant hands out.
//!
//! Parsing: Graph's id addressing (`/drives/{d}/items/{id}/children`, with `items/root` as the
//! root's alias) and path addressing with colons (`/drives/{d}/root:/a/b:/children`,
//! `/drives/{d}/items/{id}:/{name}:/content`), a drive named by id, site, user or group
//! (`state::DriveRef`), `delta` in its function forms, plus the URL spaces outside `/v1.0`:
//! upload, monitor and download URLs, the token endpoint and the admin paths.
//!
//! The path after `/v1.0` is percent-decoded once, before it is split into segments: the SDKs
//! encode a whole key into one segment (`items/root%3A%2Fa%2Fb.txt%3A`,
//! `sites/contoso.sharepoint.com%3A%2Fsites%2Ffinance`, `drives/b%21...`), and no name, id or
//! path Graph hands out holds a `/` of its own, so decoding first reads both spellings alike
//! (`docs/graph-notes.md` §14). Building: [`Links`] writes every absolute URL an answer carries
//! (upload URL, monitor, download redirect, next page, delta link), so where the tenant is
//! reachable is decided in one place.

use percent_encoding::percent_decode_str;

use super::exchange::SimFailure;
use super::state::{Address, Base, DriveRef};

/// The Graph version prefix every Graph call starts with.
pub(crate) const GRAPH_PREFIX: &str = "/v1.0";
/// The path space of upload URLs.
pub(crate) const UPLOAD_PREFIX: &str = "/upload/";
/// The path space of copy-job monitor URLs.
pub(crate) const MONITOR_PREFIX: &str = "/monitor/";
/// The path space of pre-authenticated download URLs.
pub(crate) const DOWNLOAD_PREFIX: &str = "/download/";
/// The admin paths' space (outside `/v1.0`, bearer token required; `serve::admin`).
pub(crate) const ADMIN_PREFIX: &str = "/_sim/";
/// The admin path serving the request log.
pub(crate) const REQUEST_LOG_PATH: &str = "/_sim/requests";
/// The admin path that makes every delta token issued so far too old (410 on its next use).
pub(crate) const EXPIRE_DELTA_TOKENS_PATH: &str = "/_sim/expire-delta-tokens";

/// The tenant in `/{tenant}/oauth2/v2.0/token`, if `path` is the token endpoint.
pub(crate) fn token_endpoint_tenant(path: &str) -> Option<&str> {
    let tenant = path.strip_prefix('/')?.strip_suffix("/oauth2/v2.0/token")?;
    (!tenant.is_empty() && !tenant.contains('/')).then_some(tenant)
}

/// The Entra tenant in `/{tenant}/v2.0/.well-known/openid-configuration`, if `path` is the
/// OpenID discovery document (`docs/graph-notes.md` §11).
pub(crate) fn openid_configuration_tenant(path: &str) -> Option<&str> {
    let tenant = path
        .strip_prefix('/')?
        .strip_suffix("/v2.0/.well-known/openid-configuration")?;
    (!tenant.is_empty() && !tenant.contains('/')).then_some(tenant)
}

/// The Entra tenant in `/{tenant}/discovery/v2.0/keys`, if `path` is the signing keys (JWKS).
pub(crate) fn signing_keys_tenant(path: &str) -> Option<&str> {
    let tenant = path
        .strip_prefix('/')?
        .strip_suffix("/discovery/v2.0/keys")?;
    (!tenant.is_empty() && !tenant.contains('/')).then_some(tenant)
}

/// The listener a request came in on: the plain http one, or the https one (`simulate --tls`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) enum Listener {
    /// `http://`.
    #[default]
    Plain,
    /// `https://`.
    Tls,
}

/// The two hosts of one listener, as `scheme://host:port` without a trailing slash. Graph
/// (and the token endpoint) answer on `graph`; upload sessions, copy monitors and download
/// URLs point at `files`, another host name for the same loopback server, because clients
/// decide by host whether a URL gets their bearer token, and on the real service these URLs
/// are on SharePoint's host, not Graph's (`docs/graph-notes.md` §12).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Origins {
    /// `http://127.0.0.1:PORT`.
    pub(crate) graph: String,
    /// `http://localhost:PORT`.
    pub(crate) files: String,
}

impl Origins {
    /// Graph on `127.0.0.1:port`, files on `localhost:port`, over `scheme`.
    pub(crate) fn loopback(scheme: &str, port: u16) -> Origins {
        Origins {
            graph: format!("{scheme}://127.0.0.1:{port}"),
            files: format!("{scheme}://localhost:{port}"),
        }
    }
}

/// The absolute URLs the tenant hands out: on the listener the request being answered came in
/// on, so an https client is never sent to plain http (Microsoft's SDKs refuse a redirect that
/// changes the scheme) and a plain one never needs a certificate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Links {
    plain: Origins,
    tls: Option<Origins>,
    over: Listener,
}

impl Links {
    /// Links to a tenant served at `plain`, and at `tls` too when it has an https listener.
    pub(crate) fn new(plain: Origins, tls: Option<Origins>) -> Links {
        Links {
            plain,
            tls,
            over: Listener::Plain,
        }
    }

    /// The answers that follow are for a request that came in on `listener`.
    pub(crate) fn answer_over(&mut self, listener: Listener) {
        self.over = listener;
    }

    fn origins(&self) -> &Origins {
        match (self.over, &self.tls) {
            (Listener::Tls, Some(tls)) => tls,
            _ => &self.plain,
        }
    }

    /// An upload session's URL, carrying its credential.
    pub(crate) fn upload_url(&self, session: &str, tempauth: &str) -> String {
        format!(
            "{}{UPLOAD_PREFIX}{session}?tempauth={tempauth}",
            self.origins().files
        )
    }

    /// A copy job's monitor URL.
    pub(crate) fn monitor_url(&self, job: &str) -> String {
        format!("{}{MONITOR_PREFIX}{job}", self.origins().files)
    }

    /// A pre-authenticated download URL for item `item`.
    pub(crate) fn download_url(&self, item: &str, tempauth: &str) -> String {
        format!(
            "{}{DOWNLOAD_PREFIX}{item}?tempauth={tempauth}",
            self.origins().files
        )
    }

    /// The Graph URL of item `item` in drive `drive`.
    pub(crate) fn item_url(&self, drive: &str, item: &str) -> String {
        format!(
            "{}{GRAPH_PREFIX}/drives/{drive}/items/{item}",
            self.origins().graph
        )
    }

    /// The next page of the listing at raw `path`: `top` items after `skiptoken`.
    pub(crate) fn next_page(&self, path: &str, top: usize, skiptoken: &str) -> String {
        format!(
            "{}{path}?$top={top}&$skiptoken={skiptoken}",
            self.origins().graph
        )
    }

    /// The Graph root, `http://127.0.0.1:PORT/v1.0` (the base of `@odata.context`).
    pub(crate) fn graph_root(&self) -> String {
        format!("{}{GRAPH_PREFIX}", self.origins().graph)
    }

    /// A delta URL of the resource at raw `resource_path` (the request's path without its
    /// `delta` segment), carrying `token` if any and the query options to keep (`$select`,
    /// `$top`), already encoded.
    pub(crate) fn delta_link(
        &self,
        resource_path: &str,
        token: Option<&str>,
        kept_options: &str,
    ) -> String {
        let mut link = format!("{}{resource_path}/delta", self.origins().graph);
        let mut separator = '?';
        if let Some(token) = token {
            link.push_str("?token=");
            link.push_str(token);
            separator = '&';
        }
        if !kept_options.is_empty() {
            link.push(separator);
            link.push_str(kept_options);
        }
        link
    }

    /// The token endpoint's URL for `tenant` (the audience a client assertion must name).
    pub(crate) fn token_endpoint(&self, tenant: &str) -> String {
        format!("{}/{tenant}/oauth2/v2.0/token", self.origins().graph)
    }

    /// The authority of Entra tenant `tenant`: `http://127.0.0.1:PORT/{tenant}`.
    pub(crate) fn authority(&self, tenant: &str) -> String {
        format!("{}/{tenant}", self.origins().graph)
    }
}

/// The resource a request names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Route {
    /// `/sites/{host}:/{path}`, optionally followed by `:/drives`.
    SiteByPath {
        /// Host name.
        host: String,
        /// Server-relative path (`sites/Finance`).
        path: String,
        /// Which part of it.
        part: SitePart,
    },
    /// `/sites/{id}`, `/sites/{id}/drives`.
    SiteById {
        /// Composite id.
        id: String,
        /// Which part of it.
        part: SitePart,
    },
    /// A drive: `/drives/{d}`, `/sites/{id}/drive`, `/users/{upn}/drive`, `/groups/{id}/drive`.
    Drive(DriveRef),
    /// An item.
    Item {
        /// The drive.
        drive: DriveRef,
        /// Where.
        at: Address,
    },
    /// An item's children.
    Children {
        /// The drive.
        drive: DriveRef,
        /// The folder.
        at: Address,
    },
    /// `.../{parent}:/{name}:/content`.
    Content {
        /// The drive.
        drive: DriveRef,
        /// The folder.
        parent: Address,
        /// File name.
        name: String,
    },
    /// `.../{parent}:/{name}:/createUploadSession`.
    CreateUploadSession {
        /// The drive.
        drive: DriveRef,
        /// The folder.
        parent: Address,
        /// File name.
        name: String,
    },
    /// `/upload/{session}`.
    Upload(String),
    /// `/users/{id or upn}`.
    User(String),
    /// `/teams/{team}/channels`.
    Channels(String),
    /// `/teams/{team}/channels/{channel}/filesFolder`.
    ChannelFilesFolder {
        /// Team id.
        team: String,
        /// Channel id.
        channel: String,
    },
    /// `/drives/{d}/items/{id}/content` (id addressing): a download.
    ItemContent {
        /// The drive.
        drive: DriveRef,
        /// The file.
        at: Address,
    },
    /// `/drives/{d}/items/{id}/copy`: a server-side copy.
    Copy {
        /// The drive.
        drive: DriveRef,
        /// The item to copy.
        at: Address,
    },
    /// `/drives/{d}/items/{id}/permanentDelete`: delete without the recycle bin.
    PermanentDelete {
        /// The drive.
        drive: DriveRef,
        /// The item.
        at: Address,
    },
    /// `.../{folder}/delta`, `delta()`, `delta(token='...')`: the changes below a folder.
    Delta {
        /// The drive.
        drive: DriveRef,
        /// The folder (the drive's root for the whole drive).
        at: Address,
        /// A token given in the function's parentheses (`?token=` is read from the query).
        token: Option<String>,
    },
    /// `/monitor/{job}`.
    Monitor(String),
    /// `/download/{item}`.
    Download(String),
    /// `/drives/{d}/items/{id}/createUploadSession` (id addressing): a session that replaces
    /// the file's content.
    ItemUploadSession {
        /// The drive.
        drive: DriveRef,
        /// The file.
        at: Address,
    },
    /// `/$batch`: a JSON batch of up to 20 Graph requests (`dispatch::batch`).
    Batch,
}

impl Route {
    /// Whether the request names a delta token (in the path or as `token=` in `query`): a
    /// delta with a token costs 1 RU, without one 2 (`docs/graph-notes.md` §1).
    pub(crate) fn delta_with_token(&self, query: Option<&str>) -> bool {
        match self {
            Route::Delta { token, .. } => {
                token.is_some()
                    || url::form_urlencoded::parse(query.unwrap_or_default().as_bytes())
                        .any(|(key, _)| key == "token")
            }
            _ => false,
        }
    }
}

/// Which part of a site.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum SitePart {
    /// The site itself.
    Site,
    /// All its libraries.
    Drives,
}

fn decode(text: &str) -> Result<String, SimFailure> {
    percent_decode_str(text)
        .decode_utf8()
        .map(|s| s.into_owned())
        .map_err(|_| SimFailure::invalid_request("The path is not valid UTF-8 once decoded."))
}

fn unknown_segment(segment: &str) -> SimFailure {
    SimFailure::invalid_request(format!("Resource not found for the segment '{segment}'."))
}

/// Parses the raw (percent-encoded) URL path.
pub(crate) fn parse(path: &str) -> Result<Route, SimFailure> {
    if let Some(session) = path.strip_prefix(UPLOAD_PREFIX) {
        return Ok(Route::Upload(session.trim_end_matches('/').to_owned()));
    }
    if let Some(job) = path.strip_prefix(MONITOR_PREFIX) {
        return Ok(Route::Monitor(decode(job.trim_end_matches('/'))?));
    }
    if let Some(item) = path.strip_prefix(DOWNLOAD_PREFIX) {
        return Ok(Route::Download(decode(item.trim_end_matches('/'))?));
    }
    let Some(rest) = path.strip_prefix(GRAPH_PREFIX) else {
        return Err(SimFailure::not_found("No such path on this service."));
    };
    let decoded = decode(rest)?;
    let segments: Vec<&str> = decoded.split('/').filter(|s| !s.is_empty()).collect();
    match segments.as_slice() {
        ["sites", rest @ ..] => parse_sites(rest),
        ["users", user] => Ok(Route::User((*user).to_owned())),
        ["users", upn, "drive", rest @ ..] => parse_drive(DriveRef::User((*upn).to_owned()), rest),
        ["groups", group, "drive", rest @ ..] => {
            parse_drive(DriveRef::Group((*group).to_owned()), rest)
        }
        ["teams", team, "channels"] => Ok(Route::Channels((*team).to_owned())),
        ["teams", team, "channels", channel, "filesFolder"] => Ok(Route::ChannelFilesFolder {
            team: (*team).to_owned(),
            channel: (*channel).to_owned(),
        }),
        ["drives", drive, rest @ ..] => parse_drive(DriveRef::Id((*drive).to_owned()), rest),
        ["$batch"] => Ok(Route::Batch),
        [first, ..] => Err(unknown_segment(first)),
        [] => Err(SimFailure::invalid_request("No resource named.")),
    }
}

fn site_part(rest: &[&str]) -> Result<SitePart, SimFailure> {
    match rest {
        [] => Ok(SitePart::Site),
        ["drives"] => Ok(SitePart::Drives),
        [other, ..] => Err(unknown_segment(other)),
    }
}

fn parse_sites(segments: &[&str]) -> Result<Route, SimFailure> {
    let Some((first, rest)) = segments.split_first() else {
        return Err(SimFailure::invalid_request("No site named."));
    };
    if let Some(host) = first.strip_suffix(':') {
        // Path addressing: the server-relative path runs up to a segment ending in ':'.
        let (path, rest) = split_colon_path(rest);
        let (host, path) = (host.to_owned(), path.join("/"));
        if let ["drive", rest @ ..] = rest {
            return parse_drive(DriveRef::SiteByPath { host, path }, rest);
        }
        return Ok(Route::SiteByPath {
            host,
            path,
            part: site_part(rest)?,
        });
    }
    if let ["drive", rest @ ..] = rest {
        return parse_drive(DriveRef::Site((*first).to_owned()), rest);
    }
    Ok(Route::SiteById {
        id: (*first).to_owned(),
        part: site_part(rest)?,
    })
}

/// Splits segments after a colon into the path (up to and including the one ending in ':',
/// stripped) and what follows it.
fn split_colon_path<'a, 'b>(segments: &'b [&'a str]) -> (Vec<&'a str>, &'b [&'a str]) {
    match segments.iter().position(|s| s.ends_with(':')) {
        Some(end) => {
            let mut path: Vec<&str> = segments[..end].to_vec();
            let last = segments[end].trim_end_matches(':');
            if !last.is_empty() {
                path.push(last);
            }
            (path, &segments[end + 1..])
        }
        None => (segments.to_vec(), &[]),
    }
}

/// The item key `root` is the root folder's alias (`items/root`), as Graph reads it.
fn base_of(id: &str) -> Base {
    if id.eq_ignore_ascii_case("root") {
        Base::Root
    } else {
        Base::Id(id.to_owned())
    }
}

/// `delta`, `delta()`, `delta(token='x')` or `delta(token=x)`: `Some(token)` if `segment` is
/// the delta function (the token `None` when none is given in the parentheses).
fn delta_function(segment: &str) -> Option<Result<Option<String>, SimFailure>> {
    let rest = segment.strip_prefix("delta")?;
    if rest.is_empty() || rest == "()" {
        return Some(Ok(None));
    }
    let inner = rest.strip_prefix('(')?.strip_suffix(')')?;
    let Some(value) = inner.strip_prefix("token=") else {
        return Some(Err(SimFailure::invalid_request(format!(
            "The delta function takes one parameter, token; '{inner}' is not it."
        ))));
    };
    let value = value
        .strip_prefix('\'')
        .and_then(|v| v.strip_suffix('\''))
        .unwrap_or(value);
    Some(Ok(Some(value.to_owned())))
}

fn parse_drive(drive: DriveRef, segments: &[&str]) -> Result<Route, SimFailure> {
    let (base, colon, rest): (Base, bool, &[&str]) = match segments {
        [] => return Ok(Route::Drive(drive)),
        ["root", rest @ ..] => (Base::Root, false, rest),
        ["root:", rest @ ..] => (Base::Root, true, rest),
        ["items", id, rest @ ..] => match id.strip_suffix(':') {
            Some(id) => (base_of(id), true, rest),
            None => (base_of(id), false, rest),
        },
        [other, ..] => return Err(unknown_segment(other)),
    };
    let (path, action) = if colon {
        let (path, action) = split_colon_path(rest);
        (path.iter().map(|s| (*s).to_owned()).collect(), action)
    } else {
        (Vec::new(), rest)
    };
    let at = Address { base, path };
    match action {
        [] => Ok(Route::Item { drive, at }),
        ["children"] => Ok(Route::Children { drive, at }),
        ["copy"] => Ok(Route::Copy { drive, at }),
        ["permanentDelete"] => Ok(Route::PermanentDelete { drive, at }),
        ["content"] if !colon => Ok(Route::ItemContent { drive, at }),
        ["createUploadSession"] if !colon => Ok(Route::ItemUploadSession { drive, at }),
        [verb @ ("content" | "createUploadSession")] => {
            let mut parent = at;
            let Some(name) = parent.path.pop() else {
                return Err(SimFailure::invalid_request(
                    "An upload names its file after the folder's path (':/{name}:/content').",
                ));
            };
            if *verb == "content" {
                Ok(Route::Content {
                    drive,
                    parent,
                    name,
                })
            } else {
                Ok(Route::CreateUploadSession {
                    drive,
                    parent,
                    name,
                })
            }
        }
        [segment] => match delta_function(segment) {
            Some(token) => Ok(Route::Delta {
                drive,
                at,
                token: token?,
            }),
            None => Err(unknown_segment(segment)),
        },
        [other, ..] => Err(unknown_segment(other)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(p: &[&str]) -> Vec<String> {
        p.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn path_addressing_with_colons() {
        assert_eq!(
            parse("/v1.0/drives/b!x/root:/a%20b/c:/children"),
            Ok(Route::Children {
                drive: DriveRef::Id("b!x".into()),
                at: Address {
                    base: Base::Root,
                    path: names(&["a b", "c"])
                }
            })
        );
        assert_eq!(
            parse("/v1.0/drives/b!x/root:/a/b:"),
            parse("/v1.0/drives/b!x/root:/a/b")
        );
        assert_eq!(
            parse("/v1.0/drives/d/items/01AB:/f%C3%A9.txt:/content"),
            Ok(Route::Content {
                drive: DriveRef::Id("d".into()),
                parent: Address {
                    base: Base::Id("01AB".into()),
                    path: vec![]
                },
                name: "fé.txt".into()
            })
        );
        assert!(matches!(
            parse("/v1.0/drives/d/items/01AB:/x:/createUploadSession"),
            Ok(Route::CreateUploadSession { .. })
        ));
        assert_eq!(
            parse("/v1.0/drives/d/root"),
            Ok(Route::Item {
                drive: DriveRef::Id("d".into()),
                at: Address {
                    base: Base::Root,
                    path: vec![]
                }
            })
        );
    }

    #[test]
    fn sites_by_path_and_id() {
        assert_eq!(
            parse("/v1.0/sites/contoso.sharepoint.com:/sites/Fin%20ance"),
            Ok(Route::SiteByPath {
                host: "contoso.sharepoint.com".into(),
                path: "sites/Fin ance".into(),
                part: SitePart::Site
            })
        );
        assert_eq!(
            parse("/v1.0/sites/h:/teams/x:/drives"),
            Ok(Route::SiteByPath {
                host: "h".into(),
                path: "teams/x".into(),
                part: SitePart::Drives
            })
        );
        assert_eq!(
            parse("/v1.0/sites/h,g1,g2/drive"),
            Ok(Route::Drive(DriveRef::Site("h,g1,g2".into())))
        );
        assert_eq!(
            parse("/v1.0/sites/h:/sites/a:/drive/root/delta"),
            Ok(Route::Delta {
                drive: DriveRef::SiteByPath {
                    host: "h".into(),
                    path: "sites/a".into()
                },
                at: Address {
                    base: Base::Root,
                    path: vec![]
                },
                token: None
            })
        );
    }

    #[test]
    fn delta_in_its_function_forms_and_on_the_root_alias() {
        let root = Address {
            base: Base::Root,
            path: vec![],
        };
        let delta = |token: Option<&str>| {
            Ok(Route::Delta {
                drive: DriveRef::Id("b!x".into()),
                at: root.clone(),
                token: token.map(str::to_owned),
            })
        };
        assert_eq!(parse("/v1.0/drives/b!x/root/delta"), delta(None));
        assert_eq!(parse("/v1.0/drives/b%21x/items/root/delta()"), delta(None));
        assert_eq!(
            parse("/v1.0/drives/b%21x/items/root/delta(token='latest')"),
            delta(Some("latest"))
        );
        assert_eq!(
            parse("/v1.0/drives/b!x/root/delta(token=abc)"),
            delta(Some("abc"))
        );
        assert_eq!(
            parse("/v1.0/drives/b!x/root/delta(since='x')").map_err(|e| e.status),
            Err(400)
        );
        assert_eq!(
            parse("/v1.0/drives/b!x/items/root%3A%2Fa%20b%2Fc.txt%3A"),
            Ok(Route::Item {
                drive: DriveRef::Id("b!x".into()),
                at: Address {
                    base: Base::Root,
                    path: names(&["a b", "c.txt"])
                }
            })
        );
        assert_eq!(
            parse("/v1.0/groups/G1/drive/root/delta"),
            Ok(Route::Delta {
                drive: DriveRef::Group("G1".into()),
                at: root,
                token: None
            })
        );
    }

    #[test]
    fn channel_files_folders_decode_their_ids() {
        assert_eq!(
            parse("/v1.0/teams/02bd9fd6-8f93/channels/19%3Aab%40thread.tacv2/filesFolder"),
            Ok(Route::ChannelFilesFolder {
                team: "02bd9fd6-8f93".into(),
                channel: "19:ab@thread.tacv2".into()
            })
        );
    }

    #[test]
    fn unknown_paths_are_refused() {
        assert_eq!(parse("/v1.0/me/drive").map_err(|e| e.status), Err(400));
        assert_eq!(parse("/v2.0/drives/d").map_err(|e| e.status), Err(404));
        assert!(matches!(
            parse("/v1.0/drives/d/items/x/content"),
            Ok(Route::ItemContent { .. })
        ));
        assert!(matches!(
            parse("/v1.0/drives/d/items/x/copy"),
            Ok(Route::Copy { .. })
        ));
        assert!(matches!(
            parse("/v1.0/drives/d/items/x/permanentDelete"),
            Ok(Route::PermanentDelete { .. })
        ));
        assert_eq!(parse("/monitor/j1"), Ok(Route::Monitor("j1".into())));
        assert_eq!(parse("/download/01AB"), Ok(Route::Download("01AB".into())));
        assert_eq!(parse("/upload/abc"), Ok(Route::Upload("abc".into())));
        assert_eq!(
            parse("/v1.0/teams/t/channels/c/messages").map_err(|e| e.status),
            Err(400)
        );
    }

    #[test]
    fn links_keep_the_listeners_scheme_and_put_files_on_their_own_host() {
        let mut links = Links::new(
            Origins::loopback("http", 8080),
            Some(Origins::loopback("https", 8443)),
        );
        assert_eq!(
            links.upload_url("s1", "t"),
            "http://localhost:8080/upload/s1?tempauth=t"
        );
        assert_eq!(links.monitor_url("j"), "http://localhost:8080/monitor/j");
        assert_eq!(
            links.next_page("/v1.0/drives/d/root/children", 2, "k"),
            "http://127.0.0.1:8080/v1.0/drives/d/root/children?$top=2&$skiptoken=k"
        );
        links.answer_over(Listener::Tls);
        assert_eq!(
            links.download_url("01", "t"),
            "https://localhost:8443/download/01?tempauth=t"
        );
        assert_eq!(
            links.token_endpoint("contoso"),
            "https://127.0.0.1:8443/contoso/oauth2/v2.0/token"
        );
        assert_eq!(
            links.item_url("d", "i"),
            "https://127.0.0.1:8443/v1.0/drives/d/items/i"
        );
        let mut plain_only = Links::new(Origins::loopback("http", 1), None);
        plain_only.answer_over(Listener::Tls);
        assert_eq!(
            plain_only.authority("t"),
            "http://127.0.0.1:1/t",
            "no https listener: links stay plain"
        );
    }

    #[test]
    fn discovery_paths_name_the_tenant() {
        assert_eq!(
            openid_configuration_tenant(
                "/contoso.onmicrosoft.com/v2.0/.well-known/openid-configuration"
            ),
            Some("contoso.onmicrosoft.com")
        );
        assert_eq!(
            openid_configuration_tenant("/v2.0/.well-known/openid-configuration"),
            None
        );
        assert_eq!(
            openid_configuration_tenant("/a/b/v2.0/.well-known/openid-configuration"),
            None
        );
        assert_eq!(signing_keys_tenant("/t1/discovery/v2.0/keys"), Some("t1"));
        assert_eq!(signing_keys_tenant("/t1/discovery/keys"), None);
    }

    #[test]
    fn the_token_path_names_the_tenant() {
        assert_eq!(
            token_endpoint_tenant("/contoso.onmicrosoft.com/oauth2/v2.0/token"),
            Some("contoso.onmicrosoft.com")
        );
        assert_eq!(token_endpoint_tenant("/oauth2/v2.0/token"), None);
        assert_eq!(token_endpoint_tenant("/a/b/oauth2/v2.0/token"), None);
        assert_eq!(token_endpoint_tenant("/v1.0/drives/x"), None);
    }
}
