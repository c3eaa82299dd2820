//! What an app-only token source is configured with: the tenant, the app registration and how
//! the app proves who it is. Read by the token request (`request`) and the token source alike.

use url::Url;

use super::certificate::ClientCertificate;
use super::secret::Secret;
use crate::vocab::units::Micros;

/// How the app proves who it is.
#[derive(Debug, Clone)]
pub enum AppCredential {
    /// A client secret.
    Secret(Secret),
    /// A certificate whose public part is registered on the app; each fetch signs a fresh
    /// client assertion with its key.
    Certificate(ClientCertificate),
}

/// What an [`AppTokenSource`] needs.
#[derive(Debug, Clone)]
pub struct AppAuthConfig {
    /// The tenant's ID (a GUID) or a verified domain (`contoso.onmicrosoft.com`).
    pub tenant_id: String,
    /// The app registration's Application (client) ID, a GUID.
    pub client_id: String,
    /// Secret or certificate.
    pub credential: AppCredential,
    /// The authority host, `https://login.microsoftonline.com` (or a loopback simulated tenant).
    pub login_url: Url,
    /// Sent on every token request, as on Graph calls.
    pub user_agent: String,
    /// Per-request timeout.
    pub request_timeout_us: Micros,
}
