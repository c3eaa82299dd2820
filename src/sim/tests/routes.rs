//! The routes over HTTP: sites, drives, items, folder creation, simple uploads and upload
//! sessions, children pages, bearer tokens and Graph's error shape.

use reqwest::StatusCode;
use serde_json::Value;

use super::{FRAGMENT, Fixture, config, error_of, open_session, sample};
use crate::graph::{DriveItem, FileSystemInfo, Page, Site, UploadSession};
use crate::sim::{SIMULATED_TOKEN, SimConfig};
use crate::vocab::quick_xor::quick_xor_base64;

#[tokio::test]
async fn sites_resolve_by_path_and_unknown_ones_are_404() {
    let f = Fixture::start(config()).await;
    let response = f.get("/sites/contoso.sharepoint.com:/sites/Finance").await;
    assert_eq!(response.status(), StatusCode::OK);
    let site: Site = response.json().await.expect("site");
    let parts: Vec<&str> = site.id.split(',').collect();
    assert_eq!(parts.len(), 3);
    assert_eq!(parts[0], "contoso.sharepoint.com");
    assert_eq!(parts[1].len(), 36);
    assert_eq!(site.name.as_deref(), Some("Finance"));

    // Case-insensitive, trailing colon tolerated, stable id.
    let again: Site = f
        .get("/sites/contoso.sharepoint.com:/sites/finance:")
        .await
        .json()
        .await
        .expect("site");
    assert_eq!(again.id, site.id);
    let by_id: Site = f
        .get(&format!("/sites/{}", site.id))
        .await
        .json()
        .await
        .expect("site");
    assert_eq!(by_id.id, site.id);

    let teams = f.get("/sites/contoso.sharepoint.com:/teams/Ops").await;
    assert_eq!(teams.status(), StatusCode::OK);

    let missing = f.get("/sites/contoso.sharepoint.com:/sites/Nope").await;
    assert_eq!(missing.status(), StatusCode::NOT_FOUND);
    assert_eq!(error_of(missing).await.error.code, "itemNotFound");
}

#[tokio::test]
async fn site_drives_list_documents_first_and_default_drive() {
    let f = Fixture::start(config()).await;
    let site: Site = f
        .get("/sites/contoso.sharepoint.com:/sites/Finance")
        .await
        .json()
        .await
        .expect("site");
    let page: Page<Value> = f
        .get(&format!("/sites/{}/drives", site.id))
        .await
        .json()
        .await
        .expect("page");
    let names: Vec<&str> = page
        .value
        .iter()
        .filter_map(|d| d["name"].as_str())
        .collect();
    assert_eq!(names, ["Documents", "Archive"]);
    assert!(page.next_link.is_none());
    for drive in &page.value {
        assert_eq!(drive["driveType"], "documentLibrary");
        assert!(drive["id"].as_str().is_some_and(|id| id.starts_with("b!")));
    }
    let default: Value = f
        .get(&format!("/sites/{}/drive", site.id))
        .await
        .json()
        .await
        .expect("drive");
    assert_eq!(default["name"], "Documents");
    assert_eq!(default["id"], page.value[0]["id"]);
}

