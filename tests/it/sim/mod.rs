//! The simulated tenant's protocol surface on the wire: each call as Microsoft documents it
//! (status, headers, body fields), checked with a plain reqwest client against
//! `pilotbench::sim::SimulatedTenant` on loopback — never through pilotbench's Graph client, so
//! these tests see the wire format a foreign SDK sees. One module per call family; this file
//! holds their fixture.

mod batch;
mod copy_body;
mod decorations;
mod delta;
mod downloads;
mod folder_copy;
mod permissions;
mod query_options;
mod replace;
mod sites_and_users;
mod teams;
mod updates;
mod upload_sessions;

use std::time::Duration;

use pilotbench::sim::{CopyCompletion, SIMULATED_TOKEN, SimConfig, SimulatedTenant};
use reqwest::{Client, Response};
use serde_json::{Value, json};

/// One site, "Finance", with its Documents library: what every module here starts from.
pub(super) use crate::support::one_site_config as config;

/// [`config`] with copy jobs short enough to poll to the end, answered 200 (a 303 would lead
/// a bearer-less monitor client to Graph).
pub(super) fn quick_jobs() -> SimConfig {
    SimConfig {
        copy_job_duration_us: 300_000,
        copy_completion: CopyCompletion::Ok,
        ..config()
    }
}

/// A running tenant, a client without proxies, and Finance's Documents library.
pub(super) struct Tenant {
    pub(super) tenant: SimulatedTenant,
    pub(super) client: Client,
    pub(super) site: String,
    pub(super) drive: String,
    pub(super) root: String,
}

impl Tenant {
    pub(super) async fn start(config: SimConfig) -> Tenant {
        let tenant = SimulatedTenant::start(config, None).await.expect("starts");
        let client = Client::builder().no_proxy().build().expect("client");
        let mut started = Tenant {
            tenant,
            client,
            site: String::new(),
            drive: String::new(),
            root: String::new(),
        };
        let site = started
            .json("/sites/contoso.sharepoint.com:/sites/Finance")
            .await;
        started.site = site["id"].as_str().expect("site id").to_owned();
        let drive = started
            .json(&format!("/sites/{}/drive", started.site))
            .await;
        started.drive = drive["id"].as_str().expect("drive id").to_owned();
        let root = started
            .json(&format!("/drives/{}/root", started.drive))
            .await;
        started.root = root["id"].as_str().expect("root id").to_owned();
        started
    }

    /// The absolute URL of Graph path `path` (`/drives/...`).
    pub(super) fn graph(&self, path: &str) -> String {
        format!("{}{path}", self.tenant.graph_base_url())
    }

    /// `GET` of an absolute URL with the bearer token.
    pub(super) async fn get_url(&self, url: &str) -> Response {
        self.client
            .get(url)
            .bearer_auth(SIMULATED_TOKEN)
            .send()
            .await
            .expect("sent")
    }

    /// `GET` of Graph path `path`.
    pub(super) async fn get(&self, path: &str) -> Response {
        self.get_url(&self.graph(path)).await
    }

    /// `GET` of Graph path `path`, which must answer 200 with JSON.
    pub(super) async fn json(&self, path: &str) -> Value {
        let response = self.get(path).await;
        assert_eq!(response.status(), 200, "GET {path}");
        response.json().await.expect("json")
    }

    /// A simple upload of `body` as `name` into folder `parent`; its driveItem.
    pub(super) async fn put_file(&self, parent: &str, name: &str, body: &[u8]) -> Value {
        let url = self.graph(&format!(
            "/drives/{}/items/{parent}:/{name}:/content?@microsoft.graph.conflictBehavior=replace",
            self.drive
        ));
        let response = self
            .client
            .put(url)
            .bearer_auth(SIMULATED_TOKEN)
            .body(body.to_vec())
            .send()
            .await
            .expect("sent");
        assert!(response.status().is_success(), "PUT {name}");
        response.json().await.expect("item")
    }

    /// A folder `name` in `parent`, created with `conflict`; the response.
    pub(super) async fn post_folder(&self, parent: &str, name: &str, conflict: &str) -> Response {
        self.client
            .post(self.graph(&format!("/drives/{}/items/{parent}/children", self.drive)))
            .bearer_auth(SIMULATED_TOKEN)
            .json(&json!({
                "name": name,
                "folder": {},
                "@microsoft.graph.conflictBehavior": conflict,
            }))
            .send()
            .await
            .expect("sent")
    }

    /// A new folder `name` in `parent`; its driveItem.
    pub(super) async fn folder(&self, parent: &str, name: &str) -> Value {
        let response = self.post_folder(parent, name, "fail").await;
        assert_eq!(response.status(), 201, "POST folder {name}");
        response.json().await.expect("item")
    }

    /// `POST` of `body` to Graph path `path` with the bearer token.
    pub(super) async fn post_json(&self, path: &str, body: &Value) -> Response {
        self.client
            .post(self.graph(path))
            .bearer_auth(SIMULATED_TOKEN)
            .json(body)
            .send()
            .await
            .expect("sent")
    }

    /// `POST items/{id}/copy{query}` of this drive with `body` as given.
    pub(super) async fn post_copy(&self, id: &str, query: &str, body: &Value) -> Response {
        self.post_json(
            &format!("/drives/{}/items/{id}/copy{query}", self.drive),
            body,
        )
        .await
    }

    /// Polls `monitor` (without a bearer token) until the job has ended; its last body and
    /// every `percentageComplete` it reported on the way.
    pub(super) async fn poll_to_end(&self, monitor: &str) -> (Value, Vec<f64>) {
        let mut seen = Vec::new();
        loop {
            let answer = self.client.get(monitor).send().await.expect("sent");
            let status = answer.status();
            let body: Value = answer.json().await.expect("monitor JSON");
            if status == 202 {
                seen.push(body["percentageComplete"].as_f64().expect("percentage"));
                tokio::time::sleep(Duration::from_millis(10)).await;
                continue;
            }
            assert_eq!(status, 200, "{body}");
            return (body, seen);
        }
    }

    /// An admin call (`/_sim/...`) with the bearer token.
    pub(super) async fn admin_post(&self, path: &str) -> Response {
        self.client
            .post(format!(
                "{}{path}",
                self.tenant.server_url().as_str().trim_end_matches('/')
            ))
            .bearer_auth(SIMULATED_TOKEN)
            .send()
            .await
            .expect("sent")
    }
}

/// The error object of an error answer: `(code, message)`.
pub(super) async fn error_of(response: Response) -> (String, String) {
    let body: Value = response.json().await.expect("error body");
    (
        body["error"]["code"]
            .as_str()
            .unwrap_or_default()
            .to_owned(),
        body["error"]["message"]
            .as_str()
            .unwrap_or_default()
            .to_owned(),
    )
}
