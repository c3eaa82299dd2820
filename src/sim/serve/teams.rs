//! Teams: `GET /teams/{team}/channels` lists a team's channels (standard channels, in their
//! configured order, <https://learn.microsoft.com/graph/api/channel-list>), and
//! `GET /teams/{team}/channels/{channel}/filesFolder` answers the channel's folder in
//! its team site's "Documents" library (its `parentReference.driveId` is the library); an
//! unknown team or channel is a 404, as Graph answers.

use serde_json::json;

use crate::sim::exchange::{Incoming, Payload, Reply, SimFailure, answer};
use crate::sim::query::{QueryOption, QueryOptions};
use crate::sim::serve::render;
use crate::sim::tenant::Tenant;
use crate::sim::views::{ITEM_PROPERTIES, Select};

/// `GET /teams/{team}/channels/{channel}/filesFolder`.
pub(crate) fn channel_files_folder(
    tenant: &Tenant,
    request: &Incoming<'_>,
    team: &str,
    channel: &str,
) -> Result<Reply, SimFailure> {
    request.require_method("GET")?;
    let options = QueryOptions::parse(request.query, &[QueryOption::Select])?;
    let select = Select::of(options.select.as_deref(), ITEM_PROPERTIES)?;
    let folder = tenant.teams.files_folder(team, channel)?;
    let drive = tenant
        .contents
        .drive_of(folder)
        .ok_or_else(|| SimFailure::not_found("The channel's folder is gone."))?;
    answer(
        200,
        Payload::Item(Box::new(render::item(tenant, drive, folder)), select),
    )
}

/// `GET /teams/{team}/channels`: every channel, each `standard` (the only kind the tenant
/// simulates). No query option is served: `$filter` and `$select` are refused by name.
pub(crate) fn channels(
    tenant: &Tenant,
    request: &Incoming<'_>,
    team: &str,
) -> Result<Reply, SimFailure> {
    request.require_method("GET")?;
    QueryOptions::parse(request.query, &[])?;
    let value: Vec<_> = tenant
        .teams
        .channels_of(team)?
        .iter()
        .map(|channel| {
            json!({
                "id": channel.id,
                "displayName": channel.display_name,
                "description": null,
                "membershipType": "standard",
            })
        })
        .collect();
    let context = format!(
        "{}/$metadata#teams('{team}')/channels",
        tenant.links.graph_root()
    );
    answer(
        200,
        Payload::Json(json!({ "@odata.context": context, "value": value })),
    )
}
