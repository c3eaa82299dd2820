//! The credential of a download URL (`/download/{item}?tempauth=...`,
//! `docs/graph-notes.md` §5, §23), kept in no table: it is the URL's expiry and a keyed hash of
//! the item id and that expiry, under a key drawn when the tenant starts. So every file item
//! the tenant answers can carry its `@microsoft.graph.downloadUrl` without the tenant
//! remembering anything per URL, and a URL of another run, or one altered, opens nothing.
//!
//! The URL names the item, as SharePoint's `download.aspx?UniqueId=...` does, not one version
//! of it: fetched after the file got new content, it serves the new bytes.

use std::hash::{BuildHasher as _, RandomState};

use crate::vocab::units::Micros;

/// How long a download URL opens the file: "a short period of time (1 hour)", as Microsoft's
/// driveItem reference says of `@microsoft.graph.downloadUrl`.
pub(crate) const DOWNLOAD_URL_LIFETIME_US: Micros = 60 * 60 * 1_000_000;

/// Writes and checks download credentials.
#[derive(Debug, Default)]
pub(crate) struct DownloadAuth {
    key: RandomState,
}

/// Why a download credential opens nothing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum TempAuthProblem {
    /// Missing, malformed, altered, or written for another item or tenant.
    Wrong,
    /// Past its lifetime.
    Expired,
}

impl DownloadAuth {
    /// The credential that opens item `item_id` until `expires_at_us` (tenant clock).
    pub(crate) fn tempauth(&self, item_id: &str, expires_at_us: Micros) -> String {
        let mac = self.key.hash_one((item_id, expires_at_us));
        format!("{expires_at_us:x}.{mac:016x}")
    }

    /// Whether `tempauth` opens item `item_id` at `now_us`.
    pub(crate) fn check(
        &self,
        tempauth: Option<&str>,
        item_id: &str,
        now_us: Micros,
    ) -> Result<(), TempAuthProblem> {
        let (expiry, _) = tempauth
            .and_then(|t| t.split_once('.'))
            .ok_or(TempAuthProblem::Wrong)?;
        let expires_at_us =
            Micros::from_str_radix(expiry, 16).map_err(|_| TempAuthProblem::Wrong)?;
        if tempauth != Some(self.tempauth(item_id, expires_at_us).as_str()) {
            return Err(TempAuthProblem::Wrong);
        }
        if expires_at_us <= now_us {
            return Err(TempAuthProblem::Expired);
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_credential_opens_its_item_until_it_expires() {
        let auth = DownloadAuth::default();
        let token = auth.tempauth("01A", 1_000);
        assert_eq!(auth.check(Some(&token), "01A", 999), Ok(()));
        assert_eq!(
            auth.check(Some(&token), "01A", 1_000),
            Err(TempAuthProblem::Expired)
        );
        assert_eq!(
            auth.check(Some(&token), "01B", 0),
            Err(TempAuthProblem::Wrong)
        );
        let later = token.replacen("3e8.", "3e9.", 1);
        assert_eq!(
            auth.check(Some(&later), "01A", 0),
            Err(TempAuthProblem::Wrong)
        );
        assert_eq!(auth.check(None, "01A", 0), Err(TempAuthProblem::Wrong));
        assert_eq!(
            DownloadAuth::default().check(Some(&token), "01A", 0),
            Err(TempAuthProblem::Wrong),
            "another tenant's key"
        );
    }
}
