//! Downloads of every file (`docs/graph-notes.md` §5, §23;
//! <https://learn.microsoft.com/graph/api/driveitem-get-content>): `GET items/{id}/content`
//! answers `302` to a pre-authenticated URL on the files host — the one a file item carries as
//! `@microsoft.graph.downloadUrl` — which serves the file's current bytes without a bearer
//! token, whole (`200`) or one range of them (`206`). Uploaded files (simple or by session),
//! replaced seeded files and server-side copies download to the bytes they hold; a deleted
//! file's bytes are gone; an altered URL opens nothing; and the tenant keeps what it was sent
//! on disk, not in memory.

use pilotbench::sim::{SIMULATED_TOKEN, SimConfig, SimDriveLocation, SimSeedFile, SimSourceDrive};
use pilotbench::source::{FileOrigin, SourceFile};
use reqwest::{Client, Response, redirect::Policy};
use serde_json::{Value, json};

use super::folder_copy::reports;
use super::quick_jobs;
use super::{Tenant, config, error_of};
use crate::support::TempDir;

/// `n` bytes that differ from one offset to the next, so a misplaced range shows.
fn pattern(n: usize) -> Vec<u8> {
    (0..n).map(|i| (i * 31 + i / 251) as u8).collect()
}

impl Tenant {
    /// `GET items/{id}/content` with the bearer token, not following the redirect: its
    /// `Location`, after checking the `302`.
    async fn content_location(&self, id: &str) -> String {
        let response = self.content(id, None).await;
        assert_eq!(response.status(), 302, "GET items/{id}/content");
        response.headers()["location"]
            .to_str()
            .expect("text")
            .to_owned()
    }

    /// `GET items/{id}/content` with the bearer token (and `If-None-Match: tag` when given),
    /// not following a redirect.
    async fn content(&self, id: &str, if_none_match: Option<&str>) -> Response {
        let mut request = Client::builder()
            .no_proxy()
            .redirect(Policy::none())
            .build()
            .expect("client")
            .get(self.graph(&format!("/drives/{}/items/{id}/content", self.drive)))
            .bearer_auth(SIMULATED_TOKEN);
        if let Some(tag) = if_none_match {
            request = request.header("If-None-Match", tag);
        }
        request.send().await.expect("sent")
    }

    /// A pre-authenticated URL fetched as Microsoft says to: without `Authorization`.
    async fn fetch(&self, url: &str, range: Option<&str>) -> Response {
        let mut request = self.client.get(url);
        if let Some(range) = range {
            request = request.header("Range", range);
        }
        request.send().await.expect("sent")
    }

    /// The bytes of file `id`, through its `302` and the download URL; checks the `200`.
    async fn download(&self, id: &str) -> Vec<u8> {
        let location = self.content_location(id).await;
        let response = self.fetch(&location, None).await;
        assert_eq!(response.status(), 200, "GET {location}");
        response.bytes().await.expect("body").to_vec()
    }

    /// `body` uploaded as `name` into `parent` through an upload session, in fragments of
    /// `fragment` bytes (a multiple of 320 KiB); the driveItem the last one answers.
    async fn upload_in_fragments(
        &self,
        parent: &str,
        name: &str,
        body: &[u8],
        fragment: usize,
    ) -> Value {
        let opened = self
            .client
            .post(self.graph(&format!(
                "/drives/{}/items/{parent}:/{name}:/createUploadSession",
                self.drive
            )))
            .bearer_auth(SIMULATED_TOKEN)
            .json(&json!({"item": {"@microsoft.graph.conflictBehavior": "replace"}}))
            .send()
            .await
            .expect("sent");
        assert_eq!(opened.status(), 200, "createUploadSession");
        let session: Value = opened.json().await.expect("session");
        let url = session["uploadUrl"].as_str().expect("uploadUrl");
        let total = body.len();
        let mut start = 0;
        loop {
            let end = (start + fragment).min(total);
            let response = self
                .client
                .put(url)
                .header(
                    "Content-Range",
                    format!("bytes {start}-{}/{total}", end - 1),
                )
                .body(body[start..end].to_vec())
                .send()
                .await
                .expect("sent");
            if end == total {
                assert!(response.status().is_success(), "the last fragment");
                return response.json().await.expect("item");
            }
            assert_eq!(response.status(), 202, "fragment at {start}");
            start = end;
        }
    }
}

fn id_of(item: &Value) -> &str {
    item["id"].as_str().expect("id")
}

