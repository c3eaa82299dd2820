//! `POST /v1.0/$batch` (<https://learn.microsoft.com/graph/json-batching>,
//! `docs/graph-notes.md` §18): the batch answers `200` with one entry per member, each with its
//! own status, headers and body; `dependsOn` orders members and a failed dependency answers
//! `424` without running its dependent; each member is charged and throttled on its own; and a
//! malformed batch is refused whole with a `400` naming what is wrong, running nothing.

use base64::Engine as _;
use pilotbench::sim::{SIMULATED_TOKEN, SimConfig};
use reqwest::Response;
use serde_json::{Value, json};

use super::{Tenant, config, error_of};
use crate::support::sim_request_log_async;

impl Tenant {
    /// `POST /$batch` with `body`.
    async fn batch(&self, body: &Value) -> Response {
        self.client
            .post(self.graph("/$batch"))
            .bearer_auth(SIMULATED_TOKEN)
            .json(body)
            .send()
            .await
            .expect("sent")
    }

    /// `POST /$batch` of `requests`, which must answer 200: its `responses` by member id.
    async fn batch_ok(&self, requests: Value) -> Vec<Value> {
        let response = self.batch(&json!({ "requests": requests })).await;
        assert_eq!(response.status(), 200, "the batch itself is answered 200");
        assert!(
            response.headers()["content-type"]
                .to_str()
                .is_ok_and(|v| v.starts_with("application/json"))
        );
        let body: Value = response.json().await.expect("json");
        body["responses"].as_array().expect("responses").clone()
    }

    /// The request log's `"METHOD path"`s, in order.
    async fn logged_paths(&self) -> Vec<String> {
        let server = self.tenant.server_url();
        sim_request_log_async(server.as_str().trim_end_matches('/'))
            .await
            .into_iter()
            .map(|(method, path, _)| format!("{method} {path}"))
            .collect()
    }
}

/// The member answered for `id`.
fn member<'a>(responses: &'a [Value], id: &str) -> &'a Value {
    responses
        .iter()
        .find(|r| r["id"] == id)
        .unwrap_or_else(|| panic!("no response for member {id}: {responses:?}"))
}

#[tokio::test]
async fn each_member_is_answered_with_its_own_status_headers_and_body() {
    let t = Tenant::start(config()).await;
    let d = &t.drive;
    let minutes = base64::engine::general_purpose::STANDARD.encode(b"minutes of the board");
    let responses = t
        .batch_ok(json!([
            {"id": "folder", "method": "POST", "url": format!("/drives/{d}/root/children"),
             "headers": {"Content-Type": "application/json"},
             "body": {"name": "Board", "folder": {}, "@microsoft.graph.conflictBehavior": "fail"}},
            {"id": "file", "method": "PUT", "url": format!("/drives/{d}/root:/minutes.txt:/content"),
             "headers": {"Content-Type": "text/plain"}, "body": minutes},
            {"id": "missing", "method": "GET", "url": format!("drives/{d}/root:/no-such.txt")},
            {"id": "names", "method": "GET", "url": format!("/drives/{d}/root/children?$select=name"),
             "dependsOn": ["folder"]},
        ]))
        .await;
    assert_eq!(responses.len(), 4);

    let folder = member(&responses, "folder");
    assert_eq!(folder["status"], 201);
    assert_eq!(folder["body"]["name"], "Board");
    assert!(folder["body"]["folder"].is_object());
    assert!(
        folder["headers"]["Content-Type"]
            .as_str()
            .is_some_and(|v| v.starts_with("application/json"))
    );

    let file = member(&responses, "file");
    assert_eq!(file["status"], 201);
    assert_eq!(file["body"]["size"], 20, "the base64 body was decoded");
    let stored = t.json(&format!("/drives/{d}/root:/minutes.txt")).await;
    assert_eq!(stored["id"], file["body"]["id"]);

    let missing = member(&responses, "missing");
    assert_eq!(missing["status"], 404);
    assert_eq!(missing["body"]["error"]["code"], "itemNotFound");

    let names = member(&responses, "names");
    assert_eq!(names["status"], 200);
    let listed: Vec<&Value> = names["body"]["value"]
        .as_array()
        .expect("value")
        .iter()
        .collect();
    assert!(listed.iter().any(|item| item["name"] == "Board"));
    assert!(
        listed.iter().all(|item| item
            .as_object()
            .is_some_and(|o| o.keys().all(|k| k == "name" || k.starts_with('@')))),
        "the member's own $select is honoured: {listed:?}"
    );

    let logged = t.logged_paths().await;
    assert!(logged.iter().any(|p| p == "POST /v1.0/$batch"));
    assert!(
        logged
            .iter()
            .any(|p| p == &format!("PUT /v1.0/drives/{d}/root:/minutes.txt:/content")),
        "each member is logged as the request it is: {logged:?}"
    );
}

