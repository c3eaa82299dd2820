//! The permissions an item answers with under `$expand=permissions`
//! (<https://learn.microsoft.com/graph/api/resources/permission>). Items in the simulated tenant
//! carry no sharing of their own, so each has what it inherits from its drive: a library's the
//! site's three standard groups (Owners `owner`, Members `write`, Visitors `read`), a
//! OneDrive's its user as `owner`. SharePoint answers `grantedToV2` (a `sharePointIdentitySet`:
//! `siteGroup`, or `user` with `siteUser`) and, beside it, the deprecated `grantedTo`; it
//! never sends `inheritedFrom` (the resource page says so), and neither does the fake.
//! Shared by the item and children routes; it answers nothing itself.

use base64::Engine as _;

use crate::sim::state::{Contents, DriveIdx};
use crate::sim::tenant::Tenant;
use crate::sim::views::{
    Identity, IdentitySet, PermissionView, SharePointIdentity, SharePointIdentitySet,
};

/// A site's standard groups: their member id in the site (as a new site numbers them), the
/// suffix of their name, and the role each holds.
const SITE_GROUPS: [(&str, &str, &str); 3] = [
    ("3", "Owners", "owner"),
    ("5", "Members", "write"),
    ("4", "Visitors", "read"),
];

/// The permissions of any item of drive `drive`.
pub(crate) fn of_drive(tenant: &Tenant, drive: DriveIdx) -> Vec<PermissionView> {
    let contents = &tenant.contents;
    if let Some(upn) = contents.drive_owner(drive) {
        return vec![owner(contents, upn)];
    }
    let site = contents.drive_site_name(drive).unwrap_or("Site");
    SITE_GROUPS
        .iter()
        .map(|(id, suffix, role)| {
            let name = format!("{site} {suffix}");
            PermissionView {
                id: opaque_id(&name),
                roles: vec![role],
                granted_to_v2: SharePointIdentitySet {
                    user: None,
                    site_user: None,
                    site_group: Some(SharePointIdentity {
                        id: (*id).to_owned(),
                        display_name: name.clone(),
                        login_name: name.clone(),
                        email: None,
                    }),
                },
                granted_to: IdentitySet {
                    application: None,
                    user: Some(Identity {
                        id: None,
                        display_name: name,
                        email: None,
                    }),
                },
            }
        })
        .collect()
}

/// A OneDrive's user, owner of everything in it.
fn owner(contents: &Contents, upn: &str) -> PermissionView {
    let login_name = format!("i:0#.f|membership|{upn}");
    let user = Identity {
        id: Some(contents.user_id(upn)),
        display_name: Contents::user_display_name(upn),
        email: Some(upn.to_owned()),
    };
    PermissionView {
        id: opaque_id(&login_name),
        roles: vec!["owner"],
        granted_to_v2: SharePointIdentitySet {
            user: Some(user.clone()),
            site_user: Some(SharePointIdentity {
                // The site collection's first user: the OneDrive's owner.
                id: "3".to_owned(),
                display_name: user.display_name.clone(),
                login_name,
                email: user.email.clone(),
            }),
            site_group: None,
        },
        granted_to: IdentitySet {
            application: None,
            user: Some(user),
        },
    }
}

/// A permission id: the base64 of the principal's login name, the form SharePoint's ids take
/// (opaque to clients).
fn opaque_id(login_name: &str) -> String {
    base64::engine::general_purpose::STANDARD.encode(login_name.as_bytes())
}
