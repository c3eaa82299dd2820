//! Where a site's content goes: a SharePoint (or Teams) site's library, a user's OneDrive, or a
//! Teams channel's files folder (`channel.rs`), and a folder below it, in the shape the
//! workload calls for. The addresses themselves (site URL, user) are checked as `addresses.rs`
//! checks every address in the tenant; the folder pilotbench creates, by the scan's name rules
//! (`destination_folder.rs`).

use toml::Spanned;

use super::addresses::{check_site_url, check_user_principal_name};
use super::channel::{channel_hint, check_channel};
use super::checker::Checker;
use super::destination_folder::{FolderBase, check_destination_folder};
use super::raw::RawDestination;
use super::site_model::{Destination, Workload};

/// Checks a site's `destination` for its workload.
pub(crate) fn check_destination(
    checker: &mut Checker<'_>,
    workload: Option<Workload>,
    raw: Spanned<RawDestination>,
) -> Option<Destination> {
    let span = raw.span();
    let raw = raw.into_inner();
    let errors_before = checker.error_count();
    // Without a valid workload the right shape is unknown; the workload error is enough.
    let workload = workload?;
    let base = if raw.team.is_some() || raw.channel.is_some() {
        FolderBase::ChannelFolder
    } else {
        FolderBase::LibraryRoot
    };
    let folder = check_destination_folder(checker, raw.folder.as_ref(), base);
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
            Some(user) => check_user_principal_name(checker, user),
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
            Some(site) => match check_site_url(site.get_ref(), "site") {
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
