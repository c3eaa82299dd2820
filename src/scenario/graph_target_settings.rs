//! `[target.graph]`: a real tenant. The scenario names the environment variables that hold the
//! app's credentials, never the credentials themselves (contract 5): a key that looks like a
//! literal credential is refused with a message saying which variable to set instead, and no
//! message here ever repeats a value that could be a secret. Both service roots must be HTTPS
//! unless they are on this machine (127.0.0.0/8 or ::1, e.g. a simulated tenant).

use std::ops::Range;

use toml::Spanned;

use super::addresses::plain_http_allowed;
use super::checker::Checker;
use super::raw::RawGraph;
use super::site_model::SourceCredentials;
use super::target_model::GraphTarget;

/// Default variable names, as the Azure SDKs read them.
const TENANT_ID_ENV: &str = "AZURE_TENANT_ID";
const CLIENT_ID_ENV: &str = "AZURE_CLIENT_ID";
const CLIENT_SECRET_ENV: &str = "AZURE_CLIENT_SECRET";
const CERTIFICATE_PATH_ENV: &str = "AZURE_CLIENT_CERTIFICATE_PATH";

/// Microsoft Graph v1.0 in the worldwide cloud.
const GRAPH_URL: &str = "https://graph.microsoft.com/v1.0";
/// Microsoft Entra ID's authority host in the worldwide cloud.
const LOGIN_URL: &str = "https://login.microsoftonline.com";

/// The four variable names a credentials table falls back on.
pub(crate) struct EnvDefaults {
    tenant_id: &'static str,
    client_id: &'static str,
    client_secret: &'static str,
    certificate_path: &'static str,
}

/// `[target.graph]`'s defaults, as the Azure SDKs read them.
const TARGET_ENV: EnvDefaults = EnvDefaults {
    tenant_id: TENANT_ID_ENV,
    client_id: CLIENT_ID_ENV,
    client_secret: CLIENT_SECRET_ENV,
    certificate_path: CERTIFICATE_PATH_ENV,
};

/// A graph-drive source's `credentials` defaults: the Azure names prefixed with `SOURCE_`, so
/// the source's app never silently borrows the target's.
pub(crate) const SOURCE_ENV: EnvDefaults = EnvDefaults {
    tenant_id: "SOURCE_AZURE_TENANT_ID",
    client_id: "SOURCE_AZURE_CLIENT_ID",
    client_secret: "SOURCE_AZURE_CLIENT_SECRET",
    certificate_path: "SOURCE_AZURE_CLIENT_CERTIFICATE_PATH",
};

/// Checks `[target.graph]` (absent = every default); `None` when anything in it is wrong.
pub(crate) fn check_graph(checker: &mut Checker<'_>, raw: Option<RawGraph>) -> Option<GraphTarget> {
    let Some(raw) = raw else {
        return Some(defaults());
    };
    let checked = check_credentials(checker, &raw, &TARGET_ENV)?;
    let graph_url = checked
        .graph_url
        .clone()
        .unwrap_or_else(|| parse_default(GRAPH_URL));
    let login_url = checked
        .login_url
        .clone()
        .unwrap_or_else(|| parse_default(LOGIN_URL));
    Some(checked.with_roots(&graph_url, &login_url))
}

/// Checks a credentials table (`[target.graph]` or a source's `credentials`): variable names
/// (defaults from `env`), no literal credentials, and the service roots written, which stay
/// `None` when absent. `None` when anything in it is wrong.
pub(crate) fn check_credentials(
    checker: &mut Checker<'_>,
    raw: &RawGraph,
    env_defaults: &EnvDefaults,
) -> Option<SourceCredentials> {
    let errors_before = checker.error_count();
    refuse_literal_credentials(checker, raw, env_defaults);
    let mut env = |value: &Option<Spanned<String>>, key: &str, default: &str| match value {
        Some(value) => check_env_name(checker, value, key).unwrap_or_default(),
        None => default.to_owned(),
    };
    let tenant_id_env = env(&raw.tenant_id_env, "tenant_id_env", env_defaults.tenant_id);
    let client_id_env = env(&raw.client_id_env, "client_id_env", env_defaults.client_id);
    let client_secret_env = env(
        &raw.client_secret_env,
        "client_secret_env",
        env_defaults.client_secret,
    );
    let certificate_path_env = env(
        &raw.certificate_path_env,
        "certificate_path_env",
        env_defaults.certificate_path,
    );
    let graph_url = raw
        .graph_url
        .as_ref()
        .map(|value| check_service_url(checker, value, "graph_url", GRAPH_URL));
    let login_url = raw
        .login_url
        .as_ref()
        .map(|value| check_service_url(checker, value, "login_url", LOGIN_URL));
    if checker.error_count() > errors_before {
        return None;
    }
    Some(SourceCredentials {
        tenant_id_env,
        client_id_env,
        client_secret_env,
        certificate_path_env,
        graph_url: graph_url.flatten(),
        login_url: login_url.flatten(),
    })
}