#[tokio::test]
async fn depends_on_orders_members_and_a_failed_dependency_answers_424_without_running() {
    let t = Tenant::start(config()).await;
    let d = &t.drive;
    let responses = t
        .batch_ok(json!([
            // Listed before the folder it needs: dependsOn runs it after.
            {"id": "2", "dependsOn": ["1"], "method": "PUT",
             "url": format!("/drives/{d}/root:/Reports/q1.txt:/content"),
             "headers": {"Content-Type": "text/plain"}, "body": "cTE="},
            {"id": "1", "method": "POST", "url": format!("/drives/{d}/root/children"),
             "headers": {"Content-Type": "application/json"},
             "body": {"name": "Reports", "folder": {}}},
            {"id": "3", "method": "GET", "url": format!("/drives/{d}/root:/nowhere")},
            {"id": "4", "dependsOn": ["3"], "method": "DELETE",
             "url": format!("/drives/{d}/root:/Reports")},
        ]))
        .await;
    assert_eq!(member(&responses, "1")["status"], 201);
    assert_eq!(member(&responses, "2")["status"], 201);
    assert_eq!(member(&responses, "3")["status"], 404);
    let skipped = member(&responses, "4");
    assert_eq!(skipped["status"], 424);
    assert!(
        skipped["body"]["error"]["message"]
            .as_str()
            .is_some_and(|m| m.contains("'3'")),
        "{skipped}"
    );
    // The DELETE never ran: the folder is still there, and the log never saw it.
    assert_eq!(
        t.get(&format!("/drives/{d}/root:/Reports")).await.status(),
        200
    );
    assert!(
        !t.logged_paths()
            .await
            .iter()
            .any(|p| p.starts_with("DELETE"))
    );
}

#[tokio::test]
async fn each_member_is_charged_and_throttled_on_its_own_while_the_batch_is_200() {
    // Starting the fixture costs 3 RU (site, drive, root): 7 of 10 are left for the batch.
    let t = Tenant::start(SimConfig {
        ru_per_minute: Some(10),
        ..config()
    })
    .await;
    let d = &t.drive;
    let requests: Vec<Value> = (0..12)
        .map(|i| json!({"id": i.to_string(), "method": "GET", "url": format!("/drives/{d}/root")}))
        .collect();
    let responses = t.batch_ok(Value::Array(requests)).await;
    let statuses: Vec<u64> = (0..12)
        .map(|i| {
            member(&responses, &i.to_string())["status"]
                .as_u64()
                .expect("status")
        })
        .collect();
    assert_eq!(
        statuses,
        [vec![200; 7], vec![429; 5]].concat(),
        "one RU a member, refused once the minute's budget is spent"
    );
    let admitted = member(&responses, "0");
    assert_eq!(admitted["headers"]["x-ms-resource-unit"], "1");
    let throttled = member(&responses, "11");
    assert!(
        throttled["headers"]["Retry-After"]
            .as_str()
            .and_then(|s| s.parse::<u64>().ok())
            .is_some_and(|s| s >= 1),
        "a throttled member carries its own Retry-After: {throttled}"
    );
    assert!(throttled["body"]["error"]["code"].is_string());
}

