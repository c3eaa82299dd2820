//! `delta` (<https://learn.microsoft.com/graph/api/driveitem-delta>, `docs/graph-notes.md` §13):
//! a full enumeration paged by `$top` from `@odata.nextLink` to `@odata.deltaLink`, both
//! absolute; `token=latest` in its query and function forms; changes since a token (new items,
//! new versions, deletions with the `deleted` facet, by `DELETE` and `permanentDelete` too); a folder's subtree and a site's drive;
//! `410 Gone` with `resyncChangesApplyDifferences` and a `Location` once a token is too old
//! (admin path and lifetime); `$select`; unsupported options refused by name; and its RU
//! charge (2 without a token, 1 with one).

use std::collections::BTreeSet;

use serde_json::Value;

use super::{Tenant, config, error_of};
use pilotbench::sim::SimConfig;

/// Follows `first` (an absolute URL) page by page; every page, in order.
async fn all_pages(tenant: &Tenant, first: &str) -> Vec<Value> {
    let mut pages = Vec::new();
    let mut url = first.to_owned();
    loop {
        let response = tenant.get_url(&url).await;
        assert_eq!(response.status(), 200, "GET {url}");
        let content_type = response.headers()["content-type"]
            .to_str()
            .expect("ascii")
            .to_owned();
        assert!(
            content_type.starts_with("application/json"),
            "{content_type}"
        );
        let page: Value = response.json().await.expect("page");
        let next = page["@odata.nextLink"].as_str().map(str::to_owned);
        pages.push(page);
        match next {
            Some(next) => url = next,
            None => return pages,
        }
        assert!(pages.len() < 100, "paging does not end");
    }
}

fn names(page: &Value) -> Vec<String> {
    page["value"]
        .as_array()
        .expect("value")
        .iter()
        .filter_map(|item| item["name"].as_str().map(str::to_owned))
        .collect()
}

fn entry<'a>(page: &'a Value, id: &str) -> Option<&'a Value> {
    page["value"]
        .as_array()
        .expect("value")
        .iter()
        .find(|item| item["id"] == id)
}

/// The deltaLink of the last of `pages`, checked to be absolute and alone.
fn delta_link(tenant: &Tenant, pages: &[Value]) -> String {
    let last = pages.last().expect("a page");
    assert!(last.get("@odata.nextLink").is_none(), "{last}");
    let link = last["@odata.deltaLink"].as_str().expect("deltaLink");
    assert!(
        link.starts_with(tenant.tenant.graph_base_url().as_str()),
        "{link}"
    );
    link.to_owned()
}

#[tokio::test]
async fn a_full_enumeration_pages_by_top_from_next_links_to_a_delta_link() {
    let t = Tenant::start(config()).await;
    let a = t.folder(&t.root, "A").await;
    t.put_file(a["id"].as_str().expect("id"), "1.txt", b"one")
        .await;
    t.put_file(&t.root, "2.txt", b"two").await;
    t.put_file(&t.root, "3.txt", b"three").await;

    let first = t.graph(&format!("/drives/{}/root/delta?$top=2", t.drive));
    let pages = all_pages(&t, &first).await;
    assert!(
        pages.len() >= 3,
        "five entries or more at two a page: {pages:?}"
    );
    for page in &pages[..pages.len() - 1] {
        let next = page["@odata.nextLink"].as_str().expect("nextLink");
        assert!(next.starts_with("http://127.0.0.1:"), "absolute: {next}");
        assert!(next.contains("$top=2"), "keeps $top: {next}");
        assert!(page.get("@odata.deltaLink").is_none());
    }
    for page in &pages {
        // $top entries, and a page's first entry brings its parents not yet listed (here at
        // most the root and A): the only way a page outgrows $top.
        assert!(
            page["value"].as_array().expect("value").len() <= 3,
            "{page}"
        );
        assert!(
            page["@odata.context"]
                .as_str()
                .is_some_and(|c| c.contains("$metadata#")),
            "{page}"
        );
    }
    delta_link(&t, &pages);
    assert_eq!(names(&pages[0])[0], "root", "the folder itself first");
    let seen: BTreeSet<String> = pages.iter().flat_map(names).collect();
    for name in ["root", "A", "1.txt", "2.txt", "3.txt"] {
        assert!(seen.contains(name), "{name} in {seen:?}");
    }
    let file = pages
        .iter()
        .find_map(|p| {
            p["value"]
                .as_array()
                .expect("value")
                .iter()
                .find(|i| i["name"] == "3.txt")
                .cloned()
        })
        .expect("3.txt");
    assert_eq!(file["size"], 5);
    assert_eq!(file["parentReference"]["driveId"], t.drive.as_str());
    assert!(file["file"]["hashes"]["quickXorHash"].is_string(), "{file}");
    assert!(
        file.get("cTag").is_none(),
        "OneDrive for Business leaves cTag out of delta"
    );
}

