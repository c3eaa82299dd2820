//! Reaching a real tenant (`[target] kind = "graph"`): read the app's credentials from the
//! environment variables the scenario names, fetch one token before any copy starts (a missing
//! or refused credential is exit 3 with a message saying what to set or check), then build the
//! Graph client on `graph_url` with that token source. No message here carries a secret.

use std::path::Path;
use std::sync::Arc;

use super::client_settings::client_config;
use super::ready_target::ReadyTarget;
use crate::app::exit::AppError;
use crate::graph::{
    AppAuthConfig, AppCredential, AppTokenSource, ClientCertificate, GraphClient, GraphError,
    Interruption, RequestContext, Secret, TokenSource,
};
use crate::scenario::{GraphTarget, Scenario};
use crate::vocab::attempt::AttemptSink;

/// The credentials as found in the environment.
#[derive(Debug)]
pub(super) struct EnvCredentials {
    pub tenant_id: String,
    pub client_id: String,
    pub credential: AppCredential,
    /// Which variable the credential came from, for messages.
    pub credential_env: String,
}

/// Reads the variables `graph` names through `lookup` (an empty value counts as unset). When
/// both a secret and a certificate path are set, the secret is used, as the Azure SDKs do.
pub(super) fn read_credentials(
    graph: &GraphTarget,
    table: &str,
    lookup: impl Fn(&str) -> Option<String>,
) -> Result<EnvCredentials, AppError> {
    let get = |name: &str| lookup(name).filter(|v| !v.trim().is_empty());
    let tenant_id = get(&graph.tenant_id_env);
    let client_id = get(&graph.client_id_env);
    let secret = get(&graph.client_secret_env);
    let certificate_path = get(&graph.certificate_path_env);
    let mut missing = Vec::new();
    if tenant_id.is_none() {
        missing.push(format!(
            "{} (the Directory (tenant) ID, or a domain like contoso.onmicrosoft.com)",
            graph.tenant_id_env
        ));
    }
    if client_id.is_none() {
        missing.push(format!(
            "{} (the app registration's Application (client) ID)",
            graph.client_id_env
        ));
    }
    if secret.is_none() && certificate_path.is_none() {
        missing.push(format!(
            "{} or {} (a client secret's value, or the path of a PEM file with the app's \
             certificate and private key)",
            graph.client_secret_env, graph.certificate_path_env
        ));
    }
    let (Some(tenant_id), Some(client_id)) = (tenant_id, client_id) else {
        return Err(missing_error(&missing, table));
    };
    let (credential, credential_env) = match (secret, certificate_path) {
        (Some(secret), _) => (
            AppCredential::Secret(Secret::new(secret.trim())),
            graph.client_secret_env.clone(),
        ),
        (None, Some(path)) => {
            let certificate =
                ClientCertificate::from_file(Path::new(path.trim())).map_err(|e| {
                    AppError::target(format!(
                        "the certificate file named by {} cannot be used: {e}",
                        graph.certificate_path_env
                    ))
                })?;
            (
                AppCredential::Certificate(certificate),
                graph.certificate_path_env.clone(),
            )
        }
        (None, None) => return Err(missing_error(&missing, table)),
    };
    Ok(EnvCredentials {
        tenant_id: tenant_id.trim().to_owned(),
        client_id: client_id.trim().to_owned(),
        credential,
        credential_env,
    })
}

fn missing_error(missing: &[String], table: &str) -> AppError {
    AppError::target(format!(
        "a run against a real tenant needs the app's credentials in environment variables; not \
         set: {}. Set them (see \"Running against a real tenant\" in README.md) or name other \
         variables in {table}; no copy was started",
        missing.join("; ")
    ))
}

/// Reads the credentials, proves them with one token fetch, and builds the client.
pub(super) async fn connect_graph(
    scenario: &Scenario,
    graph: &GraphTarget,
    sink: Arc<dyn AttemptSink>,
    interruption: &Interruption,
) -> Result<ReadyTarget, AppError> {
    let (client, description) =
        app_client(scenario, graph, "[target.graph]", 0, sink, interruption).await?;
    Ok(ReadyTarget {
        client,
        description,
        kind: "graph",
        graph_url: graph.graph_url.clone(),
        login_url: graph.login_url.clone(),
        interruption: interruption.clone(),
        _tenant: None,
    })
}

