//! Query options on items and children (`docs/graph-notes.md` §15,
//! <https://learn.microsoft.com/graph/api/driveitem-list-children>,
//! <https://learn.microsoft.com/graph/api/driveitem-get>): `$select`, `$expand=children`,
//! `$top`, `$orderby=name` honoured, and every option the tenant does not implement answered
//! `400 invalidRequest` naming it.

use std::collections::BTreeSet;

use serde_json::Value;

use super::{Tenant, config, error_of};

fn names(page: &Value) -> Vec<String> {
    page["value"]
        .as_array()
        .expect("value")
        .iter()
        .map(|item| item["name"].as_str().expect("name").to_owned())
        .collect()
}

async fn three_files(t: &Tenant) {
    for name in ["b.txt", "a.txt", "c.txt"] {
        t.put_file(&t.root, name, name.as_bytes()).await;
    }
}

#[tokio::test]
async fn children_honour_top_orderby_and_select_across_pages() {
    let t = Tenant::start(config()).await;
    three_files(&t).await;
    let base = format!("/drives/{}/items/{}/children", t.drive, t.root);
    let ascending = t.json(&format!("{base}?$orderby=name")).await;
    assert_eq!(names(&ascending), ["a.txt", "b.txt", "c.txt"]);

    let first = t
        .json(&format!(
            "{base}?$orderby=name%20desc&$top=2&$select=id,name"
        ))
        .await;
    assert_eq!(names(&first), ["c.txt", "b.txt"]);
    for item in first["value"].as_array().expect("value") {
        let keys: BTreeSet<&str> = item
            .as_object()
            .expect("o")
            .keys()
            .map(String::as_str)
            .collect();
        assert_eq!(keys, BTreeSet::from(["id", "name"]), "{item}");
    }
    let next = first["@odata.nextLink"].as_str().expect("nextLink");
    let response = t.get_url(next).await;
    assert_eq!(response.status(), 200);
    let second: Value = response.json().await.expect("page");
    assert_eq!(names(&second), ["a.txt"], "the order and page carry on");
    assert!(
        second["value"][0].get("size").is_none(),
        "and the projection"
    );
    assert!(second.get("@odata.nextLink").is_none());
}

#[tokio::test]
async fn expand_children_inlines_the_first_page_of_a_folder() {
    let t = Tenant::start(config()).await;
    three_files(&t).await;
    let root = t
        .json(&format!("/drives/{}/items/root?$expand=children", t.drive))
        .await;
    assert_eq!(root["id"], t.root.as_str());
    let children: Vec<&str> = root["children"]
        .as_array()
        .expect("children")
        .iter()
        .map(|c| c["name"].as_str().expect("name"))
        .collect();
    assert_eq!(children, ["a.txt", "b.txt", "c.txt"]);
    let plain = t.json(&format!("/drives/{}/items/root", t.drive)).await;
    assert!(plain.get("children").is_none(), "only when asked");
}

#[tokio::test]
async fn options_the_tenant_does_not_implement_are_400_naming_them() {
    let t = Tenant::start(config()).await;
    let children = format!("/drives/{}/items/{}/children", t.drive, t.root);
    let item = format!("/drives/{}/items/{}", t.drive, t.root);
    for (path, query, named) in [
        (&children, "$filter=name%20eq%20'a'", "'$filter'"),
        (&children, "$count=true", "'$count'"),
        (&children, "$search=a", "'$search'"),
        (&children, "$skip=1", "'$skip'"),
        (&children, "$x=1", "'$x'"),
        (&children, "foo=bar", "'foo'"),
        (&children, "$orderby=size", "'size'"),
        (&item, "$expand=thumbnails", "'thumbnails'"),
        (&item, "$top=1", "'$top'"),
    ] {
        let refused = t.get(&format!("{path}?{query}")).await;
        assert_eq!(refused.status(), 400, "{query}");
        let (code, message) = error_of(refused).await;
        assert_eq!(code, "invalidRequest", "{query}");
        assert!(message.contains(named), "{query}: {message}");
    }
}
