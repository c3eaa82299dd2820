//! The simulated tenant's Microsoft Entra ID token endpoint, so the harness can run
//! `[target] kind = "graph"` end to end on loopback (`login_url = "http://127.0.0.1:PORT"`).
//!
//! `POST /{tenant}/oauth2/v2.0/token` takes the client credentials grant as Entra documents it
//! (form body; `scope={resource}/.default`; the client secret in the form or in HTTP Basic, or
//! a JWT client assertion) and answers `{"token_type":"Bearer","expires_in",
//! "ext_expires_in","access_token"}`. The access tokens it issues open the Graph routes, beside
//! [`SIMULATED_TOKEN`], until their lifetime runs out (the tenant's `AccessTokens` keep them).
//! The fields other clients add are accepted as Entra accepts them: `claims` (azure-identity's
//! continuous access evaluation, `{"access_token":{"xms_cc":...}}`) and `client_info=1`
//! (MSAL); neither changes the answer (`docs/graph-notes.md` §11).
//!
//! The scope (`docs/graph-notes.md` §11): client credentials take one resource's `/.default`.
//! The resources this tenant serves are Microsoft Graph, by URI (`https://graph.microsoft.com`,
//! also with the doubled slash Entra tolerates) or by application id
//! (`00000003-0000-0000-c000-000000000000`), and the tenant's own loopback host with any
//! scheme and port (`http://127.0.0.1/.default` is what kiota asks for when it is given no
//! scopes: the request URL's `scheme://host`). OpenID scopes beside it (`openid`, `profile`,
//! `offline_access`, `email`) are ignored. As Entra answers: a scope without `/.default` is
//! 400 `invalid_scope` AADSTS1002012; any other resource is 400 `invalid_resource`
//! AADSTS500011 ("not found in the tenant"); two resources are 400 `invalid_scope` AADSTS70011.
//!
//! What it checks: the grant type, the scope, a client id, and a credential. Any non-empty
//! secret is accepted; an assertion must be a JWT whose header names an RS256/PS256 key by
//! `x5t` (or `x5t#S256`) and whose claims have `aud` = this endpoint's URL, `iss` = `sub` =
//! the client id and a current `nbf`..`exp`; its signature is not verified (the tenant knows
//! no certificates). With [`SimConfig::reject_credentials`] every credential is refused with
//! 401 `invalid_client` (AADSTS7000215 for a secret, AADSTS700027 for an assertion), as Entra
//! answers a wrong or expired secret. Errors use Entra's JSON (`error`,
//! `error_description`, `error_codes`, `timestamp`, `trace_id`, `correlation_id`). The secret is
//! never stored, logged or echoed.
//!
//! [`SIMULATED_TOKEN`]: crate::sim::SIMULATED_TOKEN
//! [`SimConfig::reject_credentials`]: crate::sim::SimConfig::reject_credentials

use std::collections::HashMap;
use std::time::SystemTime;

use base64::Engine as _;
use serde_json::{Value, json};

use crate::sim::exchange::Incoming;
use crate::sim::state::AccessTokens;
use crate::vocab::units::Micros;

/// `client_assertion_type` of a JWT client assertion.
const JWT_BEARER: &str = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";
/// Microsoft Graph's resource identifiers: its URI and its application id.
const GRAPH_RESOURCES: [&str; 3] = [
    "https://graph.microsoft.com",
    "https://graph.microsoft.com/",
    "00000003-0000-0000-c000-000000000000",
];
/// OpenID Connect scopes a client may add beside the resource's `/.default`.
const OPENID_SCOPES: [&str; 4] = ["openid", "profile", "offline_access", "email"];
/// Clock skew tolerated on an assertion's `nbf`, in seconds (Entra allows five minutes).
const SKEW_S: u64 = 300;

/// A token endpoint answer: status and Entra's JSON body.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct TokenAnswer {
    /// HTTP status.
    pub(crate) status: u16,
    /// JSON body.
    pub(crate) body: Value,
}

/// A refused token request: status, OAuth error, AADSTS number and description.
struct Refusal {
    status: u16,
    error: &'static str,
    aadsts: u32,
    description: String,
}

impl Refusal {
    fn new(status: u16, error: &'static str, aadsts: u32, description: impl Into<String>) -> Self {
        Refusal {
            status,
            error,
            aadsts,
            description: description.into(),
        }
    }
}

/// What authenticated the client.
enum Credential {
    Secret,
    Assertion(String),
}

