//! Issue 14 items 7 and 8 through the real binary: a destination folder SharePoint refuses and
//! a URL carrying credentials are refused by `validate`, `scan` and `run` (exit 2, naming the
//! line), before any request, and the credentials are never printed.

use crate::support::{TempDir, describe, fixture_path, pilotbench};

/// The scan fixture's scenario with its destination line replaced by `destination`.
fn scenario_with(dir: &TempDir, destination: &str) -> String {
    let text = std::fs::read_to_string(fixture_path("scan/scenario.toml")).unwrap();
    let line = text
        .lines()
        .find(|line| line.starts_with("destination = "))
        .expect("a destination line");
    let path = dir.path().join("scenario.toml");
    std::fs::write(&path, text.replace(line, destination)).unwrap();
    std::fs::create_dir_all(dir.path().join("tree")).unwrap();
    path.to_str().unwrap().to_string()
}

#[test]
fn a_refused_destination_folder_or_credentials_in_a_url_stop_every_command() {
    let dir = TempDir::new("scenario-refusals");
    for (destination, words) in [
        (
            "destination = { site = \"https://contoso.sharepoint.com/sites/scan\", library = \"Documents\", folder = \"forms\" }",
            "forms-root-folder",
        ),
        (
            "destination = { site = \"https://contoso.sharepoint.com/sites/scan\", library = \"Documents\", folder = \"pilot \" }",
            "leading-trailing-space",
        ),
        (
            "destination = { site = \"https://jo:Pa55word@contoso.sharepoint.com/sites/scan\", library = \"Documents\", folder = \"pilot\" }",
            "user name or password",
        ),
    ] {
        let scenario = scenario_with(&dir, destination);
        let out = dir.path().join("out");
        for command in [
            vec!["validate", scenario.as_str()],
            vec!["scan", scenario.as_str(), "--out", out.to_str().unwrap()],
            vec!["run", scenario.as_str(), "--out", out.to_str().unwrap()],
        ] {
            let output = pilotbench(&command);
            let shown = describe(&output);
            assert_eq!(output.status.code(), Some(2), "{command:?}: {shown}");
            assert!(shown.contains(words), "{command:?}: {shown}");
            assert!(
                shown.contains("scenario.toml:"),
                "the place is named: {shown}"
            );
            assert!(
                !shown.contains("Pa55word"),
                "{command:?} printed the password: {shown}"
            );
        }
        assert!(
            !out.exists(),
            "nothing was written or sent for {destination}"
        );
    }
}
