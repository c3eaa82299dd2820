//! The repository's fixtures (`fixtures/`): paths for the binary to read, and the documented
//! Graph payloads of `fixtures/graph/` as text or JSON for mock servers to answer with.

use std::path::PathBuf;

use serde_json::Value;

use super::binary::root;

/// Path of `relative` below `fixtures/` (`"readiness/good.toml"`).
pub fn fixture_path(relative: &str) -> PathBuf {
    root().join("fixtures").join(relative)
}

/// Path of a file in `fixtures/graph/`.
pub fn graph_fixture_path(name: &str) -> PathBuf {
    fixture_path("graph").join(name)
}

/// Text of a file in `fixtures/graph/`.
pub fn graph_fixture_text(name: &str) -> String {
    let path = graph_fixture_path(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
}

/// A JSON payload from `fixtures/graph/`.
pub fn graph_fixture(name: &str) -> Value {
    serde_json::from_str(&graph_fixture_text(name)).expect("fixture is JSON")
}
