//! The token request, as graph-oauth (graph-rs-sdk's OAuth crate) builds it for the client
//! credentials grant: `ConfidentialClientApplication` with a `ClientSecretCredential` or a
//! `ClientAssertionCredential`, read through `TokenCredentialExecutor` (token URI, form fields,
//! HTTP Basic pair). We send it ourselves on our own client (graph-oauth's send path hides the
//! attempt and its token endpoint cannot be pointed at loopback), so only the URI's origin is
//! rewritten to the configured login host; its path `/{tenant}/oauth2/v2.0/token` stays.

use graph_oauth::{ConfidentialClientApplication, TokenCredentialExecutor};
use url::Url;

use super::{AppCredential, Secret};
use crate::graph::GraphError;

/// One token request, ready to send.
pub(super) struct TokenRequest {
    /// `{login_url}/{tenant}/oauth2/v2.0/token`.
    pub url: Url,
    /// The `application/x-www-form-urlencoded` body (may hold a secret or an assertion).
    pub body: Secret,
    /// Client id and secret for HTTP Basic, when the credential goes there.
    pub basic: Option<(String, Secret)>,
}

/// The token endpoint for `tenant` on `login_url`, as graph-oauth names it, with the origin
/// (and any path prefix) of `login_url`.
pub(super) fn token_url(login_url: &Url, tenant: &str, client_id: &str) -> Result<Url, GraphError> {
    let mut app = ConfidentialClientApplication::builder(client_id)
        .with_tenant(tenant)
        .with_client_secret("unused")
        .build();
    let sdk_uri = app.uri().map_err(sdk_error)?;
    rebase(login_url, &sdk_uri)
}

/// Builds the request for one fetch; a certificate credential signs a fresh assertion.
pub(super) fn build(
    login_url: &Url,
    tenant: &str,
    client_id: &str,
    credential: &AppCredential,
) -> Result<TokenRequest, GraphError> {
    let (uri, form, basic) = match credential {
        AppCredential::Secret(secret) => {
            let mut app = ConfidentialClientApplication::builder(client_id)
                .with_tenant(tenant)
                .with_client_secret(secret.expose())
                .build();
            let uri = app.uri().map_err(sdk_error)?;
            (
                uri,
                app.form_urlencode().map_err(sdk_error)?,
                app.basic_auth(),
            )
        }
        AppCredential::Certificate(certificate) => {
            let url = token_url(login_url, tenant, client_id)?;
            let assertion = certificate
                .assertion(client_id, url.as_str())
                .map_err(|e| GraphError::Auth(format!("cannot sign the client assertion: {e}")))?;
            let mut app = ConfidentialClientApplication::builder(client_id)
                .with_tenant(tenant)
                .with_client_assertion(assertion)
                .build();
            let uri = app.uri().map_err(sdk_error)?;
            (
                uri,
                app.form_urlencode().map_err(sdk_error)?,
                app.basic_auth(),
            )
        }
    };
    let mut fields: Vec<(String, String)> = form.into_iter().collect();
    fields.sort();
    let body = url::form_urlencoded::Serializer::new(String::new())
        .extend_pairs(fields)
        .finish();
    Ok(TokenRequest {
        url: rebase(login_url, &uri)?,
        body: Secret::new(body),
        basic: basic.map(|(id, secret)| (id, Secret::new(secret))),
    })
}

/// `sdk_uri`'s path (and query) below `login_url`.
fn rebase(login_url: &Url, sdk_uri: &Url) -> Result<Url, GraphError> {
    let mut url = login_url.clone();
    let prefix = login_url.path().trim_end_matches('/');
    url.set_path(&format!("{prefix}{}", sdk_uri.path()));
    url.set_query(sdk_uri.query());
    Ok(url)
}

/// graph-oauth's builder errors name a missing or malformed parameter (client id, tenant),
/// never a credential value; the caller scrubs the secret from every error anyway.
fn sdk_error(error: impl std::fmt::Display) -> GraphError {
    let text = error.to_string().replace(['\n', '"'], " ");
    GraphError::Auth(format!(
        "cannot build the token request: {}",
        text.split_whitespace().collect::<Vec<_>>().join(" ")
    ))
}
