//! The https listener's certificates (`pilotbench simulate --tls`): a throwaway certificate
//! authority made at start, and a server certificate it signs for every name the tenant is
//! reached by — `127.0.0.1` (Graph and the token endpoint), `localhost` (upload, monitor and
//! download URLs) and `::1` — so clients that insist on https (MSAL, azure-identity: an
//! authority must be https) can be pointed at it by trusting one CA file.
//!
//! Why a CA and not one self-signed server certificate: Python's `ssl`, rustls and curl accept
//! a CA file as a trust anchor, but webpki-based clients refuse a self-signed end-entity
//! certificate used as its own anchor; a CA plus a leaf works everywhere.
//!
//! Only the certificates are written (`ca.pem`, `server.pem`); the keys stay in memory and die
//! with the tenant, so the CA cannot sign anything after it stops. Each file starts with
//! [`MARKER`], and a file of that name without it is never overwritten: it is not ours.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use rcgen::{
    BasicConstraints, CertificateParams, DnType, ExtendedKeyUsagePurpose, IsCa, Issuer, KeyPair,
    KeyUsagePurpose,
};
use tokio_rustls::TlsAcceptor;
use tokio_rustls::rustls::ServerConfig;
use tokio_rustls::rustls::crypto::ring;
use tokio_rustls::rustls::pki_types::{CertificateDer, PrivateKeyDer, PrivatePkcs8KeyDer};

/// The first line of every file written here: the proof that a file of that name is ours.
pub(crate) const MARKER: &str = "# Written by `pilotbench simulate --tls`: a throwaway CA for the simulated tenant on loopback.";

/// The names the server certificate covers.
pub(crate) const SERVER_NAMES: [&str; 3] = ["127.0.0.1", "localhost", "::1"];

/// The CA certificate's file name.
pub(crate) const CA_FILE: &str = "ca.pem";
/// The server certificate chain's file name (server certificate, then the CA's).
pub(crate) const SERVER_FILE: &str = "server.pem";

/// The certificates could not be made or written.
#[derive(Debug, thiserror::Error)]
pub(crate) enum TlsSetupError {
    /// Generating or signing failed (it does not, short of a broken crypto provider).
    #[error("cannot generate the TLS certificates: {0}")]
    Generate(String),
    /// A file could not be written.
    #[error("cannot write {}: {reason}", path.display())]
    Write {
        /// The file.
        path: PathBuf,
        /// The OS error.
        reason: String,
    },
    /// A file of that name exists and pilotbench did not write it.
    #[error(
        "{} exists and was not written by pilotbench simulate; choose another --tls-dir (nothing was overwritten)",
        path.display()
    )]
    NotOurs {
        /// The file.
        path: PathBuf,
    },
}

/// The https listener's acceptor and where its CA certificate was written.
pub(crate) struct TlsSetup {
    /// Accepts TLS connections with the server certificate.
    pub(crate) acceptor: TlsAcceptor,
    /// `DIR/ca.pem`.
    pub(crate) ca_path: PathBuf,
}

