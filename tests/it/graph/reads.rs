//! Reading through the client: a site by URL, its drives, an item by path (names with `#` and
//! spaces), children listed page by page through absolute nextLinks, and the bearer token on
//! every Graph request but never on a nextLink that leaves the Graph host.

use pilotbench::vocab::attempt::Operation;
use serde_json::{Value, json};
use url::Url;
use wiremock::matchers::{method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::support::{graph_fixture, header_text, requests};

use super::mock_tenant::{CTX, TOKEN, client, item_ok};

#[tokio::test]
async fn graph_reads_carry_the_bearer_and_decode_the_documented_payloads() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/v1.0/sites/contoso.sharepoint.com:/teams/1drvteam"))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(graph_fixture("site_get_response.json")),
        )
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/v1.0/sites/contoso.sharepoint.com,2C71,2D22/drives"))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(graph_fixture("drive_list_response.json")),
        )
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/v1.0/drives/b!drive/root:/Shared%20Documents/a%23b"))
        .respond_with(item_ok(5))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/v1.0/drives/b!drive/root"))
        .respond_with(item_ok(0))
        .mount(&server)
        .await;
    let (client, sink) = client(&server);

    let site_url = Url::parse("https://contoso.sharepoint.com/teams/1drvteam").expect("url");
    let site = client.site_by_url(CTX, &site_url).await.expect("site");
    assert_eq!(site.display_name.as_deref(), Some("OneDrive Team Site"));
    let drives = client
        .site_drives(CTX, "contoso.sharepoint.com,2C71,2D22")
        .await
        .expect("drives");
    assert_eq!(drives.len(), 1);
    assert_eq!(drives[0].drive_type.as_deref(), Some("business"));
    let item = client
        .item_by_path(CTX, "b!drive", "/Shared Documents/a#b")
        .await
        .expect("item");
    assert_eq!(item.size, Some(5));
    let root = client.item_by_path(CTX, "b!drive", "").await.expect("root");
    assert_eq!(root.size, Some(0));

    for request in requests(&server, "GET").await {
        assert_eq!(
            header_text(&request, "authorization"),
            Some(format!("Bearer {TOKEN}").as_str()),
            "{}",
            request.url
        );
    }
    assert_eq!(
        sink.summary_with_retry(),
        vec![
            (Operation::ResolveSite, Some(200), false),
            (Operation::ListDrives, Some(200), false),
            (Operation::GetItem, Some(200), false),
            (Operation::GetItem, Some(200), false),
        ]
    );
}

/// A page of the documented children listing, with ids and the given nextLink.
fn children_page(prefix: &str, next_link: Option<String>) -> Value {
    let mut page = graph_fixture("list_children_response.json");
    let items = page["value"].as_array_mut().expect("value array");
    for (i, item) in items.iter_mut().enumerate() {
        item["id"] = json!(format!("{prefix}-{i}"));
    }
    match next_link {
        Some(link) => page["@odata.nextLink"] = json!(link),
        None => {
            page.as_object_mut()
                .expect("object")
                .remove("@odata.nextLink");
        }
    }
    page
}

#[tokio::test]
async fn children_listing_follows_absolute_next_links_to_the_end() {
    let server = MockServer::start().await;
    let base = format!("{}/v1.0/drives/b!drive/items/ROOT/children", server.uri());
    Mock::given(method("GET"))
        .and(path("/v1.0/drives/b!drive/items/ROOT/children"))
        .and(query_param("$skiptoken", "p2"))
        .and(query_param("$top", "4"))
        .respond_with(ResponseTemplate::new(200).set_body_json(children_page(
            "p2",
            Some(format!("{base}?$skiptoken=p3&$top=4")),
        )))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/v1.0/drives/b!drive/items/ROOT/children"))
        .and(query_param("$skiptoken", "p3"))
        .respond_with(ResponseTemplate::new(200).set_body_json(children_page("p3", None)))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/v1.0/drives/b!drive/items/ROOT/children"))
        .respond_with(ResponseTemplate::new(200).set_body_json(children_page(
            "p1",
            Some(format!("{base}?$skiptoken=p2&$top=4")),
        )))
        .mount(&server)
        .await;
    let (client, sink) = client(&server);

    let children = client
        .list_children(CTX, "b!drive", "ROOT")
        .await
        .expect("children");

    let ids: Vec<&str> = children.iter().map(|c| c.id.as_str()).collect();
    assert_eq!(
        ids,
        [
            "p1-0", "p1-1", "p1-2", "p1-3", "p2-0", "p2-1", "p2-2", "p2-3", "p3-0", "p3-1", "p3-2",
            "p3-3"
        ]
    );
    assert_eq!(children[1].folder.as_ref().map(|f| f.child_count), Some(4));
    let gets = requests(&server, "GET").await;
    let queries: Vec<Option<&str>> = gets.iter().map(|r| r.url.query()).collect();
    assert_eq!(
        queries,
        [
            None,
            Some("$skiptoken=p2&$top=4"),
            Some("$skiptoken=p3&$top=4")
        ]
    );
    assert!(
        gets.iter()
            .all(|r| header_text(r, "authorization") == Some(&format!("Bearer {TOKEN}")))
    );
    assert_eq!(
        sink.summary_with_retry(),
        vec![(Operation::ListChildren, Some(200), false); 3]
    );
}

#[tokio::test]
async fn a_next_link_to_another_host_never_receives_the_bearer() {
    let server = MockServer::start().await;
    let foreign = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/v1.0/drives/b!drive/items/ROOT/children"))
        .respond_with(ResponseTemplate::new(200).set_body_json(children_page(
            "home",
            Some(format!("{}/elsewhere/children?page=2", foreign.uri())),
        )))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/elsewhere/children"))
        .respond_with(ResponseTemplate::new(200).set_body_json(children_page("away", None)))
        .mount(&foreign)
        .await;
    let (client, sink) = client(&server);

    let children = client
        .list_children(CTX, "b!drive", "ROOT")
        .await
        .expect("children");

    assert_eq!(children.len(), 8);
    let home = requests(&server, "GET").await;
    assert_eq!(
        header_text(&home[0], "authorization"),
        Some(format!("Bearer {TOKEN}").as_str())
    );
    let away = requests(&foreign, "GET").await;
    assert_eq!(away.len(), 1);
    assert!(away[0].headers.get("authorization").is_none());
    assert_eq!(sink.attempts().len(), 2);
}
