//! Graph-drive sources, their seed, and `copy_mode`.

use super::*;

const SEEDED: &str = "seed = { kind = \"synthetic\", files = 4, size = { distribution = \"fixed\", value = \"2KiB\" }, seed = 3 }";

fn graph_site(source: &str, copy_mode: Option<&str>) -> String {
    let mode = copy_mode.map_or(String::new(), |m| format!("copy_mode = \"{m}\"\n"));
    format!(
        "\n[[site]]\nname = \"Copy\"\nworkload = \"sharepoint\"\n\
         destination = {{ site = \"https://example.sharepoint.com/sites/to\", library = \"Documents\" }}\n\
         source = {source}\n{mode}"
    )
}

#[test]
fn a_seeded_graph_drive_source_in_server_mode_loads() {
    let source = format!(
        "{{ kind = \"graph-drive\", site_url = \"https://example.sharepoint.com/sites/from/\", library = \"Shared\", folder = \"/old/files/\", {SEEDED} }}"
    );
    let scenario = accepted(&with(&graph_site(&source, Some("server"))));
    let site = &scenario.sites[0];
    assert_eq!(site.copy_mode, CopyMode::Server);
    let SourceSpec::GraphDrive(spec) = &site.source else {
        panic!("{:?}", site.source)
    };
    assert_eq!(
        spec.drive,
        DriveLocation::Library {
            site_url: "https://example.sharepoint.com/sites/from"
                .parse()
                .expect("url"),
            library: "Shared".into()
        }
    );
    assert_eq!(spec.folder, "old/files");
    assert!(
        matches!(spec.seed.as_deref(), Some(SourceSpec::Synthetic(s)) if s.files == 4 && s.seed == 3)
    );
    // The other site keeps the default.
    assert_eq!(scenario.sites[1].copy_mode, CopyMode::Stream);
}

#[test]
fn a_onedrive_source_defaults_to_stream_and_the_root() {
    let source = format!("{{ kind = \"graph-drive\", user = \"jo@example.nhs.uk\", {SEEDED} }}");
    let scenario = accepted(&with(&graph_site(&source, None)));
    let SourceSpec::GraphDrive(spec) = &scenario.sites[0].source else {
        panic!("not a graph-drive source")
    };
    assert_eq!(
        spec.drive,
        DriveLocation::OneDrive {
            user: "jo@example.nhs.uk".into()
        }
    );
    assert_eq!(spec.folder, "");
    assert_eq!(scenario.sites[0].copy_mode, CopyMode::Stream);
}

#[test]
fn a_simulated_target_needs_the_seed() {
    let source = "{ kind = \"graph-drive\", user = \"jo@example.nhs.uk\" }";
    let text = with(&graph_site(source, None));
    let problem = only_problem(&text);
    assert!(problem.message.contains("needs the content"), "{problem}");
    assert_eq!((problem.line, problem.column), {
        let (line, column) = position(&text, "{ kind = \"graph-drive\"", 0);
        (Some(line), Some(column))
    });
}

#[test]
fn server_mode_needs_a_graph_drive_source() {
    let source = "{ kind = \"synthetic\", files = 3, size = { distribution = \"fixed\", value = \"1KiB\" } }";
    let text = with(&graph_site(source, Some("server")));
    let problem = only_problem(&text);
    assert!(problem.message.contains("same tenant"), "{problem}");
    let (line, column) = position(&text, "\"server\"", 0);
    assert_eq!((problem.line, problem.column), (Some(line), Some(column)));
}

#[test]
fn wrong_keys_and_modes_are_placed() {
    let unknown_mode = only_problem(&with(&graph_site(
        &format!("{{ kind = \"graph-drive\", user = \"jo@example.nhs.uk\", {SEEDED} }}"),
        Some("teleport"),
    )));
    assert!(
        unknown_mode.message.contains("stream, server"),
        "{unknown_mode}"
    );

    let both = only_problem(&with(&graph_site(
        &format!(
            "{{ kind = \"graph-drive\", user = \"jo@example.nhs.uk\", site_url = \"https://example.sharepoint.com/sites/a\", {SEEDED} }}"
        ),
        None,
    )));
    assert!(both.message.contains("not both"), "{both}");

    let number_seed = only_problem(&with(&graph_site(
        "{ kind = \"graph-drive\", user = \"jo@example.nhs.uk\", seed = 4 }",
        None,
    )));
    assert!(
        number_seed.message.contains("seed is a table"),
        "{number_seed}"
    );

    let table_seed_on_synthetic = only_problem(&with(&graph_site(
        "{ kind = \"synthetic\", files = 3, size = { distribution = \"fixed\", value = \"1KiB\" }, seed = { kind = \"folder\", path = \".\" } }",
        None,
    )));
    assert!(
        table_seed_on_synthetic.message.contains("whole number"),
        "{table_seed_on_synthetic}"
    );

    let folder_on_synthetic = only_problem(&with(&graph_site(
        "{ kind = \"synthetic\", files = 3, folder = \"x\", size = { distribution = \"fixed\", value = \"1KiB\" } }",
        None,
    )));
    assert!(
        folder_on_synthetic.message.contains("graph-drive"),
        "{folder_on_synthetic}"
    );

    let bad_seed_key = problems(&with(&graph_site(
        "{ kind = \"graph-drive\", user = \"jo@example.nhs.uk\", seed = { kind = \"synthetic\", filez = 3 } }",
        None,
    )));
    assert!(
        bad_seed_key.iter().any(|p| p.message.contains("filez")),
        "{bad_seed_key:#?}"
    );
}

