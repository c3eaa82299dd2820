//! The suite's own shape: one integration-test crate. A `.rs` file directly in `tests/`, or a
//! folder there with a `main.rs`, is one more binary for cargo to link the whole library into;
//! its tests belong in a module of `tests/it` instead.

use crate::support::root;

#[test]
fn the_integration_tests_are_one_crate() {
    let tests = root().join("tests");
    let mut crates: Vec<String> = std::fs::read_dir(&tests)
        .expect("tests/ is readable")
        .map(|entry| entry.expect("a folder entry").path())
        .filter(|path| {
            path.extension().is_some_and(|e| e == "rs") || path.join("main.rs").is_file()
        })
        .map(|path| {
            path.file_name()
                .expect("a name")
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    crates.sort();
    assert_eq!(
        crates,
        ["it"],
        "tests/ should hold one test crate, tests/it: make each of the others a module of it"
    );
}
