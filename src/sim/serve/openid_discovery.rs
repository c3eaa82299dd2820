//! Sign-in discovery as Microsoft Entra ID serves it (`docs/graph-notes.md` §11), so MSAL and
//! azure-identity can be given the simulated tenant as their authority:
//!
//! - `GET /{tenant}/v2.0/.well-known/openid-configuration`: the OpenID Connect discovery
//!   document. MSAL reads `authorization_endpoint` and `token_endpoint` (both required; the
//!   tenant is the first segment of the token endpoint's path) and `issuer`; the endpoints
//!   point at this listener, so an https authority gets https endpoints.
//! - `GET /{tenant}/discovery/v2.0/keys` (`jwks_uri`): a JSON Web Key Set, RFC 7517's shape.
//!   It is empty: the tenant's access tokens are opaque strings, not signed JWTs, because
//!   Microsoft tells clients to treat tokens for Microsoft Graph as opaque and a
//!   client-credentials client never verifies one. An empty `keys` array is a valid set, and
//!   tells a client that tries to verify that nothing here is signed.
//!
//! Only the client credentials grant is simulated: `authorization_endpoint`, which the document
//! must name, is not served (404, as any path outside the ones the tenant serves).

use serde_json::{Value, json};

use crate::sim::route::Links;

/// The discovery document of Entra tenant `tenant`, its URLs on `links`' current listener.
pub(crate) fn configuration(links: &Links, tenant: &str) -> Value {
    let authority = links.authority(tenant);
    json!({
        "token_endpoint": links.token_endpoint(tenant),
        "token_endpoint_auth_methods_supported": [
            "client_secret_post",
            "private_key_jwt",
            "client_secret_basic"
        ],
        "jwks_uri": format!("{authority}/discovery/v2.0/keys"),
        "response_modes_supported": ["query", "fragment", "form_post"],
        "subject_types_supported": ["pairwise"],
        "id_token_signing_alg_values_supported": ["RS256"],
        "response_types_supported": ["code", "id_token", "code id_token", "id_token token"],
        "scopes_supported": ["openid", "profile", "email", "offline_access"],
        "issuer": format!("{authority}/v2.0"),
        "request_uri_parameter_supported": false,
        "authorization_endpoint": format!("{authority}/oauth2/v2.0/authorize"),
        "http_logout_supported": true,
        "frontchannel_logout_supported": true,
        "claims_supported": [
            "sub", "iss", "aud", "exp", "iat", "auth_time", "acr", "nonce", "tid", "ver",
            "at_hash", "c_hash"
        ],
        "cloud_instance_name": "microsoftonline.com",
    })
}

/// The signing keys: none (the tenant signs no token a client verifies).
pub(crate) fn signing_keys() -> Value {
    json!({ "keys": [] })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::route::{Listener, Origins};

    #[test]
    fn the_document_points_at_the_listener_it_was_asked_on() {
        let mut links = Links::new(
            Origins::loopback("http", 8080),
            Some(Origins::loopback("https", 8443)),
        );
        links.answer_over(Listener::Tls);
        let doc = configuration(&links, "contoso.onmicrosoft.com");
        assert_eq!(
            doc["token_endpoint"],
            "https://127.0.0.1:8443/contoso.onmicrosoft.com/oauth2/v2.0/token"
        );
        assert_eq!(
            doc["authorization_endpoint"],
            "https://127.0.0.1:8443/contoso.onmicrosoft.com/oauth2/v2.0/authorize"
        );
        assert_eq!(
            doc["jwks_uri"],
            "https://127.0.0.1:8443/contoso.onmicrosoft.com/discovery/v2.0/keys"
        );
        assert_eq!(
            doc["issuer"],
            "https://127.0.0.1:8443/contoso.onmicrosoft.com/v2.0"
        );
        links.answer_over(Listener::Plain);
        let plain = configuration(&links, "t");
        assert_eq!(
            plain["token_endpoint"],
            "http://127.0.0.1:8080/t/oauth2/v2.0/token"
        );
        assert_eq!(signing_keys()["keys"].as_array().map(Vec::len), Some(0));
    }
}
