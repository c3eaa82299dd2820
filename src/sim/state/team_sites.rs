//! Teams' sites in the simulated tenant. Each team of [`SimConfig::teams`] is a SharePoint site
//! (`https://simulated.sharepoint.com/sites/team-{id}`) whose "Documents" library holds one
//! folder per channel, as Teams keeps a standard channel's files. `GET /teams/{team}/channels/
//! {channel}/filesFolder` answers that folder's driveItem (its `parentReference.driveId` is the
//! library); an unknown team or channel is a 404, as Graph answers.

use std::collections::HashMap;

use url::Url;

use super::contents::{Base, Contents, DriveIdx, ItemIdx};
use crate::sim::config::{SimConfig, SimSite};
use crate::sim::exchange::SimFailure;
use crate::vocab::conflict::ConflictBehavior;

/// The host of the team sites.
const TEAM_SITE_HOST: &str = "simulated.sharepoint.com";

/// Channel folders by team and channel id (both lower case), and each team's channels as
/// configured, in order.
#[derive(Debug, Default)]
pub(crate) struct Teams {
    channels: HashMap<String, HashMap<String, ItemIdx>>,
    listed: HashMap<String, Vec<Channel>>,
}

/// One channel as `GET /teams/{id}/channels` lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Channel {
    /// Its id, as configured.
    pub(crate) id: String,
    /// Its name ("Channel 1", …), also its files folder's name.
    pub(crate) display_name: String,
}

/// The site that holds a team's files.
fn team_site_url(team: &str) -> Option<Url> {
    let name: String = team
        .to_lowercase()
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '-')
        .collect();
    Url::parse(&format!("https://{TEAM_SITE_HOST}/sites/team-{name}")).ok()
}

/// `config` with a site for every team, so the tenant creates their libraries.
pub(crate) fn with_team_sites(config: &SimConfig) -> SimConfig {
    let mut config = config.clone();
    for team in &config.teams {
        if let Some(url) = team_site_url(&team.id) {
            config.sites.push(SimSite {
                url,
                libraries: Vec::new(),
            });
        }
    }
    config
}

impl Teams {
    /// Creates each channel's folder ("Channel 1", "Channel 2", … in the team's order) at the
    /// root of its team site's "Documents" library. `contents` must have been built from
    /// [`with_team_sites`].
    pub(crate) fn new(contents: &mut Contents, config: &SimConfig, created: &str) -> Teams {
        let mut teams = Teams::default();
        for team in &config.teams {
            let Some(root) = team_site_url(&team.id).and_then(|url| library_root(contents, &url))
            else {
                continue;
            };
            let folders = teams.channels.entry(team.id.to_lowercase()).or_default();
            for channel in &team.channels {
                let key = channel.to_lowercase();
                if folders.contains_key(&key) {
                    continue;
                }
                let name = format!("Channel {}", folders.len() + 1);
                if let Ok(folder) =
                    contents.create_folder(root, &name, ConflictBehavior::Fail, created)
                {
                    folders.insert(key, folder);
                    teams
                        .listed
                        .entry(team.id.to_lowercase())
                        .or_default()
                        .push(Channel {
                            id: channel.clone(),
                            display_name: name,
                        });
                }
            }
        }
        teams
    }

    /// The default library of the site of team (Microsoft 365 group) `group`: what
    /// `/groups/{id}/drive` names. An unknown group is a 404, as Graph answers.
    pub(crate) fn group_drive(
        &self,
        contents: &Contents,
        group: &str,
    ) -> Result<DriveIdx, SimFailure> {
        let unknown = || {
            SimFailure::new(
                404,
                "Request_ResourceNotFound",
                format!(
                    "Resource '{group}' does not exist or one of its queried reference-property \
                     objects are not present."
                ),
            )
        };
        if !self.channels.contains_key(&group.to_lowercase()) {
            return Err(unknown());
        }
        let root = team_site_url(group)
            .and_then(|url| library_root(contents, &url))
            .ok_or_else(unknown)?;
        contents.drive_of(root).ok_or_else(unknown)
    }

