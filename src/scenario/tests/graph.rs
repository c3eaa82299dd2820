//! The rules of `[target] kind = "graph"` and `[target.graph]`: defaults, the environment
//! variable names, literal credentials refused without echoing them, HTTPS outside loopback,
//! and the simulated tenant's token settings.

use super::*;

fn graph(body: &str) -> String {
    format!(
        "[pilot]\nname = \"P\"\norganisation = \"O\"\n[target]\nkind = \"graph\"\n[target.graph]\n{body}\n{}",
        site("Good")
    )
}

fn simulated(body: &str) -> String {
    format!(
        "[pilot]\nname = \"P\"\norganisation = \"O\"\n[target]\nkind = \"simulated\"\n[target.simulated]\n{body}\n{}",
        site("Good")
    )
}

fn graph_target(text: &str) -> GraphTarget {
    match accepted(text).target {
        Target::Graph(target) => target,
        other => panic!("a graph target expected, got {other:?}"),
    }
}

#[test]
fn a_graph_target_without_its_section_takes_every_default() {
    let text = format!(
        "[pilot]\nname = \"P\"\norganisation = \"O\"\n[target]\nkind = \"graph\"\n{}",
        site("A")
    );
    let target = graph_target(&text);
    assert_eq!(target.tenant_id_env, "AZURE_TENANT_ID");
    assert_eq!(target.client_id_env, "AZURE_CLIENT_ID");
    assert_eq!(target.client_secret_env, "AZURE_CLIENT_SECRET");
    assert_eq!(target.certificate_path_env, "AZURE_CLIENT_CERTIFICATE_PATH");
    assert_eq!(
        target.graph_url.as_str(),
        "https://graph.microsoft.com/v1.0"
    );
    assert_eq!(
        target.login_url.as_str(),
        "https://login.microsoftonline.com/"
    );
    assert_eq!(accepted(&text).target.kind(), "graph");
}

#[test]
fn variable_names_and_loopback_roots_can_be_overridden() {
    let target = graph_target(&graph(
        "tenant_id_env = \"PILOT_TENANT\"\nclient_id_env = \"PILOT_CLIENT\"\n\
         client_secret_env = \"PILOT_SECRET\"\ncertificate_path_env = \"PILOT_CERT\"\n\
         graph_url = \"http://127.0.0.1:8080/v1.0/\"\nlogin_url = \"http://[::1]:8080\"",
    ));
    assert_eq!(
        (
            target.tenant_id_env.as_str(),
            target.client_id_env.as_str(),
            target.client_secret_env.as_str(),
            target.certificate_path_env.as_str()
        ),
        ("PILOT_TENANT", "PILOT_CLIENT", "PILOT_SECRET", "PILOT_CERT")
    );
    assert_eq!(target.graph_url.as_str(), "http://127.0.0.1:8080/v1.0");
    assert_eq!(target.login_url.as_str(), "http://[::1]:8080/");
}

#[test]
fn a_literal_secret_is_refused_at_its_place_without_echoing_it() {
    let text = graph("client_secret = \"qWgdYAmab0YSkuL1qKv5bPX\"");
    let diagnostic = only_problem(&text);
    assert_at(
        &diagnostic,
        &text,
        "\"qWgd",
        0,
        &[
            "client_secret cannot be written",
            "AZURE_CLIENT_SECRET",
            "client_secret_env",
        ],
    );
    assert!(!diagnostic.message.contains("qWgd"), "{diagnostic}");
    let text = graph("tenant_id = \"contoso.onmicrosoft.com\"\nprivate_key = 42");
    let diagnostics = problems(&text);
    assert_eq!(diagnostics.len(), 2, "{diagnostics:#?}");
    assert!(diagnostics[0].message.contains("AZURE_TENANT_ID"));
    assert!(
        diagnostics[1]
            .message
            .contains("AZURE_CLIENT_CERTIFICATE_PATH")
    );
}

#[test]
fn a_value_where_a_variable_name_belongs_is_refused_without_echoing_it() {
    let text = graph("client_secret_env = \"qWg~dYAmab0.YSkuL1\"");
    let diagnostic = only_problem(&text);
    assert_at(
        &diagnostic,
        &text,
        "\"qWg",
        0,
        &["client_secret_env must be the name of an environment variable"],
    );
    assert!(!diagnostic.message.contains("qWg"), "{diagnostic}");
}

#[test]
fn plain_http_is_refused_outside_loopback() {
    let text = graph("graph_url = \"http://graph.microsoft.com/v1.0\"");
    assert_at(
        &only_problem(&text),
        &text,
        "\"http://graph",
        0,
        &["graph_url", "plain http", "https://", "127.0.0.0/8"],
    );
    let text = graph("login_url = \"http://localhost:8080\"");
    assert_at(
        &only_problem(&text),
        &text,
        "\"http://localhost",
        0,
        &["login_url", "plain http"],
    );
    let text = graph("graph_url = \"graph.microsoft.com\"");
    assert_at(
        &only_problem(&text),
        &text,
        "\"graph.",
        0,
        &["not an http(s) URL", "https://graph.microsoft.com/v1.0"],
    );
    let text = simulated("url = \"http://localhost:8080\"");
    assert_at(
        &only_problem(&text),
        &text,
        "\"http://localhost",
        0,
        &["plain http", "http://127.0.0.1:PORT"],
    );
}

#[test]
fn the_sections_of_the_other_kind_are_refused() {
    let text = format!(
        "[pilot]\nname = \"P\"\norganisation = \"O\"\n[target]\nkind = \"graph\"\n[target.simulated]\nseed = 1\n{}",
        site("A")
    );
    assert_at(
        &only_problem(&text),
        &text,
        "[target.simulated]",
        0,
        &["[target.simulated] applies to kind = \"simulated\""],
    );
    let text = format!("{HEAD}[target.graph]\nclient_id_env = \"X\"\n{}", site("A"));
    assert_at(
        &only_problem(&text),
        &text,
        "[target.graph]",
        0,
        &["[target.graph] applies to kind = \"graph\""],
    );
}

#[test]
fn the_simulated_token_endpoint_has_a_lifetime_and_can_refuse() {
    let Target::Simulated(target) = accepted(&simulated("seed = 1")).target else {
        panic!("a simulated target")
    };
    assert_eq!(target.token_lifetime_us, 3_600_000_000);
    assert!(!target.reject_credentials);
    let Target::Simulated(target) = accepted(&simulated(
        "token_lifetime = \"5s\"\nreject_credentials = true",
    ))
    .target
    else {
        panic!("a simulated target")
    };
    assert_eq!(target.token_lifetime_us, 5_000_000);
    assert!(target.reject_credentials);
    let text = simulated("token_lifetime = \"500ms\"");
    assert_at(
        &only_problem(&text),
        &text,
        "\"500ms\"",
        0,
        &["token_lifetime is under one second"],
    );
}
