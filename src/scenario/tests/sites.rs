//! The rules of `[[site]]`: how many, unique names, destinations per workload, folder
//! normalisation, site URLs, synthetic sources and size distributions.

use super::*;

/// A scenario with one site whose destination and source lines are given.
fn one_site(workload: &str, destination: &str, source: &str) -> String {
    format!(
        "{HEAD}\n[[site]]\nname = \"S\"\nworkload = \"{workload}\"\ndestination = {destination}\nsource = {source}\n"
    )
}

const LIBRARY: &str =
    "{ site = \"https://example.sharepoint.com/sites/x\", library = \"Documents\" }";
const SYNTHETIC: &str =
    "{ kind = \"synthetic\", files = 3, size = { distribution = \"fixed\", value = \"1KiB\" } }";

fn synthetic(fields: &str) -> String {
    one_site(
        "sharepoint",
        LIBRARY,
        &format!("{{ kind = \"synthetic\", {fields} }}"),
    )
}

#[test]
fn six_sites_are_refused_at_the_sixth_quoting_the_guidance() {
    let text = format!(
        "{HEAD}{}",
        (1..=6)
            .map(|n| site(&format!("Site {n}")))
            .collect::<String>()
    );
    assert_at(
        &only_problem(&text),
        &text,
        "[[site]]",
        5,
        &[
            "too many sites",
            "site 6 of 6",
            "the NHS.net Connect on-boarding guidance asks for no more than 5 small test sites as the proof of concept",
        ],
    );
    let five = format!(
        "{HEAD}{}",
        (1..=5)
            .map(|n| site(&format!("Site {n}")))
            .collect::<String>()
    );
    assert_eq!(accepted(&five).sites.len(), 5);
}

#[test]
fn zero_sites_are_refused() {
    let diagnostic = only_problem(HEAD);
    assert_eq!((diagnostic.line, diagnostic.column), (Some(1), Some(1)));
    assert!(diagnostic.message.contains("no sites"), "{diagnostic}");
    let text = format!("site = []\n{HEAD}");
    assert_at(
        &only_problem(&text),
        &text,
        "[]",
        0,
        &["no sites", "[[site]]"],
    );
}

#[test]
fn a_single_bracket_site_table_is_explained() {
    let text = format!("{HEAD}[site]\nname = \"A\"\n");
    assert_at(
        &only_problem(&text),
        &text,
        "[site]",
        0,
        &["[[site]] (double brackets)"],
    );
}

#[test]
fn duplicate_site_names_point_at_the_duplicate_and_name_the_first_line() {
    let text = format!("{HEAD}{}{}", site("Finance"), site("finance "));
    let (first_line, _) = position(&text, "\"Finance\"", 0);
    assert_at(
        &only_problem(&text),
        &text,
        "\"finance \"",
        0,
        &[
            "site name \"finance\"",
            &format!("already used by the site named at line {first_line}"),
            "unique name",
        ],
    );
}

#[test]
fn unknown_workloads_list_the_four() {
    let text = one_site("exchange", LIBRARY, SYNTHETIC);
    assert_at(
        &only_problem(&text),
        &text,
        "\"exchange\"",
        0,
        &["sharepoint, files, teams, onedrive"],
    );
}

#[test]
fn onedrive_needs_a_user_destination() {
    let text = one_site("onedrive", LIBRARY, SYNTHETIC);
    let diagnostics = problems(&text);
    assert_eq!(diagnostics.len(), 3, "{diagnostics:#?}");
    assert_at(
        &diagnostics[0],
        &text,
        "{ site",
        0,
        &["workload onedrive needs a user destination"],
    );
    assert_at(
        &diagnostics[1],
        &text,
        "\"https",
        0,
        &["names a user, not a site or library"],
    );
    assert_at(
        &diagnostics[2],
        &text,
        "\"Documents\"",
        0,
        &["names a user"],
    );

    let scenario = accepted(&one_site(
        "onedrive",
        "{ user = \"jo.bloggs@example.nhs.uk\", folder = \"/pilot/\" }",
        SYNTHETIC,
    ));
    assert_eq!(
        scenario.sites[0].destination,
        Destination::OneDrive {
            user: "jo.bloggs@example.nhs.uk".to_string(),
            folder: "pilot".to_string()
        }
    );
    let text = one_site("onedrive", "{ user = \"jo bloggs\" }", SYNTHETIC);
    assert_at(
        &only_problem(&text),
        &text,
        "\"jo bloggs\"",
        0,
        &["user principal name"],
    );
}