/// A source's drive is written `site_url`, a destination's `site`: each message names the key
/// the user wrote.
#[test]
fn a_bad_site_url_is_named_by_its_own_key() {
    let text = with(&graph_site(
        &format!(
            "{{ kind = \"graph-drive\", site_url = \"http://example.sharepoint.com/sites/a\", {SEEDED} }}"
        ),
        None,
    ));
    let problem = only_problem(&text);
    assert!(
        problem
            .message
            .starts_with("site_url \"http://example.sharepoint.com/sites/a\" uses http;"),
        "{problem}"
    );
    assert_at(&problem, &text, "\"http://example", 0, &["site_url"]);

    let destination = only_problem(&with(
        "\n[[site]]\nname = \"Bad\"\nworkload = \"sharepoint\"\n\
         destination = { site = \"https://example.sharepoint.com/personal/x\", library = \"Documents\" }\n\
         source = { kind = \"synthetic\", files = 1, size = { distribution = \"fixed\", value = \"1KiB\" } }\n",
    ));
    assert!(
        destination.message.starts_with(
            "site \"https://example.sharepoint.com/personal/x\" does not name a site;"
        ),
        "{destination}"
    );
}

/// A seed is local content whatever the case of its kind: `Graph-Drive` is refused as a seed,
/// not checked as a second graph-drive source.
#[test]
fn a_seed_cannot_be_a_graph_drive_in_any_case() {
    for kind in ["graph-drive", "Graph-Drive"] {
        let text = with(&graph_site(
            &format!(
                "{{ kind = \"graph-drive\", user = \"jo@example.nhs.uk\", seed = {{ kind = \"{kind}\", user = \"x@example.nhs.uk\" }} }}"
            ),
            None,
        ));
        let problem = only_problem(&text);
        assert!(
            problem.message.starts_with("a seed is local content"),
            "{kind}: {problem}"
        );
        assert_at(&problem, &text, &format!("\"{kind}\", user = \"x@"), 0, &[]);
    }
}

#[test]
fn copy_settings_of_the_simulated_tenant_load() {
    let text = format!(
        "[pilot]\nname = \"P\"\norganisation = \"O\"\n\n[target]\nkind = \"simulated\"\n\n\
         [target.simulated]\ncopy_failure_rate = 0.25\ncopy_job_duration = \"300ms\"\n{}",
        site("Good")
    );
    let scenario = accepted(&text);
    let Target::Simulated(simulated) = &scenario.target else {
        panic!("expected a simulated target");
    };
    assert_eq!(simulated.copy_failure_rate, 0.25);
    assert_eq!(simulated.copy_job_duration_us, 300_000);
    let defaults = accepted(&with(""));
    let Target::Simulated(simulated) = &defaults.target else {
        panic!("expected a simulated target");
    };
    assert_eq!(simulated.copy_failure_rate, 0.0);
    assert_eq!(simulated.copy_job_duration_us, DEFAULT_COPY_JOB_DURATION_US);
}

#[test]
fn the_server_copy_scenario_loads() {
    let scenario = load(&repo_file("scenarios/server-copy.toml")).unwrap_or_else(|e| panic!("{e}"));
    let modes: Vec<CopyMode> = scenario.sites.iter().map(|s| s.copy_mode).collect();
    assert_eq!(modes, [CopyMode::Server, CopyMode::Stream]);
    assert!(
        scenario
            .sites
            .iter()
            .all(|s| matches!(&s.source, SourceSpec::GraphDrive(spec) if spec.seed.is_some()))
    );
}
