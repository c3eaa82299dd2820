//! Tests of the folder walk and the local reader, on real trees built in a temporary folder.

use std::fs;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

use super::*;
use crate::vocab::quick_xor::QuickXor;
use crate::vocab::quick_xor::quick_xor_base64;

/// A fresh folder under the system temp dir, removed on drop.
struct Scratch {
    path: PathBuf,
}

impl Scratch {
    fn new(label: &str) -> Scratch {
        static COUNTER: AtomicUsize = AtomicUsize::new(0);
        let n = COUNTER.fetch_add(1, Ordering::Relaxed);
        let path = std::env::temp_dir().join(format!(
            "pilotbench-source-{}-{n}-{label}",
            std::process::id()
        ));
        let _ = fs::remove_dir_all(&path);
        fs::create_dir_all(&path).expect("create scratch folder");
        Scratch { path }
    }

    fn file(&self, rel: &str, content: &[u8]) -> PathBuf {
        let path = self.path.join(rel);
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent).expect("create parent");
        }
        fs::write(&path, content).expect("write file");
        path
    }

    fn dir(&self, rel: &str) {
        fs::create_dir_all(self.path.join(rel)).expect("create folder");
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = fs::remove_dir_all(&self.path);
    }
}

fn paths(tree: &SourceTree) -> Vec<&str> {
    tree.files.iter().map(|f| f.rel_path.as_str()).collect()
}

fn reason(file: &SourceFile) -> &str {
    match &file.origin {
        FileOrigin::Invalid { reason } => reason,
        other => panic!("{} should be invalid, is {other:?}", file.rel_path),
    }
}

fn find<'a>(tree: &'a SourceTree, rel: &str) -> &'a SourceFile {
    tree.files
        .iter()
        .find(|f| f.rel_path == rel)
        .unwrap_or_else(|| panic!("{rel} not listed in {:?}", paths(tree)))
}

#[test]
fn walks_depth_first_sorted_with_parents_first_and_empty_folders() {
    let scratch = Scratch::new("order");
    scratch.file("b.txt", b"bb");
    scratch.file("a/z.txt", b"z");
    scratch.file("a/b/c.txt", b"ccc");
    scratch.file("a b/x.txt", b"x");
    scratch.dir("empty");
    scratch.dir("a/b/deeper/empty too");

    let tree = enumerate(&scratch.path).expect("walk");

    assert_eq!(
        tree.folders,
        [
            "a",
            "a/b",
            "a/b/deeper",
            "a/b/deeper/empty too",
            "a b",
            "empty"
        ]
    );
    assert_eq!(paths(&tree), ["a/b/c.txt", "a/z.txt", "a b/x.txt", "b.txt"]);
    for (i, folder) in tree.folders.iter().enumerate() {
        if let Some((parent, _)) = folder.rsplit_once('/') {
            let at = tree.folders.iter().position(|f| f == parent);
            assert!(at.is_some_and(|p| p < i), "{parent} must precede {folder}");
        }
    }
    let mut sorted = tree.files.clone();
    sorted.sort_by(|a, b| crate::source::tree::path_order(&a.rel_path, &b.rel_path));
    assert_eq!(sorted, tree.files, "files are in path order");
    let c = find(&tree, "a/b/c.txt");
    assert_eq!(c.size, 3);
    assert!(c.modified.is_some());
    assert_eq!(c.origin, FileOrigin::Local(scratch.path.join("a/b/c.txt")));
    assert_eq!(tree.total_bytes(), 7);
}

#[test]
fn awkward_names_are_kept_as_they_are() {
    let scratch = Scratch::new("names");
    let names = [
        "with space.txt",
        "Übersicht – café.docx",
        "#hash.txt",
        "100% done.txt",
        "emoji 🙂.txt",
    ];
    for name in names {
        scratch.file(&format!("dir #1 %20/{name}"), name.as_bytes());
    }
    let tree = enumerate(&scratch.path).expect("walk");
    assert_eq!(tree.folders, ["dir #1 %20"]);
    for name in names {
        let file = find(&tree, &format!("dir #1 %20/{name}"));
        assert!(matches!(file.origin, FileOrigin::Local(_)));
        assert_eq!(file.size, name.len() as u64);
    }
}

#[cfg(unix)]
#[test]
fn symlinks_are_listed_as_invalid_and_never_followed() {
    let outside = Scratch::new("outside");
    let secret_file = outside.file("secret-file.txt", b"outside");
    outside.file("secret-dir/inner-secret.txt", b"outside");
    let scratch = Scratch::new("links");
    scratch.file("real.txt", b"real");
    std::os::unix::fs::symlink(&secret_file, scratch.path.join("link-to-file")).expect("symlink");
    std::os::unix::fs::symlink(
        outside.path.join("secret-dir"),
        scratch.path.join("link-to-dir"),
    )
    .expect("symlink");

    let tree = enumerate(&scratch.path).expect("walk");

    assert!(tree.folders.is_empty(), "{:?}", tree.folders);
    assert_eq!(paths(&tree), ["link-to-dir", "link-to-file", "real.txt"]);
    assert!(paths(&tree).iter().all(|p| !p.contains("secret")));
    let link = find(&tree, "link-to-file");
    assert_eq!(
        reason(link),
        format!(
            "symbolic link to {}, not followed: copy its target explicitly if it should migrate",
            secret_file.display()
        )
    );
    assert_eq!(link.size, 0);
    assert!(reason(find(&tree, "link-to-dir")).contains("secret-dir, not followed"));
}

