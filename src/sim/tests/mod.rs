//! End-to-end tests of the simulated tenant over real HTTP on loopback, as the harness sees it:
//! every check goes through reqwest, never through the state. They start the whole tenant, so
//! they sit here above its layers (the unit tests sit beside what they test), grouped by what
//! they exercise: the routes, copy jobs and downloads, the RU budget and busy refusals,
//! injected faults, delays and corruption, the request log. This file holds their fixture.

mod budget_and_busy;
mod copy_and_downloads;
mod delays_and_corruption;
mod deletes;
mod injected_faults;
mod request_log_endpoint;
mod routes;

use reqwest::{Client, Response};
use serde_json::Value;

use super::{SIMULATED_TOKEN, SimConfig, SimError, SimSite, SimulatedTenant};
use crate::graph::{DriveItem, ErrorBody, NewFolder, Site, UploadSession};

/// The fragment multiple of upload sessions, 320 KiB.
const FRAGMENT: usize = 327_680;

pub(super) fn config() -> SimConfig {
    SimConfig {
        sites: vec![
            SimSite {
                url: "https://contoso.sharepoint.com/sites/Finance"
                    .parse()
                    .expect("url"),
                libraries: vec!["Archive".to_owned()],
            },
            SimSite {
                url: "https://contoso.sharepoint.com/teams/Ops"
                    .parse()
                    .expect("url"),
                libraries: vec![],
            },
        ],
        users: vec!["alice@contoso.com".to_owned()],
        ..SimConfig::default()
    }
}

pub(super) struct Fixture {
    pub(super) tenant: SimulatedTenant,
    pub(super) client: Client,
}

impl Fixture {
    pub(super) async fn start(config: SimConfig) -> Fixture {
        let window = config.ru_window_us;
        Fixture::start_with_ru_window(config, window).await
    }

    /// A tenant whose RU budget windows last `window_us` instead of a minute.
    pub(super) async fn start_with_ru_window(config: SimConfig, window_us: u64) -> Fixture {
        let config = SimConfig {
            ru_window_us: window_us,
            ..config
        };
        let tenant = SimulatedTenant::start(config, None).await.expect("starts");
        let client = Client::builder().no_proxy().build().expect("client");
        Fixture { tenant, client }
    }

    pub(super) fn graph(&self, path: &str) -> String {
        format!("{}{path}", self.tenant.graph_base_url())
    }

    pub(super) async fn get(&self, path: &str) -> Response {
        self.client
            .get(self.graph(path))
            .bearer_auth(SIMULATED_TOKEN)
            .send()
            .await
            .expect("sent")
    }

    async fn get_url(&self, url: &str) -> Response {
        self.client
            .get(url)
            .bearer_auth(SIMULATED_TOKEN)
            .send()
            .await
            .expect("sent")
    }

    pub(super) async fn documents(&self) -> (String, String) {
        let site: Site = self
            .get("/sites/contoso.sharepoint.com:/sites/Finance")
            .await
            .json()
            .await
            .expect("site");
        let drive: Value = self
            .get(&format!("/sites/{}/drive", site.id))
            .await
            .json()
            .await
            .expect("drive");
        let drive_id = drive["id"].as_str().expect("id").to_owned();
        let root: DriveItem = self
            .get(&format!("/drives/{drive_id}/root"))
            .await
            .json()
            .await
            .expect("root");
        (drive_id, root.id)
    }

    pub(super) async fn new_folder(
        &self,
        drive: &str,
        parent: &str,
        name: &str,
        conflict: &str,
    ) -> Response {
        let body = NewFolder {
            name: name.to_owned(),
            folder: serde_json::json!({}),
            conflict_behavior: conflict.to_owned(),
        };
        self.client
            .post(self.graph(&format!("/drives/{drive}/items/{parent}/children")))
            .bearer_auth(SIMULATED_TOKEN)
            .json(&body)
            .send()
            .await
            .expect("sent")
    }

    pub(super) async fn put(
        &self,
        drive: &str,
        parent: &str,
        name: &str,
        query: &str,
        body: Vec<u8>,
    ) -> Response {
        let name = percent_encoding::utf8_percent_encode(name, percent_encoding::NON_ALPHANUMERIC);
        self.client
            .put(self.graph(&format!(
                "/drives/{drive}/items/{parent}:/{name}:/content{query}"
            )))
            .bearer_auth(SIMULATED_TOKEN)
            .body(body)
            .send()
            .await
            .expect("sent")
    }

    pub(super) async fn session(
        &self,
        drive: &str,
        parent: &str,
        name: &str,
        item: Value,
    ) -> Response {
        self.client
            .post(self.graph(&format!(
                "/drives/{drive}/items/{parent}:/{name}:/createUploadSession"
            )))
            .bearer_auth(SIMULATED_TOKEN)
            .json(&serde_json::json!({ "item": item }))
            .send()
            .await
            .expect("sent")
    }

    pub(super) async fn fragment(
        &self,
        url: &str,
        data: &[u8],
        start: usize,
        end: usize,
    ) -> Response {
        self.client
            .put(url)
            .header(
                "Content-Range",
                format!("bytes {start}-{}/{}", end - 1, data.len()),
            )
            .body(data[start..end].to_vec())
            .send()
            .await
            .expect("sent")
    }
}

pub(super) async fn error_of(response: Response) -> ErrorBody {
    response.json().await.expect("error body")
}

pub(super) fn sample(len: usize) -> Vec<u8> {
    (0..len).map(|i| (i * 31 % 253) as u8).collect()
}

/// Opens an upload session for `name` at the root of Finance's Documents; its upload URL.
async fn open_session(f: &Fixture, name: &str) -> String {
    let (drive, root) = f.documents().await;
    let session: UploadSession = f
        .session(&drive, &root, name, serde_json::json!({}))
        .await
        .json()
        .await
        .expect("session");
    session.upload_url.expect("url")
}

#[tokio::test]
async fn busy_port_is_a_bind_error() {
    let taken = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let port = taken.local_addr().expect("addr").port();
    match SimulatedTenant::start(config(), Some(port)).await {
        Err(SimError::Bind { port: p, .. }) => assert_eq!(p, port),
        other => panic!("expected a bind error, got {other:?}"),
    }
}
