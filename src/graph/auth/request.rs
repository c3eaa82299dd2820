//! The token request of the OAuth 2.0 client credentials grant, as Microsoft identity platform
//! documents it (`POST {login}/{tenant}/oauth2/v2.0/token`, an
//! `application/x-www-form-urlencoded` body), written here rather than by an OAuth crate: the
//! form has a handful of fields, and the crate we used before only built it for us to send on
//! our own client anyway (its own send path hides the attempt, contract 2).
//!
//! - scope `https://graph.microsoft.com/.default` (the app's granted Graph permissions) and
//!   grant type `client_credentials`, always;
//! - a client secret goes with the client id in HTTP Basic (RFC 6749 §2.3.1, which Entra ID
//!   accepts), so it is never part of the form body;
//! - a certificate signs a fresh client assertion (`certificate`), sent in the form with the
//!   client id and the JWT-bearer assertion type.
//!
//! The fields are sent in name order, each value form-urlencoded.

use url::Url;

use super::credential::AppCredential;
use super::secret::Secret;
use crate::graph::GraphError;

/// The permissions asked for: whatever Graph application permissions the app was granted.
const GRAPH_DEFAULT_SCOPE: &str = "https://graph.microsoft.com/.default";

/// The grant: the app acting as itself, no user.
const CLIENT_CREDENTIALS: &str = "client_credentials";

/// The type of a signed JWT client assertion (RFC 7523).
const JWT_BEARER_ASSERTION: &str = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

/// One token request, ready to send.
pub(super) struct TokenRequest {
    /// `{login_url}/{tenant}/oauth2/v2.0/token`.
    pub url: Url,
    /// The `application/x-www-form-urlencoded` body (may hold an assertion).
    pub body: Secret,
    /// Client id and secret for HTTP Basic, when the credential goes there.
    pub basic: Option<(String, Secret)>,
}

/// The token endpoint for `tenant` below `login_url` (its origin and any path prefix):
/// `{login_url}/{tenant}/oauth2/v2.0/token`.
pub(super) fn token_url(login_url: &Url, tenant: &str) -> Result<Url, GraphError> {
    let mut url = login_url.clone();
    url.set_query(None);
    url.set_fragment(None);
    url.path_segments_mut()
        .map_err(|()| {
            GraphError::Auth(format!(
                "the login URL {login_url} cannot have a path; use an address like \
                 https://login.microsoftonline.com"
            ))
        })?
        .pop_if_empty()
        .extend([tenant, "oauth2", "v2.0", "token"]);
    Ok(url)
}

/// Builds the request for one fetch; a certificate credential signs a fresh assertion.
pub(super) fn build(
    login_url: &Url,
    tenant: &str,
    client_id: &str,
    credential: &AppCredential,
) -> Result<TokenRequest, GraphError> {
    let url = token_url(login_url, tenant)?;
    // The GUID in its canonical lower-case form (the assertion's claims keep it as configured).
    let client_id_field = client_id.to_ascii_lowercase();
    let mut form = url::form_urlencoded::Serializer::new(String::new());
    let basic = match credential {
        AppCredential::Secret(secret) => {
            form.append_pair("grant_type", CLIENT_CREDENTIALS)
                .append_pair("scope", GRAPH_DEFAULT_SCOPE);
            Some((client_id_field, secret.clone()))
        }
        AppCredential::Certificate(certificate) => {
            let assertion = certificate
                .assertion(client_id, url.as_str())
                .map_err(|e| GraphError::Auth(format!("cannot sign the client assertion: {e}")))?;
            form.append_pair("client_assertion", &assertion)
                .append_pair("client_assertion_type", JWT_BEARER_ASSERTION)
                .append_pair("client_id", &client_id_field)
                .append_pair("grant_type", CLIENT_CREDENTIALS)
                .append_pair("scope", GRAPH_DEFAULT_SCOPE);
            None
        }
    };
    Ok(TokenRequest {
        url,
        body: Secret::new(form.finish()),
        basic,
    })
}