#[tokio::test]
async fn a_token_reports_new_items_new_versions_and_deletions_once_each() {
    let t = Tenant::start(config()).await;
    let old = t.folder(&t.root, "Old").await;
    let old_id = old["id"].as_str().expect("id").to_owned();
    let inside = t.put_file(&old_id, "x.txt", b"x").await;
    let two = t.put_file(&t.root, "2.txt", b"two").await;
    t.put_file(&t.root, "3.txt", b"three").await;

    // The function form on the items/root alias, as the SDKs send it.
    let latest = t
        .json(&format!(
            "/drives/{}/items/root/delta(token='latest')",
            t.drive
        ))
        .await;
    assert_eq!(
        latest["value"].as_array().map(Vec::len),
        Some(0),
        "{latest}"
    );
    assert!(latest.get("@odata.nextLink").is_none());
    let link = latest["@odata.deltaLink"]
        .as_str()
        .expect("deltaLink")
        .to_owned();
    let query_form = t
        .json(&format!("/drives/{}/root/delta?token=latest", t.drive))
        .await;
    assert_eq!(query_form["value"].as_array().map(Vec::len), Some(0));

    t.put_file(&t.root, "n.txt", b"new").await;
    let two_again = t.put_file(&t.root, "2.txt", b"two, second version").await;
    assert_ne!(
        two["eTag"], two_again["eTag"],
        "a new version has a new eTag"
    );
    let replaced = t.post_folder(&t.root, "Old", "replace").await;
    assert_eq!(replaced.status(), 201);
    let new_old: Value = replaced.json().await.expect("item");

    let pages = all_pages(&t, &link).await;
    let page = &pages[0];
    assert_eq!(pages.len(), 1, "{pages:?}");
    let changed = names(page);
    for name in ["n.txt", "2.txt", "Old"] {
        assert_eq!(
            changed.iter().filter(|n| *n == name).count(),
            1,
            "{name} once in {changed:?}"
        );
    }
    assert!(
        !changed.contains(&"3.txt".to_owned()),
        "unchanged: {changed:?}"
    );
    assert!(!changed.contains(&"x.txt".to_owned()), "{changed:?}");
    let two_entry = entry(page, two["id"].as_str().expect("id")).expect("2.txt");
    assert_eq!(two_entry["eTag"], two_again["eTag"], "its latest state");
    assert_eq!(two_entry["size"], 19);
    let gone = entry(page, &old_id).expect("the replaced folder");
    assert_eq!(gone["deleted"], serde_json::json!({}));
    assert!(gone["folder"].is_object(), "{gone}");
    assert_eq!(gone["parentReference"]["id"], t.root.as_str());
    let gone_file = entry(page, inside["id"].as_str().expect("id")).expect("the file inside");
    assert!(gone_file["deleted"].is_object() && gone_file["file"].is_object());
    assert!(entry(page, new_old["id"].as_str().expect("id")).is_some());

    let after = delta_link(&t, &pages);
    let quiet = all_pages(&t, &after).await;
    assert!(
        names(&quiet[0]).is_empty(),
        "nothing changed since: {quiet:?}"
    );
}