fn defaults() -> GraphTarget {
    GraphTarget {
        tenant_id_env: TENANT_ID_ENV.to_owned(),
        client_id_env: CLIENT_ID_ENV.to_owned(),
        client_secret_env: CLIENT_SECRET_ENV.to_owned(),
        certificate_path_env: CERTIFICATE_PATH_ENV.to_owned(),
        graph_url: parse_default(GRAPH_URL),
        login_url: parse_default(LOGIN_URL),
    }
}

fn parse_default(text: &str) -> url::Url {
    // The two constants above are valid absolute URLs.
    url::Url::parse(text).unwrap_or_else(|_| unreachable!("{text} is a valid URL"))
}

/// Every literal credential key present, each refused at its place; the value is never echoed.
fn refuse_literal_credentials(checker: &mut Checker<'_>, raw: &RawGraph, env: &EnvDefaults) {
    let literal = |value: &Option<Spanned<serde::de::IgnoredAny>>| -> Option<Range<usize>> {
        value.as_ref().map(Spanned::span)
    };
    let keys = [
        (
            literal(&raw.tenant_id),
            "tenant_id",
            "tenant_id_env",
            env.tenant_id,
        ),
        (
            literal(&raw.client_id),
            "client_id",
            "client_id_env",
            env.client_id,
        ),
        (
            literal(&raw.client_secret),
            "client_secret",
            "client_secret_env",
            env.client_secret,
        ),
        (
            literal(&raw.secret),
            "secret",
            "client_secret_env",
            env.client_secret,
        ),
        (
            literal(&raw.password),
            "password",
            "client_secret_env",
            env.client_secret,
        ),
        (
            literal(&raw.access_token),
            "access_token",
            "client_secret_env",
            env.client_secret,
        ),
        (
            literal(&raw.certificate),
            "certificate",
            "certificate_path_env",
            env.certificate_path,
        ),
        (
            literal(&raw.certificate_path),
            "certificate_path",
            "certificate_path_env",
            env.certificate_path,
        ),
        (
            literal(&raw.private_key),
            "private_key",
            "certificate_path_env",
            env.certificate_path,
        ),
    ];
    for (span, key, env_key, default) in keys {
        let Some(span) = span else { continue };
        checker.error(
            span,
            format!(
                "{key} cannot be written in the scenario: credentials come from the environment, \
                 never from the scenario file; delete this line (and any copy of the value), set \
                 the environment variable {default} instead, or name another variable with \
                 {env_key} = \"MY_VARIABLE\""
            ),
        );
    }
}

/// An environment variable's name: a letter or `_`, then letters, digits and `_`. The value is
/// not echoed, in case a secret was pasted where its variable's name belongs.
fn check_env_name(checker: &mut Checker<'_>, value: &Spanned<String>, key: &str) -> Option<String> {
    let name = value.get_ref().trim();
    let mut chars = name.chars();
    let well_formed = chars
        .next()
        .is_some_and(|first| first.is_ascii_alphabetic() || first == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
        && name.len() <= 128;
    if well_formed {
        return Some(name.to_owned());
    }
    checker.error(
        value.span(),
        format!(
            "{key} must be the name of an environment variable (letters, digits and _, like \
             \"AZURE_CLIENT_SECRET\"), not its value; put the value in that variable, never in \
             the scenario"
        ),
    );
    None
}

/// An absolute http(s) URL without query or fragment; https unless the host is a loopback IP.
fn check_service_url(
    checker: &mut Checker<'_>,
    value: &Spanned<String>,
    key: &str,
    default: &str,
) -> Option<url::Url> {
    let text = value.get_ref().trim();
    if let Some(refusal) = super::addresses::refuse_userinfo(text, key) {
        checker.error(value.span(), refusal);
        return None;
    }
    let url = match url::Url::parse(text.trim_end_matches('/')) {
        Ok(url) if matches!(url.scheme(), "http" | "https") && url.host().is_some() => url,
        Ok(_) | Err(_) => {
            checker.error(
                value.span(),
                format!(
                    "{key} \"{text}\" is not an http(s) URL; write one like \"{default}\" (the \
                     default, which you can also get by leaving {key} out)"
                ),
            );
            return None;
        }
    };
    if url.query().is_some() || url.fragment().is_some() || !url.username().is_empty() {
        checker.error(
            value.span(),
            format!(
                "{key} \"{text}\" carries a query, fragment or user name; write only the root, \
                 like \"{default}\""
            ),
        );
        return None;
    }
    if url.scheme() == "http" && !plain_http_allowed(&url) {
        checker.error(
            value.span(),
            format!(
                "{key} \"{text}\" uses plain http; tokens and files must travel over https, so \
                 write https:// (plain http is allowed only to 127.0.0.0/8 or ::1, such as a \
                 simulated tenant at \"http://127.0.0.1:PORT\")"
            ),
        );
        return None;
    }
    Some(url)
}