/// Answers one token request to Entra tenant `directory`. `endpoint` is this endpoint's
/// absolute URL (the audience an assertion must name), `trace_id` an id for the error body.
pub(crate) fn answer(
    tokens: &mut AccessTokens,
    request: &Incoming<'_>,
    directory: &str,
    endpoint: &str,
    now: SystemTime,
    now_us: Micros,
    trace_id: &str,
) -> TokenAnswer {
    match grant(
        tokens.rejects_credentials(),
        request,
        directory,
        endpoint,
        now,
    ) {
        Ok(()) => {
            let issued = tokens.issue(now_us);
            TokenAnswer {
                status: 200,
                body: json!({
                    "token_type": "Bearer",
                    "expires_in": issued.expires_in_s,
                    "ext_expires_in": issued.expires_in_s,
                    "access_token": issued.access_token,
                }),
            }
        }
        Err(refusal) => refusal_body(&refusal, now, trace_id),
    }
}

/// A sign-in document (discovery, keys): `body()` to a `GET`, Entra's 405 to anything else.
pub(crate) fn get_only(
    request: &Incoming<'_>,
    now: SystemTime,
    trace_id: &str,
    body: impl FnOnce() -> Value,
) -> TokenAnswer {
    if request.method == "GET" {
        TokenAnswer {
            status: 200,
            body: body(),
        }
    } else {
        let refusal = Refusal::new(
            405,
            "invalid_request",
            900561,
            "The endpoint only accepts GET requests.",
        );
        refusal_body(&refusal, now, trace_id)
    }
}

/// Whether the request is a client credentials grant with a credential the tenant accepts.
fn grant(
    reject_credentials: bool,
    request: &Incoming<'_>,
    directory: &str,
    endpoint: &str,
    now: SystemTime,
) -> Result<(), Refusal> {
    if request.method != "POST" {
        return Err(Refusal::new(
            405,
            "invalid_request",
            900561,
            "The endpoint only accepts POST requests.",
        ));
    }
    let form: HashMap<String, String> = url::form_urlencoded::parse(request.body)
        .into_owned()
        .collect();
    let basic = request.authorization.and_then(basic_credentials);
    match form.get("grant_type").map(String::as_str) {
        Some("client_credentials") => {}
        Some(_) => {
            return Err(Refusal::new(
                400,
                "unsupported_grant_type",
                70003,
                "The app requested an unsupported grant type; use client_credentials.",
            ));
        }
        None => return Err(missing("grant_type")),
    }
    match form.get("scope") {
        Some(scope) => check_scope(scope, directory)?,
        None => return Err(missing("scope")),
    }
    let client_id = form
        .get("client_id")
        .cloned()
        .or_else(|| basic.as_ref().map(|(id, _)| id.clone()))
        .filter(|id| !id.trim().is_empty())
        .ok_or_else(|| missing("client_id"))?;
    let secret_given = form.get("client_secret").is_some_and(|s| !s.is_empty())
        || basic.as_ref().is_some_and(|(_, secret)| !secret.is_empty());
    let credential = if secret_given {
        Credential::Secret
    } else if form.get("client_assertion_type").map(String::as_str) == Some(JWT_BEARER) {
        let assertion = form
            .get("client_assertion")
            .cloned()
            .ok_or_else(|| missing("client_assertion"))?;
        Credential::Assertion(assertion)
    } else {
        return Err(Refusal::new(
            401,
            "invalid_client",
            7000218,
            "The request body must contain the following parameter: 'client_assertion' or \
             'client_secret'.",
        ));
    };
    match credential {
        Credential::Secret if reject_credentials => Err(Refusal::new(
            401,
            "invalid_client",
            7000215,
            format!(
                "Invalid client secret provided. Ensure the secret being sent in the request \
                 is the client secret value, not the client secret ID, for a secret added to \
                 app '{client_id}'."
            ),
        )),
        Credential::Secret => Ok(()),
        Credential::Assertion(_) if reject_credentials => Err(Refusal::new(
            401,
            "invalid_client",
            700027,
            "Client assertion failed signature validation.",
        )),
        Credential::Assertion(jwt) => check_assertion(&jwt, &client_id, endpoint, now),
    }
}