/// Makes a CA and a server certificate for [`SERVER_NAMES`], writes both into `dir` (created
/// if missing), and builds the acceptor.
pub(crate) fn issue(dir: &Path) -> Result<TlsSetup, TlsSetupError> {
    let generate = |e: rcgen::Error| TlsSetupError::Generate(e.to_string());
    let ca_key = KeyPair::generate().map_err(generate)?;
    let mut ca_params = CertificateParams::new(Vec::<String>::new()).map_err(generate)?;
    ca_params.is_ca = IsCa::Ca(BasicConstraints::Constrained(0));
    ca_params
        .distinguished_name
        .push(DnType::CommonName, "pilotbench simulated tenant CA");
    ca_params.key_usages = vec![
        KeyUsagePurpose::KeyCertSign,
        KeyUsagePurpose::CrlSign,
        KeyUsagePurpose::DigitalSignature,
    ];
    let ca_cert = ca_params.self_signed(&ca_key).map_err(generate)?;
    let issuer = Issuer::new(ca_params, ca_key);

    let server_key = KeyPair::generate().map_err(generate)?;
    let names: Vec<String> = SERVER_NAMES.iter().map(|s| s.to_string()).collect();
    let mut server_params = CertificateParams::new(names).map_err(generate)?;
    server_params
        .distinguished_name
        .push(DnType::CommonName, "pilotbench simulated tenant");
    server_params.key_usages = vec![KeyUsagePurpose::DigitalSignature];
    server_params.extended_key_usages = vec![ExtendedKeyUsagePurpose::ServerAuth];
    server_params.use_authority_key_identifier_extension = true;
    let server_cert = server_params
        .signed_by(&server_key, &issuer)
        .map_err(generate)?;

    std::fs::create_dir_all(dir).map_err(|e| TlsSetupError::Write {
        path: dir.to_path_buf(),
        reason: e.to_string(),
    })?;
    let ca_path = dir.join(CA_FILE);
    write_ours(&ca_path, &ca_cert.pem())?;
    write_ours(
        &dir.join(SERVER_FILE),
        &format!("{}{}", server_cert.pem(), ca_cert.pem()),
    )?;

    let chain = vec![
        CertificateDer::from(server_cert.der().to_vec()),
        CertificateDer::from(ca_cert.der().to_vec()),
    ];
    let key = PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(server_key.serialize_der()));
    let mut config = ServerConfig::builder_with_provider(Arc::new(ring::default_provider()))
        .with_safe_default_protocol_versions()
        .map_err(|e| TlsSetupError::Generate(e.to_string()))?
        .with_no_client_auth()
        .with_single_cert(chain, key)
        .map_err(|e| TlsSetupError::Generate(e.to_string()))?;
    config.alpn_protocols = vec![b"http/1.1".to_vec()];
    Ok(TlsSetup {
        acceptor: TlsAcceptor::from(Arc::new(config)),
        ca_path,
    })
}

/// Writes `pem` under [`MARKER`] to `path`, unless a file there is not ours.
fn write_ours(path: &Path, pem: &str) -> Result<(), TlsSetupError> {
    if let Ok(existing) = std::fs::read_to_string(path) {
        if !existing.starts_with(MARKER) {
            return Err(TlsSetupError::NotOurs {
                path: path.to_path_buf(),
            });
        }
    } else if path.exists() {
        // Present but unreadable as text: certainly not a file we wrote.
        return Err(TlsSetupError::NotOurs {
            path: path.to_path_buf(),
        });
    }
    std::fs::write(path, format!("{MARKER}\n{pem}")).map_err(|e| TlsSetupError::Write {
        path: path.to_path_buf(),
        reason: e.to_string(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn temp_dir(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!(
            "pilotbench-tls-{name}-{}-{:?}",
            std::process::id(),
            std::time::SystemTime::now()
        ));
        std::fs::create_dir_all(&dir).expect("temp dir");
        dir
    }

    #[test]
    fn the_ca_and_server_certificates_are_written_under_the_marker() {
        let dir = temp_dir("written");
        let setup = issue(&dir).expect("issued");
        assert_eq!(setup.ca_path, dir.join(CA_FILE));
        let ca = std::fs::read_to_string(&setup.ca_path).expect("ca");
        assert!(ca.starts_with(MARKER), "{ca}");
        assert_eq!(ca.matches("BEGIN CERTIFICATE").count(), 1);
        let chain = std::fs::read_to_string(dir.join(SERVER_FILE)).expect("chain");
        assert_eq!(chain.matches("BEGIN CERTIFICATE").count(), 2);
        assert!(!ca.contains("PRIVATE KEY") && !chain.contains("PRIVATE KEY"));
        // A second start replaces our own files with a fresh CA.
        issue(&dir).expect("reissued");
        assert_ne!(std::fs::read_to_string(&setup.ca_path).expect("ca"), ca);
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn a_file_pilotbench_did_not_write_is_never_overwritten() {
        let dir = temp_dir("theirs");
        let theirs = dir.join(CA_FILE);
        std::fs::write(&theirs, "-----BEGIN CERTIFICATE-----\nsomeone else's\n").expect("write");
        let error = issue(&dir).err().expect("refused");
        assert!(matches!(&error, TlsSetupError::NotOurs { path } if *path == theirs));
        assert!(error.to_string().contains("--tls-dir"), "{error}");
        assert!(
            std::fs::read_to_string(&theirs)
                .expect("kept")
                .contains("someone else's")
        );
        let _ = std::fs::remove_dir_all(&dir);
    }
}
