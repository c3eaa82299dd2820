//! How the routes turn the tenant's state into the views they answer (`docs/graph-notes.md` §16):
//! a driveItem with its `@odata.context` (a file's with its download URL), a deleted item, a drive with its `owner` and `quota`,
//! a site. Shared by the routes of `serve`; it answers nothing itself.

use serde_json::json;

use crate::graph::ItemReference;
use crate::sim::serve::downloads;
use crate::sim::state::{Contents, DriveIdx, ItemIdx, Tombstone};
use crate::sim::tenant::Tenant;
use crate::sim::views::{DeletedView, DriveView, Identity, IdentitySet, ItemView, Quota, SiteView};

/// What a document library or OneDrive allows: 1 TiB, as the drive sample in Microsoft's drive
/// reference shows.
const QUOTA_TOTAL: u64 = 1 << 40;

/// A drive id as it appears inside `@odata.context` (`!` percent-encoded, as Graph writes it).
fn context_key(id: &str) -> String {
    id.replace('!', "%21")
}

/// `@odata.context` of one driveItem of drive `drive`.
pub(crate) fn item_context(tenant: &Tenant, drive: DriveIdx) -> String {
    format!(
        "{}/$metadata#drives('{}')/items/$entity",
        tenant.links.graph_root(),
        context_key(&tenant.contents.drive(drive).id)
    )
}

/// `@odata.context` of the children of `folder` in drive `drive`.
pub(crate) fn children_context(tenant: &Tenant, drive: DriveIdx, folder: ItemIdx) -> String {
    format!(
        "{}/$metadata#drives('{}')/items('{}')/children",
        tenant.links.graph_root(),
        context_key(&tenant.contents.drive(drive).id),
        tenant.contents.drive_item(folder).id
    )
}

/// `@odata.context` of a collection of driveItems that is not a folder's children (delta).
pub(crate) fn item_collection_context(tenant: &Tenant) -> String {
    format!(
        "{}/$metadata#Collection(driveItem)",
        tenant.links.graph_root()
    )
}

/// The app every write in the tenant is attributed to. Writes made with app-only permissions
/// carry the app and SharePoint's "SharePoint App" user
/// (<https://learn.microsoft.com/graph/api/resources/identityset>); the simulated tenant does
/// not tell apps apart, so one identity stands for whichever client wrote.
fn writing_app() -> IdentitySet {
    IdentitySet {
        application: Some(Identity {
            id: Some(SIMULATED_APP_ID.to_owned()),
            display_name: "pilotbench simulated tenant".to_owned(),
            email: None,
        }),
        user: Some(Identity {
            id: None,
            display_name: "SharePoint App".to_owned(),
            email: None,
        }),
    }
}

/// The application id [`writing_app`] carries.
const SIMULATED_APP_ID: &str = "00000000-0000-0000-0000-0000000000a1";

/// Item `idx` as it appears inside a collection, with who created and last changed it and, for
/// a file, its pre-authenticated `@microsoft.graph.downloadUrl` (§23).
pub(crate) fn item_in_collection(tenant: &Tenant, idx: ItemIdx) -> ItemView {
    let mut view = ItemView::plain(tenant.contents.drive_item(idx));
    view.created_by = Some(writing_app());
    view.last_modified_by = Some(writing_app());
    view.download_url = downloads::download_url(tenant, idx);
    view
}

/// Item `idx` of drive `drive` answered on its own, with its `@odata.context`.
pub(crate) fn item(tenant: &Tenant, drive: DriveIdx, idx: ItemIdx) -> ItemView {
    let mut view = item_in_collection(tenant, idx);
    view.context = Some(item_context(tenant, drive));
    view
}

/// A deleted item of drive `drive` as `delta` reports it.
pub(crate) fn deleted(tenant: &Tenant, drive: DriveIdx, tombstone: &Tombstone) -> DeletedView {
    let drive = tenant.contents.drive(drive);
    let facet = Some(json!({}));
    DeletedView {
        id: tombstone.id.clone(),
        deleted: json!({}),
        parent_reference: ItemReference {
            drive_id: Some(drive.id),
            drive_type: drive.drive_type,
            id: tombstone.parent_id.clone(),
            path: None,
        },
        file: (!tombstone.is_folder).then(|| facet.clone()).flatten(),
        folder: tombstone.is_folder.then_some(facet).flatten(),
    }
}

/// Drive `drive` with its owner and quota; `with_context` when answered on its own.
pub(crate) fn drive(tenant: &Tenant, drive: DriveIdx, with_context: bool) -> DriveView {
    let contents = &tenant.contents;
    let payload = contents.drive(drive);
    let root = contents.drive_item(contents.drive_root(drive));
    let used = root.size.unwrap_or(0);
    let owner = match (payload.drive_type.as_deref(), contents.drive_owner(drive)) {
        (Some("business"), Some(upn)) => IdentitySet {
            application: None,
            user: Some(Identity {
                id: Some(tenant.contents.user_id(upn)),
                display_name: Contents::user_display_name(upn),
                email: Some(upn.to_owned()),
            }),
        },
        _ => IdentitySet {
            application: None,
            user: Some(Identity {
                id: None,
                display_name: "System Account".to_owned(),
                email: None,
            }),
        },
    };
    DriveView {
        context: with_context
            .then(|| format!("{}/$metadata#drives/$entity", tenant.links.graph_root())),
        created_date_time: root.created_date_time.clone().unwrap_or_default(),
        drive: payload,
        owner,
        quota: Quota {
            deleted: 0,
            remaining: QUOTA_TOTAL.saturating_sub(used),
            state: "normal",
            total: QUOTA_TOTAL,
            used,
        },
    }
}

/// `@odata.context` of a collection of drives.
pub(crate) fn drives_context(tenant: &Tenant) -> String {
    format!("{}/$metadata#drives", tenant.links.graph_root())
}

/// A site answered on its own.
pub(crate) fn site(tenant: &Tenant, site: crate::graph::Site) -> SiteView {
    SiteView {
        context: format!("{}/$metadata#sites/$entity", tenant.links.graph_root()),
        site,
    }
}
