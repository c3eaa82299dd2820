//! Teams (<https://learn.microsoft.com/graph/api/channel-list>,
//! <https://learn.microsoft.com/graph/api/channel-get-filesfolder>): a team's channels are listed
//! in their configured order with `@odata.context`, each channel's files folder is a folder in
//! the team site's library, an unknown team is Graph's 404 `NotFound`, and a query option the
//! tenant does not serve is a 400 naming it.

use pilotbench::sim::{SimConfig, SimTeam};

use super::{Tenant, config, error_of};

const TEAM: &str = "6f1b0a1e-8a3c-4b8e-9d55-0c2f6d1e7a01";
const GENERAL: &str = "19:general@thread.tacv2";
const WARD: &str = "19:ward-7@thread.tacv2";

fn with_team() -> SimConfig {
    SimConfig {
        teams: vec![SimTeam {
            id: TEAM.to_owned(),
            channels: vec![GENERAL.to_owned(), WARD.to_owned()],
        }],
        ..config()
    }
}

#[tokio::test]
async fn a_teams_channels_are_listed_in_order_and_each_has_its_files_folder() {
    let t = Tenant::start(with_team()).await;
    let listed = t.json(&format!("/teams/{TEAM}/channels")).await;
    let context = listed["@odata.context"].as_str().expect("context");
    assert!(
        context.ends_with(&format!("/$metadata#teams('{TEAM}')/channels")),
        "{context}"
    );
    let channels = listed["value"].as_array().expect("value");
    let ids: Vec<_> = channels.iter().map(|c| c["id"].as_str()).collect();
    assert_eq!(ids, [Some(GENERAL), Some(WARD)]);
    for channel in channels {
        assert_eq!(channel["membershipType"], "standard");
        let name = channel["displayName"].as_str().expect("displayName");
        let id = channel["id"].as_str().expect("id");
        let folder = t
            .json(&format!("/teams/{TEAM}/channels/{id}/filesFolder"))
            .await;
        assert_eq!(
            folder["name"], name,
            "the files folder is named after its channel"
        );
        assert!(folder["folder"].is_object());
    }
}

#[tokio::test]
async fn an_unknown_team_is_not_found_and_an_unserved_option_is_refused() {
    let t = Tenant::start(with_team()).await;
    let unknown = t
        .get("/teams/00000000-0000-0000-0000-000000000000/channels")
        .await;
    assert_eq!(unknown.status(), 404);
    assert_eq!(error_of(unknown).await.0, "NotFound");
    let filtered = t
        .get(&format!(
            "/teams/{TEAM}/channels?$filter=membershipType%20eq%20'private'"
        ))
        .await;
    assert_eq!(filtered.status(), 400);
    let (code, message) = error_of(filtered).await;
    assert_eq!(code, "invalidRequest");
    assert!(message.contains("$filter"), "{message}");
}
