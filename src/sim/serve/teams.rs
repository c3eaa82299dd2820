//! Teams: `GET /teams/{team}/channels/{channel}/filesFolder` answers the channel's folder in
//! its team site's "Documents" library (its `parentReference.driveId` is the library); an
//! unknown team or channel is a 404, as Graph answers.

use crate::sim::exchange::{Incoming, Payload, Reply, SimFailure, answer};
use crate::sim::tenant::Tenant;

/// `GET /teams/{team}/channels/{channel}/filesFolder`.
pub(crate) fn channel_files_folder(
    tenant: &Tenant,
    request: &Incoming<'_>,
    team: &str,
    channel: &str,
) -> Result<Reply, SimFailure> {
    request.require_method("GET")?;
    let folder = tenant.teams.files_folder(team, channel)?;
    answer(
        200,
        Payload::Item(Box::new(tenant.contents.drive_item(folder))),
    )
}