#[tokio::test]
async fn user_drive_is_business_and_unknown_user_is_404() {
    let f = Fixture::start(config()).await;
    let response = f.get("/users/alice%40contoso.com/drive").await;
    assert_eq!(response.status(), StatusCode::OK);
    let drive: Value = response.json().await.expect("drive");
    assert_eq!(drive["driveType"], "business");
    let id = drive["id"].as_str().expect("id");
    let root = f.get(&format!("/drives/{id}/root")).await;
    assert_eq!(root.status(), StatusCode::OK);
    let root: Value = root.json().await.expect("root");
    assert_eq!(root["folder"]["childCount"], 0);
    assert!(root["root"].is_object());

    let missing = f.get("/users/bob@contoso.com/drive").await;
    assert_eq!(missing.status(), StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn folder_create_fails_on_conflict_and_renames_with_suffix() {
    let f = Fixture::start(config()).await;
    let (drive, root) = f.documents().await;
    let created = f.new_folder(&drive, &root, "Reports", "fail").await;
    assert_eq!(created.status(), StatusCode::CREATED);
    let folder: DriveItem = created.json().await.expect("item");
    assert_eq!(folder.name, "Reports");
    assert_eq!(folder.folder.as_ref().map(|f| f.child_count), Some(0));
    assert_eq!(
        folder
            .parent_reference
            .as_ref()
            .and_then(|p| p.id.as_deref()),
        Some(root.as_str())
    );

    let conflict = f.new_folder(&drive, &root, "reports", "fail").await;
    assert_eq!(conflict.status(), StatusCode::CONFLICT);
    assert_eq!(error_of(conflict).await.error.code, "nameAlreadyExists");

    let renamed: DriveItem = f
        .new_folder(&drive, &root, "Reports", "rename")
        .await
        .json()
        .await
        .expect("item");
    assert_eq!(renamed.name, "Reports 1");
    let renamed: DriveItem = f
        .new_folder(&drive, &root, "Reports", "rename")
        .await
        .json()
        .await
        .expect("item");
    assert_eq!(renamed.name, "Reports 2");

    let bad = f.new_folder(&drive, &root, "a:b", "fail").await;
    assert_eq!(bad.status(), StatusCode::BAD_REQUEST);
    assert_eq!(error_of(bad).await.error.code, "invalidRequest");

    // No conflict behaviour in the body: Graph defaults to fail.
    let default = f
        .client
        .post(f.graph(&format!("/drives/{drive}/root/children")))
        .bearer_auth(SIMULATED_TOKEN)
        .json(&serde_json::json!({"name": "Reports", "folder": {}}))
        .send()
        .await
        .expect("sent");
    assert_eq!(default.status(), StatusCode::CONFLICT);

    let by_path: DriveItem = f
        .get(&format!("/drives/{drive}/root:/Reports%201"))
        .await
        .json()
        .await
        .expect("item");
    assert_eq!(by_path.id, renamed_id_of(&f, &drive, "Reports 1").await);
    let root_item: DriveItem = f
        .get(&format!("/drives/{drive}/items/{root}"))
        .await
        .json()
        .await
        .expect("root");
    assert_eq!(root_item.folder.map(|f| f.child_count), Some(3));
}

async fn renamed_id_of(f: &Fixture, drive: &str, name: &str) -> String {
    let page: Page<DriveItem> = f
        .get(&format!("/drives/{drive}/root/children"))
        .await
        .json()
        .await
        .expect("page");
    page.value
        .into_iter()
        .find(|i| i.name == name)
        .map(|i| i.id)
        .expect("listed")
}

#[tokio::test]
async fn simple_put_reports_quick_xor_hash_and_honours_conflict_behaviour() {
    let f = Fixture::start(config()).await;
    let (drive, root) = f.documents().await;
    let response = f
        .put(
            &drive,
            &root,
            "hello world.txt",
            "",
            b"hello world".to_vec(),
        )
        .await;
    assert_eq!(response.status(), StatusCode::CREATED);
    let item: DriveItem = response.json().await.expect("item");
    assert_eq!(item.name, "hello world.txt");
    assert_eq!(item.size, Some(11));
    assert_eq!(item.quick_xor_hash(), Some("aCgDG9jwBhDc4Q1yawMZAAAAAAA="));
    assert_eq!(
        item.quick_xor_hash(),
        Some(quick_xor_base64(b"hello world").as_str())
    );
    let hashes = serde_json::to_value(&item.file).expect("json");
    assert!(hashes["hashes"].get("sha1Hash").is_none());
    assert!(item.c_tag.is_some() && item.e_tag.is_some());
    assert!(item.created_date_time.is_some() && item.file_system_info.is_some());

    // Default is replace: same item, 200, new content.
    let replaced = f
        .put(&drive, &root, "hello world.txt", "", b"abc".to_vec())
        .await;
    assert_eq!(replaced.status(), StatusCode::OK);
    let replaced: DriveItem = replaced.json().await.expect("item");
    assert_eq!(replaced.id, item.id);
    assert_eq!(
        replaced.quick_xor_hash(),
        Some("YRDDGAAAAAAAAAAAAwAAAAAAAAA=")
    );

    let refused = f
        .put(
            &drive,
            &root,
            "hello world.txt",
            "?@microsoft.graph.conflictBehavior=fail",
            b"x".to_vec(),
        )
        .await;
    assert_eq!(refused.status(), StatusCode::CONFLICT);
    assert_eq!(error_of(refused).await.error.code, "nameAlreadyExists");

    let renamed: DriveItem = f
        .put(
            &drive,
            &root,
            "hello world.txt",
            "?@microsoft.graph.conflictBehavior=rename",
            b"x".to_vec(),
        )
        .await
        .json()
        .await
        .expect("item");
    assert_eq!(renamed.name, "hello world 1.txt");

    let root_item: DriveItem = f
        .get(&format!("/drives/{drive}/root"))
        .await
        .json()
        .await
        .expect("root");
    assert_eq!(root_item.size, Some(3 + 1));
}

#[tokio::test]
async fn upload_session_in_three_fragments_stores_the_right_hash_and_timestamps() {
    let f = Fixture::start(config()).await;
    let (drive, root) = f.documents().await;
    let data = sample(2 * FRAGMENT + 1000);
    let times = FileSystemInfo {
        created_date_time: Some("2020-01-02T03:04:05Z".to_owned()),
        last_modified_date_time: Some("2021-02-03T04:05:06Z".to_owned()),
    };
    let created = f
        .session(
            &drive,
            &root,
            "big.bin",
            serde_json::json!({
                "@microsoft.graph.conflictBehavior": "fail",
                "name": "big.bin",
                "fileSize": data.len(),
                "fileSystemInfo": times,
            }),
        )
        .await;
    assert_eq!(created.status(), StatusCode::OK);
    let session: UploadSession = created.json().await.expect("session");
    assert_eq!(session.next_expected_ranges, ["0-"]);
    assert!(session.expiration_date_time.is_some());
    let url = session.upload_url.expect("uploadUrl");
    assert!(
        url.starts_with(f.tenant.files_url().as_str()),
        "upload URLs are on the files host, not Graph's: {url}"
    );
    assert!(!url.contains("/v1.0/"));
    assert!(url.contains("tempauth="));

    let first = f.fragment(&url, &data, 0, FRAGMENT).await;
    assert_eq!(first.status(), StatusCode::ACCEPTED);
    let progress: UploadSession = first.json().await.expect("progress");
    assert_eq!(progress.next_expected_ranges, [format!("{FRAGMENT}-")]);

    let status = f.client.get(&url).send().await.expect("sent");
    assert_eq!(status.status(), StatusCode::OK);
    let status: UploadSession = status.json().await.expect("status");
    assert_eq!(status.next_expected_ranges, [format!("{FRAGMENT}-")]);

    let second = f.fragment(&url, &data, FRAGMENT, 2 * FRAGMENT).await;
    assert_eq!(second.status(), StatusCode::ACCEPTED);
    let last = f.fragment(&url, &data, 2 * FRAGMENT, data.len()).await;
    assert_eq!(last.status(), StatusCode::CREATED);
    let item: DriveItem = last.json().await.expect("item");
    assert_eq!(item.size, Some(data.len() as u64));
    assert_eq!(
        item.quick_xor_hash(),
        Some(quick_xor_base64(&data).as_str())
    );
    assert_eq!(item.file_system_info.as_ref(), Some(&times));

    // The session is gone; the item is there by path.
    let after = f.client.get(&url).send().await.expect("sent");
    assert_eq!(after.status(), StatusCode::NOT_FOUND);
    assert_eq!(
        error_of(after).await.error.innermost_code(),
        "uploadSessionNotFound"
    );
    let by_path: DriveItem = f
        .get(&format!("/drives/{drive}/root:/big.bin"))
        .await
        .json()
        .await
        .expect("item");
    assert_eq!(by_path.id, item.id);

    // A new session under fail for an existing name is refused at create.
    let again = f
        .session(&drive, &root, "big.bin", serde_json::json!({}))
        .await;
    assert_eq!(again.status(), StatusCode::CONFLICT);
    assert_eq!(error_of(again).await.error.code, "nameAlreadyExists");
}

#[tokio::test]
async fn overlapping_fragment_is_416_fragment_overlap() {
    let f = Fixture::start(config()).await;
    let url = open_session(&f, "o.bin").await;
    let data = sample(2 * FRAGMENT);
    assert_eq!(
        f.fragment(&url, &data, 0, FRAGMENT).await.status(),
        StatusCode::ACCEPTED
    );
    let again = f.fragment(&url, &data, 0, FRAGMENT).await;
    assert_eq!(again.status(), StatusCode::RANGE_NOT_SATISFIABLE);
    let body = error_of(again).await;
    assert_eq!(body.error.code, "invalidRange");
    assert_eq!(body.error.innermost_code(), "fragmentOverlap");
    // The session survives and continues.
    let last = f.fragment(&url, &data, FRAGMENT, 2 * FRAGMENT).await;
    assert_eq!(last.status(), StatusCode::CREATED);
}

#[tokio::test]
async fn non_multiple_middle_fragment_is_400_and_cancel_removes_the_session() {
    let f = Fixture::start(config()).await;
    let url = open_session(&f, "m.bin").await;
    let data = sample(3 * FRAGMENT);
    let bad = f.fragment(&url, &data, 0, FRAGMENT + 1).await;
    assert_eq!(bad.status(), StatusCode::BAD_REQUEST);
    assert_eq!(error_of(bad).await.error.code, "invalidRange");

    let mismatch = f
        .client
        .put(&url)
        .header(
            "Content-Range",
            format!("bytes 0-{}/{}", FRAGMENT - 1, data.len()),
        )
        .body(vec![0u8; 10])
        .send()
        .await
        .expect("sent");
    assert_eq!(mismatch.status(), StatusCode::BAD_REQUEST);
    assert_eq!(
        error_of(mismatch).await.error.innermost_code(),
        "fragmentLengthMismatch"
    );

    let cancel = f.client.delete(&url).send().await.expect("sent");
    assert_eq!(cancel.status(), StatusCode::NO_CONTENT);
    let gone = f.fragment(&url, &data, 0, FRAGMENT).await;
    assert_eq!(gone.status(), StatusCode::NOT_FOUND);
    assert_eq!(error_of(gone).await.error.code, "itemNotFound");
}

#[tokio::test]
async fn authorization_on_the_upload_url_is_refused_when_asked() {
    let f = Fixture::start(SimConfig {
        file_urls_refuse_authorization: true,
        ..config()
    })
    .await;
    let url = open_session(&f, "a.bin").await;
    let data = sample(100);
    let refused = f
        .client
        .put(&url)
        .bearer_auth(SIMULATED_TOKEN)
        .header("Content-Range", "bytes 0-99/100")
        .body(data.clone())
        .send()
        .await
        .expect("sent");
    assert_eq!(refused.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(error_of(refused).await.error.code, "unauthenticated");
    // Without it, the same fragment completes the file.
    assert_eq!(
        f.fragment(&url, &data, 0, 100).await.status(),
        StatusCode::CREATED
    );
}

#[tokio::test]
async fn children_pages_follow_next_link_to_the_end() {
    let f = Fixture::start(config()).await;
    let (drive, root) = f.documents().await;
    let folder: DriveItem = f
        .new_folder(&drive, &root, "Many", "fail")
        .await
        .json()
        .await
        .expect("folder");
    for i in 0..450 {
        let response = f
            .put(
                &drive,
                &folder.id,
                &format!("f{i:03}.txt"),
                "",
                vec![1, 2, 3],
            )
            .await;
        assert_eq!(response.status(), StatusCode::CREATED);
    }
    let mut url = f.graph(&format!("/drives/{drive}/items/{}/children", folder.id));
    let mut sizes = Vec::new();
    let mut names = Vec::new();
    loop {
        let page: Page<DriveItem> = f.get_url(&url).await.json().await.expect("page");
        sizes.push(page.value.len());
        names.extend(page.value.into_iter().map(|i| i.name));
        match page.next_link {
            Some(next) => {
                assert!(next.starts_with(f.tenant.server_url().as_str()), "{next}");
                assert!(next.contains("$skiptoken="));
                url = next;
            }
            None => break,
        }
    }
    assert_eq!(sizes, [200, 200, 50]);
    let expected: Vec<String> = (0..450).map(|i| format!("f{i:03}.txt")).collect();
    assert_eq!(names, expected);

    let whole: Page<DriveItem> = f
        .get(&format!("/drives/{drive}/root:/Many:/children?$top=1000"))
        .await
        .json()
        .await
        .expect("page");
    assert_eq!(whole.value.len(), 450);
    assert!(whole.next_link.is_none());
}

#[tokio::test]
async fn missing_or_wrong_bearer_is_401_invalid_authentication_token() {
    let f = Fixture::start(config()).await;
    let url = f.graph("/sites/contoso.sharepoint.com:/sites/Finance");
    let missing = f.client.get(&url).send().await.expect("sent");
    assert_eq!(missing.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(
        error_of(missing).await.error.code,
        "InvalidAuthenticationToken"
    );
    let wrong = f
        .client
        .get(&url)
        .bearer_auth("nope")
        .send()
        .await
        .expect("sent");
    assert_eq!(wrong.status(), StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn errors_have_graph_shape_and_echo_client_request_id() {
    let f = Fixture::start(config()).await;
    let response = f
        .client
        .get(f.graph("/drives/b!nope/root"))
        .bearer_auth(SIMULATED_TOKEN)
        .header("client-request-id", "abc-123")
        .send()
        .await
        .expect("sent");
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
    let request_id = response
        .headers()
        .get("request-id")
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned)
        .expect("request-id header");
    assert_eq!(
        response
            .headers()
            .get("client-request-id")
            .and_then(|v| v.to_str().ok()),
        Some("abc-123")
    );
    assert!(
        response
            .headers()
            .get("content-type")
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.starts_with("application/json"))
    );
    let body: Value = response.json().await.expect("json");
    let error = &body["error"];
    assert_eq!(error["code"], "itemNotFound");
    assert!(error["message"].as_str().is_some_and(|m| !m.is_empty()));
    let inner = &error["innerError"];
    assert_eq!(inner["request-id"], request_id.as_str());
    assert_eq!(inner["client-request-id"], "abc-123");
    assert!(inner["date"].as_str().is_some_and(|d| d.ends_with('Z')));

    let unknown = f.get("/me/drive").await;
    assert_eq!(unknown.status(), StatusCode::BAD_REQUEST);
    let wrong_method = f
        .client
        .delete(f.graph("/sites/contoso.sharepoint.com:/sites/Finance"))
        .bearer_auth(SIMULATED_TOKEN)
        .send()
        .await
        .expect("sent");
    assert_eq!(wrong_method.status(), StatusCode::METHOD_NOT_ALLOWED);
    let outside = f
        .client
        .get(format!("{}elsewhere", f.tenant.server_url()))
        .send()
        .await
        .expect("sent");
    assert_eq!(outside.status(), StatusCode::NOT_FOUND);
    assert_eq!(error_of(outside).await.error.code, "itemNotFound");
}
