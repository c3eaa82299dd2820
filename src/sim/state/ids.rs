//! Deterministic identifiers and service timestamps for the simulated tenant: site GUIDs and
//! drive ids derived from names (the same site has the same id in every run), item, session and
//! request ids derived from the seed and a counter, and RFC 3339 times as Graph writes them.

use std::time::SystemTime;

use base64::Engine as _;
use sha2::{Digest, Sha256};

/// SplitMix64's finaliser: a cheap, well-mixed 64-bit permutation.
pub(crate) fn mix(mut x: u64) -> u64 {
    x = x.wrapping_add(0x9E37_79B9_7F4A_7C15);
    x = (x ^ (x >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    x = (x ^ (x >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    x ^ (x >> 31)
}

/// A GUID (upper case, as SharePoint prints them in site ids) derived from `text`.
pub(crate) fn guid_from(text: &str) -> String {
    let digest = Sha256::digest(text.as_bytes());
    let hex: String = digest[..16].iter().map(|b| format!("{b:02X}")).collect();
    format!(
        "{}-{}-{}-{}-{}",
        &hex[..8],
        &hex[8..12],
        &hex[12..16],
        &hex[16..20],
        &hex[20..32]
    )
}

/// A drive id in Graph's `b!...` form derived from `text`.
pub(crate) fn drive_id_from(text: &str) -> String {
    let first = Sha256::digest(text.as_bytes());
    let second = Sha256::digest(first);
    let mut bytes = Vec::with_capacity(48);
    bytes.extend_from_slice(&first);
    bytes.extend_from_slice(&second[..16]);
    format!(
        "b!{}",
        base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
    )
}

/// Hands out item, session and request ids: unique within a tenant, the same sequence for the
/// same seed.
#[derive(Debug)]
pub(crate) struct IdSource {
    seed: u64,
    next_item: u64,
    next_session: u64,
    next_request: u64,
}

impl IdSource {
    /// A fresh source for `seed`.
    pub(crate) fn new(seed: u64) -> IdSource {
        IdSource {
            seed,
            next_item: 0,
            next_session: 0,
            next_request: 0,
        }
    }

    /// A SharePoint-looking item id: `01` and 32 upper-case hex digits (34 characters).
    pub(crate) fn item_id(&mut self) -> String {
        self.next_item += 1;
        let n = self.next_item;
        // The counter sits in the low half, so two items never collide whatever the mix does.
        format!("01{:016X}{:016X}", mix(self.seed ^ mix(n)), n)
    }

    /// An opaque upload session id and its `tempauth` credential.
    pub(crate) fn session(&mut self) -> (String, String) {
        self.next_session += 1;
        let n = self.next_session;
        let id = format!("{:016x}{:08x}", mix(self.seed ^ n.rotate_left(17)), n);
        let tempauth = format!(
            "{:016x}{:016x}",
            mix(self.seed ^ mix(n ^ 0x7465_6D70)),
            mix(n.wrapping_mul(31) ^ self.seed)
        );
        (id, tempauth)
    }

    /// A request id in GUID form (lower case, as Graph's `request-id` header).
    pub(crate) fn request_id(&mut self) -> String {
        self.next_request += 1;
        let a = mix(self.seed ^ self.next_request);
        let b = mix(a ^ self.next_request);
        format!(
            "{:08x}-{:04x}-{:04x}-{:04x}-{:012x}",
            a >> 32,
            (a >> 16) & 0xFFFF,
            a & 0xFFFF,
            b >> 48,
            b & 0xFFFF_FFFF_FFFF
        )
    }
}

/// `time` as Graph writes service timestamps: RFC 3339 UTC with milliseconds.
pub(crate) fn rfc3339(time: SystemTime) -> String {
    humantime::format_rfc3339_millis(time).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_unique_and_repeat_for_the_same_seed() {
        let mut a = IdSource::new(7);
        let mut b = IdSource::new(7);
        let first: Vec<String> = (0..100).map(|_| a.item_id()).collect();
        let second: Vec<String> = (0..100).map(|_| b.item_id()).collect();
        assert_eq!(first, second);
        let unique: std::collections::HashSet<&String> = first.iter().collect();
        assert_eq!(unique.len(), 100);
        assert!(
            first
                .iter()
                .all(|id| id.len() == 34 && id.starts_with("01"))
        );
    }

    #[test]
    fn drive_ids_and_guids_have_graph_shapes() {
        let drive = drive_id_from("x");
        assert!(drive.starts_with("b!"));
        assert_eq!(drive.len(), 66);
        let guid = guid_from("x");
        assert_eq!(guid.len(), 36);
        assert_eq!(guid.matches('-').count(), 4);
        assert_ne!(guid_from("x"), guid_from("y"));
    }
}