    /// The channels of `team`, in their configured order; an unknown team is a 404.
    pub(crate) fn channels_of(&self, team: &str) -> Result<&[Channel], SimFailure> {
        if !self.channels.contains_key(&team.to_lowercase()) {
            return Err(no_team(team));
        }
        Ok(self
            .listed
            .get(&team.to_lowercase())
            .map_or(&[][..], Vec::as_slice))
    }

    /// The files folder of `channel` in `team`.
    pub(crate) fn files_folder(&self, team: &str, channel: &str) -> Result<ItemIdx, SimFailure> {
        let channels = self
            .channels
            .get(&team.to_lowercase())
            .ok_or_else(|| no_team(team))?;
        channels
            .get(&channel.to_lowercase())
            .copied()
            .ok_or_else(|| SimFailure::new(404, "NotFound", "Channel not found"))
    }
}

/// Graph's 404 for a team it does not know.
fn no_team(team: &str) -> SimFailure {
    SimFailure::new(
        404,
        "NotFound",
        format!("No team found with Group Id {team}"),
    )
}

/// The root folder of the default library of the site at `url`.
fn library_root(contents: &Contents, url: &Url) -> Option<ItemIdx> {
    let path = url.path().trim_matches('/');
    let site = contents.site_by_path(url.host_str()?, path).ok()?;
    let drive = contents.site_default_drive(&site.id).ok()?;
    let drive = contents.drive_idx(&drive.id).ok()?;
    contents.resolve(drive, &Base::Root, &[]).ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::SimTeam;

    const TEAM: &str = "02bd9fd6-8f93-4758-87c3-1fb73740a315";

    fn tenant_with_teams() -> (Contents, Teams) {
        let config = SimConfig {
            teams: vec![SimTeam {
                id: TEAM.to_uppercase(),
                channels: vec!["19:a@thread.tacv2".into(), "19:b@thread.tacv2".into()],
            }],
            ..SimConfig::default()
        };
        let config = with_team_sites(&config);
        let mut contents = Contents::new(&config, "2026-01-01T00:00:00Z");
        let teams = Teams::new(&mut contents, &config, "2026-01-01T00:00:00Z");
        (contents, teams)
    }

    #[test]
    fn each_channel_has_a_folder_in_its_team_sites_library() {
        let (contents, teams) = tenant_with_teams();
        let a = teams
            .files_folder(TEAM, "19:A@thread.tacv2")
            .expect("channel a");
        let b = teams
            .files_folder(TEAM, "19:b@thread.tacv2")
            .expect("channel b");
        assert_ne!(a, b);
        let a = contents.drive_item(a);
        let b = contents.drive_item(b);
        assert_eq!(
            (a.name.as_str(), b.name.as_str()),
            ("Channel 1", "Channel 2")
        );
        assert!(a.folder.is_some());
        let drive = a
            .parent_reference
            .as_ref()
            .and_then(|p| p.drive_id.clone())
            .expect("the folder names its drive");
        assert_eq!(
            b.parent_reference.and_then(|p| p.drive_id),
            Some(drive.clone()),
            "one library per team"
        );
        let site = contents
            .site_by_path(TEAM_SITE_HOST, &format!("sites/team-{TEAM}"))
            .expect("the team site");
        assert_eq!(
            contents.site_default_drive(&site.id).expect("library").id,
            drive
        );
    }

    #[test]
    fn unknown_teams_and_channels_are_not_found() {
        let (_, teams) = tenant_with_teams();
        let team = teams
            .files_folder("00000000-0000-0000-0000-000000000000", "19:a@thread.tacv2")
            .expect_err("no such team");
        assert_eq!((team.status, team.code), (404, "NotFound"));
        let channel = teams
            .files_folder(TEAM, "19:zz@thread.tacv2")
            .expect_err("no such channel");
        assert_eq!(channel.status, 404);
    }
}