#[tokio::test]
async fn a_simple_upload_downloads_to_the_bytes_it_sent() {
    let t = Tenant::start(config()).await;
    let body = pattern(200_000);
    let item = t.put_file(&t.root, "notes.bin", &body).await;
    let location = t.content_location(id_of(&item)).await;
    assert!(
        !location.starts_with(t.tenant.graph_base_url().as_str()),
        "the download URL is on the files host, not Graph's: {location}"
    );
    let response = t.fetch(&location, None).await;
    assert_eq!(response.status(), 200);
    let header = |name: &str| response.headers()[name].to_str().expect("text").to_owned();
    assert_eq!(header("content-type"), "application/octet-stream");
    assert_eq!(header("content-length"), "200000");
    assert_eq!(header("accept-ranges"), "bytes");
    assert_eq!(response.bytes().await.expect("body"), body);

    let empty = t.put_file(&t.root, "empty.txt", b"").await;
    assert_eq!(t.download(id_of(&empty)).await, b"");
}

#[tokio::test]
async fn an_upload_session_of_several_fragments_downloads_to_the_bytes_sent() {
    let t = Tenant::start(config()).await;
    let body = pattern(2 * 327_680 + 100_000);
    let item = t
        .upload_in_fragments(&t.root, "video.mp4", &body, 327_680)
        .await;
    assert_eq!(item["size"], body.len());
    assert_eq!(t.download(id_of(&item)).await, body);

    // Replaced by a second session: the new bytes, not the old ones.
    let again = pattern(400_000).into_iter().rev().collect::<Vec<_>>();
    let replaced = t
        .upload_in_fragments(&t.root, "video.mp4", &again, 327_680)
        .await;
    assert_eq!(replaced["id"], item["id"]);
    assert_eq!(t.download(id_of(&item)).await, again);
}

/// Finance's Documents holding `seed/plan.txt`, seeded from a local file that says
/// "seeded plan v1".
fn seeded(dir: &std::path::Path) -> SimConfig {
    let path = dir.join("plan.txt");
    std::fs::write(&path, b"seeded plan v1").expect("write");
    let config = config();
    SimConfig {
        source_drives: vec![SimSourceDrive {
            drive: SimDriveLocation::Library {
                site_url: config.sites[0].url.clone(),
                library: "Documents".into(),
            },
            folder: "seed".into(),
            folders: vec![],
            files: vec![SimSeedFile {
                rel_path: "plan.txt".into(),
                size: 14,
                quick_xor: pilotbench::vocab::quick_xor::quick_xor_base64(b"seeded plan v1"),
                content: SourceFile {
                    rel_path: "plan.txt".into(),
                    size: 14,
                    created: None,
                    modified: None,
                    origin: FileOrigin::Local(path),
                },
            }],
        }],
        ..config
    }
}

#[tokio::test]
async fn a_replaced_seeded_file_downloads_its_new_bytes() {
    let dir = TempDir::new("seeded-plan");
    let t = Tenant::start(seeded(dir.path())).await;
    let item = t
        .json(&format!("/drives/{}/root:/seed/plan.txt", t.drive))
        .await;
    let id = id_of(&item);
    let download_url = item["@microsoft.graph.downloadUrl"]
        .as_str()
        .expect("downloadUrl")
        .to_owned();
    assert_eq!(t.download(id).await, b"seeded plan v1");

    let replaced = t
        .client
        .put(t.graph(&format!("/drives/{}/items/{id}/content", t.drive)))
        .bearer_auth(SIMULATED_TOKEN)
        .body("the plan, revised")
        .send()
        .await
        .expect("sent");
    assert_eq!(replaced.status(), 200);
    assert_eq!(t.download(id).await, b"the plan, revised");
    // The URL names the item, not a version of it: fetched now it serves the new bytes.
    let earlier = t.fetch(&download_url, None).await;
    assert_eq!(earlier.status(), 200);
    assert_eq!(
        earlier.bytes().await.expect("body"),
        b"the plan, revised".as_slice()
    );
}

#[tokio::test]
async fn a_deleted_files_bytes_are_gone() {
    let t = Tenant::start(config()).await;
    let item = t.put_file(&t.root, "draft.txt", b"soon gone").await;
    let location = t.content_location(id_of(&item)).await;
    let deleted = t
        .client
        .delete(t.graph(&format!("/drives/{}/items/{}", t.drive, id_of(&item))))
        .bearer_auth(SIMULATED_TOKEN)
        .send()
        .await
        .expect("sent");
    assert_eq!(deleted.status(), 204);
    let after = t.fetch(&location, None).await;
    assert_eq!(after.status(), 404, "the download URL of a deleted file");
    assert_eq!(error_of(after).await.0, "itemNotFound");
    assert_eq!(t.content(id_of(&item), None).await.status(), 404);
}