#[cfg(unix)]
#[test]
fn a_name_that_is_not_utf8_is_invalid_and_escaped() {
    use std::ffi::OsStr;
    use std::os::unix::ffi::OsStrExt;
    let scratch = Scratch::new("utf8");
    let bad_file = OsStr::from_bytes(b"bad\xffname.txt");
    fs::write(scratch.path.join(bad_file), b"12345").expect("write bad name");
    let bad_dir = OsStr::from_bytes(b"caf\xe9");
    fs::create_dir(scratch.path.join(bad_dir)).expect("create bad folder");
    fs::write(scratch.path.join(bad_dir).join("inside.txt"), b"x").expect("write");

    let tree = enumerate(&scratch.path).expect("walk");

    assert!(tree.folders.is_empty());
    assert_eq!(paths(&tree), ["bad\u{FFFD}name.txt", "caf\u{FFFD}"]);
    let file = find(&tree, "bad\u{FFFD}name.txt");
    assert_eq!(file.size, 5);
    assert!(reason(file).contains("file name is not valid UTF-8: \"bad\\xFFname.txt\""));
    let dir = find(&tree, "caf\u{FFFD}");
    assert!(reason(dir).contains("folder name is not valid UTF-8: \"caf\\xE9\""));
    assert!(reason(dir).contains("contents are not listed"));
}

#[cfg(unix)]
#[test]
fn a_socket_is_not_a_regular_file() {
    let scratch = Scratch::new("socket");
    let _listener =
        std::os::unix::net::UnixListener::bind(scratch.path.join("app.sock")).expect("bind");
    let tree = enumerate(&scratch.path).expect("walk");
    assert_eq!(
        reason(find(&tree, "app.sock")),
        "not a regular file (socket)"
    );
}

#[cfg(unix)]
#[test]
fn an_unreadable_subfolder_is_one_invalid_entry() {
    use std::os::unix::fs::PermissionsExt;
    let scratch = Scratch::new("unreadable");
    scratch.file("locked/hidden.txt", b"x");
    scratch.file("open.txt", b"y");
    let locked = scratch.path.join("locked");
    fs::set_permissions(&locked, fs::Permissions::from_mode(0o000)).expect("chmod");
    let readable_anyway = fs::read_dir(&locked).is_ok(); // root ignores permissions
    let tree = enumerate(&scratch.path);
    fs::set_permissions(&locked, fs::Permissions::from_mode(0o755)).expect("chmod back");
    let tree = tree.expect("walk");
    if readable_anyway {
        assert_eq!(tree.folders, ["locked"]);
        return;
    }
    assert!(tree.folders.is_empty());
    assert_eq!(paths(&tree), ["locked", "open.txt"]);
    assert!(reason(find(&tree, "locked")).contains("folder cannot be read"));
}

#[test]
fn a_missing_root_or_a_file_root_is_a_root_error() {
    let scratch = Scratch::new("root");
    let missing = scratch.path.join("nope");
    let error = enumerate(&missing).expect_err("missing root");
    assert!(matches!(&error, SourceError::Root { path, .. } if *path == missing));
    assert!(error.to_string().contains("nope"), "{error}");

    let file = scratch.file("plain.txt", b"x");
    let error = enumerate(&file).expect_err("file root");
    assert!(
        matches!(&error, SourceError::Root { reason, .. } if reason.contains("not a folder")),
        "{error}"
    );
}

fn pattern(len: usize) -> Vec<u8> {
    (0..len).map(|i| (i * 31 % 251) as u8).collect()
}

async fn read_all(path: &Path, chunk: usize) -> Vec<Bytes> {
    let mut reader = LocalReader::open(path).await.expect("open");
    let mut chunks = Vec::new();
    loop {
        let bytes = reader.read_chunk(chunk).await.expect("read");
        if bytes.is_empty() {
            return chunks;
        }
        chunks.push(bytes);
    }
}

#[tokio::test]
async fn local_reader_returns_exactly_the_bytes_in_full_chunks() {
    let scratch = Scratch::new("reader");
    let content = pattern(1_000_003);
    let path = scratch.file("big.bin", &content);

    let chunks = read_all(&path, 327_680).await;
    let lengths: Vec<usize> = chunks.iter().map(Bytes::len).collect();
    assert_eq!(lengths, [327_680, 327_680, 327_680, 16_963]);
    let mut hash = QuickXor::new();
    for chunk in &chunks {
        hash.update(chunk);
    }
    assert_eq!(hash.finish_base64(), quick_xor_base64(&content));
    assert_eq!(chunks.concat(), content);

    // Tiny chunks (each read is a blocking-pool hop in tokio::fs, so keep this file small).
    let content = pattern(10_006);
    let path = scratch.file("small.bin", &content);
    let small = read_all(&path, 7).await;
    assert_eq!(small.len(), 1_430);
    assert!(small[..small.len() - 1].iter().all(|c| c.len() == 7));
    assert_eq!(small.last().map(Bytes::len), Some(3));
    assert_eq!(small.concat(), content);
}

#[tokio::test]
async fn local_reader_handles_empty_and_missing_files() {
    let scratch = Scratch::new("empty-read");
    let path = scratch.file("zero.bin", b"");
    assert!(read_all(&path, 1024).await.is_empty());
    let missing = LocalReader::open(&scratch.path.join("gone.bin")).await;
    assert_eq!(
        missing.err().map(|e| e.kind()),
        Some(std::io::ErrorKind::NotFound)
    );
}
