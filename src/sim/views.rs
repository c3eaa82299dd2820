//! The JSON the tenant answers, beyond the payload types it shares with the client
//! (`graph::types`): a driveItem with the decorations Graph adds (`@odata.context`,
//! `createdBy` / `lastModifiedBy`, `@microsoft.graph.downloadUrl`, expanded `children`), a
//! deleted item as `delta` reports it, pages with `@odata.nextLink` / `@odata.deltaLink`, and a
//! drive with its `owner` and `quota` (`docs/graph-notes.md` §15, §16). Only the fake needs these
//! fields, so they live here rather than in the shared types.
//!
//! `$select` is a [`Select`]: the properties a resource may be asked for are listed per resource
//! (what the tenant serves; a property it does not serve is refused, not silently left out) and
//! the projection happens when the body is serialised, after the tenant's lock is released.

use serde::Serialize;
use serde_json::Value;

use crate::graph::{Drive, DriveItem, ItemReference, Site};

/// The driveItem properties the tenant serves, as `$select` may name them.
pub(crate) const ITEM_PROPERTIES: &[&str] = &[
    "id",
    "name",
    "size",
    "eTag",
    "cTag",
    "createdBy",
    "createdDateTime",
    "lastModifiedBy",
    "lastModifiedDateTime",
    "webUrl",
    "parentReference",
    "file",
    "folder",
    "fileSystemInfo",
    "root",
    "deleted",
    "children",
    "@microsoft.graph.downloadUrl",
];

/// The drive properties the tenant serves.
pub(crate) const DRIVE_PROPERTIES: &[&str] = &[
    "id",
    "name",
    "driveType",
    "webUrl",
    "createdDateTime",
    "owner",
    "quota",
];

/// The site properties the tenant serves.
pub(crate) const SITE_PROPERTIES: &[&str] = &["id", "name", "displayName", "webUrl"];

/// A `$select` name the resource does not serve: its message (a 400 in `exchange`, which sits
/// above this file).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct UnservedProperty(pub(crate) String);

/// A `$select` projection: `None` keeps every property.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Select(Option<Vec<&'static str>>);

impl Select {
    /// Every property.
    pub(crate) fn all() -> Select {
        Select(None)
    }

    /// The projection `names` asks for among `properties` (case-insensitively; `*` is all);
    /// a name the resource does not serve is a 400 naming it.
    pub(crate) fn of(
        names: Option<&[String]>,
        properties: &[&'static str],
    ) -> Result<Select, UnservedProperty> {
        let Some(names) = names else {
            return Ok(Select(None));
        };
        let mut keep = Vec::new();
        for name in names {
            if name == "*" {
                return Ok(Select(None));
            }
            let found = properties
                .iter()
                .find(|p| p.eq_ignore_ascii_case(name))
                .ok_or_else(|| {
                    UnservedProperty(format!(
                        "The property '{name}' in $select is not served by the simulated \
                         tenant on this resource; it serves {}.",
                        properties.join(", ")
                    ))
                })?;
            keep.push(*found);
        }
        Ok(Select(Some(keep)))
    }

    /// Whether a projection is asked for.
    pub(crate) fn is_all(&self) -> bool {
        self.0.is_none()
    }

    /// The selected names joined as a `$select` value, if any.
    pub(crate) fn to_query_value(&self) -> Option<String> {
        self.0.as_ref().map(|names| names.join(","))
    }

    /// Keeps the selected properties of the object `value` (and its annotations, and expanded
    /// children and permissions, which `$select` does not remove).
    pub(crate) fn apply(&self, value: &mut Value) {
        let (Some(keep), Value::Object(map)) = (&self.0, value) else {
            return;
        };
        map.retain(|key, _| {
            key.starts_with("@odata.")
                || key.starts_with("children")
                || key == "permissions"
                || keep.iter().any(|k| k == key)
        });
    }

    /// Applies the projection to each element of a page's `value`.
    pub(crate) fn apply_to_page(&self, page: &mut Value) {
        if self.is_all() {
            return;
        }
        if let Some(Value::Array(items)) = page.get_mut("value") {
            for item in items {
                self.apply(item);
            }
        }
    }
}

/// Serialises `body`, applying `select` to it (`page`: to each element of its `value`).
pub(crate) fn render<T: Serialize>(body: &T, select: &Select, page: bool) -> Vec<u8> {
    // Serialising these plain structs cannot fail; an empty object is the safe fallback.
    let fallback = || b"{}".to_vec();
    if select.is_all() {
        return serde_json::to_vec(body).unwrap_or_else(|_| fallback());
    }
    let Ok(mut value) = serde_json::to_value(body) else {
        return fallback();
    };
    if page {
        select.apply_to_page(&mut value);
    } else {
        select.apply(&mut value);
    }
    serde_json::to_vec(&value).unwrap_or_else(|_| fallback())
}

/// One identity of an identitySet.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct Identity {
    /// Its id (a GUID), if known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) id: Option<String>,
    /// Its display name.
    pub(crate) display_name: String,
    /// A user's email.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) email: Option<String>,
}

