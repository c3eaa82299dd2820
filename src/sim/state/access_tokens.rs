//! The access tokens the tenant's token endpoint has issued, and which bearer tokens open the
//! Graph routes: [`SIMULATED_TOKEN`] always, an issued token until its lifetime
//! ([`SimConfig::token_lifetime_us`]) runs out; after that Graph calls carrying it get 401
//! `InvalidAuthenticationToken`. The endpoint's protocol is `serve::token_endpoint`'s.
//!
//! [`SimConfig::token_lifetime_us`]: crate::sim::SimConfig::token_lifetime_us

use std::collections::HashMap;

use super::ids::mix;
use crate::sim::config::SIMULATED_TOKEN;
use crate::sim::exchange::SimFailure;
use crate::vocab::units::Micros;

/// Issues access tokens and remembers when each one expires.
#[derive(Debug)]
pub(crate) struct AccessTokens {
    lifetime_us: Micros,
    reject_credentials: bool,
    /// Access token → expiry, microseconds since the tenant started.
    issued: HashMap<String, Micros>,
    next: u64,
    seed: u64,
}

/// A token just issued.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct IssuedToken {
    /// The bearer token.
    pub(crate) access_token: String,
    /// Its lifetime in whole seconds (`expires_in`).
    pub(crate) expires_in_s: u64,
}

impl AccessTokens {
    /// Tokens living `lifetime_us` (at least a second); with `reject_credentials` the endpoint
    /// refuses every credential.
    pub(crate) fn new(lifetime_us: Micros, reject_credentials: bool, seed: u64) -> AccessTokens {
        AccessTokens {
            lifetime_us: lifetime_us.max(1_000_000),
            reject_credentials,
            issued: HashMap::new(),
            next: 0,
            seed,
        }
    }

    /// Whether the token endpoint refuses every credential, as Entra refuses a wrong secret.
    pub(crate) fn rejects_credentials(&self) -> bool {
        self.reject_credentials
    }

    /// Whether `authorization` opens a Graph route at `now_us`: the simulated tenant's fixed
    /// token, or an access token issued here that has not expired.
    pub(crate) fn check(
        &self,
        authorization: Option<&str>,
        now_us: Micros,
    ) -> Result<(), SimFailure> {
        let token = authorization
            .and_then(|value| value.trim().split_once(' '))
            .filter(|(scheme, _)| scheme.eq_ignore_ascii_case("bearer"))
            .map(|(_, token)| token.trim());
        match token {
            Some(token) if token == SIMULATED_TOKEN => Ok(()),
            Some(token) => match self.issued.get(token) {
                Some(expires_us) if now_us < *expires_us => Ok(()),
                Some(_) => Err(SimFailure::new(
                    401,
                    "InvalidAuthenticationToken",
                    "Lifetime validation failed, the token is expired.",
                )),
                None => Err(SimFailure::invalid_token()),
            },
            None => Err(SimFailure::invalid_token()),
        }
    }

    /// Issues a fresh token at `now_us`, forgetting the ones that have expired.
    pub(crate) fn issue(&mut self, now_us: Micros) -> IssuedToken {
        self.issued.retain(|_, expires_us| *expires_us > now_us);
        self.next += 1;
        let token = format!(
            "pilotbench-sim-access-{}-{:016x}",
            self.next,
            mix(self.seed ^ self.next.rotate_left(32) ^ now_us)
        );
        self.issued
            .insert(token.clone(), now_us.saturating_add(self.lifetime_us));
        IssuedToken {
            access_token: token,
            expires_in_s: self.lifetime_us / 1_000_000,
        }
    }
}
