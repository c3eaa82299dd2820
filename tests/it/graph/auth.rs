//! App-only authentication against a wiremock token endpoint, on Entra's documented payloads:
//! the client credentials form (secret in HTTP Basic; certificate as a freshly signed JWT
//! assertion with `x5t` and the documented claims), the response parsed, each fetch recorded as
//! one `token` attempt, the cache and its refresh, one refetch after a 401, one fetch shared by
//! concurrent callers, and a refusal reported with its AADSTS code and without the secret.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use base64::Engine as _;
use pilotbench::graph::{
    AppAuthConfig, AppCredential, AppTokenSource, ClientCertificate, GraphClient, GraphError,
    RequestContext, Secret, TokenSource,
};
use pilotbench::vocab::attempt::Operation;
use serde_json::{Value, json};
use url::Url;
use wiremock::matchers::{header, method, path};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

use crate::support::{
    RecordingSink, TestClient, USER_AGENT, graph_fixture, graph_fixture_path, header_text,
    quick_retry,
};

const TENANT: &str = "contoso.onmicrosoft.com";
const CLIENT_ID: &str = "535fb089-9ff3-47b6-9bfb-4f1264799865";
const SECRET: &str = "FAKE-secret~for.tests_9f3b";
const TOKEN_PATH: &str = "/contoso.onmicrosoft.com/oauth2/v2.0/token";
const CTX: RequestContext = RequestContext { site: 3 };
/// base64url(SHA-1(DER)) of fixtures/graph/test-only-app-certificate.pem, computed with
/// `openssl x509 -outform DER | openssl dgst -sha1 -binary | basenc --base64url`.
const TEST_CERT_X5T: &str = "1p2HOjAd4jjnkNe0F6PyPmkTy1g";

/// The documented success body with our own token and lifetime.
fn token_body(token: &str, expires_in: u64) -> Value {
    let mut body = graph_fixture("token_response_client_credentials_graphdocs.json");
    body["access_token"] = json!(token);
    body["expires_in"] = json!(expires_in);
    body["ext_expires_in"] = json!(expires_in);
    body
}

/// The app's settings, with the mock server as its login endpoint.
fn app(server: &MockServer, credential: AppCredential) -> AppAuthConfig {
    AppAuthConfig {
        tenant_id: TENANT.to_owned(),
        client_id: CLIENT_ID.to_owned(),
        credential,
        login_url: Url::parse(&server.uri()).expect("url"),
        user_agent: USER_AGENT.to_owned(),
        request_timeout_us: 10_000_000,
    }
}

fn source(
    server: &MockServer,
    credential: AppCredential,
) -> (Arc<AppTokenSource>, Arc<RecordingSink>) {
    let sink = Arc::new(RecordingSink::default());
    let source = AppTokenSource::new(app(server, credential), sink.clone()).expect("source");
    (Arc::new(source), sink)
}

fn secret() -> AppCredential {
    AppCredential::Secret(Secret::new(SECRET))
}

fn certificate() -> AppCredential {
    let certificate =
        ClientCertificate::from_file(graph_fixture_path("test-only-app-certificate.pem").as_ref())
            .expect("test certificate loads");
    AppCredential::Certificate(certificate)
}

async fn mount_token(server: &MockServer, body: Value) {
    Mock::given(method("POST"))
        .and(path(TOKEN_PATH))
        .respond_with(ResponseTemplate::new(200).set_body_json(body))
        .mount(server)
        .await;
}

async fn token_requests(server: &MockServer) -> Vec<Request> {
    server
        .received_requests()
        .await
        .expect("recording on")
        .into_iter()
        .filter(|r| r.url.path() == TOKEN_PATH)
        .collect()
}

fn form(request: &Request) -> HashMap<String, String> {
    url::form_urlencoded::parse(&request.body)
        .into_owned()
        .collect()
}

#[tokio::test]
async fn the_secret_grant_is_sent_as_documented_and_recorded_as_one_token_attempt() {
    let server = MockServer::start().await;
    mount_token(&server, token_body("eyJ0eXAi.first", 3599)).await;
    let (tokens, sink) = source(&server, secret());
    assert_eq!(
        tokens.token_endpoint().as_str(),
        format!("{}{TOKEN_PATH}", server.uri())
    );

    let token = tokens.token(CTX).await.expect("token");

    assert_eq!(&*token, "eyJ0eXAi.first");
    let requests = token_requests(&server).await;
    assert_eq!(requests.len(), 1);
    let request = &requests[0];
    assert_eq!(
        header_text(request, "content-type"),
        Some("application/x-www-form-urlencoded")
    );
    assert_eq!(header_text(request, "user-agent"), Some(USER_AGENT));
    let fields = form(request);
    assert_eq!(fields["grant_type"], "client_credentials");
    assert_eq!(fields["scope"], "https://graph.microsoft.com/.default");
    // The secret travels once: in HTTP Basic (RFC 6749 §2.3.1), or in the form.
    let basic = header_text(request, "authorization")
        .and_then(|v| v.strip_prefix("Basic "))
        .map(|b64| {
            let bytes = base64::engine::general_purpose::STANDARD
                .decode(b64)
                .expect("base64");
            String::from_utf8(bytes).expect("utf-8")
        });
    match basic {
        Some(pair) => {
            assert_eq!(pair, format!("{CLIENT_ID}:{SECRET}"));
            assert!(!fields.contains_key("client_secret"));
        }
        None => {
            assert_eq!(fields["client_id"], CLIENT_ID);
            assert_eq!(fields["client_secret"], SECRET);
        }
    }

    let attempts = sink.attempts();
    assert_eq!(attempts.len(), 1, "{attempts:?}");
    let attempt = &attempts[0];
    assert_eq!(
        (attempt.op, attempt.site, attempt.status),
        (Operation::Token, 3, Some(200))
    );
    assert_eq!(attempt.bytes_sent, request.body.len() as u64);
    assert!(attempt.bytes_received > 0);
    assert!(!attempt.retry);
}