/// The scope names one resource this tenant serves, by its `/.default` (module doc).
fn check_scope(scope: &str, directory: &str) -> Result<(), Refusal> {
    let mut resources = scope
        .split_whitespace()
        .filter(|s| !OPENID_SCOPES.contains(&s.to_ascii_lowercase().as_str()));
    let (Some(only), None) = (resources.next(), resources.next()) else {
        return Err(Refusal::new(
            400,
            "invalid_scope",
            70011,
            format!(
                "The provided value for the input parameter 'scope' is not valid. The scope \
                 {scope} is not valid: client credentials take one resource's /.default."
            ),
        ));
    };
    let Some(resource) = only.strip_suffix("/.default") else {
        return Err(Refusal::new(
            400,
            "invalid_scope",
            1002012,
            format!(
                "The provided value for scope {only} is not valid. Client credential flows must \
                 have a scope value with /.default suffixed to the resource identifier \
                 (application ID URI)."
            ),
        ));
    };
    if GRAPH_RESOURCES
        .iter()
        .any(|graph| graph.eq_ignore_ascii_case(resource))
        || is_own_host(resource)
    {
        return Ok(());
    }
    Err(Refusal::new(
        400,
        "invalid_resource",
        500011,
        format!(
            "The resource principal named {resource} was not found in the tenant named \
             {directory}. This simulated tenant serves Microsoft Graph \
             (https://graph.microsoft.com/.default) and its own loopback host."
        ),
    ))
}

/// Whether `resource` is `scheme://host[:port]` of the simulated tenant's own loopback host.
fn is_own_host(resource: &str) -> bool {
    let Ok(url) = url::Url::parse(resource) else {
        return false;
    };
    let loopback = match url.host() {
        Some(url::Host::Domain(name)) => name.eq_ignore_ascii_case("localhost"),
        Some(url::Host::Ipv4(ip)) => ip.is_loopback(),
        Some(url::Host::Ipv6(ip)) => ip.is_loopback(),
        None => false,
    };
    loopback && matches!(url.scheme(), "http" | "https") && matches!(url.path(), "" | "/")
}

fn missing(parameter: &str) -> Refusal {
    Refusal::new(
        400,
        "invalid_request",
        900144,
        format!("The request body must contain the following parameter: '{parameter}'."),
    )
}

/// `Basic base64(client_id:secret)` → the pair (the secret only compared for emptiness).
fn basic_credentials(authorization: &str) -> Option<(String, String)> {
    let (scheme, encoded) = authorization.trim().split_once(' ')?;
    if !scheme.eq_ignore_ascii_case("basic") {
        return None;
    }
    let decoded = base64::engine::general_purpose::STANDARD
        .decode(encoded.trim())
        .ok()?;
    let text = String::from_utf8(decoded).ok()?;
    let (id, secret) = text.split_once(':')?;
    let decode = |part: &str| {
        percent_encoding::percent_decode_str(part)
            .decode_utf8_lossy()
            .into_owned()
    };
    Some((decode(id), decode(secret)))
}

