//! What the simulated tenant holds, read back over HTTP with the simulated token.

/// The quickXorHash the simulated tenant at `url` gives `path` in the default library of the
/// site `contoso.sharepoint.com/{site}`, or `None` when it holds no such file. Read over HTTP
/// as any client would.
pub fn stored_hash(url: &str, site: &str, path: &str) -> Option<String> {
    let runtime = tokio::runtime::Runtime::new().expect("runtime");
    runtime.block_on(async {
        let http = reqwest::Client::new();
        let get = |address: String| {
            http.get(address)
                .bearer_auth(pilotbench::sim::SIMULATED_TOKEN)
                .send()
        };
        let site: serde_json::Value =
            get(format!("{url}/v1.0/sites/contoso.sharepoint.com:/{site}"))
                .await
                .expect("site")
                .json()
                .await
                .expect("site JSON");
        let drive: serde_json::Value = get(format!(
            "{url}/v1.0/sites/{}/drive",
            site["id"].as_str().expect("site id")
        ))
        .await
        .expect("drive")
        .json()
        .await
        .expect("drive JSON");
        let drive_id = drive["id"].as_str().expect("drive id");
        let found = get(format!("{url}/v1.0/drives/{drive_id}/root:/{path}"))
            .await
            .expect("item");
        match found.status().as_u16() {
            404 => None,
            200 => {
                let item: serde_json::Value = found.json().await.expect("item JSON");
                let hash = item["file"]["hashes"]["quickXorHash"].as_str();
                Some(hash.expect("a stored file has its quickXorHash").to_owned())
            }
            other => panic!("GET the item answered {other}"),
        }
    })
}