#[test]
fn library_workloads_need_site_and_library_and_no_user() {
    let text = one_site("teams", "{ user = \"jo@example.nhs.uk\" }", SYNTHETIC);
    let diagnostics = problems(&text);
    assert_eq!(diagnostics.len(), 3, "{diagnostics:#?}");
    assert!(diagnostics.iter().any(|d| {
        d.message
            .contains("workload teams needs the destination's site")
    }));
    assert!(diagnostics.iter().any(|d| {
        d.message
            .contains("workload teams needs the destination's library")
    }));
    assert!(
        diagnostics
            .iter()
            .any(|d| d.message.starts_with("user is for onedrive destinations"))
    );
    let (line, _) = position(&text, "destination", 0);
    assert!(diagnostics.iter().all(|d| d.line == Some(line)));

    let scenario = accepted(&one_site(
        "teams",
        "{ site = \"https://example.sharepoint.com/teams/ward7/\", library = \"Documents\", folder = \"a/b\" }",
        SYNTHETIC,
    ));
    let Destination::Library {
        site_url,
        library,
        folder,
    } = &scenario.sites[0].destination
    else {
        panic!("library destination expected")
    };
    assert_eq!(
        site_url.as_str(),
        "https://example.sharepoint.com/teams/ward7"
    );
    assert_eq!((library.as_str(), folder.as_str()), ("Documents", "a/b"));
}

#[test]
fn site_urls_must_be_https_with_a_site_path() {
    let text = one_site(
        "sharepoint",
        "{ site = \"http://example.sharepoint.com/sites/x\", library = \"D\" }",
        SYNTHETIC,
    );
    assert_at(
        &only_problem(&text),
        &text,
        "\"http://",
        0,
        &["uses http", "https", "loopback"],
    );
    let text = one_site(
        "sharepoint",
        "{ site = \"https://example.sharepoint.com/finance\", library = \"D\" }",
        SYNTHETIC,
    );
    assert_at(
        &only_problem(&text),
        &text,
        "\"https://",
        0,
        &["/sites/<name>", "/teams/<name>"],
    );
    accepted(&one_site(
        "sharepoint",
        "{ site = \"http://127.0.0.1:9999/sites/x\", library = \"D\" }",
        SYNTHETIC,
    ));
}

#[test]
fn destination_folders_are_normalised_or_refused() {
    let scenario = accepted(&one_site(
        "sharepoint",
        "{ site = \"https://example.sharepoint.com/sites/x\", library = \"D\", folder = \"/pilot/Café/\" }",
        SYNTHETIC,
    ));
    assert_eq!(scenario.sites[0].destination.folder(), "pilot/Café");
    for (folder, words) in [
        ("a//b", "empty folder name"),
        ("pilot/../up", "\"..\""),
        ("pilot/x:y", "':'"),
        ("what?", "'?'"),
        ("a|b", "SharePoint refuses"),
    ] {
        let text = one_site(
            "sharepoint",
            &format!(
                "{{ site = \"https://example.sharepoint.com/sites/x\", library = \"D\", folder = \"{folder}\" }}"
            ),
            SYNTHETIC,
        );
        assert_at(
            &only_problem(&text),
            &text,
            &format!("\"{folder}\""),
            0,
            &[words],
        );
    }
}

/// Issue 14 item 7: every name rule the scan applies to a source folder holds for the
/// destination folder pilotbench creates, and the root is only the documented forms.
#[test]
fn destination_folders_break_no_sharepoint_name_rule() {
    let long = "a".repeat(300);
    let library = |folder: &str| {
        one_site(
            "sharepoint",
            &format!(
                "{{ site = \"https://example.sharepoint.com/sites/x\", library = \"D\", folder = \"{folder}\" }}"
            ),
            SYNTHETIC,
        )
    };
    for (folder, words) in [
        ("forms", "forms-root-folder"),
        ("Forms/inner", "forms-root-folder"),
        ("CON", "reserved-name"),
        ("pilot/con", "reserved-name"),
        ("_vti_x", "vti-name"),
        ("x_files", "thicket-folder"),
        ("pilot/minutes.", "folder-trailing-dot"),
        (" pilot", "leading-trailing-space"),
        ("pilot ", "leading-trailing-space"),
        ("pilot/ x", "leading-trailing-space"),
        ("~$lock", "tilde-dollar-name"),
        (long.as_str(), "segment-too-long"),
        ("pilot/a\\u001Bb", "control-character"),
        ("", "names no folder"),
        ("   ", "names no folder"),
        ("//", "names no folder"),
    ] {
        let text = library(folder);
        let problem = only_problem(&text);
        assert!(
            problem.message.contains(words),
            "{folder:?}: {}",
            problem.message
        );
        assert!(
            !problem.message.contains('\u{1b}'),
            "control characters are shown escaped: {}",
            problem.message
        );
    }
    // `forms` is only reserved at the library's root, and below a channel's folder it is not.
    assert_eq!(
        accepted(&library("pilot/forms")).sites[0]
            .destination
            .folder(),
        "pilot/forms"
    );
    let channel = one_site(
        "teams",
        &format!("{{ team = \"{TEAM}\", channel = \"{CHANNEL}\", folder = \"forms\" }}"),
        SYNTHETIC,
    );
    assert_eq!(accepted(&channel).sites[0].destination.folder(), "forms");
    // The root: "/" or no folder at all (the documented default).
    assert_eq!(accepted(&library("/")).sites[0].destination.folder(), "");
    assert_eq!(
        accepted(&one_site("sharepoint", LIBRARY, SYNTHETIC)).sites[0]
            .destination
            .folder(),
        ""
    );
}

