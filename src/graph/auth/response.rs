//! Reading the token endpoint's answer: the access token and its lifetime from a 2xx, or
//! Entra's error JSON (`error`, `error_description` starting `AADSTSnnnn:`, `error_codes`) as a
//! [`GraphError`]. A refusal (4xx other than 429) is [`GraphError::AuthRejected`], final; a
//! throttled or failing service (429, 5xx) is [`GraphError::Status`], which the retry policy
//! repeats. Neither the access token nor the request's secret ever reaches a message.

use std::time::Duration;

use serde::Deserialize;

use super::Secret;
use crate::graph::GraphError;

/// The longest excerpt of an error text kept in a message.
const MESSAGE_CHARS: usize = 300;

/// A token the endpoint issued. No `Debug`: it holds the access token.
pub(super) struct IssuedToken {
    pub access_token: String,
    pub lifetime: Duration,
}

/// `{"token_type","expires_in","access_token"}`; `expires_in` as a number or a string.
#[derive(Deserialize)]
struct TokenBody {
    access_token: String,
    expires_in: ExpiresIn,
}

#[derive(Deserialize)]
#[serde(untagged)]
enum ExpiresIn {
    Seconds(u64),
    Text(String),
}

/// Entra's error body.
#[derive(Deserialize)]
struct ErrorBody {
    error: String,
    #[serde(default)]
    error_description: String,
    #[serde(default)]
    error_codes: Vec<u64>,
}

/// The token in a 2xx body, or what went wrong; every message scrubbed of `secret`.
pub(super) fn read(
    status: u16,
    body: &[u8],
    retry_after: Option<Duration>,
    secret: Option<&Secret>,
) -> Result<IssuedToken, GraphError> {
    let scrub = |text: &str| match secret {
        Some(secret) => secret.scrub(text),
        None => text.to_owned(),
    };
    if (200..300).contains(&status) {
        let parsed: TokenBody = serde_json::from_slice(body).map_err(|_| {
            // The body may hold a token: never quote it.
            GraphError::Protocol(format!(
                "the token endpoint answered {status} with a body that is not a token response"
            ))
        })?;
        let seconds = match parsed.expires_in {
            ExpiresIn::Seconds(seconds) => Some(seconds),
            ExpiresIn::Text(text) => text.trim().parse().ok(),
        };
        return match seconds {
            Some(seconds) if !parsed.access_token.is_empty() => Ok(IssuedToken {
                access_token: parsed.access_token,
                lifetime: Duration::from_secs(seconds),
            }),
            _ => Err(GraphError::Protocol(format!(
                "the token endpoint answered {status} without an access_token or a numeric expires_in"
            ))),
        };
    }
    let (error, code, message) = match serde_json::from_slice::<ErrorBody>(body) {
        Ok(parsed) => {
            let (code, message) = split_description(&parsed.error_description);
            let code = code
                .or_else(|| parsed.error_codes.first().map(|n| format!("AADSTS{n}")))
                .unwrap_or_default();
            (parsed.error, code, message)
        }
        Err(_) => (
            String::new(),
            String::new(),
            String::from_utf8_lossy(body).into_owned(),
        ),
    };
    let message: String = scrub(&message).chars().take(MESSAGE_CHARS).collect();
    let error = scrub(&error);
    if status == 429 || status >= 500 {
        let code = if code.is_empty() { error } else { code };
        return Err(GraphError::Status {
            status,
            code,
            message: format!("token endpoint: {message}"),
            retry_after,
        });
    }
    Err(GraphError::AuthRejected {
        status,
        error,
        code,
        message,
    })
}

/// `"AADSTS70011: The provided value ...\r\nTrace ID: ..."` → (`AADSTS70011`, first sentence
/// line without the code). The trace lines are dropped; the code stays for support cases.
fn split_description(description: &str) -> (Option<String>, String) {
    let first = description.lines().next().unwrap_or("").trim();
    match first.split_once(':') {
        Some((code, rest))
            if code.starts_with("AADSTS") && code[6..].chars().all(|c| c.is_ascii_digit()) =>
        {
            (Some(code.to_owned()), rest.trim().to_owned())
        }
        _ => (None, first.to_owned()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn documented_error_gives_code_and_first_line() {
        let body = include_bytes!("../../../fixtures/graph/token_error_400_response.json");
        let error = read(400, body, None, None).err().expect("refused");
        match error {
            GraphError::AuthRejected {
                status,
                error,
                code,
                message,
            } => {
                assert_eq!(
                    (status, error.as_str(), code.as_str()),
                    (400, "invalid_scope", "AADSTS70011")
                );
                assert!(message.starts_with("The provided value for the input parameter 'scope'"));
                assert!(!message.contains("Trace ID"), "{message}");
            }
            other => panic!("unexpected {other:?}"),
        }
    }

    #[test]
    fn an_echoed_secret_is_scrubbed_and_5xx_is_retryable() {
        let secret = Secret::new("Sup3r~Secret");
        let body = br#"{"error":"invalid_client","error_description":"AADSTS7000215: bad secret Sup3r~Secret"}"#;
        let text = format!(
            "{}",
            read(401, body, None, Some(&secret)).err().expect("refused")
        );
        assert!(!text.contains("Sup3r"), "{text}");
        assert!(text.contains("AADSTS7000215"), "{text}");
        let busy = read(
            503,
            b"<html>busy</html>",
            Some(Duration::from_secs(3)),
            None,
        );
        assert!(matches!(
            busy,
            Err(GraphError::Status {
                status: 503,
                retry_after: Some(_),
                ..
            })
        ));
    }

    #[test]
    fn documented_success_bodies_parse() {
        for body in [
            &include_bytes!("../../../fixtures/graph/token_response_client_credentials_entra.json")
                [..],
            &include_bytes!(
                "../../../fixtures/graph/token_response_client_credentials_graphdocs.json"
            )[..],
        ] {
            let token = read(200, body, None, None).expect("parses");
            assert_eq!(token.lifetime, Duration::from_secs(3599));
            assert!(token.access_token.starts_with("eyJ0eXAi"));
        }
        let text = br#"{"access_token":"t","expires_in":"60"}"#;
        assert_eq!(
            read(200, text, None, None)
                .expect("parses")
                .lifetime
                .as_secs(),
            60
        );
        let error = read(200, br#"{"access_token":"t0ken"}"#, None, None)
            .err()
            .expect("no lifetime");
        assert!(!error.to_string().contains("t0ken"));
    }
}
