//! Teams destinations by team and channel: `destination = { team = "<team id>", channel =
//! "<channel id>", folder = "pilot" }`, resolved at run time as Graph resolves them
//! (`GET /teams/{team}/channels/{channel}/filesFolder`). Only the Teams workload takes them;
//! the ids are checked for the shapes Graph issues, so a display name pasted by mistake is
//! caught before the run.

use std::ops::Range;

use super::checker::Checker;
use super::raw::RawDestination;
use super::site_model::{Destination, Workload};

const EXAMPLE: &str = "destination = { team = \"02bd9fd6-8f93-4758-87c3-1fb73740a315\", \
                       channel = \"19:09fc54a3141a45d0bc769cf506d2e079@thread.skype\", \
                       folder = \"pilot\" }";

/// For messages about a teams destination that names neither shape: the channel form.
pub(crate) fn channel_hint(workload: Workload) -> String {
    if workload == Workload::Teams {
        format!(" (or name the team and channel: {EXAMPLE})")
    } else {
        String::new()
    }
}

/// Checks a destination that names a team or a channel. `folder` is the already normalised
/// folder (`None` when it was refused).
pub(crate) fn check_channel(
    checker: &mut Checker<'_>,
    workload: Workload,
    raw: &RawDestination,
    span: Range<usize>,
    folder: Option<String>,
) -> Option<Destination> {
    if workload != Workload::Teams {
        for key in [&raw.team, &raw.channel].into_iter().flatten() {
            checker.error(
                key.span(),
                format!(
                    "team and channel are for teams destinations; workload {} names a {}",
                    workload.as_str(),
                    if workload == Workload::OneDrive {
                        "user: destination = { user = \"name@example.nhs.uk\", folder = \"pilot\" }"
                    } else {
                        "site and library: destination = { site = \
                         \"https://example.sharepoint.com/sites/name\", library = \"Documents\" }"
                    }
                ),
            );
        }
        return None;
    }
    for extra in [&raw.site, &raw.library, &raw.user].into_iter().flatten() {
        checker.error(
            extra.span(),
            format!(
                "a teams channel destination names the team and the channel only, not a site, \
                 library or user; write {EXAMPLE}"
            ),
        );
    }
    let team = match &raw.team {
        Some(team) => check_id(checker, team, "team", team_problem),
        None => {
            checker.error(
                span.clone(),
                format!("the channel's team is missing; add team = \"<team id>\": {EXAMPLE}"),
            );
            None
        }
    };
    let channel = match &raw.channel {
        Some(channel) => check_id(checker, channel, "channel", channel_problem),
        None => {
            checker.error(
                span,
                format!("the team's channel is missing; add channel = \"<channel id>\": {EXAMPLE}"),
            );
            None
        }
    };
    Some(Destination::Channel {
        team: team?,
        channel: channel?,
        folder: folder?,
    })
}

fn check_id(
    checker: &mut Checker<'_>,
    value: &toml::Spanned<String>,
    key: &str,
    problem: fn(&str) -> Option<String>,
) -> Option<String> {
    let text = value.get_ref().trim();
    match problem(text) {
        None => Some(text.to_string()),
        Some(reason) => {
            checker.error(value.span(), format!("{key} \"{text}\" {reason}"));
            None
        }
    }
}

/// Why `text` is not a team id: Graph names a team by its Microsoft 365 group id, a GUID.
pub(crate) fn team_problem(text: &str) -> Option<String> {
    let groups: Vec<&str> = text.split('-').collect();
    let shape = [8, 4, 4, 4, 12];
    let is_guid = groups.len() == shape.len()
        && groups
            .iter()
            .zip(shape)
            .all(|(group, len)| group.len() == len && group.bytes().all(|b| b.is_ascii_hexdigit()));
    (!is_guid).then(|| {
        "is not a team id; a team is named by its group id, a GUID like \
         \"02bd9fd6-8f93-4758-87c3-1fb73740a315\" (Teams: ⋯ > Get link to team, the groupId \
         parameter; or Graph GET /me/joinedTeams)"
            .to_string()
    })
}

/// Why `text` is not a channel id: Graph's channel ids look like `19:<id>@thread.tacv2`.
pub(crate) fn channel_problem(text: &str) -> Option<String> {
    let plausible = text.starts_with("19:")
        && text.contains("@thread")
        && !text
            .chars()
            .any(|c| c.is_whitespace() || c.is_control() || c == '/');
    (!plausible).then(|| {
        "is not a channel id; a channel is named by its id, like \
         \"19:09fc54a3141a45d0bc769cf506d2e079@thread.tacv2\" (Teams: ⋯ > Get link to channel, \
         the part after /channel/, decoded; or Graph GET /teams/{team}/channels)"
            .to_string()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn team_ids_are_guids() {
        assert_eq!(team_problem("02bd9fd6-8f93-4758-87c3-1fb73740a315"), None);
        assert_eq!(team_problem("02BD9FD6-8F93-4758-87C3-1FB73740A315"), None);
        for bad in [
            "",
            "Ward 7",
            "02bd9fd6-8f93-4758-87c3-1fb73740a31",
            "g2bd9fd6-8f93-4758-87c3-1fb73740a315",
        ] {
            assert!(team_problem(bad).is_some(), "{bad:?}");
        }
    }

    #[test]
    fn channel_ids_have_the_thread_shape() {
        assert_eq!(
            channel_problem("19:09fc54a3141a45d0bc769cf506d2e079@thread.tacv2"),
            None
        );
        assert_eq!(channel_problem("19:abc@thread.skype"), None);
        for bad in [
            "",
            "General",
            "19:abc",
            "19:a b@thread.tacv2",
            "19:a/b@thread.tacv2",
        ] {
            assert!(channel_problem(bad).is_some(), "{bad:?}");
        }
    }
}