/// The claims Entra requires of a certificate's client assertion (signature not checked).
fn check_assertion(
    jwt: &str,
    client_id: &str,
    endpoint: &str,
    now: SystemTime,
) -> Result<(), Refusal> {
    let malformed = |what: &str| {
        Refusal::new(
            401,
            "invalid_client",
            50027,
            format!("JWT token is invalid or malformed: {what}."),
        )
    };
    let mut parts = jwt.split('.');
    let (Some(header), Some(claims), Some(signature), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(malformed("not three dot-separated parts"));
    };
    if signature.is_empty() {
        return Err(malformed("no signature"));
    }
    let decode = |part: &str| -> Option<Value> {
        let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD
            .decode(part)
            .ok()?;
        serde_json::from_slice(&bytes).ok()
    };
    let header = decode(header).ok_or_else(|| malformed("the header is not base64url JSON"))?;
    let claims = decode(claims).ok_or_else(|| malformed("the claims are not base64url JSON"))?;
    if !matches!(header["alg"].as_str(), Some("RS256" | "PS256")) {
        return Err(malformed("alg must be RS256 or PS256"));
    }
    if header["x5t"].as_str().is_none() && header["x5t#S256"].as_str().is_none() {
        return Err(malformed("the header names no certificate (x5t)"));
    }
    if claims["aud"].as_str() != Some(endpoint) {
        return Err(Refusal::new(
            401,
            "invalid_client",
            50027,
            "The assertion's audience (aud) must be the token endpoint's URL.",
        ));
    }
    if claims["iss"].as_str() != Some(client_id) || claims["sub"].as_str() != Some(client_id) {
        return Err(Refusal::new(
            401,
            "invalid_client",
            700021,
            "Client assertion application identifier doesn't match 'client_id' parameter.",
        ));
    }
    let now_s = now
        .duration_since(SystemTime::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    let nbf = claims["nbf"].as_u64().unwrap_or(u64::MAX);
    let exp = claims["exp"].as_u64().unwrap_or(0);
    if nbf > now_s + SKEW_S || exp <= now_s || claims["jti"].as_str().is_none() {
        return Err(Refusal::new(
            401,
            "invalid_client",
            700024,
            "Client assertion is not within its valid time range, or has no jti.",
        ));
    }
    Ok(())
}

fn refusal_body(refusal: &Refusal, now: SystemTime, trace_id: &str) -> TokenAnswer {
    let stamp = humantime::format_rfc3339_seconds(now)
        .to_string()
        .replace('T', " ");
    TokenAnswer {
        status: refusal.status,
        body: json!({
            "error": refusal.error,
            "error_description": format!(
                "AADSTS{}: {}\r\nTrace ID: {trace_id}\r\nCorrelation ID: {trace_id}\r\nTimestamp: {stamp}",
                refusal.aadsts, refusal.description
            ),
            "error_codes": [refusal.aadsts],
            "timestamp": stamp,
            "trace_id": trace_id,
            "correlation_id": trace_id,
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::SIMULATED_TOKEN;

    const ENDPOINT: &str = "http://127.0.0.1:1/contoso/oauth2/v2.0/token";
    const FORM: &[u8] = b"grant_type=client_credentials&scope=https%3A%2F%2Fgraph.microsoft.com%2F.default&client_id=app&client_secret=s3cret";

    fn answer(
        tokens: &mut AccessTokens,
        body: &[u8],
        basic: Option<&str>,
        now_us: Micros,
    ) -> TokenAnswer {
        let request = Incoming {
            method: "POST",
            path: "/contoso/oauth2/v2.0/token",
            query: None,
            authorization: basic,
            content_range: None,
            range: None,
            if_match: None,
            if_none_match: None,
            delta_exclude_parent: false,
            body,
            staged: None,
        };
        super::answer(
            tokens,
            &request,
            "contoso",
            ENDPOINT,
            SystemTime::now(),
            now_us,
            "trace",
        )
    }

    #[test]
    fn issued_tokens_open_graph_until_they_expire() {
        let mut issuer = AccessTokens::new(5_000_000, false, 1);
        let reply = answer(&mut issuer, FORM, None, 10);
        assert_eq!(reply.status, 200, "{}", reply.body);
        assert_eq!(reply.body["expires_in"], 5);
        assert_eq!(reply.body["token_type"], "Bearer");
        let token = reply.body["access_token"]
            .as_str()
            .expect("token")
            .to_owned();
        let header = format!("Bearer {token}");
        assert!(issuer.check(Some(&header), 5_000_009).is_ok());
        let expired = issuer.check(Some(&header), 5_000_010).expect_err("expired");
        assert_eq!(
            (expired.status, expired.code),
            (401, "InvalidAuthenticationToken")
        );
        assert!(expired.message.contains("expired"));
        assert!(
            issuer
                .check(Some(&format!("Bearer {SIMULATED_TOKEN}")), u64::MAX)
                .is_ok()
        );
        assert!(issuer.check(Some("Bearer made-up"), 0).is_err());
        assert!(issuer.check(None, 0).is_err());
    }

    #[test]
    fn a_secret_in_basic_auth_is_accepted_and_rejection_is_aadsts7000215() {
        let body =
            b"grant_type=client_credentials&scope=https%3A%2F%2Fgraph.microsoft.com%2F.default";
        let basic = format!(
            "Basic {}",
            base64::engine::general_purpose::STANDARD.encode("app:s3cret")
        );
        let mut issuer = AccessTokens::new(3_600_000_000, false, 1);
        assert_eq!(answer(&mut issuer, body, Some(&basic), 0).status, 200);
        let mut refusing = AccessTokens::new(3_600_000_000, true, 1);
        let refused = answer(&mut refusing, body, Some(&basic), 0);
        assert_eq!(refused.status, 401);
        assert_eq!(refused.body["error"], "invalid_client");
        assert_eq!(refused.body["error_codes"][0], 7000215);
        let text = refused.body.to_string();
        assert!(text.contains("AADSTS7000215"), "{text}");
        assert!(
            !text.contains("s3cret"),
            "the secret is never echoed: {text}"
        );
    }

    fn scope_answer(scope: &str) -> TokenAnswer {
        let body = format!(
            "grant_type=client_credentials&client_id=a&client_secret=b&client_info=1&claims=%7B%22access_token%22%3A%7B%22xms_cc%22%3A%7B%22values%22%3A%5B%22CP1%22%5D%7D%7D%7D&scope={}",
            url::form_urlencoded::byte_serialize(scope.as_bytes()).collect::<String>()
        );
        let mut issuer = AccessTokens::new(3_600_000_000, false, 1);
        answer(&mut issuer, body.as_bytes(), None, 0)
    }

    #[test]
    fn any_default_scope_of_a_resource_the_tenant_serves_is_granted() {
        for scope in [
            "https://graph.microsoft.com/.default",
            "https://graph.microsoft.com//.default",
            "00000003-0000-0000-c000-000000000000/.default",
            "http://127.0.0.1/.default",
            "https://localhost:8443/.default",
            "https://graph.microsoft.com/.default openid offline_access profile",
        ] {
            let reply = scope_answer(scope);
            assert_eq!(reply.status, 200, "{scope}: {}", reply.body);
        }
    }

    #[test]
    fn other_scopes_are_refused_with_entras_codes() {
        for (scope, error, code) in [
            ("https://foo/.default", "invalid_resource", 500011),
            (
                "https://contoso.sharepoint.com/.default",
                "invalid_resource",
                500011,
            ),
            (
                "http://127.0.0.1/sites/.default",
                "invalid_resource",
                500011,
            ),
            (
                "https://graph.microsoft.com/User.Read",
                "invalid_scope",
                1002012,
            ),
            ("User.Read", "invalid_scope", 1002012),
            (
                "https://graph.microsoft.com/.default http://127.0.0.1/.default",
                "invalid_scope",
                70011,
            ),
            ("openid", "invalid_scope", 70011),
        ] {
            let reply = scope_answer(scope);
            assert_eq!(
                (
                    reply.status,
                    reply.body["error"].as_str(),
                    reply.body["error_codes"][0].as_u64()
                ),
                (400, Some(error), Some(code)),
                "{scope}: {}",
                reply.body
            );
        }
        let refused = scope_answer("https://foo/.default");
        let text = refused.body["error_description"]
            .as_str()
            .unwrap_or_default();
        assert!(text.starts_with("AADSTS500011: The resource principal named https://foo was not found in the tenant named contoso."), "{text}");
    }

    #[test]
    fn wrong_grant_or_missing_credential_are_refused_as_entra_does() {
        let mut issuer = AccessTokens::new(3_600_000_000, false, 1);
        let grant = answer(
            &mut issuer,
            b"grant_type=password&scope=https%3A%2F%2Fgraph.microsoft.com%2F.default",
            None,
            0,
        );
        assert_eq!(grant.body["error"], "unsupported_grant_type");
        let none = answer(&mut issuer, b"grant_type=client_credentials&scope=https%3A%2F%2Fgraph.microsoft.com%2F.default&client_id=a", None, 0);
        assert_eq!(
            (none.status, none.body["error_codes"][0].as_u64()),
            (401, Some(7000218))
        );
    }

    fn jwt(header: &Value, claims: &Value) -> String {
        let encode = |value: &Value| {
            base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(value.to_string())
        };
        format!("{}.{}.c2ln", encode(header), encode(claims))
    }

    #[test]
    fn assertions_need_the_documented_claims() {
        let now_s = SystemTime::now()
            .duration_since(SystemTime::UNIX_EPOCH)
            .expect("after 1970")
            .as_secs();
        let header = json!({"alg": "RS256", "typ": "JWT", "x5t": "abc"});
        let good = json!({"aud": ENDPOINT, "iss": "app", "sub": "app", "jti": "1", "nbf": now_s, "exp": now_s + 600});
        let form = |assertion: &str| {
            format!(
                "grant_type=client_credentials&scope=https%3A%2F%2Fgraph.microsoft.com%2F.default&client_id=app&client_assertion_type={}&client_assertion={assertion}",
                JWT_BEARER.replace(':', "%3A")
            )
        };
        let mut issuer = AccessTokens::new(3_600_000_000, false, 1);
        let ok = answer(&mut issuer, form(&jwt(&header, &good)).as_bytes(), None, 0);
        assert_eq!(ok.status, 200, "{}", ok.body);
        let mut wrong_aud = good.clone();
        wrong_aud["aud"] = json!("https://login.microsoftonline.com/x/oauth2/v2.0/token");
        let refused = answer(
            &mut issuer,
            form(&jwt(&header, &wrong_aud)).as_bytes(),
            None,
            0,
        );
        assert_eq!(refused.status, 401);
        let mut expired = good.clone();
        expired["exp"] = json!(now_s - 1);
        let refused = answer(
            &mut issuer,
            form(&jwt(&header, &expired)).as_bytes(),
            None,
            0,
        );
        assert_eq!(refused.body["error_codes"][0], 700024);
        let no_x5t = json!({"alg": "RS256"});
        let refused = answer(&mut issuer, form(&jwt(&no_x5t, &good)).as_bytes(), None, 0);
        assert_eq!(refused.status, 401);
    }
}