/// An identitySet: who did something (`createdBy`, `lastModifiedBy`) or owns a drive.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub(crate) struct IdentitySet {
    /// An app (writes made with app-only permissions carry only this).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) application: Option<Identity>,
    /// A user.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) user: Option<Identity>,
}

/// A driveItem as the tenant answers it.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct ItemView {
    /// `@odata.context` of a single item (absent inside collections).
    #[serde(rename = "@odata.context", skip_serializing_if = "Option::is_none")]
    pub(crate) context: Option<String>,
    /// A pre-authenticated URL of a file's bytes.
    #[serde(
        rename = "@microsoft.graph.downloadUrl",
        skip_serializing_if = "Option::is_none"
    )]
    pub(crate) download_url: Option<String>,
    /// The shared payload.
    #[serde(flatten)]
    pub(crate) item: DriveItem,
    /// Who created it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) created_by: Option<IdentitySet>,
    /// Who changed it last.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) last_modified_by: Option<IdentitySet>,
    /// `$expand=children`: the first page of its children.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) children: Option<Vec<ItemView>>,
    /// The link to the rest of the expanded children.
    #[serde(
        rename = "children@odata.nextLink",
        skip_serializing_if = "Option::is_none"
    )]
    pub(crate) children_next_link: Option<String>,
    /// `$expand=permissions`: who may do what with it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) permissions: Option<Vec<PermissionView>>,
}

impl ItemView {
    /// `item` with no decorations.
    pub(crate) fn plain(item: DriveItem) -> ItemView {
        ItemView {
            context: None,
            download_url: None,
            item,
            created_by: None,
            last_modified_by: None,
            children: None,
            children_next_link: None,
            permissions: None,
        }
    }
}

/// One SharePoint identity of a `sharePointIdentitySet`: a site group or a site user.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct SharePointIdentity {
    /// Its id in the site.
    pub(crate) id: String,
    /// Its display name.
    pub(crate) display_name: String,
    /// Its claims login name.
    pub(crate) login_name: String,
    /// A user's email.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) email: Option<String>,
}

/// Who a permission is granted to (`grantedToV2`, a `sharePointIdentitySet`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct SharePointIdentitySet {
    /// A directory user.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) user: Option<Identity>,
    /// The same user as the site knows them.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) site_user: Option<SharePointIdentity>,
    /// A SharePoint site group.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) site_group: Option<SharePointIdentity>,
}

/// A permission on an item, as `$expand=permissions` lists it
/// (<https://learn.microsoft.com/graph/api/resources/permission>).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct PermissionView {
    /// The permission's id (opaque).
    pub(crate) id: String,
    /// `owner`, `write` or `read`.
    pub(crate) roles: Vec<&'static str>,
    /// Who holds it.
    pub(crate) granted_to_v2: SharePointIdentitySet,
    /// The same, in the deprecated form SharePoint still sends beside it.
    pub(crate) granted_to: IdentitySet,
}

