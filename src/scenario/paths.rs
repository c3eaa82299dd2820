//! Paths the scenario names (a folder source, the migration list, the issues log), made
//! absolute against the scenario file's own folder, so a scenario means the same files
//! whatever the working directory.

use std::path::{Component, Path, PathBuf};

/// `path` made absolute against `base` and cleaned of `.` and `..` (without touching the
/// file system, so symlinks are kept as written).
pub(crate) fn resolve(base: &Path, path: &Path) -> PathBuf {
    if path.is_absolute() {
        clean(path)
    } else {
        clean(&base.join(path))
    }
}

/// The absolute, clean folder holding the scenario file.
pub(crate) fn scenario_folder(scenario: &Path) -> PathBuf {
    let parent = match scenario.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    };
    let absolute = std::path::absolute(parent).unwrap_or_else(|_| parent.to_path_buf());
    clean(&absolute)
}

/// Removes `.` and resolves `..` lexically.
fn clean(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for component in path.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir => {
                let popped =
                    matches!(out.components().next_back(), Some(Component::Normal(_))) && out.pop();
                if !popped && !out.has_root() {
                    out.push("..");
                }
            }
            other => out.push(other),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_paths_resolve_against_the_base_and_are_cleaned() {
        let base = Path::new("/work/project/scenarios");
        assert_eq!(
            resolve(base, Path::new("../fixtures/trees/estates")),
            PathBuf::from("/work/project/fixtures/trees/estates")
        );
        assert_eq!(
            resolve(base, Path::new("./a/./b")),
            PathBuf::from("/work/project/scenarios/a/b")
        );
        assert_eq!(
            resolve(base, Path::new("/data/x/../y")),
            PathBuf::from("/data/y")
        );
        assert_eq!(
            resolve(Path::new("/"), Path::new("../../x")),
            PathBuf::from("/x")
        );
    }

    #[test]
    fn the_scenario_folder_is_absolute() {
        let folder = scenario_folder(Path::new("scenarios/example.toml"));
        assert!(folder.is_absolute(), "{}", folder.display());
        assert!(folder.ends_with("scenarios"));
        let bare = scenario_folder(Path::new("example.toml"));
        assert!(bare.is_absolute());
        assert_eq!(
            Some(bare.as_path()),
            std::env::current_dir().ok().as_deref()
        );
    }
}
