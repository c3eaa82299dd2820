//! What every answer carries besides the resource (<https://learn.microsoft.com/graph/api/resources/driveitem>,
//! <https://learn.microsoft.com/graph/api/resources/drive>): `@odata.context`, who created and
//! last changed an item (the app, with SharePoint's "SharePoint App" user), a file's
//! `mimeType` from its extension, and a drive's `owner` and `quota`.

use pilotbench::sim::SimConfig;
use serde_json::Value;

use super::{Tenant, config};

const UPN: &str = "jane.doe@contoso.onmicrosoft.com";

fn assert_written_by_the_app(item: &Value) {
    for who in ["createdBy", "lastModifiedBy"] {
        let set = &item[who];
        assert!(
            set["application"]["id"]
                .as_str()
                .is_some_and(|id| id.len() == 36),
            "{who}: {set}"
        );
        assert!(
            set["application"]["displayName"].is_string(),
            "{who}: {set}"
        );
        assert_eq!(set["user"]["displayName"], "SharePoint App", "{who}");
    }
}

#[tokio::test]
async fn an_item_says_who_wrote_it_its_type_and_its_context() {
    let t = Tenant::start(config()).await;
    let docx = t.put_file(&t.root, "Minutes.DOCX", b"minutes").await;
    assert_eq!(
        docx["file"]["mimeType"],
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    );
    assert_written_by_the_app(&docx);
    let other = t.put_file(&t.root, "scan.raw", b"bytes").await;
    assert_eq!(other["file"]["mimeType"], "application/octet-stream");

    let id = docx["id"].as_str().expect("id");
    let read = t.json(&format!("/drives/{}/items/{id}", t.drive)).await;
    assert_written_by_the_app(&read);
    let context = read["@odata.context"].as_str().expect("context");
    assert!(context.ends_with("/items/$entity"), "{context}");
    assert!(context.contains("$metadata#drives('"), "{context}");

    let children = t
        .json(&format!("/drives/{}/items/{}/children", t.drive, t.root))
        .await;
    let context = children["@odata.context"].as_str().expect("context");
    assert!(context.ends_with("/children"), "{context}");
    for child in children["value"].as_array().expect("value") {
        assert!(
            child.get("@odata.context").is_none(),
            "none inside a collection"
        );
        assert_written_by_the_app(child);
    }
    let pdf = t.put_file(&t.root, "policy.pdf", b"%PDF").await;
    let selected = t
        .json(&format!(
            "/drives/{}/items/{}?$select=name,file",
            t.drive,
            pdf["id"].as_str().expect("id")
        ))
        .await;
    assert_eq!(selected["file"]["mimeType"], "application/pdf");
    assert!(
        selected.get("createdBy").is_none(),
        "$select drops what it does not name"
    );
}

#[tokio::test]
async fn a_drive_has_its_owner_and_quota() {
    let t = Tenant::start(SimConfig {
        users: vec![UPN.to_owned()],
        ..config()
    })
    .await;
    let before = t.json(&format!("/drives/{}", t.drive)).await;
    assert!(
        before["@odata.context"]
            .as_str()
            .is_some_and(|c| c.ends_with("$metadata#drives/$entity"))
    );
    assert_eq!(before["owner"]["user"]["displayName"], "System Account");
    let quota = &before["quota"];
    assert_eq!(quota["state"], "normal");
    assert_eq!(quota["used"], 0);
    let total = quota["total"].as_u64().expect("total");
    assert_eq!(quota["remaining"].as_u64(), Some(total));
    t.put_file(&t.root, "a.txt", &[7; 1000]).await;
    let after = t.json(&format!("/drives/{}", t.drive)).await;
    assert_eq!(after["quota"]["used"], 1000);
    assert_eq!(after["quota"]["remaining"].as_u64(), Some(total - 1000));

    let onedrive = t.json(&format!("/users/{UPN}/drive")).await;
    let owner = &onedrive["owner"]["user"];
    assert_eq!(owner["email"], UPN);
    assert_eq!(owner["displayName"], "Jane Doe");
    let user = t.json(&format!("/users/{UPN}")).await;
    assert_eq!(
        owner["id"], user["id"],
        "the drive's owner is the directory's user"
    );
}
