//! `delta` (`docs/graph-notes.md` §13): the changes below a folder since a token, as
//! <https://learn.microsoft.com/graph/api/driveitem-delta> documents them.
//!
//! - `GET .../root/delta` (also `delta()`, on `/drives/{id}`, `/sites/{id}/drive`,
//!   `/users/{upn}/drive`, `/groups/{id}/drive`, and on a folder: `.../items/{id}/delta`, its
//!   subtree) without a token enumerates everything, the folder itself first;
//! - `token=latest` (`?token=latest` or `delta(token='latest')`) answers an empty page with the
//!   current `@odata.deltaLink`;
//! - a previous token answers what changed since: new items, new versions, renames and moves
//!   (an item's latest state, once), deletions with the `deleted` facet, each preceded by its
//!   parents unless `deltaExcludeParent` is sent;
//! - pages hold `$top` entries (default: the tenant's page size, 200 unless the scenario says
//!   otherwise, the same as a children page) and end in `@odata.nextLink` until the last, which
//!   carries `@odata.deltaLink`; both are absolute and keep `$select` and `$top`;
//! - a token the tenant can no longer answer is `410 Gone`, code
//!   `resyncChangesApplyDifferences`, with a `Location` that starts a fresh enumeration;
//! - a timestamp as token (OneDrive for Business accepts one) is refused with 400, as are
//!   `$expand` and every other option but `$select` and `$top`.
//!
//! Cost (`behaviour::throttle`): 1 RU with a token, 2 without.

use crate::sim::exchange::{Incoming, Payload, Reply, SimFailure, answer};
use crate::sim::query::{QueryOption, QueryOptions};
use crate::sim::serve::render;
use crate::sim::state::{
    Address, DriveRef, FeedEntry, FeedPosition, FeedRequest, TokenProblem, feed_page,
};
use crate::sim::tenant::Tenant;
use crate::sim::views::{FeedItem, ITEM_PROPERTIES, ItemPage, Select};
use crate::vocab::units::Micros;

/// `GET .../{folder}/delta`: one page of the folder's changes.
pub(crate) fn delta(
    tenant: &Tenant,
    request: &Incoming<'_>,
    drive: &DriveRef,
    at: &Address,
    path_token: Option<&str>,
    now_us: Micros,
) -> Result<Reply, SimFailure> {
    request.require_method("GET")?;
    let options = QueryOptions::parse(
        request.query,
        &[QueryOption::Select, QueryOption::Top, QueryOption::Token],
    )?;
    let select = Select::of(options.select.as_deref(), ITEM_PROPERTIES)?;
    let token = match (path_token, options.token.as_deref()) {
        (Some(_), Some(_)) => {
            return Err(SimFailure::invalid_request(
                "The delta token is given twice, in the function and in the query; give one.",
            ));
        }
        (path, query) => path.or(query),
    };
    let (drive_idx, scope) = tenant.locate(drive, at)?;
    tenant.contents.require_folder(scope)?;
    let resource_path = resource_path(request.path);
    let mut kept = Vec::new();
    if let Some(value) = select.to_query_value() {
        kept.push(format!("$select={value}"));
    }
    if let Some(top) = options.top {
        kept.push(format!("$top={top}"));
    }
    let kept = kept.join("&");
    let changes = tenant.contents.changes();
    let current = changes.current();
    let link_for = |position: FeedPosition| {
        let token = tenant.delta_tokens.issue(position, now_us);
        tenant.links.delta_link(resource_path, Some(&token), &kept)
    };
    let latest = FeedPosition {
        after: current,
        deletions_after: current,
    };
    let position = match token {
        None => FeedPosition {
            after: 0,
            deletions_after: current,
        },
        Some(token) if token.eq_ignore_ascii_case("latest") => {
            return answer(
                200,
                Payload::Items(
                    ItemPage {
                        context: Some(render::item_collection_context(tenant)),
                        value: Vec::new(),
                        next_link: None,
                        delta_link: Some(link_for(latest)),
                    },
                    select,
                ),
            );
        }
        Some(token) if humantime::parse_rfc3339_weak(token).is_ok() => {
            return Err(SimFailure::invalid_request(
                "A timestamp as delta token is not supported by the simulated tenant; start \
                 from a full enumeration or token=latest.",
            ));
        }
        Some(token) => match tenant
            .delta_tokens
            .read(token, now_us, changes.forgotten_through())
        {
            Ok(position) => position,
            Err(TokenProblem::Malformed) => {
                return Err(SimFailure::invalid_request(
                    "The delta token is malformed: use the whole @odata.nextLink or \
                     @odata.deltaLink the service gave.",
                ));
            }
            Err(TokenProblem::TooOld) => {
                return Err(SimFailure::new(
                    410,
                    "resyncChangesApplyDifferences",
                    "The delta token is too old to be answered; start again from the Location \
                     given (a full enumeration) and apply the differences.",
                )
                .with_location(tenant.links.delta_link(resource_path, None, &kept)));
            }
        },
    };
    let page = feed_page(
        &tenant.contents,
        &FeedRequest {
            drive: drive_idx,
            scope,
            after: position.after,
            deletions_after: position.deletions_after,
            top: options.top.unwrap_or(tenant.page_size),
            with_parents: !request.delta_exclude_parent,
        },
    );
    let value = page
        .entries
        .iter()
        .map(|entry| match entry {
            FeedEntry::Item(idx) => {
                let mut view = render::item_in_collection(tenant, *idx);
                // OneDrive for Business leaves the cTag out of delta (the delta page's remarks).
                view.item.c_tag = None;
                FeedItem::Item(Box::new(view))
            }
            FeedEntry::Deleted(tombstone) => {
                FeedItem::Deleted(Box::new(render::deleted(tenant, drive_idx, tombstone)))
            }
        })
        .collect();
    let (next_link, delta_link) = match page.continue_after {
        Some(after) => (
            Some(link_for(FeedPosition {
                after,
                deletions_after: position.deletions_after,
            })),
            None,
        ),
        None => (None, Some(link_for(latest))),
    };
    answer(
        200,
        Payload::Items(
            ItemPage {
                context: Some(render::item_collection_context(tenant)),
                value,
                next_link,
                delta_link,
            },
            select,
        ),
    )
}

/// The raw path without its last (delta) segment.
fn resource_path(path: &str) -> &str {
    let path = path.trim_end_matches('/');
    path.rsplit_once('/').map_or(path, |(resource, _)| resource)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_resource_path_drops_the_delta_segment_whatever_its_form() {
        for path in [
            "/v1.0/drives/b%21x/root/delta",
            "/v1.0/drives/b%21x/root/delta()",
            "/v1.0/drives/b%21x/root/delta(token='abc')",
            "/v1.0/drives/b%21x/root/delta/",
        ] {
            assert_eq!(resource_path(path), "/v1.0/drives/b%21x/root", "{path}");
        }
    }
}
