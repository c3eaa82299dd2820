//! The simulated tenant's seeded source drives, downloads and server-side copy jobs, over real
//! HTTP on loopback (redirects never followed, so each hop is seen).

use reqwest::{Client, StatusCode, redirect::Policy};
use serde_json::{Value, json};

use super::config;
use crate::graph::{DriveItem, Page};
use crate::scenario::{SizeDistribution, SourceSpec, SyntheticSpec};
use crate::sim::{
    CopyCompletion, SIMULATED_TOKEN, SimConfig, SimDriveLocation, SimSeedFile, SimSourceDrive,
    SimulatedTenant,
};
use crate::source::{self, SourceReader};
use crate::vocab::quick_xor::QuickXor;

/// A user's OneDrive folder `old` holding 3 synthetic files of 10 KiB, hashed.
async fn seeded(config: SimConfig) -> SimConfig {
    let spec = SourceSpec::Synthetic(SyntheticSpec {
        files: 3,
        depth: 0,
        fan_out: 0,
        seed: 8,
        size: SizeDistribution::Fixed { value: 10_240 },
    });
    let tree = source::enumerate(&spec).expect("synthetic");
    let mut files = Vec::new();
    for file in tree.files {
        let mut reader = SourceReader::open(&file).await.expect("open");
        let mut hash = QuickXor::new();
        loop {
            let chunk = reader.read_chunk(4096).await.expect("read");
            if chunk.is_empty() {
                break;
            }
            hash.update(&chunk);
        }
        files.push(SimSeedFile {
            rel_path: file.rel_path.clone(),
            size: file.size,
            quick_xor: hash.finish_base64(),
            content: file,
        });
    }
    SimConfig {
        source_drives: vec![SimSourceDrive {
            drive: SimDriveLocation::User("bob@contoso.com".into()),
            folder: "old".into(),
            folders: tree.folders,
            files,
        }],
        ..config
    }
}

struct Tenant {
    tenant: SimulatedTenant,
    http: Client,
}

impl Tenant {
    async fn start(config: SimConfig) -> Tenant {
        let tenant = SimulatedTenant::start(seeded(config).await, None)
            .await
            .expect("starts");
        let http = Client::builder()
            .no_proxy()
            .redirect(Policy::none())
            .build()
            .expect("client");
        Tenant { tenant, http }
    }

    async fn get(&self, path: &str) -> reqwest::Response {
        self.http
            .get(format!("{}{path}", self.tenant.graph_base_url()))
            .bearer_auth(SIMULATED_TOKEN)
            .send()
            .await
            .expect("sent")
    }

    async fn json(&self, path: &str) -> Value {
        self.get(path).await.json().await.expect("JSON")
    }

    /// The seeded files (id, name, hash) and the drive id of the source.
    async fn source(&self) -> (String, Vec<DriveItem>) {
        let drive = self.json("/users/bob@contoso.com/drive").await;
        let drive_id = drive["id"].as_str().expect("id").to_owned();
        let page: Page<DriveItem> = self
            .get(&format!("/drives/{drive_id}/root:/old:/children"))
            .await
            .json()
            .await
            .expect("children");
        (drive_id, page.value)
    }

    /// Alice's OneDrive root: a copy destination.
    async fn destination(&self) -> (String, String) {
        let drive = self.json("/users/alice@contoso.com/drive").await;
        let drive_id = drive["id"].as_str().expect("id").to_owned();
        let root = self.json(&format!("/drives/{drive_id}/root")).await;
        (drive_id, root["id"].as_str().expect("id").to_owned())
    }

    async fn copy(&self, drive: &str, item: &str, to: &(String, String), conflict: &str) -> String {
        let body = json!({"parentReference": {"driveId": to.0, "id": to.1}});
        self.copy_with_body(drive, item, conflict, &body).await
    }

    /// `POST .../copy` with `body` as it is; the monitor URL of the accepted job.
    async fn copy_with_body(
        &self,
        drive: &str,
        item: &str,
        conflict: &str,
        body: &Value,
    ) -> String {
        let answer = self
            .http
            .post(format!(
                "{}/drives/{drive}/items/{item}/copy?@microsoft.graph.conflictBehavior={conflict}",
                self.tenant.graph_base_url()
            ))
            .bearer_auth(SIMULATED_TOKEN)
            .json(body)
            .send()
            .await
            .expect("sent");
        assert_eq!(answer.status(), StatusCode::ACCEPTED);
        answer.headers()["location"]
            .to_str()
            .expect("text")
            .to_owned()
    }

    async fn poll(&self, monitor: &str) -> reqwest::Response {
        self.http.get(monitor).send().await.expect("sent")
    }
}