/// A Graph client on `graph.graph_url` with its own app token source: the credentials read
/// from the variables `graph` names (`table` says where, for messages), proved by one token
/// fetch recorded for `site` before any copy. Also a description of whom it speaks as.
pub(super) async fn app_client(
    scenario: &Scenario,
    graph: &GraphTarget,
    table: &str,
    site: usize,
    sink: Arc<dyn AttemptSink>,
    interruption: &Interruption,
) -> Result<(GraphClient, String), AppError> {
    let credentials = read_credentials(graph, table, |name| std::env::var(name).ok())?;
    let config = client_config(scenario, graph.graph_url.clone(), interruption);
    let kind = match credentials.credential {
        AppCredential::Secret(_) => "client secret",
        AppCredential::Certificate(_) => "certificate",
    };
    let description = format!(
        "Microsoft Graph at {} (tenant {}, app {}, {kind})",
        graph.graph_url, credentials.tenant_id, credentials.client_id
    );
    let tokens = AppTokenSource::new(
        AppAuthConfig {
            tenant_id: credentials.tenant_id.clone(),
            client_id: credentials.client_id.clone(),
            credential: credentials.credential,
            login_url: graph.login_url.clone(),
            user_agent: config.user_agent.clone(),
            request_timeout_us: config.request_timeout_us,
        },
        sink.clone(),
    )
    .map_err(|e| {
        AppError::target(format!(
            "{e} (from {} / {}); no copy was started",
            graph.tenant_id_env, graph.client_id_env
        ))
    })?;
    let endpoint = tokens.token_endpoint().clone();
    // Proof before any copy: the site's record gets this fetch.
    tokens
        .token(RequestContext { site })
        .await
        .map_err(|e| refused(&e, &endpoint, graph, table, &credentials.credential_env))?;
    let client = GraphClient::new(config, Arc::new(tokens), sink)
        .map_err(|e| AppError::target(format!("cannot build the HTTP client: {e}")))?;
    Ok((client, description))
}

/// The first token fetch failed: what happened and what to check.
fn refused(
    error: &GraphError,
    endpoint: &url::Url,
    graph: &GraphTarget,
    table: &str,
    credential_env: &str,
) -> AppError {
    let advice = match error {
        GraphError::AuthRejected { code, .. } => match code.as_str() {
            "AADSTS7000215" | "AADSTS7000222" => format!(
                "check that {credential_env} holds the client secret's Value (not its Secret ID) \
                 and that the secret has not expired"
            ),
            "AADSTS700016" => format!(
                "check {} and {}: the app registration must exist in that tenant",
                graph.client_id_env, graph.tenant_id_env
            ),
            "AADSTS90002" | "AADSTS900023" => {
                format!("check {}: no such tenant", graph.tenant_id_env)
            }
            "AADSTS700027" | "AADSTS700024" | "AADSTS700021" | "AADSTS50027" => format!(
                "check that the certificate in {credential_env} is the one uploaded to the app \
                 registration (Certificates & secrets), and this machine's clock"
            ),
            _ => format!(
                "check {}, {} and {credential_env} against the app registration",
                graph.tenant_id_env, graph.client_id_env
            ),
        },
        _ => format!("check login_url in {table} and this machine's network (proxy, firewall)"),
    };
    let error = error.to_string();
    AppError::target(format!(
        "cannot get a token from {endpoint}: {}; {advice}. No copy was started",
        error.trim_end_matches('.')
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn target() -> GraphTarget {
        GraphTarget {
            tenant_id_env: "T_ENV".into(),
            client_id_env: "C_ENV".into(),
            client_secret_env: "S_ENV".into(),
            certificate_path_env: "P_ENV".into(),
            graph_url: url::Url::parse("https://graph.microsoft.com/v1.0").expect("url"),
            login_url: url::Url::parse("https://login.microsoftonline.com").expect("url"),
        }
    }

    #[test]
    fn missing_variables_are_each_named() {
        let error =
            read_credentials(&target(), "[target.graph]", |_| None).expect_err("nothing set");
        assert_eq!(error.exit, crate::app::exit::Exit::Target);
        for name in ["T_ENV", "C_ENV", "S_ENV or P_ENV"] {
            assert!(error.message.contains(name), "{}", error.message);
        }
        let certificate_only = read_credentials(&target(), "[target.graph]", |name| {
            (name != "S_ENV").then(|| "missing-file.pem".to_owned())
        })
        .expect_err("the file does not exist");
        assert!(
            !certificate_only.message.contains("not set"),
            "a certificate path is enough: {}",
            certificate_only.message
        );
    }

    #[test]
    fn the_secret_wins_and_is_never_in_debug() {
        let credentials = read_credentials(&target(), "[target.graph]", |name| match name {
            "S_ENV" => Some("Very~Secret".into()),
            "P_ENV" => Some("/nonexistent.pem".into()),
            _ => Some("value".into()),
        })
        .expect("complete");
        assert_eq!(credentials.credential_env, "S_ENV");
        assert!(!format!("{credentials:?}").contains("Very~Secret"));
    }

    #[test]
    fn an_unreadable_certificate_names_its_variable() {
        let error = read_credentials(&target(), "[target.graph]", |name| match name {
            "S_ENV" => None,
            "P_ENV" => Some("/nonexistent/cert.pem".into()),
            _ => Some("value".into()),
        })
        .expect_err("no file");
        assert!(error.message.contains("P_ENV"), "{}", error.message);
        assert!(
            error.message.contains("/nonexistent/cert.pem"),
            "{}",
            error.message
        );
    }
}
