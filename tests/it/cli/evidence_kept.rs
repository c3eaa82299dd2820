//! The run folder as evidence: outputs are written as new files renamed into place, so a
//! symbolic link planted where an output goes is replaced and its target never written
//! (issue 14 item 5).

use crate::support::{
    Scenario, Site, Size, Source, TempDir, assert_accounting, describe, run_quiet,
};

#[test]
fn a_summary_json_link_in_the_output_folder_leaves_its_target_untouched() {
    let dir = TempDir::new("symlink-out");
    let scenario = Scenario::simulated(7)
        .site(
            Site::sharepoint("Finance", "https://contoso.sharepoint.com/sites/finance")
                .folder("pilot")
                .source(Source::synthetic(3).seed(3).size(Size::fixed("1KiB"))),
        )
        .write(dir.path(), "link.toml");
    let out = dir.path().join("out");
    std::fs::create_dir_all(&out).unwrap();
    let precious = dir.path().join("precious.txt");
    std::fs::write(&precious, "someone else's file\n").unwrap();
    let mut planted = Vec::new();
    for name in ["summary.json", "items.csv", "report.html"] {
        std::os::unix::fs::symlink(&precious, out.join(name)).unwrap();
        planted.push(name);
    }
    let output = run_quiet(&scenario, &out);
    assert_eq!(output.status.code(), Some(0), "{}", describe(&output));
    assert_eq!(
        std::fs::read_to_string(&precious).unwrap(),
        "someone else's file\n",
        "the link's target is untouched"
    );
    for name in planted {
        let meta = std::fs::symlink_metadata(out.join(name)).unwrap();
        assert!(
            meta.file_type().is_file(),
            "{name} is now a file of the run"
        );
    }
    assert_accounting(&out);
    let leftovers: Vec<_> = std::fs::read_dir(&out)
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".partial"))
        .collect();
    assert!(leftovers.is_empty(), "no partial files left: {leftovers:?}");
}