#[tokio::test]
async fn a_copy_of_uploaded_files_downloads_after_the_originals_are_deleted() {
    let t = Tenant::start(quick_jobs()).await;
    let (reports, _) = reports(&t).await;
    let accepted = t
        .copy_item(&reports, &t.root, "", json!({"name": "Reports copy"}))
        .await;
    assert_eq!(accepted.status(), 202);
    let monitor = accepted.headers()["location"]
        .to_str()
        .expect("text")
        .to_owned();
    let (done, _) = t.poll_to_end(&monitor).await;
    assert_eq!(done["status"], "completed");
    let deleted = t
        .client
        .delete(t.graph(&format!("/drives/{}/items/{reports}", t.drive)))
        .bearer_auth(SIMULATED_TOKEN)
        .send()
        .await
        .expect("sent");
    assert_eq!(deleted.status(), 204);
    let copy = t
        .json(&format!("/drives/{}/root:/Reports copy/b.txt", t.drive))
        .await;
    assert_eq!(t.download(id_of(&copy)).await, vec![7u8; 3000]);
}

#[tokio::test]
async fn file_items_carry_a_download_url_that_needs_no_token_and_refuses_an_altered_one() {
    let t = Tenant::start(config()).await;
    let folder = t.folder(&t.root, "Shared").await;
    let item = t.put_file(id_of(&folder), "a.txt", b"alpha").await;
    let url = item["@microsoft.graph.downloadUrl"]
        .as_str()
        .expect("the upload's answer carries it");
    assert_eq!(
        t.fetch(url, None).await.bytes().await.expect("body"),
        b"alpha".as_slice()
    );
    assert!(
        folder.get("@microsoft.graph.downloadUrl").is_none(),
        "folders have none"
    );

    let read = t
        .json(&format!("/drives/{}/items/{}", t.drive, id_of(&item)))
        .await;
    let url = read["@microsoft.graph.downloadUrl"]
        .as_str()
        .expect("downloadUrl");
    let response = t.fetch(url, None).await;
    assert_eq!(response.status(), 200);
    assert_eq!(response.bytes().await.expect("body"), b"alpha".as_slice());

    let children = t
        .json(&format!(
            "/drives/{}/items/{}/children",
            t.drive,
            id_of(&folder)
        ))
        .await;
    let listed = children["value"][0]["@microsoft.graph.downloadUrl"]
        .as_str()
        .expect("a listed file carries it");
    assert_eq!(t.fetch(listed, None).await.status(), 200);

    // `$select` keeps it only when named.
    let selected = t
        .json(&format!(
            "/drives/{}/items/{}?$select=id,name",
            t.drive,
            id_of(&item)
        ))
        .await;
    assert!(selected.get("@microsoft.graph.downloadUrl").is_none());
    let named = t
        .json(&format!(
            "/drives/{}/items/{}?$select=id,@microsoft.graph.downloadUrl",
            t.drive,
            id_of(&item)
        ))
        .await;
    assert!(named["@microsoft.graph.downloadUrl"].is_string(), "{named}");

    // Altered: another item's id, a changed credential, none at all.
    let other = t.put_file(&t.root, "b.txt", b"bravo").await;
    let (base, tempauth) = url.split_once("?tempauth=").expect("tempauth");
    let mut flipped = tempauth.to_owned();
    let last = if flipped.ends_with('0') { "1" } else { "0" };
    flipped.replace_range(flipped.len() - 1.., last);
    for altered in [
        url.replace(id_of(&item), id_of(&other)),
        format!("{base}?tempauth={flipped}"),
        base.to_owned(),
    ] {
        let refused = t.fetch(&altered, None).await;
        assert_eq!(refused.status(), 401, "{altered}");
        assert_eq!(error_of(refused).await.0, "unauthenticated");
    }
}