#[tokio::test]
async fn the_certificate_grant_signs_a_fresh_assertion_with_the_documented_claims() {
    let server = MockServer::start().await;
    // expires_in 0: every call needs a new token, so two fetches, two assertions.
    mount_token(&server, token_body("cert-token", 0)).await;
    let (tokens, sink) = source(&server, certificate());

    tokens.token(CTX).await.expect("first token");
    tokens.token(CTX).await.expect("second token");

    let requests = token_requests(&server).await;
    assert_eq!(requests.len(), 2);
    let public_key =
        std::fs::read(graph_fixture_path("test-only-app-public-key.pem")).expect("key");
    let public_key: Vec<u8> = String::from_utf8(public_key)
        .expect("utf-8")
        .lines()
        .filter(|line| !line.starts_with('#'))
        .collect::<Vec<_>>()
        .join("\n")
        .into_bytes();
    let key = jsonwebtoken::DecodingKey::from_rsa_pem(&public_key).expect("public key");
    let audience = format!("{}{TOKEN_PATH}", server.uri());
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .expect("clock")
        .as_secs();
    let mut jtis = Vec::new();
    for request in &requests {
        assert!(header_text(request, "authorization").is_none(), "no Basic");
        let fields = form(request);
        assert_eq!(fields["grant_type"], "client_credentials");
        assert_eq!(fields["scope"], "https://graph.microsoft.com/.default");
        assert_eq!(fields["client_id"], CLIENT_ID);
        assert_eq!(
            fields["client_assertion_type"],
            "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"
        );
        assert!(!fields.contains_key("client_secret"));
        let jwt = &fields["client_assertion"];

        let header = jsonwebtoken::decode_header(jwt).expect("JWT header");
        assert_eq!(header.alg, jsonwebtoken::Algorithm::RS256);
        assert_eq!(header.typ.as_deref(), Some("JWT"));
        assert_eq!(header.x5t.as_deref(), Some(TEST_CERT_X5T));

        let mut validation = jsonwebtoken::Validation::new(jsonwebtoken::Algorithm::RS256);
        validation.set_audience(&[audience.as_str()]);
        validation.set_issuer(&[CLIENT_ID]);
        validation.set_required_spec_claims(&["aud", "iss", "sub", "exp", "nbf"]);
        let claims = jsonwebtoken::decode::<Value>(jwt, &key, &validation)
            .expect("signed by the certificate's key, claims valid")
            .claims;
        assert_eq!(claims["sub"], CLIENT_ID);
        let nbf = claims["nbf"].as_u64().expect("nbf");
        let exp = claims["exp"].as_u64().expect("exp");
        assert_eq!(exp - nbf, 600, "ten minutes");
        assert!(nbf.abs_diff(now) < 120, "nbf is now: {nbf} vs {now}");
        jtis.push(claims["jti"].as_str().expect("jti").to_owned());
    }
    assert_ne!(jtis[0], jtis[1], "each fetch signs a new assertion");
    assert_eq!(
        sink.summary(),
        vec![(Operation::Token, Some(200)), (Operation::Token, Some(200))]
    );
}

#[tokio::test]
async fn a_token_is_reused_until_its_refresh_time_and_refetched_after() {
    let server = MockServer::start().await;
    mount_token(&server, token_body("long-lived", 3599)).await;
    let (tokens, _) = source(&server, secret());
    for _ in 0..3 {
        assert_eq!(&*tokens.token(CTX).await.expect("token"), "long-lived");
    }
    assert_eq!(token_requests(&server).await.len(), 1, "cached for 55 min");

    let server = MockServer::start().await;
    mount_token(&server, token_body("short-lived", 0)).await;
    let (tokens, sink) = source(&server, secret());
    for _ in 0..3 {
        tokens.token(CTX).await.expect("token");
    }
    assert_eq!(
        token_requests(&server).await.len(),
        3,
        "a token at its refresh time is fetched again before use"
    );
    assert_eq!(sink.attempts().len(), 3);
}