#[tokio::test]
async fn a_malformed_batch_is_refused_whole_with_400_naming_what_is_wrong() {
    let t = Tenant::start(config()).await;
    let d = &t.drive;
    let create = json!({"id": "a", "method": "POST", "url": format!("/drives/{d}/root/children"),
                        "headers": {"Content-Type": "application/json"},
                        "body": {"name": "Made", "folder": {}}});
    let get = |id: &str| json!({"id": id, "method": "GET", "url": format!("/drives/{d}/root")});
    let many: Vec<Value> = (0..21).map(|i| get(&i.to_string())).collect();
    let cases: Vec<(Value, &str)> = vec![
        (json!({"requests": []}), "no requests"),
        (json!({"requests": many}), "at most 20"),
        (json!({}), "'requests'"),
        (json!({"requests": [create, get("A")]}), "unique"),
        (
            json!({"requests": [create, {"id": "b", "dependsOn": ["z"], "method": "GET", "url": "/drives"}]}),
            "'z'",
        ),
        (
            json!({"requests": [
                create,
                {"id": "x", "dependsOn": ["y"], "method": "GET", "url": format!("/drives/{d}/root")},
                {"id": "y", "dependsOn": ["x"], "method": "GET", "url": format!("/drives/{d}/root")},
            ]}),
            "circle",
        ),
        (
            json!({"requests": [create, {"id": "b", "method": "POST", "url": format!("/drives/{d}/root/children"), "body": {"name": "n", "folder": {}}}]}),
            "Content-Type",
        ),
        (
            json!({"requests": [create, {"id": "b", "method": "GET", "url": "/drives", "atomicityGroup": "g"}]}),
            "atomicityGroup",
        ),
        (
            json!({"requests": [create, {"id": "b", "method": "GET", "url": format!("https://graph.microsoft.com/v1.0/drives/{d}/root")}]}),
            "absolute",
        ),
        (
            json!({"requests": [create, {"id": "b", "method": "GET"}]}),
            "url",
        ),
        (
            json!({"requests": [create, {"id": "b", "method": "TRACE", "url": "/drives"}]}),
            "TRACE",
        ),
    ];
    for (body, words) in cases {
        let response = t.batch(&body).await;
        assert_eq!(response.status(), 400, "{body}");
        let (code, message) = error_of(response).await;
        assert_eq!(code, "BadRequest");
        assert!(message.contains(words), "{words:?} in {message:?}");
    }
    let not_json = t
        .client
        .post(t.graph("/$batch"))
        .bearer_auth(SIMULATED_TOKEN)
        .header("content-type", "application/json")
        .body("{\"requests\": [")
        .send()
        .await
        .expect("sent");
    assert_eq!(not_json.status(), 400);
    assert!(error_of(not_json).await.1.contains("not JSON"));
    // Nothing in a refused batch ran: the folder member never created its folder.
    assert_eq!(
        t.get(&format!("/drives/{d}/root:/Made")).await.status(),
        404
    );

    let with_query = t
        .client
        .post(t.graph("/$batch?$top=2"))
        .bearer_auth(SIMULATED_TOKEN)
        .json(&json!({"requests": [get("1")]}))
        .send()
        .await
        .expect("sent");
    assert_eq!(with_query.status(), 400);
    assert!(error_of(with_query).await.1.contains("$top=2"));
    assert_eq!(t.get("/$batch").await.status(), 405);
    let anonymous = t
        .client
        .post(t.graph("/$batch"))
        .json(&json!({"requests": [get("1")]}))
        .send()
        .await
        .expect("sent");
    assert_eq!(anonymous.status(), 401);
    // A batch inside a batch is its member's own 400.
    let nested = t
        .batch_ok(json!([{"id": "1", "method": "POST", "url": "/$batch",
                         "headers": {"Content-Type": "application/json"}, "body": {"requests": []}}]))
        .await;
    assert_eq!(member(&nested, "1")["status"], 400);
    // An empty `depends_on`, which msgraph-core (Python) writes on every member, asks nothing.
    let sdk = t
        .batch_ok(json!([{"id": "1", "method": "GET", "url": format!("/drives/{d}/root"), "depends_on": []}]))
        .await;
    assert_eq!(member(&sdk, "1")["status"], 200);
}