/// A deleted item as `delta` reports it: its id, the `deleted` facet, where it was, and whether
/// it was a file or a folder (OneDrive for Business omits its name and cTag).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct DeletedView {
    /// The item's id.
    pub(crate) id: String,
    /// `{}`.
    pub(crate) deleted: Value,
    /// Its former parent.
    pub(crate) parent_reference: ItemReference,
    /// `{}` on a file.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) file: Option<Value>,
    /// `{}` on a folder.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) folder: Option<Value>,
}

/// An entry of a collection of driveItems.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub(crate) enum FeedItem {
    /// An item.
    Item(Box<ItemView>),
    /// A deleted item (delta only).
    Deleted(Box<DeletedView>),
}

/// A page of driveItems: children or a delta feed.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub(crate) struct ItemPage {
    /// `@odata.context` of the collection.
    #[serde(rename = "@odata.context", skip_serializing_if = "Option::is_none")]
    pub(crate) context: Option<String>,
    /// The entries.
    pub(crate) value: Vec<FeedItem>,
    /// The next page.
    #[serde(rename = "@odata.nextLink", skip_serializing_if = "Option::is_none")]
    pub(crate) next_link: Option<String>,
    /// A delta feed's last page: where the next round of changes starts.
    #[serde(rename = "@odata.deltaLink", skip_serializing_if = "Option::is_none")]
    pub(crate) delta_link: Option<String>,
}

/// A drive's storage (`quota`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub(crate) struct Quota {
    /// Bytes in the recycle bin.
    pub(crate) deleted: u64,
    /// Bytes left.
    pub(crate) remaining: u64,
    /// `normal`, `nearing`, `critical` or `exceeded`.
    pub(crate) state: &'static str,
    /// Bytes allowed.
    pub(crate) total: u64,
    /// Bytes used.
    pub(crate) used: u64,
}

/// A drive as the tenant answers it.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct DriveView {
    /// `@odata.context` of a single drive (absent inside collections).
    #[serde(rename = "@odata.context", skip_serializing_if = "Option::is_none")]
    pub(crate) context: Option<String>,
    /// The shared payload.
    #[serde(flatten)]
    pub(crate) drive: Drive,
    /// When the tenant created it.
    pub(crate) created_date_time: String,
    /// Its owner.
    pub(crate) owner: IdentitySet,
    /// Its storage.
    pub(crate) quota: Quota,
}

/// A page of drives.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub(crate) struct DrivePage {
    /// `@odata.context` of the collection.
    #[serde(rename = "@odata.context")]
    pub(crate) context: String,
    /// The drives.
    pub(crate) value: Vec<DriveView>,
}

/// A site as the tenant answers it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub(crate) struct SiteView {
    /// `@odata.context`.
    #[serde(rename = "@odata.context")]
    pub(crate) context: String,
    /// The shared payload.
    #[serde(flatten)]
    pub(crate) site: Site,
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn select_keeps_what_is_asked_and_refuses_what_is_not_served() {
        let names = vec!["ID".to_string(), "name".to_string()];
        let select = Select::of(Some(&names), ITEM_PROPERTIES).expect("served");
        let mut value = json!({
            "@odata.context": "c", "id": "1", "name": "n", "size": 3,
            "children": [], "children@odata.nextLink": "l"
        });
        select.apply(&mut value);
        assert_eq!(
            value,
            json!({"@odata.context": "c", "id": "1", "name": "n", "children": [],
                   "children@odata.nextLink": "l"})
        );
        assert_eq!(select.to_query_value().as_deref(), Some("id,name"));
        let refused = Select::of(Some(&["sharepointIds".to_string()]), ITEM_PROPERTIES)
            .expect_err("not served");
        assert!(refused.0.contains("'sharepointIds'"));
        assert!(
            Select::of(Some(&["*".to_string()]), ITEM_PROPERTIES)
                .expect("all")
                .is_all()
        );
    }
}