#[test]
fn synthetic_counts_are_checked() {
    let size = "size = { distribution = \"fixed\", value = \"1KiB\" }";
    let text = synthetic(&format!("files = 0, {size}"));
    assert_at(
        &only_problem(&text),
        &text,
        "0,",
        0,
        &["files = 0", "at least 1 file"],
    );
    let text = synthetic(&format!("files = 10000001, {size}"));
    assert_at(
        &only_problem(&text),
        &text,
        "10000001",
        0,
        &["files = 10000001", "more than 10000000"],
    );
    let text = synthetic(&format!("files = 5, depth = 21, {size}"));
    assert_at(
        &only_problem(&text),
        &text,
        "21",
        0,
        &["depth = 21", "0 to 20"],
    );
    let text = synthetic(&format!("files = 5, depth = 2, fan_out = 0, {size}"));
    assert_at(
        &only_problem(&text),
        &text,
        "0,",
        0,
        &["fan_out = 0", "depth = 2", "1 or more"],
    );
    // fan_out 0 with depth 0 is harmless: every file sits at the top.
    accepted(&synthetic(&format!(
        "files = 5, depth = 0, fan_out = 0, {size}"
    )));
    let text = synthetic(size);
    assert_at(&only_problem(&text), &text, "{ kind", 0, &["needs files"]);
    let text = synthetic("files = 5");
    assert_at(&only_problem(&text), &text, "{ kind", 0, &["needs size"]);
}

#[test]
fn size_distributions_are_checked() {
    let text = synthetic(
        "files = 5, size = { distribution = \"uniform\", min = \"2MiB\", max = \"1MiB\" }",
    );
    assert_at(
        &only_problem(&text),
        &text,
        "\"1MiB\"",
        0,
        &["uniform max", "below min", "min <= max"],
    );
    let text = synthetic(
        "files = 5, size = { distribution = \"lognormal\", median = \"2MiB\", sigma = 1.0, max = \"1MiB\" }",
    );
    assert_at(
        &only_problem(&text),
        &text,
        "\"2MiB\"",
        0,
        &["median", "above max"],
    );
    let text = synthetic(
        "files = 5, size = { distribution = \"lognormal\", median = \"1KiB\", sigma = -0.5, max = \"1MiB\" }",
    );
    assert_at(
        &only_problem(&text),
        &text,
        "-0.5",
        0,
        &["sigma = -0.5", "0 or more"],
    );
    let text = synthetic(
        "files = 5, size = { distribution = \"lognormal\", median = \"2MiB\", sigma = -1, max = \"1MiB\" }",
    );
    assert_eq!(
        problems(&text).len(),
        2,
        "a bad sigma does not hide median > max"
    );
    let text = synthetic(
        "files = 5, size = { distribution = \"fixed\", value = \"1KiB\", min = \"1KiB\" }",
    );
    assert_at(
        &only_problem(&text),
        &text,
        "\"1KiB\" }",
        0,
        &["min is not used by distribution \"fixed\"", "takes value"],
    );
    let text = synthetic("files = 5, size = { distribution = \"fixed\" }");
    assert_at(
        &only_problem(&text),
        &text,
        "{ distribution",
        0,
        &["needs value"],
    );
    let text = synthetic("files = 5, size = { distribution = \"pareto\" }");
    assert_at(
        &only_problem(&text),
        &text,
        "\"pareto\"",
        0,
        &["fixed, uniform, lognormal"],
    );
    let text = synthetic("files = 5, size = { distribution = \"fixed\", value = \"8 bananas\" }");
    assert_at(
        &only_problem(&text),
        &text,
        "\"8 bananas\"",
        0,
        &["value", "unknown unit"],
    );

    let scenario = accepted(&synthetic(
        "files = 5, depth = 2, fan_out = 3, seed = 9, size = { distribution = \"lognormal\", median = \"256KiB\", sigma = 1.2, max = \"64MiB\" }",
    ));
    assert_eq!(
        scenario.sites[0].source,
        SourceSpec::Synthetic(SyntheticSpec {
            files: 5,
            depth: 2,
            fan_out: 3,
            seed: 9,
            size: SizeDistribution::LogNormal {
                median: 256 * 1024,
                sigma: 1.2,
                max: 64 * MIB
            },
        })
    );
}

