//! The body of `POST items/{id}/copy` as Microsoft documents it
//! (<https://learn.microsoft.com/graph/api/driveitem-copy>; `docs/graph-notes.md` §24): every
//! part optional — without `parentReference` the copy lands beside the original, so under its
//! own name it clashes (and fails in the monitor) unless renamed — `includeAllVersionHistory`
//! taken, and anything the tenant does not serve refused up front by name, as is a folder over
//! the documented 30,000 driveItems.

use std::path::PathBuf;

use pilotbench::sim::{SimConfig, SimDriveLocation, SimSeedFile, SimSourceDrive};
use pilotbench::source::{FileOrigin, SourceFile};
use pilotbench::vocab::quick_xor::quick_xor_base64;
use serde_json::{Value, json};

use super::{Tenant, error_of, quick_jobs};

impl Tenant {
    /// Copies `id` with `body` and `query`, expecting `202`; the ended monitor's body.
    async fn copied(&self, id: &str, query: &str, body: Value) -> Value {
        let accepted = self.post_copy(id, query, &body).await;
        assert_eq!(accepted.status(), 202, "{body}");
        let monitor = accepted.headers()["location"]
            .to_str()
            .expect("text")
            .to_owned();
        self.poll_to_end(&monitor).await.0
    }
}

#[tokio::test]
async fn without_a_parent_reference_the_copy_lands_beside_the_original() {
    let t = Tenant::start(quick_jobs()).await;
    let folder = t.folder(&t.root, "Plans").await;
    let folder = folder["id"].as_str().expect("id").to_owned();
    let file = t.put_file(&folder, "plan.txt", b"the plan").await;
    let id = file["id"].as_str().expect("id");

    let done = t.copied(id, "", json!({"name": "plan (copy).txt"})).await;
    assert_eq!(done["status"], "completed", "{done}");
    let copy = t
        .json(&format!(
            "/drives/{}/items/{}",
            t.drive,
            done["resourceId"].as_str().expect("resourceId")
        ))
        .await;
    assert_eq!(copy["name"], "plan (copy).txt");
    assert_eq!(copy["parentReference"]["id"], folder.as_str());
    assert_eq!(copy["size"], 8);

    let clash = t.copied(id, "", json!({})).await;
    assert_eq!(clash["status"], "failed", "its own name is taken");
    assert_eq!(clash["error"]["code"], "nameAlreadyExists");
    let renamed = t
        .copied(id, "?@microsoft.graph.conflictBehavior=rename", json!({}))
        .await;
    assert_eq!(renamed["status"], "completed", "{renamed}");
}

#[tokio::test]
async fn include_all_version_history_is_taken_and_unknown_fields_are_refused_by_name() {
    let t = Tenant::start(quick_jobs()).await;
    let file = t.put_file(&t.root, "a.txt", b"abc").await;
    let id = file["id"].as_str().expect("id");
    let archive = t.folder(&t.root, "Archive").await;
    let archive = archive["id"].as_str().expect("id");
    let to_archive = json!({"driveId": t.drive, "id": archive});

    for history in [true, false] {
        let done = t
            .copied(
                id,
                "?@microsoft.graph.conflictBehavior=rename",
                json!({"parentReference": to_archive, "includeAllVersionHistory": history}),
            )
            .await;
        assert_eq!(done["status"], "completed", "{done}");
    }
    let sdk_typed = json!({"parentReference": {
        "@odata.type": "#microsoft.graph.itemReference", "driveId": t.drive, "id": archive,
    }, "name": "typed.txt"});
    assert_eq!(t.copied(id, "", sdk_typed).await["status"], "completed");

    let refused = [
        (
            json!({"parentReference": to_archive, "keepSharing": true}),
            "keepSharing",
        ),
        (
            json!({"parentReference": {"driveId": t.drive, "path": "/drive/root:/Archive"}}),
            "path",
        ),
        (
            json!({"parentReference": {"id": archive, "siteId": "x"}}),
            "siteId",
        ),
        (
            json!({"@microsoft.graph.conflictBehavior": "rename"}),
            "conflictBehavior",
        ),
    ];
    for (body, named) in refused {
        let response = t.post_copy(id, "", &body).await;
        assert_eq!(response.status(), 400, "{body}");
        let (code, message) = error_of(response).await;
        assert_eq!(code, "invalidRequest");
        assert!(message.contains(named), "{body}: {message}");
    }
}

#[tokio::test]
async fn a_folder_of_more_than_30000_driveitems_is_refused_up_front() {
    // `Big` and 30,000 files: one driveItem over the documented limit. Their bytes are never
    // read, so they need no origin that exists.
    let files = (0..30_000)
        .map(|i| {
            let rel_path = format!("f{i}.txt");
            SimSeedFile {
                rel_path: rel_path.clone(),
                size: 0,
                quick_xor: quick_xor_base64(b""),
                content: SourceFile {
                    rel_path,
                    size: 0,
                    created: None,
                    modified: None,
                    origin: FileOrigin::Local(PathBuf::from("/nonexistent")),
                },
            }
        })
        .collect();
    let config = quick_jobs();
    let site_url = config.sites[0].url.clone();
    let t = Tenant::start(SimConfig {
        source_drives: vec![SimSourceDrive {
            drive: SimDriveLocation::Library {
                site_url,
                library: "Documents".to_owned(),
            },
            folder: "Big".to_owned(),
            folders: Vec::new(),
            files,
        }],
        ..config
    })
    .await;
    let big = t.json(&format!("/drives/{}/root:/Big", t.drive)).await;
    assert_eq!(big["folder"]["childCount"], 30_000, "{big}");
    let refused = t
        .post_copy(
            big["id"].as_str().expect("id"),
            "",
            &json!({"name": "Big copy"}),
        )
        .await;
    assert_eq!(refused.status(), 400);
    let (code, message) = error_of(refused).await;
    assert_eq!(code, "invalidRequest");
    assert!(message.contains("30,000 driveItems"), "{message}");
    assert!(message.contains("30001"), "{message}");
}
