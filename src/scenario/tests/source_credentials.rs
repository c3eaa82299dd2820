//! A graph-drive source's own `credentials`: defaults, overrides, the `[target.graph]` checks
//! reused at their places, and the refusal of server-side copy across credentials.

use super::*;

const SEEDED: &str = "seed = { kind = \"synthetic\", files = 2, size = { distribution = \"fixed\", value = \"1KiB\" } }";

fn site_with(credentials: &str, copy_mode: &str) -> String {
    with(&format!(
        "\n[[site]]\nname = \"Other tenant\"\nworkload = \"sharepoint\"\n\
         destination = {{ site = \"https://example.sharepoint.com/sites/to\", library = \"Documents\" }}\n\
         source = {{ kind = \"graph-drive\", user = \"jo@fabrikam.example\", {SEEDED}, credentials = {credentials} }}\n\
         copy_mode = \"{copy_mode}\"\n"
    ))
}

fn credentials_of(text: &str) -> SourceCredentials {
    let scenario = accepted(text);
    match &scenario.sites[0].source {
        SourceSpec::GraphDrive(spec) => *spec.credentials.clone().expect("credentials"),
        other => panic!("not a graph-drive source: {other:?}"),
    }
}

#[test]
fn an_empty_table_takes_the_source_defaults_and_the_targets_roots() {
    let credentials = credentials_of(&site_with("{}", "stream"));
    assert_eq!(credentials.tenant_id_env, "SOURCE_AZURE_TENANT_ID");
    assert_eq!(credentials.client_id_env, "SOURCE_AZURE_CLIENT_ID");
    assert_eq!(credentials.client_secret_env, "SOURCE_AZURE_CLIENT_SECRET");
    assert_eq!(
        credentials.certificate_path_env,
        "SOURCE_AZURE_CLIENT_CERTIFICATE_PATH"
    );
    assert_eq!((credentials.graph_url, credentials.login_url), (None, None));
    let target_roots = (
        url::Url::parse("http://127.0.0.1:7/v1.0").expect("url"),
        url::Url::parse("http://127.0.0.1:7").expect("url"),
    );
    let resolved =
        credentials_of(&site_with("{}", "stream")).with_roots(&target_roots.0, &target_roots.1);
    assert_eq!(
        (resolved.graph_url, resolved.login_url),
        target_roots,
        "roots not written are the target's"
    );
}

#[test]
fn written_names_and_roots_are_kept() {
    let credentials = credentials_of(&site_with(
        "{ tenant_id_env = \"FAB_TENANT\", client_id_env = \"FAB_CLIENT\", client_secret_env = \"FAB_SECRET\", \
         graph_url = \"https://graph.microsoft.us/v1.0\", login_url = \"https://login.microsoftonline.us\" }",
        "stream",
    ));
    assert_eq!(
        (
            credentials.tenant_id_env.as_str(),
            credentials.client_id_env.as_str(),
            credentials.client_secret_env.as_str(),
            credentials.certificate_path_env.as_str(),
        ),
        (
            "FAB_TENANT",
            "FAB_CLIENT",
            "FAB_SECRET",
            "SOURCE_AZURE_CLIENT_CERTIFICATE_PATH"
        )
    );
    assert_eq!(
        credentials.graph_url.map(String::from).as_deref(),
        Some("https://graph.microsoft.us/v1.0")
    );
    assert!(credentials.login_url.is_some());
}

#[test]
fn a_literal_secret_is_refused_at_its_place_without_echoing_it() {
    let text = site_with("{ client_secret = \"Leaky~Value.123\" }", "stream");
    let problem = only_problem(&text);
    assert_at(
        &problem,
        &text,
        "\"Leaky~Value.123\"",
        0,
        &["client_secret", "SOURCE_AZURE_CLIENT_SECRET", "environment"],
    );
    assert!(!problem.message.contains("Leaky~Value.123"), "{problem}");
}

#[test]
fn plain_http_is_refused_outside_loopback_and_a_pasted_value_is_not_a_name() {
    let text = site_with("{ login_url = \"http://login.example.com\" }", "stream");
    assert_at(
        &only_problem(&text),
        &text,
        "\"http://login.example.com\"",
        0,
        &["login_url", "https"],
    );
    let text = site_with("{ client_secret_env = \"abc~def.ghi\" }", "stream");
    let problem = only_problem(&text);
    assert_at(
        &problem,
        &text,
        "\"abc~def.ghi\"",
        0,
        &["client_secret_env"],
    );
    assert!(!problem.message.contains("abc~def.ghi"), "{problem}");
    credentials_of(&site_with(
        "{ graph_url = \"http://127.0.0.1:8080/v1.0\", login_url = \"http://127.0.0.1:8080\" }",
        "stream",
    ));
}

#[test]
fn server_copy_with_source_credentials_is_refused() {
    let text = site_with("{ client_id_env = \"FAB_CLIENT\" }", "server");
    let problem = only_problem(&text);
    assert_at(
        &problem,
        &text,
        "\"server\"",
        0,
        &["one tenant", "copy_mode = \"stream\"", "credentials"],
    );
}

#[test]
fn credentials_belong_to_a_graph_drive_source_only() {
    let text = with(
        "\n[[site]]\nname = \"Local\"\nworkload = \"sharepoint\"\n\
         destination = { site = \"https://example.sharepoint.com/sites/to\", library = \"Documents\" }\n\
         source = { kind = \"synthetic\", files = 2, size = { distribution = \"fixed\", value = \"1KiB\" }, credentials = {} }\n",
    );
    let problem = only_problem(&text);
    assert_at(&problem, &text, "{}", 0, &["credentials", "graph-drive"]);
}
