//! A credential held in memory: never shown by `Debug` or `Display`, and scrubbed out of any
//! text the token path echoes (contract 5: no secret in any output, log or file).

/// A client secret (or any credential string). Its `Debug` prints `Secret(<redacted>)`; there is
/// no `Display`; the value is only read where the token request is built.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    /// Wraps a credential value.
    pub fn new(value: impl Into<String>) -> Secret {
        Secret(value.into())
    }

    /// The value, for the token request only.
    pub(crate) fn expose(&self) -> &str {
        &self.0
    }

    /// `text` with every occurrence of the secret (as is, and percent-encoded as a form carries
    /// it) replaced by `<redacted>`. An empty secret changes nothing.
    pub(crate) fn scrub(&self, text: &str) -> String {
        if self.0.is_empty() {
            return text.to_owned();
        }
        let mut out = text.replace(self.0.as_str(), "<redacted>");
        let encoded: String = url::form_urlencoded::byte_serialize(self.0.as_bytes()).collect();
        if encoded != self.0 {
            out = out.replace(encoded.as_str(), "<redacted>");
        }
        out
    }
}

impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Secret(<redacted>)")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_never_shows_the_value_and_scrub_removes_it() {
        let secret = Secret::new("qWg~dY+Amab0");
        assert_eq!(format!("{secret:?}"), "Secret(<redacted>)");
        let echoed = "bad secret qWg~dY+Amab0 or in a form qWg%7EdY%2BAmab0 here";
        let scrubbed = secret.scrub(echoed);
        assert!(!scrubbed.contains("qWg"), "{scrubbed}");
        assert_eq!(scrubbed.matches("<redacted>").count(), 2);
        assert_eq!(Secret::new("").scrub("text"), "text");
    }
}