/// A Graph client on the mock with the app token source and a quick retry policy.
fn graph_client(server: &MockServer) -> (GraphClient, Arc<RecordingSink>) {
    // One sink for the token source and the client, so the order of all attempts shows.
    let sink = Arc::new(RecordingSink::default());
    let tokens = AppTokenSource::new(app(server, secret()), sink.clone()).expect("source");
    TestClient::on(server)
        .tokens(Arc::new(tokens))
        .sink(sink)
        .retry(quick_retry())
        .build()
}

fn invalid_token_body() -> Value {
    json!({"error": {"code": "InvalidAuthenticationToken", "message": "Lifetime validation failed, the token is expired."}})
}

#[tokio::test]
async fn a_401_gets_one_fresh_token_and_one_more_attempt() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(TOKEN_PATH))
        .respond_with(ResponseTemplate::new(200).set_body_json(token_body("token-one", 3599)))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    mount_token(&server, token_body("token-two", 3599)).await;
    Mock::given(method("GET"))
        .and(header("authorization", "Bearer token-one"))
        .respond_with(ResponseTemplate::new(401).set_body_json(invalid_token_body()))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(header("authorization", "Bearer token-two"))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(json!({"id": "root", "name": "root"})),
        )
        .mount(&server)
        .await;
    let (client, sink) = graph_client(&server);

    let item = client
        .item_by_path(CTX, "b!drive", "")
        .await
        .expect("succeeds with the fresh token");

    assert_eq!(item.id, "root");
    assert_eq!(
        sink.summary(),
        vec![
            (Operation::Token, Some(200)),
            (Operation::GetItem, Some(401)),
            (Operation::Token, Some(200)),
            (Operation::GetItem, Some(200)),
        ]
    );
    assert_eq!(token_requests(&server).await.len(), 2);
}

#[tokio::test]
async fn a_second_401_is_final_after_exactly_one_refetch() {
    let server = MockServer::start().await;
    mount_token(&server, token_body("always-refused", 3599)).await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(401).set_body_json(invalid_token_body()))
        .mount(&server)
        .await;
    let (client, sink) = graph_client(&server);

    let error = client
        .item_by_path(CTX, "b!drive", "")
        .await
        .expect_err("refused twice");

    assert_eq!(error.status(), Some(401));
    assert_eq!(
        sink.summary(),
        vec![
            (Operation::Token, Some(200)),
            (Operation::GetItem, Some(401)),
            (Operation::Token, Some(200)),
            (Operation::GetItem, Some(401)),
        ]
    );
}

#[tokio::test]
async fn concurrent_callers_share_one_fetch() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(TOKEN_PATH))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(token_body("shared", 3599))
                // Long enough that every caller arrives while the fetch is in flight.
                .set_delay(Duration::from_millis(300)),
        )
        .mount(&server)
        .await;
    let (tokens, sink) = source(&server, secret());

    let calls = (0..16).map(|site| {
        let tokens = tokens.clone();
        async move { tokens.token(RequestContext { site }).await }
    });
    let results = futures::future::join_all(calls).await;

    for result in results {
        assert_eq!(&*result.expect("token"), "shared");
    }
    assert_eq!(token_requests(&server).await.len(), 1);
    assert_eq!(sink.attempts().len(), 1);
}

#[tokio::test]
async fn a_refusal_keeps_the_aadsts_code_and_never_the_secret() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(TOKEN_PATH))
        .respond_with(
            ResponseTemplate::new(400)
                .set_body_json(graph_fixture("token_error_400_response.json")),
        )
        .mount(&server)
        .await;
    let (tokens, sink) = source(&server, secret());

    let error = tokens.token(CTX).await.expect_err("refused");

    match &error {
        GraphError::AuthRejected {
            status,
            error,
            code,
            message,
        } => {
            assert_eq!(
                (*status, error.as_str(), code.as_str()),
                (400, "invalid_scope", "AADSTS70011")
            );
            assert!(message.contains("'scope' is not valid"), "{message}");
        }
        other => panic!("expected AuthRejected, got {other:?}"),
    }
    assert_eq!(sink.summary(), vec![(Operation::Token, Some(400))]);
    for text in [
        error.to_string(),
        format!("{error:?}"),
        format!("{tokens:?}"),
    ] {
        assert!(!text.contains(SECRET), "secret leaked: {text}");
    }

    // A service that echoes the secret back does not get it into our error either.
    let server = MockServer::start().await;
    let echo = json!({
        "error": "invalid_client",
        "error_description": format!("AADSTS7000215: Invalid client secret provided: {SECRET}\r\nTrace ID: x"),
        "error_codes": [7000215]
    });
    Mock::given(method("POST"))
        .and(path(TOKEN_PATH))
        .respond_with(ResponseTemplate::new(401).set_body_json(echo))
        .mount(&server)
        .await;
    let (tokens, _) = source(&server, secret());
    let error = tokens.token(CTX).await.expect_err("refused");
    let text = format!("{error} {error:?}");
    assert!(text.contains("AADSTS7000215"), "{text}");
    assert!(!text.contains(SECRET), "secret leaked: {text}");
}
