//! Unit tests of the token source's rules: the refresh margin, identifier checks, the token
//! endpoint's address, and the exact form each credential sends.

use std::time::Duration;

use super::*;

const CLIENT: &str = "535fb089-9ff3-47b6-9bfb-4f1264799865";

#[test]
fn tokens_are_refreshed_five_minutes_or_a_tenth_of_their_life_early() {
    assert_eq!(
        refresh_margin(Duration::from_secs(3599)),
        Duration::from_secs(300)
    );
    assert_eq!(
        refresh_margin(Duration::from_secs(5)),
        Duration::from_millis(500)
    );
    assert_eq!(refresh_margin(Duration::ZERO), Duration::ZERO);
}

#[test]
fn identifiers_are_checked_without_echoing_them() {
    assert!(check_client_id(CLIENT).is_ok());
    let error = check_client_id("my~secret.value").expect_err("not a GUID");
    assert!(!error.to_string().contains("my~secret"), "{error}");
    assert!(check_tenant_id("contoso.onmicrosoft.com").is_ok());
    assert!(check_tenant_id("x/../y").is_err());
    assert!(check_tenant_id("").is_err());
}

#[test]
fn the_token_endpoint_keeps_the_tenant_path_on_the_login_host() {
    let login = Url::parse("http://127.0.0.1:9/").expect("url");
    let url = request::token_url(&login, "contoso.onmicrosoft.com").expect("url");
    assert_eq!(
        url.as_str(),
        "http://127.0.0.1:9/contoso.onmicrosoft.com/oauth2/v2.0/token"
    );
    let prefixed = Url::parse("https://login.example/prefix/").expect("url");
    let url = request::token_url(&prefixed, "t").expect("url");
    assert_eq!(
        url.as_str(),
        "https://login.example/prefix/t/oauth2/v2.0/token"
    );
}

#[test]
fn a_secret_goes_in_basic_auth_and_never_into_debug() {
    let login = Url::parse("https://login.microsoftonline.com").expect("url");
    let credential = AppCredential::Secret(Secret::new("s3cr3t~value"));
    let built = request::build(&login, "t", CLIENT, &credential).expect("request");
    let form: Vec<(String, String)> = url::form_urlencoded::parse(built.body.expose().as_bytes())
        .into_owned()
        .collect();
    assert!(form.contains(&("grant_type".into(), "client_credentials".into())));
    assert!(form.contains(&(
        "scope".into(),
        "https://graph.microsoft.com/.default".into()
    )));
    let (id, secret) = built.basic.expect("basic auth");
    assert_eq!((id.as_str(), secret.expose()), (CLIENT, "s3cr3t~value"));
    assert!(!format!("{credential:?}").contains("s3cr3t"));
}

#[test]
fn the_forms_hold_exactly_the_documented_fields_in_name_order() {
    let login = Url::parse("https://login.microsoftonline.com").expect("url");
    let credential = AppCredential::Secret(Secret::new("s3cr3t~value"));
    let built = request::build(&login, "t", CLIENT, &credential).expect("request");
    assert_eq!(
        built.url.as_str(),
        "https://login.microsoftonline.com/t/oauth2/v2.0/token"
    );
    assert_eq!(
        built.body.expose(),
        "grant_type=client_credentials&scope=https%3A%2F%2Fgraph.microsoft.com%2F.default",
        "the secret travels in HTTP Basic only"
    );

    let certificate = ClientCertificate::from_file(std::path::Path::new(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/fixtures/graph/test-only-app-certificate.pem"
    )))
    .expect("test certificate loads");
    let upper = CLIENT.to_ascii_uppercase();
    let built = request::build(
        &login,
        "t",
        &upper,
        &AppCredential::Certificate(certificate),
    )
    .expect("request");
    assert!(built.basic.is_none());
    let body = built.body.expose();
    let (assertion, rest) = body
        .strip_prefix("client_assertion=")
        .and_then(|b| b.split_once('&'))
        .expect("the assertion comes first");
    assert_eq!(
        assertion.matches('.').count(),
        2,
        "a signed JWT: {assertion}"
    );
    assert_eq!(
        rest,
        format!(
            "client_assertion_type=urn%3Aietf%3Aparams%3Aoauth%3Aclient-assertion-type%3Ajwt-bearer\
             &client_id={CLIENT}&grant_type=client_credentials\
             &scope=https%3A%2F%2Fgraph.microsoft.com%2F.default"
        ),
        "the client id in its canonical lower-case form"
    );
}
