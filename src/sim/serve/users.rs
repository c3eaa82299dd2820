//! Users: `GET /users/{id or userPrincipalName}` answers the user's default properties
//! (<https://learn.microsoft.com/graph/api/user-get>), as a tool reads a user before addressing
//! their OneDrive. The tenant knows the users the configuration gives a OneDrive; any other is
//! the directory's `404 Request_ResourceNotFound`. `$select` is served over the default
//! properties; other options are refused by name.

use serde_json::{Value, json};

use crate::sim::exchange::{Incoming, Payload, Reply, SimFailure, answer};
use crate::sim::query::{QueryOption, QueryOptions};
use crate::sim::state::Contents;
use crate::sim::tenant::Tenant;
use crate::sim::views::Select;

/// The properties `GET /users/{id}` returns by default, the only ones the tenant serves.
const USER_PROPERTIES: &[&str] = &[
    "id",
    "businessPhones",
    "displayName",
    "givenName",
    "jobTitle",
    "mail",
    "mobilePhone",
    "officeLocation",
    "preferredLanguage",
    "surname",
    "userPrincipalName",
];

/// `GET /users/{user}`.
pub(crate) fn user(
    tenant: &Tenant,
    request: &Incoming<'_>,
    user: &str,
) -> Result<Reply, SimFailure> {
    request.require_method("GET")?;
    let options = QueryOptions::parse(request.query, &[QueryOption::Select])?;
    let select = Select::of(options.select.as_deref(), USER_PROPERTIES)?;
    let upn = tenant.contents.user_upn(user).ok_or_else(|| {
        SimFailure::new(
            404,
            "Request_ResourceNotFound",
            format!(
                "Resource '{user}' does not exist or one of its queried reference-property \
                 objects are not present."
            ),
        )
    })?;
    let mut body = profile(upn, &tenant.contents.user_id(upn));
    select.apply(&mut body);
    if let Value::Object(map) = &mut body {
        let context = format!("{}/$metadata#users/$entity", tenant.links.graph_root());
        map.insert("@odata.context".to_owned(), Value::String(context));
    }
    answer(200, Payload::Json(body))
}

/// The default properties of user `upn`: a display name from the UPN's local part, the UPN as
/// mail, and nothing the tenant does not know.
fn profile(upn: &str, id: &str) -> Value {
    json!({
        "id": id,
        "businessPhones": [],
        "displayName": Contents::user_display_name(upn),
        "givenName": null,
        "jobTitle": null,
        "mail": upn,
        "mobilePhone": null,
        "officeLocation": null,
        "preferredLanguage": null,
        "surname": null,
        "userPrincipalName": upn,
    })
}
