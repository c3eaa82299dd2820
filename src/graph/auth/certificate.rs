//! Certificate credentials: a PEM file holding the app's X.509 certificate and its RSA private
//! key, and the client assertion Entra ID asks for, signed afresh for every token request
//! (RS256; header `x5t` = base64url SHA-1 of the certificate's DER; claims `aud` = the token
//! endpoint, `iss` = `sub` = the client id, `jti`, `nbf`, `exp` = `nbf` + 10 min). Nothing here
//! ever puts key material into an error or a `Debug` output.

use std::path::Path;
use std::time::{SystemTime, UNIX_EPOCH};

use base64::Engine as _;
use jsonwebtoken::{Algorithm, EncodingKey, Header};
use serde::Serialize;
use sha1::{Digest, Sha1};

/// Lifetime of a client assertion, in seconds (Entra's examples use ten minutes).
const ASSERTION_LIFETIME_S: u64 = 600;

/// Why a certificate file cannot be used. Messages name the file, never its contents.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CertificateError {
    /// The file could not be read.
    #[error("cannot read the certificate file {path}: {reason}")]
    Unreadable {
        /// The path as given.
        path: String,
        /// The I/O error.
        reason: String,
    },
    /// The file is not PEM or holds no `CERTIFICATE` block.
    #[error(
        "no PEM certificate (-----BEGIN CERTIFICATE-----) found; the file must hold the app's certificate and its private key in PEM"
    )]
    NoCertificate,
    /// No private key block.
    #[error(
        "no private key (-----BEGIN PRIVATE KEY----- or -----BEGIN RSA PRIVATE KEY-----) found beside the certificate"
    )]
    NoKey,
    /// The key is encrypted.
    #[error(
        "the private key is encrypted; store it unencrypted in a file only the pilot's account can read (for example `openssl pkey -in key.pem -out plain.pem`)"
    )]
    EncryptedKey,
    /// The key is not an RSA key jsonwebtoken can sign with.
    #[error("the private key is not a usable RSA key ({0}); Entra ID certificates use RSA keys")]
    BadKey(String),
}

/// An app's certificate credential, loaded once and used to sign each assertion.
#[derive(Clone)]
pub struct ClientCertificate {
    x5t: String,
    key: EncodingKey,
}

impl std::fmt::Debug for ClientCertificate {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ClientCertificate")
            .field("x5t", &self.x5t)
            .field("key", &"<redacted>")
            .finish()
    }
}

#[derive(Serialize)]
struct Claims<'a> {
    aud: &'a str,
    iss: &'a str,
    sub: &'a str,
    jti: String,
    nbf: u64,
    iat: u64,
    exp: u64,
}

impl ClientCertificate {
    /// Reads a PEM file with the certificate and its private key.
    pub fn from_file(path: &Path) -> Result<ClientCertificate, CertificateError> {
        let bytes = std::fs::read(path).map_err(|e| CertificateError::Unreadable {
            path: path.display().to_string(),
            reason: e.to_string(),
        })?;
        ClientCertificate::from_pem(&bytes)
    }

    /// Parses PEM text holding a `CERTIFICATE` block and a `PRIVATE KEY` (PKCS#8) or
    /// `RSA PRIVATE KEY` (PKCS#1) block, in any order.
    pub fn from_pem(text: &[u8]) -> Result<ClientCertificate, CertificateError> {
        let blocks = pem::parse_many(text).map_err(|_| CertificateError::NoCertificate)?;
        let certificate = blocks
            .iter()
            .find(|block| block.tag() == "CERTIFICATE")
            .ok_or(CertificateError::NoCertificate)?;
        if blocks
            .iter()
            .any(|block| block.tag() == "ENCRYPTED PRIVATE KEY")
        {
            return Err(CertificateError::EncryptedKey);
        }
        let key = blocks
            .iter()
            .find(|block| matches!(block.tag(), "PRIVATE KEY" | "RSA PRIVATE KEY"))
            .ok_or(CertificateError::NoKey)?;
        let key = EncodingKey::from_rsa_pem(pem::encode(key).as_bytes())
            .map_err(|e| CertificateError::BadKey(e.to_string()))?;
        let x5t = base64::engine::general_purpose::URL_SAFE_NO_PAD
            .encode(Sha1::digest(certificate.contents()));
        Ok(ClientCertificate { x5t, key })
    }

    /// The certificate's thumbprint as the JWT header carries it: base64url SHA-1 of the DER.
    pub fn x5t(&self) -> &str {
        &self.x5t
    }

    /// A fresh client assertion for `client_id` at the token endpoint `audience`.
    pub fn assertion(&self, client_id: &str, audience: &str) -> Result<String, CertificateError> {
        let now = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| d.as_secs());
        let mut header = Header::new(Algorithm::RS256);
        header.typ = Some("JWT".to_owned());
        header.x5t = Some(self.x5t.clone());
        let claims = Claims {
            aud: audience,
            iss: client_id,
            sub: client_id,
            jti: random_uuid(),
            nbf: now,
            iat: now,
            exp: now + ASSERTION_LIFETIME_S,
        };
        jsonwebtoken::encode(&header, &claims, &self.key)
            .map_err(|e| CertificateError::BadKey(e.to_string()))
    }
}

/// A random (version 4) UUID for `jti`.
fn random_uuid() -> String {
    let mut bytes: [u8; 16] = rand::random();
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    let hex: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
    format!(
        "{}-{}-{}-{}-{}",
        &hex[..8],
        &hex[8..12],
        &hex[12..16],
        &hex[16..20],
        &hex[20..]
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn jti_is_a_version_4_uuid_and_differs_each_time() {
        let a = random_uuid();
        assert_eq!(a.len(), 36);
        assert_eq!(&a[14..15], "4");
        assert_ne!(a, random_uuid());
    }

    #[test]
    fn files_without_a_certificate_or_key_are_named_clearly() {
        assert_eq!(
            ClientCertificate::from_pem(b"not pem").err(),
            Some(CertificateError::NoCertificate)
        );
        let only_cert = b"-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n";
        assert_eq!(
            ClientCertificate::from_pem(only_cert).err(),
            Some(CertificateError::NoKey)
        );
    }
}