#[test]
fn keys_of_the_other_source_kind_are_refused() {
    let text = one_site(
        "files",
        LIBRARY,
        "{ kind = \"folder\", path = \".\", files = 3 }",
    );
    assert_at(
        &only_problem(&text),
        &text,
        "3 }",
        0,
        &["files belongs to a synthetic source"],
    );
    let text =
        synthetic("path = \"x\", files = 3, size = { distribution = \"fixed\", value = \"1KiB\" }");
    assert_at(
        &only_problem(&text),
        &text,
        "\"x\"",
        0,
        &["path belongs to a folder source"],
    );
}

#[test]
fn problems_in_several_sites_are_all_reported() {
    let text = format!(
        "{HEAD}{}{}{}",
        site("A").replace("files = 3", "files = 0"),
        site("B").replace("\"sharepoint\"", "\"exchange\""),
        site("A"),
    );
    let diagnostics = problems(&text);
    assert_eq!(diagnostics.len(), 3, "{diagnostics:#?}");
    assert!(diagnostics[0].message.contains("files = 0"));
    assert!(diagnostics[1].message.contains("unknown workload"));
    assert!(diagnostics[2].message.contains("already used"));
}

const TEAM: &str = "02bd9fd6-8f93-4758-87c3-1fb73740a315";
const CHANNEL: &str = "19:09fc54a3141a45d0bc769cf506d2e079@thread.tacv2";

#[test]
fn teams_destinations_name_a_team_and_a_channel() {
    let scenario = accepted(&one_site(
        "teams",
        &format!("{{ team = \"{TEAM}\", channel = \"{CHANNEL}\", folder = \"/pilot/a/\" }}"),
        SYNTHETIC,
    ));
    assert_eq!(
        scenario.sites[0].destination,
        Destination::Channel {
            team: TEAM.to_string(),
            channel: CHANNEL.to_string(),
            folder: "pilot/a".to_string(),
        }
    );
    assert_eq!(scenario.sites[0].destination.folder(), "pilot/a");
}

#[test]
fn a_channel_destination_is_checked_where_written() {
    let text = one_site(
        "teams",
        &format!("{{ team = \"Ward 7\", channel = \"{CHANNEL}\" }}"),
        SYNTHETIC,
    );
    assert_at(
        &only_problem(&text),
        &text,
        "\"Ward 7\"",
        0,
        &["team \"Ward 7\" is not a team id", "GUID"],
    );
    let text = one_site(
        "teams",
        &format!("{{ team = \"{TEAM}\", channel = \"General\" }}"),
        SYNTHETIC,
    );
    assert_at(
        &only_problem(&text),
        &text,
        "\"General\"",
        0,
        &["not a channel id", "@thread.tacv2"],
    );
    let text = one_site("teams", &format!("{{ team = \"{TEAM}\" }}"), SYNTHETIC);
    assert_at(
        &only_problem(&text),
        &text,
        "{ team",
        0,
        &["channel is missing", "channel = "],
    );
    let text = one_site(
        "teams",
        &format!(
            "{{ team = \"{TEAM}\", channel = \"{CHANNEL}\", library = \"Documents\", folder = \"a:b\" }}"
        ),
        SYNTHETIC,
    );
    let diagnostics = problems(&text);
    assert_eq!(diagnostics.len(), 2, "{diagnostics:#?}");
    assert!(
        diagnostics
            .iter()
            .any(|d| d.message.contains("the team and the channel only"))
    );
    assert!(
        diagnostics
            .iter()
            .any(|d| d.message.contains("SharePoint refuses"))
    );
}

#[test]
fn only_the_teams_workload_takes_a_channel() {
    let text = one_site(
        "sharepoint",
        &format!("{{ team = \"{TEAM}\", channel = \"{CHANNEL}\" }}"),
        SYNTHETIC,
    );
    let diagnostics = problems(&text);
    assert_eq!(diagnostics.len(), 2, "{diagnostics:#?}");
    assert_at(
        &diagnostics[0],
        &text,
        &format!("\"{TEAM}\""),
        0,
        &[
            "team and channel are for teams destinations",
            "workload sharepoint",
        ],
    );
    // A teams destination naming neither shape hears of both.
    let text = one_site("teams", "{ folder = \"x\" }", SYNTHETIC);
    let diagnostics = problems(&text);
    assert!(
        diagnostics
            .iter()
            .any(|d| d.message.contains("or name the team and channel")),
        "{diagnostics:#?}"
    );
}
