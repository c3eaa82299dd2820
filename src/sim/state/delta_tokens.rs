//! Delta tokens: the position in a drive's change log that a `@odata.nextLink` or
//! `@odata.deltaLink` carries, written as an opaque string, and when the tenant can no longer
//! answer one (`docs/graph-notes.md` §13). A token is too old, and its next use is answered
//! `410 Gone`, when
//!
//! - it is older than [`SimConfig::delta_token_lifetime_us`] (the scenario's
//!   `delta_token_lifetime`), if set;
//! - the admin path `POST /_sim/expire-delta-tokens` was called after it was issued;
//! - the change log has dropped tombstones it would have had to report;
//! - another run of the tenant issued it (the tenant's epoch differs).
//!
//! Nothing is kept per token: the token carries its positions, its issue time, the expiry
//! generation and the tenant's epoch.
//!
//! [`SimConfig::delta_token_lifetime_us`]: crate::sim::SimConfig::delta_token_lifetime_us

use base64::Engine as _;

use crate::vocab::units::Micros;

/// Where a delta feed stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct FeedPosition {
    /// Changes after this sequence number remain to be listed.
    pub(crate) after: u64,
    /// Deletions at or before this sequence number are not reported.
    pub(crate) deletions_after: u64,
}

/// Why a token cannot be used.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum TokenProblem {
    /// Not a token this tenant writes.
    Malformed,
    /// Too old: the client must enumerate again (410).
    TooOld,
}

/// Issues and reads delta tokens.
#[derive(Debug)]
pub(crate) struct DeltaTokens {
    lifetime_us: Option<Micros>,
    generation: u64,
    epoch: u64,
}

impl DeltaTokens {
    /// Tokens living `lifetime_us` (`None`: until the change log forgets what they need), for
    /// the tenant run `epoch`.
    pub(crate) fn new(lifetime_us: Option<Micros>, epoch: u64) -> DeltaTokens {
        DeltaTokens {
            lifetime_us,
            generation: 0,
            epoch,
        }
    }

    /// Makes every token issued so far too old.
    pub(crate) fn expire_all(&mut self) {
        self.generation += 1;
    }

    /// The token for `position`, issued at `now_us`.
    pub(crate) fn issue(&self, position: FeedPosition, now_us: Micros) -> String {
        let text = format!(
            "{}.{}.{}.{}.{:x}",
            position.after, position.deletions_after, now_us, self.generation, self.epoch
        );
        base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(text)
    }

    /// The position `token` carries, if the tenant can still answer it at `now_us`; the change
    /// log has forgotten deletions up to `forgotten_through`.
    pub(crate) fn read(
        &self,
        token: &str,
        now_us: Micros,
        forgotten_through: u64,
    ) -> Result<FeedPosition, TokenProblem> {
        let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD
            .decode(token.trim().as_bytes())
            .map_err(|_| TokenProblem::Malformed)?;
        let text = String::from_utf8(bytes).map_err(|_| TokenProblem::Malformed)?;
        let parts: Vec<&str> = text.split('.').collect();
        let [after, deletions_after, issued_us, generation, epoch] = parts.as_slice() else {
            return Err(TokenProblem::Malformed);
        };
        let number = |s: &str| s.parse::<u64>().map_err(|_| TokenProblem::Malformed);
        let position = FeedPosition {
            after: number(after)?,
            deletions_after: number(deletions_after)?,
        };
        let issued_us = number(issued_us)?;
        let generation = number(generation)?;
        let epoch = u64::from_str_radix(epoch, 16).map_err(|_| TokenProblem::Malformed)?;
        let expired = self
            .lifetime_us
            .is_some_and(|lifetime| now_us.saturating_sub(issued_us) > lifetime);
        if epoch != self.epoch
            || generation != self.generation
            || expired
            || position.deletions_after < forgotten_through
        {
            return Err(TokenProblem::TooOld);
        }
        Ok(position)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const AT: FeedPosition = FeedPosition {
        after: 7,
        deletions_after: 5,
    };

    #[test]
    fn a_token_carries_its_position_until_it_is_too_old() {
        let mut tokens = DeltaTokens::new(Some(10_000_000), 42);
        let token = tokens.issue(AT, 1_000);
        assert_eq!(tokens.read(&token, 2_000, 0), Ok(AT));
        assert_eq!(
            tokens.read(&token, 11_000_001, 0),
            Err(TokenProblem::TooOld)
        );
        assert_eq!(tokens.read(&token, 2_000, 6), Err(TokenProblem::TooOld));
        assert_eq!(
            DeltaTokens::new(None, 43).read(&token, 2_000, 0),
            Err(TokenProblem::TooOld),
            "another run's token"
        );
        tokens.expire_all();
        assert_eq!(tokens.read(&token, 2_000, 0), Err(TokenProblem::TooOld));
        let fresh = tokens.issue(AT, 3_000);
        assert_eq!(tokens.read(&fresh, 3_000, 0), Ok(AT));
    }

    #[test]
    fn foreign_tokens_are_malformed() {
        let tokens = DeltaTokens::new(None, 1);
        for bad in ["", "latest!", "MzslMjM0OyUyMzE7Mzsy", "YS5iLmMuZC5l"] {
            assert_eq!(
                tokens.read(bad, 0, 0),
                Err(TokenProblem::Malformed),
                "{bad}"
            );
        }
    }
}
