//! `$expand=permissions` (<https://learn.microsoft.com/graph/api/resources/permission>): an
//! item's inherited permissions — a library's three site groups, a OneDrive's owner — in
//! SharePoint's `grantedToV2` form with the deprecated `grantedTo` beside it, on an item and on
//! each child (every page); charged 5 RU as a permission operation; any other expansion refused by name.

use pilotbench::sim::SimConfig;
use serde_json::Value;

use super::{Tenant, config, error_of};

const UPN: &str = "jane.doe@contoso.onmicrosoft.com";

/// The permissions of `item`, by their role.
fn roles(item: &Value) -> Vec<(String, String)> {
    item["permissions"]
        .as_array()
        .expect("permissions")
        .iter()
        .map(|p| {
            assert!(p["id"].as_str().is_some_and(|id| !id.is_empty()), "{p}");
            assert!(p.get("inheritedFrom").is_none(), "SharePoint omits it");
            let roles = p["roles"].as_array().expect("roles");
            assert_eq!(roles.len(), 1, "{p}");
            let who = p["grantedToV2"]["siteGroup"]["displayName"]
                .as_str()
                .or(p["grantedToV2"]["user"]["email"].as_str())
                .expect("grantee")
                .to_owned();
            (roles[0].as_str().expect("role").to_owned(), who)
        })
        .collect()
}

#[tokio::test]
async fn a_library_item_has_its_sites_groups_and_costs_five_resource_units() {
    // The fixture costs 3 RU and the upload 2: the expansion's 5 spend the rest of the 10.
    let t = Tenant::start(SimConfig {
        ru_per_minute: Some(10),
        ..config()
    })
    .await;
    let file = t.put_file(&t.root, "budget.xlsx", b"figures").await;
    let id = file["id"].as_str().expect("id");
    let response = t
        .get(&format!(
            "/drives/{}/items/{id}?$expand=permissions&$select=id,name",
            t.drive
        ))
        .await;
    assert_eq!(response.status(), 200);
    let item: Value = response.json().await.expect("json");
    assert_eq!(item["name"], "budget.xlsx");
    assert!(item.get("size").is_none(), "$select still applies");
    assert_eq!(
        roles(&item),
        [
            ("owner".to_owned(), "Finance Owners".to_owned()),
            ("write".to_owned(), "Finance Members".to_owned()),
            ("read".to_owned(), "Finance Visitors".to_owned()),
        ]
    );
    let owners = &item["permissions"][0];
    assert_eq!(owners["grantedTo"]["user"]["displayName"], "Finance Owners");
    assert_eq!(
        owners["grantedToV2"]["siteGroup"]["loginName"],
        "Finance Owners"
    );

    let after = t.get(&format!("/drives/{}/items/{id}", t.drive)).await;
    assert_eq!(
        after.status(),
        429,
        "the minute's 10 RU are spent: the expansion cost 5, not a read's 1"
    );
}

#[tokio::test]
async fn children_expand_permissions_on_every_page_and_a_onedrive_names_its_owner() {
    let t = Tenant::start(SimConfig {
        users: vec![UPN.to_owned()],
        page_size: 1,
        ..config()
    })
    .await;
    t.put_file(&t.root, "a.txt", b"a").await;
    t.put_file(&t.root, "b.txt", b"b").await;
    let first = t
        .get(&format!(
            "/drives/{}/items/{}/children?$expand=permissions",
            t.drive, t.root
        ))
        .await;
    let first: Value = first.json().await.expect("json");
    assert_eq!(roles(&first["value"][0]).len(), 3);
    let next = first["@odata.nextLink"].as_str().expect("next page");
    let second: Value = t.get_url(next).await.json().await.expect("json");
    assert_eq!(second["value"][0]["name"], "b.txt");
    assert_eq!(
        roles(&second["value"][0]).len(),
        3,
        "the next link keeps it"
    );
    let plain = t.json(&format!("/drives/{}/root", t.drive)).await;
    assert!(plain.get("permissions").is_none(), "only when expanded");

    let onedrive = t.json(&format!("/users/{UPN}/drive")).await;
    let user = t.json(&format!("/users/{UPN}")).await;
    let root = t
        .json(&format!(
            "/drives/{}/root?$expand=permissions",
            onedrive["id"].as_str().expect("drive id")
        ))
        .await;
    assert_eq!(roles(&root), [("owner".to_owned(), UPN.to_owned())]);
    let owner = &root["permissions"][0]["grantedToV2"];
    assert_eq!(owner["user"]["id"], user["id"]);
    assert_eq!(
        owner["siteUser"]["loginName"],
        format!("i:0#.f|membership|{UPN}")
    );
}

#[tokio::test]
async fn an_expansion_the_tenant_does_not_serve_is_refused_by_name() {
    let t = Tenant::start(config()).await;
    for (path, named) in [
        (
            format!("/drives/{}/root?$expand=thumbnails", t.drive),
            "thumbnails",
        ),
        (
            format!("/drives/{}/root?$expand=permissions($select=id)", t.drive),
            "permissions($select=id)",
        ),
        (
            format!("/drives/{}/root/children?$expand=children", t.drive),
            "children",
        ),
    ] {
        let response = t.get(&path).await;
        assert_eq!(response.status(), 400, "{path}");
        let (code, message) = error_of(response).await;
        assert_eq!(code, "invalidRequest");
        assert!(message.contains(named), "{path}: {message}");
    }
}