#[tokio::test]
async fn seeded_files_download_through_a_pre_authenticated_302() {
    // Strict, as SharePoint may be: the download URL refuses a bearer token.
    let tenant = Tenant::start(SimConfig {
        file_urls_refuse_authorization: true,
        ..config()
    })
    .await;
    let (drive, files) = tenant.source().await;
    assert_eq!(files.len(), 3);
    let file = &files[0];
    let redirect = tenant
        .get(&format!("/drives/{drive}/items/{}/content", file.id))
        .await;
    assert_eq!(redirect.status(), StatusCode::FOUND);
    let location = redirect.headers()["location"]
        .to_str()
        .expect("text")
        .to_owned();
    assert!(location.contains("tempauth="), "{location}");

    let bytes = tenant.http.get(&location).send().await.expect("sent");
    assert_eq!(bytes.status(), StatusCode::OK);
    let body = bytes.bytes().await.expect("body");
    assert_eq!(body.len(), 10_240);
    assert_eq!(
        Some(crate::vocab::quick_xor::quick_xor_base64(&body).as_str()),
        file.quick_xor_hash(),
        "the bytes are the ones the listing's hash describes"
    );

    let with_bearer = tenant
        .http
        .get(&location)
        .bearer_auth(SIMULATED_TOKEN)
        .send()
        .await
        .expect("sent");
    assert_eq!(with_bearer.status(), StatusCode::UNAUTHORIZED);
    let forged = location.replace("tempauth=", "tempauth=x");
    let refused = tenant.http.get(&forged).send().await.expect("sent");
    assert_eq!(refused.status(), StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn a_copy_job_goes_through_its_statuses_and_lands_as_200_then_303() {
    let tenant = Tenant::start(SimConfig {
        copy_job_duration_us: 1_500_000,
        copy_completion: CopyCompletion::Alternate,
        ..config()
    })
    .await;
    let (drive, files) = tenant.source().await;
    let to = tenant.destination().await;
    let first = tenant.copy(&drive, &files[0].id, &to, "fail").await;
    let second = tenant.copy(&drive, &files[1].id, &to, "fail").await;

    // Immediately after, the job has not started; a bearer token is tolerated by default (the
    // Python SDK sends its token to every host) and the monitor is on the files host.
    assert!(
        first.starts_with(tenant.tenant.files_url().as_str()),
        "{first}"
    );
    let early: Value = tenant.poll(&first).await.json().await.expect("JSON");
    assert_eq!(early["status"], "notStarted");
    let with_bearer = tenant
        .http
        .get(&first)
        .bearer_auth(SIMULATED_TOKEN)
        .send()
        .await
        .expect("sent");
    assert_eq!(with_bearer.status(), StatusCode::ACCEPTED);

    let mut seen = Vec::new();
    let done = loop {
        let answer = tenant.poll(&first).await;
        let status = answer.status();
        let body: Value = answer.json().await.expect("JSON");
        let state = body["status"].as_str().unwrap_or_default().to_owned();
        if seen.last() != Some(&state) {
            seen.push(state.clone());
        }
        if state == "completed" {
            assert_eq!(status, StatusCode::OK);
            break body;
        }
        assert_eq!(status, StatusCode::ACCEPTED, "{body}");
        tokio::time::sleep(std::time::Duration::from_millis(5)).await;
    };
    assert_eq!(seen, ["notStarted", "inProgress", "waiting", "completed"]);
    let copy_id = done["resourceId"].as_str().expect("resourceId");
    let copy: DriveItem = tenant
        .get(&format!("/drives/{}/items/{copy_id}", to.0))
        .await
        .json()
        .await
        .expect("the copy");
    assert_eq!(copy.name, files[0].name);
    assert_eq!(copy.quick_xor_hash(), files[0].quick_xor_hash());
    assert_ne!(copy.id, files[0].id);

    let other = tenant.poll(&second).await;
    assert_eq!(other.status(), StatusCode::SEE_OTHER);
    let location = other.headers()["location"]
        .to_str()
        .expect("text")
        .to_owned();
    let item = tenant
        .http
        .get(&location)
        .bearer_auth(SIMULATED_TOKEN)
        .send()
        .await
        .expect("sent");
    let item: DriveItem = item.json().await.expect("the item");
    assert_eq!(item.quick_xor_hash(), files[1].quick_xor_hash());
}

#[tokio::test]
async fn copy_jobs_fail_in_the_monitor_on_a_taken_name_or_when_drawn() {
    let tenant = Tenant::start(SimConfig {
        copy_job_duration_us: 1,
        ..config()
    })
    .await;
    let (drive, files) = tenant.source().await;
    let to = tenant.destination().await;
    let first = tenant.copy(&drive, &files[0].id, &to, "fail").await;
    let done: Value = tenant.poll(&first).await.json().await.expect("JSON");
    assert_eq!(done["status"], "completed");
    let again = tenant.copy(&drive, &files[0].id, &to, "fail").await;
    let failed = tenant.poll(&again).await;
    assert_eq!(failed.status(), StatusCode::OK);
    let failed: Value = failed.json().await.expect("JSON");
    assert_eq!(failed["status"], "failed");
    assert_eq!(failed["error"]["code"], "nameAlreadyExists");
    let renamed = tenant.copy(&drive, &files[0].id, &to, "rename").await;
    let renamed: Value = tenant.poll(&renamed).await.json().await.expect("JSON");
    assert_eq!(renamed["status"], "completed");

    let broken = Tenant::start(SimConfig {
        copy_job_duration_us: 1,
        copy_failure_rate: 1.0,
        ..config()
    })
    .await;
    let (drive, files) = broken.source().await;
    let to = broken.destination().await;
    let job = broken.copy(&drive, &files[2].id, &to, "fail").await;
    let failed: Value = broken.poll(&job).await.json().await.expect("JSON");
    assert_eq!(failed["status"], "failed");
    assert_eq!(failed["error"]["code"], "generalException");
}

/// `parentReference` is optional in Microsoft's request body
/// (<https://learn.microsoft.com/graph/api/driveitem-copy>, "under a new parent item or with a
/// new name"): without it the copy lands in its source's own folder, so a new name is needed
/// there and the same name fails in the monitor as any taken name does.
#[tokio::test]
async fn a_copy_without_a_parent_reference_lands_beside_its_source() {
    let tenant = Tenant::start(SimConfig {
        copy_job_duration_us: 1,
        copy_completion: CopyCompletion::Ok,
        ..config()
    })
    .await;
    let (drive, files) = tenant.source().await;
    let folder = tenant.json(&format!("/drives/{drive}/root:/old")).await;
    let renamed = json!({"name": "beside.bin"});
    let monitor = tenant
        .copy_with_body(&drive, &files[0].id, "fail", &renamed)
        .await;
    let done: Value = tenant.poll(&monitor).await.json().await.expect("JSON");
    assert_eq!(done["status"], "completed", "{done}");
    let copy = tenant
        .json(&format!(
            "/drives/{drive}/items/{}",
            done["resourceId"].as_str().expect("resourceId")
        ))
        .await;
    assert_eq!(copy["name"], "beside.bin");
    assert_eq!(copy["parentReference"]["id"], folder["id"]);
    assert_eq!(copy["parentReference"]["driveId"], drive.as_str());
    assert_eq!(
        copy["file"]["hashes"]["quickXorHash"].as_str(),
        files[0].quick_xor_hash()
    );

    let same_name = tenant
        .copy_with_body(&drive, &files[1].id, "fail", &json!({}))
        .await;
    let failed: Value = tenant.poll(&same_name).await.json().await.expect("JSON");
    assert_eq!(failed["status"], "failed", "{failed}");
    assert_eq!(failed["error"]["code"], "nameAlreadyExists");
}

#[tokio::test]
async fn copying_a_root_or_into_nowhere_is_refused_up_front() {
    let tenant = Tenant::start(config()).await;
    let (drive, _) = tenant.source().await;
    let root = tenant.json(&format!("/drives/{drive}/root")).await;
    let to = tenant.destination().await;
    let answer = tenant
        .http
        .post(format!(
            "{}/drives/{drive}/items/{}/copy",
            tenant.tenant.graph_base_url(),
            root["id"].as_str().expect("id")
        ))
        .bearer_auth(SIMULATED_TOKEN)
        .json(&json!({"parentReference": {"driveId": to.0, "id": to.1}}))
        .send()
        .await
        .expect("sent");
    assert_eq!(answer.status(), StatusCode::BAD_REQUEST);
    let body: Value = answer.json().await.expect("JSON");
    assert_eq!(body["error"]["code"], "invalidRequest");
}

#[tokio::test]
async fn a_folder_copied_to_another_drive_keeps_its_files_downloadable() {
    let tenant = Tenant::start(SimConfig {
        copy_job_duration_us: 1,
        copy_completion: CopyCompletion::Ok,
        ..config()
    })
    .await;
    let (drive, files) = tenant.source().await;
    let folder = tenant.json(&format!("/drives/{drive}/root:/old")).await;
    let to = tenant.destination().await;
    let monitor = tenant
        .copy(&drive, folder["id"].as_str().expect("id"), &to, "fail")
        .await;
    let done: Value = tenant.poll(&monitor).await.json().await.expect("JSON");
    assert_eq!(done["status"], "completed", "{done}");
    let copy_id = done["resourceId"].as_str().expect("resourceId");
    let page: Page<DriveItem> = tenant
        .get(&format!("/drives/{}/items/{copy_id}/children", to.0))
        .await
        .json()
        .await
        .expect("children");
    assert_eq!(page.value.len(), files.len());
    for (copy, original) in page.value.iter().zip(&files) {
        assert_eq!(copy.name, original.name);
        assert_eq!(copy.quick_xor_hash(), original.quick_xor_hash());
        assert_ne!(copy.id, original.id);
        let redirect = tenant
            .get(&format!("/drives/{}/items/{}/content", to.0, copy.id))
            .await;
        assert_eq!(redirect.status(), StatusCode::FOUND, "{}", copy.name);
        let location = redirect.headers()["location"].to_str().expect("text");
        let body = tenant
            .http
            .get(location)
            .send()
            .await
            .expect("sent")
            .bytes()
            .await
            .expect("body");
        assert_eq!(
            Some(crate::vocab::quick_xor::quick_xor_base64(&body).as_str()),
            copy.quick_xor_hash()
        );
    }
}