#[tokio::test]
async fn one_range_is_answered_206_with_its_content_range() {
    let t = Tenant::start(config()).await;
    let body = pattern(100_000);
    let item = t.put_file(&t.root, "data.bin", &body).await;
    let location = t.content_location(id_of(&item)).await;
    for (range, first, last) in [
        ("bytes=0-1023", 0, 1023),
        ("bytes=70000-", 70_000, 99_999),
        ("bytes=-500", 99_500, 99_999),
        ("bytes=99000-200000", 99_000, 99_999),
    ] {
        let response = t.fetch(&location, Some(range)).await;
        assert_eq!(response.status(), 206, "{range}");
        let header = |name: &str| response.headers()[name].to_str().expect("text").to_owned();
        assert_eq!(
            header("content-range"),
            format!("bytes {first}-{last}/100000"),
            "{range}"
        );
        assert_eq!(header("content-length"), (last - first + 1).to_string());
        assert_eq!(
            response.bytes().await.expect("body"),
            body[first..=last],
            "{range}"
        );
    }
    let past = t.fetch(&location, Some("bytes=100000-")).await;
    assert_eq!(past.status(), 416);
    assert_eq!(past.headers()["content-range"], "bytes */100000");
    let several = t.fetch(&location, Some("bytes=0-1,5-6")).await;
    assert_eq!(several.status(), 400, "several ranges are not served");
    assert!(error_of(several).await.1.contains("one range"));
}

/// The resident memory of this process, from `/proc/self/statm` (pages × 4 KiB).
#[cfg(target_os = "linux")]
fn resident_bytes() -> u64 {
    let statm = std::fs::read_to_string("/proc/self/statm").expect("statm");
    let pages: u64 = statm
        .split_whitespace()
        .nth(1)
        .and_then(|p| p.parse().ok())
        .expect("resident pages");
    pages * 4096
}

/// 150 MiB sent in fragments of 7.5 MiB leaves the process's memory nowhere near 150 MiB larger:
/// the tenant keeps uploaded bytes on disk and holds at most a fragment or two in memory.
#[cfg(target_os = "linux")]
#[tokio::test]
async fn uploaded_bytes_are_kept_on_disk_not_in_memory() {
    /// 7.5 MiB: 24 × 320 KiB, as every fragment but the last must be a multiple of 320 KiB.
    const FRAGMENT: usize = 24 * 327_680;
    let t = Tenant::start(config()).await;
    let fragment = pattern(FRAGMENT);
    let warm = t
        .upload_in_fragments(&t.root, "warm.bin", &fragment, FRAGMENT)
        .await;
    assert_eq!(t.download(id_of(&warm)).await.len(), FRAGMENT);
    let before = resident_bytes();
    let total = 20 * FRAGMENT;
    let opened = t
        .client
        .post(t.graph(&format!(
            "/drives/{}/root:/big.bin:/createUploadSession",
            t.drive
        )))
        .bearer_auth(SIMULATED_TOKEN)
        .send()
        .await
        .expect("sent");
    let session: Value = opened.json().await.expect("session");
    let url = session["uploadUrl"].as_str().expect("uploadUrl");
    let mut item = Value::Null;
    for start in (0..total).step_by(FRAGMENT) {
        let response = t
            .client
            .put(url)
            .header(
                "Content-Range",
                format!("bytes {start}-{}/{total}", start + FRAGMENT - 1),
            )
            .body(fragment.clone())
            .send()
            .await
            .expect("sent");
        assert!(response.status().is_success(), "fragment at {start}");
        if start + FRAGMENT == total {
            item = response.json().await.expect("item");
        }
    }
    let grown = resident_bytes().saturating_sub(before);
    assert_eq!(item["size"], total);
    assert!(
        grown < (total / 2) as u64,
        "{grown} bytes more resident after uploading {total}"
    );
    // And the bytes are all there, streamed back without being held whole either.
    let location = t.content_location(id_of(&item)).await;
    let tail = t
        .fetch(&location, Some(&format!("bytes={}-", total - FRAGMENT)))
        .await;
    assert_eq!(tail.status(), 206);
    assert_eq!(tail.bytes().await.expect("body"), fragment);
}

#[tokio::test]
async fn if_none_match_with_the_current_tag_is_answered_304() {
    let t = Tenant::start(config()).await;
    let item = t.put_file(&t.root, "memo.txt", b"first").await;
    let (e_tag, c_tag) = (item["eTag"].as_str(), item["cTag"].as_str());
    for tag in [e_tag, c_tag] {
        let response = t.content(id_of(&item), tag).await;
        assert_eq!(response.status(), 304, "{tag:?}");
        assert!(response.bytes().await.expect("body").is_empty());
    }
    let newer = t.put_file(&t.root, "memo.txt", b"second").await;
    assert_eq!(newer["id"], item["id"]);
    let moved_on = t.content(id_of(&item), e_tag).await;
    assert_eq!(
        moved_on.status(),
        302,
        "the tag has moved on: the new bytes"
    );
}
