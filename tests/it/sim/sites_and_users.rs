//! The tenant's root site and its users (<https://learn.microsoft.com/graph/api/site-get>,
//! <https://learn.microsoft.com/graph/api/user-get>): `/sites/root` is the communication site
//! every tenant has at its host's root, with a library like any site; `/users/{id or upn}`
//! answers a user's default properties by either key, and `/users/{id}/drive` their OneDrive by
//! the same keys; an unknown user is the directory's 404.

use pilotbench::sim::{SimConfig, SimSite};

use super::{Tenant, config, error_of};

const UPN: &str = "jane.doe@contoso.onmicrosoft.com";

fn with_user() -> SimConfig {
    SimConfig {
        users: vec![UPN.to_owned()],
        ..config()
    }
}

#[tokio::test]
async fn the_root_site_is_the_communication_site_at_the_hosts_root() {
    let t = Tenant::start(config()).await;
    let root = t.json("/sites/root").await;
    assert_eq!(root["webUrl"], "https://contoso.sharepoint.com");
    assert_eq!(root["displayName"], "Communication site");
    assert!(
        root["@odata.context"]
            .as_str()
            .is_some_and(|c| c.ends_with("/$metadata#sites/$entity"))
    );
    let id = root["id"].as_str().expect("id");
    assert!(id.starts_with("contoso.sharepoint.com,"), "{id}");
    assert_ne!(id, t.site, "not the Finance site");
    let by_id = t.json(&format!("/sites/{id}")).await;
    assert_eq!(by_id["id"], root["id"]);
    let drive = t.json("/sites/root/drive").await;
    assert_eq!(drive["driveType"], "documentLibrary");
    assert_eq!(drive["name"], "Documents");
    let selected = t.json("/sites/root?$select=webUrl").await;
    assert!(selected.get("displayName").is_none());
}

#[tokio::test]
async fn a_configured_site_at_the_hosts_root_is_the_root_site() {
    let mut with_root = config();
    with_root.sites.push(SimSite {
        url: "https://contoso.sharepoint.com/".parse().expect("url"),
        libraries: vec!["Archive".to_owned()],
    });
    let t = Tenant::start(with_root).await;
    let root = t.json("/sites/root").await;
    let drives = t.json("/sites/root/drives").await;
    let names: Vec<_> = drives["value"]
        .as_array()
        .expect("value")
        .iter()
        .map(|d| d["name"].as_str())
        .collect();
    assert_eq!(names, [Some("Documents"), Some("Archive")], "{root}");
}

#[tokio::test]
async fn a_user_is_found_by_upn_or_id_and_their_drive_by_either() {
    let t = Tenant::start(with_user()).await;
    let user = t.json(&format!("/users/{UPN}")).await;
    assert_eq!(user["userPrincipalName"], UPN);
    assert_eq!(user["mail"], UPN);
    assert_eq!(user["displayName"], "Jane Doe");
    assert_eq!(user["businessPhones"], serde_json::json!([]));
    assert!(
        user["@odata.context"]
            .as_str()
            .is_some_and(|c| c.ends_with("/$metadata#users/$entity"))
    );
    let id = user["id"].as_str().expect("id");
    assert_eq!(id.len(), 36, "a GUID: {id}");
    let by_id = t.json(&format!("/users/{id}")).await;
    assert_eq!(by_id, user);
    let upper = t.json(&format!("/users/{}", UPN.to_uppercase())).await;
    assert_eq!(upper["id"], user["id"], "a UPN matches in any case");

    let by_upn = t.json(&format!("/users/{UPN}/drive")).await;
    let by_user_id = t.json(&format!("/users/{id}/drive")).await;
    assert_eq!(by_upn["id"], by_user_id["id"]);
    assert_eq!(by_upn["driveType"], "business");

    let selected = t
        .json(&format!("/users/{UPN}?$select=id,displayName"))
        .await;
    let mut keys: Vec<_> = selected.as_object().expect("object").keys().collect();
    keys.sort();
    assert_eq!(keys, ["@odata.context", "displayName", "id"]);
}

#[tokio::test]
async fn an_unknown_user_is_the_directorys_404_and_unserved_options_are_refused() {
    let t = Tenant::start(with_user()).await;
    let unknown = t.get("/users/nobody@contoso.onmicrosoft.com").await;
    assert_eq!(unknown.status(), 404);
    let (code, message) = error_of(unknown).await;
    assert_eq!(code, "Request_ResourceNotFound");
    assert!(
        message.contains("nobody@contoso.onmicrosoft.com"),
        "{message}"
    );
    let unserved = t.get(&format!("/users/{UPN}?$select=department")).await;
    assert_eq!(unserved.status(), 400);
    assert!(error_of(unserved).await.1.contains("department"));
    let expanded = t.get(&format!("/users/{UPN}?$expand=manager")).await;
    assert_eq!(expanded.status(), 400);
    assert!(error_of(expanded).await.1.contains("$expand"));
}
