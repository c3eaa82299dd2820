//! Downloads (`docs/graph-notes.md` §5, §23): `GET /drives/{d}/items/{id}/content` answers
//! `302 Found` with the file's pre-authenticated URL on the files host
//! (`/download/{id}?tempauth=...`, no bearer token, as Graph's are) — the same URL a file item
//! carries as `@microsoft.graph.downloadUrl` ([`download_url`]). That URL streams the item's
//! current bytes from where the item keeps them (`file_bytes`): all of them (`200`), or the one
//! range a `Range` header asks for (`206 Partial Content`), as Microsoft documents for partial
//! downloads. Every file whose bytes the tenant holds can be downloaded: seeded, uploaded, or a
//! server-side copy of either.

use crate::sim::exchange::{ByteRange, Download, Incoming, Payload, Reply, SimFailure, answer};
use crate::sim::query::{QueryOption, QueryOptions};
use crate::sim::state::{Address, DOWNLOAD_URL_LIFETIME_US, DriveRef, ItemIdx, TempAuthProblem};
use crate::sim::tenant::Tenant;

/// The pre-authenticated URL of file `idx`'s bytes, valid for an hour from now; `None` for a
/// folder or a file whose bytes the tenant cannot produce.
pub(crate) fn download_url(tenant: &Tenant, idx: ItemIdx) -> Option<String> {
    tenant.contents.file_bytes(idx)?;
    let id = tenant.contents.item_id(idx)?;
    let expires_at_us = tenant.now_us().saturating_add(DOWNLOAD_URL_LIFETIME_US);
    let tempauth = tenant.download_auth.tempauth(id, expires_at_us);
    Some(tenant.links.download_url(id, &tempauth))
}

/// `GET .../items/{id}/content`: 302 to the file's download URL, or `304 Not Modified` when
/// `If-None-Match` names its current eTag or cTag, as Microsoft documents.
pub(crate) fn redirect(
    tenant: &mut Tenant,
    request: &Incoming<'_>,
    drive: &DriveRef,
    at: &Address,
) -> Result<Reply, SimFailure> {
    request.require_method("GET")?;
    QueryOptions::parse(request.query, &[])?;
    let (_, idx) = tenant.locate(drive, at)?;
    if tenant.contents.drive_item(idx).file.is_none() {
        return Err(SimFailure::invalid_request(
            "Only files have content to download.",
        ));
    }
    if request
        .if_none_match
        .is_some_and(|tag| tenant.contents.tag_matches(idx, tag))
    {
        return answer(304, Payload::Empty);
    }
    let location = download_url(tenant, idx).ok_or_else(|| {
        SimFailure::new(
            404,
            "itemNotFound",
            "The simulated tenant cannot produce this file's bytes: it was seeded from a source \
             it cannot read.",
        )
    })?;
    answer(302, Payload::Location(location))
}

/// `GET /download/{id}?tempauth=...`: the bytes, or one range of them, streamed by the server.
pub(crate) fn stream(
    tenant: &Tenant,
    request: &Incoming<'_>,
    item_id: &str,
) -> Result<Reply, SimFailure> {
    request.require_method("GET")?;
    let tempauth = QueryOptions::parse(request.query, &[QueryOption::TempAuth])?.temp_auth;
    match tenant
        .download_auth
        .check(tempauth.as_deref(), item_id, tenant.now_us())
    {
        Ok(()) => {}
        Err(TempAuthProblem::Wrong) => {
            return Err(SimFailure::new(
                401,
                "unauthenticated",
                "The download URL's credential is missing or wrong.",
            ));
        }
        Err(TempAuthProblem::Expired) => {
            return Err(SimFailure::new(
                401,
                "unauthenticated",
                "The download URL has expired; ask for the item's content again.",
            ));
        }
    }
    let bytes = tenant
        .contents
        .item_idx(item_id)
        .and_then(|idx| tenant.contents.file_bytes(idx))
        .ok_or_else(|| SimFailure::not_found("The item is gone."))?;
    let range = match request.range {
        Some(header) => Some(parse_range(header, bytes.size())?),
        None => None,
    };
    let status = if range.is_some() { 206 } else { 200 };
    answer(
        status,
        Payload::Stream(Download {
            bytes: bytes.clone(),
            range,
        }),
    )
}

/// The one range a `Range: bytes=...` header asks for in a file of `size` bytes
/// (<https://www.rfc-editor.org/rfc/rfc9110#name-range-requests>): `first-last`, `first-` or
/// the suffix `-n`, the last clipped to the file. One that starts past the end is `416`;
/// several ranges, or another unit, are not served (400).
fn parse_range(header: &str, size: u64) -> Result<ByteRange, SimFailure> {
    let malformed = || {
        SimFailure::new(
            400,
            "invalidRange",
            format!(
                "The Range '{header}' is not served: the simulated tenant serves one range of \
                 bytes, as bytes=first-last, bytes=first- or bytes=-suffix."
            ),
        )
    };
    let spec = header
        .trim()
        .strip_prefix("bytes=")
        .ok_or_else(malformed)?
        .trim();
    if spec.contains(',') {
        return Err(malformed());
    }
    let (first, last) = spec.split_once('-').ok_or_else(malformed)?;
    let number = |s: &str| s.trim().parse::<u64>().map_err(|_| malformed());
    let unsatisfiable = || {
        SimFailure::new(
            416,
            "invalidRange",
            format!("The Range '{header}' lies outside the file's {size} bytes."),
        )
        .with_content_range(size)
    };
    let range = match (first.trim(), last.trim()) {
        ("", suffix) => {
            let suffix = number(suffix)?;
            if suffix == 0 || size == 0 {
                return Err(unsatisfiable());
            }
            ByteRange {
                first: size.saturating_sub(suffix),
                last: size - 1,
            }
        }
        (first, "") => ByteRange {
            first: number(first)?,
            last: size.saturating_sub(1),
        },
        (first, last) => {
            let (first, last) = (number(first)?, number(last)?);
            if last < first {
                return Err(malformed());
            }
            ByteRange {
                first,
                last: last.min(size.saturating_sub(1)),
            }
        }
    };
    if range.first >= size {
        return Err(unsatisfiable());
    }
    Ok(range)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn range(first: u64, last: u64) -> Result<ByteRange, u16> {
        Ok(ByteRange { first, last })
    }

    #[test]
    fn one_range_is_read_and_clipped_to_the_file() {
        let parse = |h: &str| parse_range(h, 100).map_err(|e| e.status);
        assert_eq!(parse("bytes=0-9"), range(0, 9));
        assert_eq!(parse("bytes=90-"), range(90, 99));
        assert_eq!(parse("bytes=-10"), range(90, 99));
        assert_eq!(parse("bytes=-500"), range(0, 99));
        assert_eq!(parse("bytes=50-500"), range(50, 99));
        assert_eq!(parse("bytes=100-"), Err(416));
        assert_eq!(parse("bytes=-0"), Err(416));
        for refused in [
            "bytes=0-1,5-6",
            "items=0-1",
            "bytes=5-1",
            "bytes=a-",
            "bytes=-",
        ] {
            assert_eq!(parse(refused), Err(400), "{refused}");
        }
        assert_eq!(parse_range("bytes=0-", 0).map_err(|e| e.status), Err(416));
    }
}