#[tokio::test]
async fn a_delete_and_a_permanent_delete_appear_as_deleted_once() {
    let t = Tenant::start(config()).await;
    let folder = t.folder(&t.root, "Gone").await;
    let folder_id = folder["id"].as_str().expect("id").to_owned();
    let inside = t.put_file(&folder_id, "inside.txt", b"in").await;
    let loose = t.put_file(&t.root, "loose.txt", b"loose").await;
    let kept = t.put_file(&t.root, "kept.txt", b"kept").await;
    let latest = t
        .json(&format!("/drives/{}/root/delta?token=latest", t.drive))
        .await;
    let link = latest["@odata.deltaLink"]
        .as_str()
        .expect("deltaLink")
        .to_owned();

    let deleted = t
        .client
        .delete(t.graph(&format!("/drives/{}/items/{folder_id}", t.drive)))
        .bearer_auth(pilotbench::sim::SIMULATED_TOKEN)
        .send()
        .await
        .expect("sent");
    assert_eq!(deleted.status(), 204);
    let loose_id = loose["id"].as_str().expect("id");
    let purged = t
        .client
        .post(t.graph(&format!(
            "/drives/{}/items/{loose_id}/permanentDelete",
            t.drive
        )))
        .bearer_auth(pilotbench::sim::SIMULATED_TOKEN)
        .send()
        .await
        .expect("sent");
    assert_eq!(purged.status(), 204);

    let pages = all_pages(&t, &link).await;
    let page = &pages[0];
    for (id, kind) in [
        (folder_id.as_str(), "folder"),
        (inside["id"].as_str().expect("id"), "file"),
        (loose_id, "file"),
    ] {
        let gone = entry(page, id).unwrap_or_else(|| panic!("{id} in {page}"));
        assert_eq!(gone["deleted"], serde_json::json!({}), "{gone}");
        assert!(gone[kind].is_object(), "{gone}");
    }
    let ids: Vec<&str> = page["value"]
        .as_array()
        .expect("value")
        .iter()
        .filter_map(|item| item["id"].as_str())
        .collect();
    assert_eq!(
        ids.len(),
        ids.iter().collect::<BTreeSet<_>>().len(),
        "each item once: {ids:?}"
    );
    assert!(entry(page, kept["id"].as_str().expect("id")).is_none());
}

#[tokio::test]
async fn a_folder_delta_sees_its_subtree_and_a_site_drive_is_a_drive() {
    let t = Tenant::start(config()).await;
    let a = t.folder(&t.root, "A").await;
    let a_id = a["id"].as_str().expect("id").to_owned();
    t.put_file(&a_id, "in.txt", b"in").await;
    t.put_file(&t.root, "out.txt", b"out").await;

    let folder = all_pages(
        &t,
        &t.graph(&format!("/drives/{}/items/{a_id}/delta", t.drive)),
    )
    .await;
    let seen: BTreeSet<String> = folder.iter().flat_map(names).collect();
    assert_eq!(seen, BTreeSet::from(["A".to_owned(), "in.txt".to_owned()]));

    let site = all_pages(
        &t,
        &t.graph(&format!("/sites/{}/drive/root/delta()", t.site)),
    )
    .await;
    let seen: BTreeSet<String> = site.iter().flat_map(names).collect();
    for name in ["root", "A", "in.txt", "out.txt"] {
        assert!(seen.contains(name), "{name} in {seen:?}");
    }
    let link = delta_link(&t, &site);
    assert!(
        link.contains("/sites/"),
        "the link names what was asked: {link}"
    );
}

#[tokio::test]
async fn an_expired_token_is_410_resync_with_a_location_that_starts_again() {
    let t = Tenant::start(config()).await;
    t.put_file(&t.root, "a.txt", b"a").await;
    let latest = t
        .json(&format!("/drives/{}/root/delta?token=latest", t.drive))
        .await;
    let link = latest["@odata.deltaLink"]
        .as_str()
        .expect("link")
        .to_owned();
    assert_eq!(t.get_url(&link).await.status(), 200, "fresh");

    let expired = t.admin_post("/_sim/expire-delta-tokens").await;
    assert_eq!(expired.status(), 204);
    let gone = t.get_url(&link).await;
    assert_eq!(gone.status(), 410);
    let location = gone.headers()["location"]
        .to_str()
        .expect("ascii")
        .to_owned();
    assert!(location.starts_with("http://127.0.0.1:"), "{location}");
    assert!(
        !location.contains("token="),
        "a fresh enumeration: {location}"
    );
    let (code, _) = error_of(gone).await;
    assert_eq!(code, "resyncChangesApplyDifferences");
    let again = all_pages(&t, &location).await;
    let seen: BTreeSet<String> = again.iter().flat_map(names).collect();
    assert!(seen.contains("a.txt"), "{seen:?}");

    let malformed = t
        .get(&format!("/drives/{}/root/delta?token=not-ours", t.drive))
        .await;
    assert_eq!(malformed.status(), 400);
    assert_eq!(error_of(malformed).await.0, "invalidRequest");
}

#[tokio::test]
async fn a_token_older_than_its_lifetime_is_410() {
    let t = Tenant::start(SimConfig {
        delta_token_lifetime_us: Some(1_000),
        ..config()
    })
    .await;
    let latest = t
        .json(&format!("/drives/{}/root/delta?token=latest", t.drive))
        .await;
    let link = latest["@odata.deltaLink"]
        .as_str()
        .expect("link")
        .to_owned();
    tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    let gone = t.get_url(&link).await;
    assert_eq!(gone.status(), 410);
    assert!(gone.headers().contains_key("location"));
    assert_eq!(error_of(gone).await.0, "resyncChangesApplyDifferences");
}

#[tokio::test]
async fn select_projects_every_entry_and_unsupported_options_are_400_by_name() {
    let t = Tenant::start(config()).await;
    t.put_file(&t.root, "a.txt", b"a").await;
    t.put_file(&t.root, "b.txt", b"b").await;
    let first = t.graph(&format!(
        "/drives/{}/root/delta?$select=id,name&$top=1",
        t.drive
    ));
    let pages = all_pages(&t, &first).await;
    assert!(pages.len() >= 3, "{pages:?}");
    for page in &pages {
        for item in page["value"].as_array().expect("value") {
            let keys: BTreeSet<&str> = item
                .as_object()
                .expect("object")
                .keys()
                .map(String::as_str)
                .collect();
            assert_eq!(keys, BTreeSet::from(["id", "name"]), "{item}");
        }
        if let Some(next) = page["@odata.nextLink"].as_str() {
            assert!(next.contains("$select=id,name"), "{next}");
        }
    }

    for (query, named) in [
        ("$filter=name%20eq%20'a.txt'", "'$filter'"),
        ("$expand=children", "'$expand'"),
        ("$count=true", "'$count'"),
        ("$skip=1", "'$skip'"),
        ("foo=bar", "'foo'"),
        ("$select=sharepointIds", "'sharepointIds'"),
    ] {
        let refused = t
            .get(&format!("/drives/{}/root/delta?{query}", t.drive))
            .await;
        assert_eq!(refused.status(), 400, "{query}");
        let (code, message) = error_of(refused).await;
        assert_eq!(code, "invalidRequest", "{query}");
        assert!(message.contains(named), "{query}: {message}");
    }
}

#[tokio::test]
async fn delta_costs_two_ru_without_a_token_and_one_with() {
    // Setup (site, its drive, the root) costs 3 RU of 10; headers show from 8 RU used.
    let t = Tenant::start(SimConfig {
        ru_per_minute: Some(10),
        ru_window_us: 3_600_000_000,
        ..config()
    })
    .await;
    let remaining = |response: &reqwest::Response| {
        response
            .headers()
            .get("ratelimit-remaining")
            .map(|v| v.to_str().expect("ascii").to_owned())
    };
    let full = t.graph(&format!("/drives/{}/root/delta", t.drive));
    let first = t.get_url(&full).await;
    assert_eq!(
        (first.status().as_u16(), remaining(&first)),
        (200, None),
        "5 used"
    );
    let second = t.get_url(&full).await;
    assert_eq!(
        (second.status().as_u16(), remaining(&second)),
        (200, None),
        "7 used"
    );
    let latest = t
        .get(&format!("/drives/{}/root/delta(token='latest')", t.drive))
        .await;
    assert_eq!(remaining(&latest).as_deref(), Some("2"), "8 used");
    let body: Value = latest.json().await.expect("page");
    let link = body["@odata.deltaLink"].as_str().expect("link").to_owned();
    let with_token = t.get_url(&link).await;
    assert_eq!(with_token.status(), 200);
    assert_eq!(remaining(&with_token).as_deref(), Some("1"), "9 used");
    let over = t.get_url(&full).await;
    assert_eq!(over.status(), 429, "11 of 10");
    assert!(over.headers().contains_key("retry-after"));
}
