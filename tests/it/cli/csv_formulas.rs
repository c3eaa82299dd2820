//! CSV cells a spreadsheet would run (issue 12 item 7): a source file named `=1+1.txt` and a
//! file whose quickXorHash begins with `+` are copied, and every CSV the run writes holds them
//! as text (a leading `'`), while `pilotbench report` reads its own files back to the names
//! and hashes themselves.

use std::path::Path;

use pilotbench::vocab::quick_xor::quick_xor_base64;

use crate::support::{
    Scenario, Site, Source, TempDir, assert_accounting, describe, pilotbench, run_quiet,
};

/// The characters Excel and LibreOffice start a formula with (and tab, CR).
const FORMULA_STARTS: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// Content whose quickXorHash (base64) begins with `+`. A short file's first hash byte is
/// its first byte, so the candidates vary that one.
fn content_hashing_to_plus() -> (Vec<u8>, String) {
    (0u32..100_000)
        .map(|n| [&n.to_le_bytes()[..], b" content\n"].concat())
        .map(|bytes| {
            let hash = quick_xor_base64(&bytes);
            (bytes, hash)
        })
        .find(|(_, hash)| hash.starts_with('+'))
        .expect("one in a hundred thousand hashes begins with +")
}

/// Every cell of every CSV file in `out`, as written (the csv crate drops only the BOM).
fn raw_cells(out: &Path) -> Vec<(String, String)> {
    let mut cells = Vec::new();
    for entry in std::fs::read_dir(out).expect("out").flatten() {
        let path = entry.path();
        if path.extension().is_some_and(|e| e == "csv") {
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            let mut reader = csv::ReaderBuilder::new()
                .has_headers(false)
                .flexible(true)
                .from_path(&path)
                .expect("csv");
            for record in reader.records() {
                for cell in record.expect("a well-formed row").iter() {
                    cells.push((name.clone(), cell.to_owned()));
                }
            }
        }
    }
    cells
}

#[test]
fn formula_names_and_hashes_come_out_of_every_csv_as_text() {
    let dir = TempDir::new("csv-formulas");
    let tree = dir.path().join("tree");
    std::fs::create_dir_all(&tree).unwrap();
    std::fs::write(tree.join("=1+1.txt"), b"two\n").unwrap();
    let (plus_content, plus_hash) = content_hashing_to_plus();
    std::fs::write(tree.join("plain.txt"), &plus_content).unwrap();
    std::fs::write(tree.join("@SUM(A1).txt"), b"sum\n").unwrap();
    let scenario = Scenario::simulated(7)
        .site(
            Site::file_share("=Share", "https://contoso.sharepoint.com/sites/share")
                .folder("pilot")
                .source(Source::folder("tree")),
        )
        .write(dir.path(), "formulas.toml");
    let out = dir.path().join("out");
    let output = run_quiet(&scenario, &out);
    assert_eq!(output.status.code(), Some(0), "{}", describe(&output));

    let cells = raw_cells(&out);
    assert!(
        cells
            .iter()
            .any(|(f, c)| f == "items.csv" && c == "'=1+1.txt"),
        "{cells:?}"
    );
    assert!(
        cells
            .iter()
            .any(|(f, c)| f == "items.csv" && c == "'@SUM(A1).txt")
    );
    let quoted_hash = format!("'{plus_hash}");
    assert!(
        cells
            .iter()
            .filter(|(f, c)| f == "items.csv" && *c == quoted_hash)
            .count()
            == 2,
        "source and destination hash of plain.txt as text: {cells:?}"
    );
    assert!(
        cells
            .iter()
            .any(|(f, c)| f == "pilot-results.csv" && c == "'=Share")
    );
    for (file, cell) in &cells {
        if let Some(first) = cell.chars().next() {
            assert!(
                !FORMULA_STARTS.contains(&first) || cell.parse::<f64>().is_ok(),
                "{file}: {cell:?} would be run as a formula"
            );
        }
    }

    // The readers strip the mark: the accounting reads the real names and hashes back, and
    // `pilotbench report` rebuilds the reports from the files.
    let (_, items) = assert_accounting(&out);
    assert_eq!(items.rows.len(), 3);
    let report = pilotbench(&["report", out.to_str().unwrap()]);
    assert_eq!(report.status.code(), Some(0), "{}", describe(&report));
    let read_back = pilotbench::run_folder::load(&out).expect("the run folder reads back");
    let mut names: Vec<&str> = read_back
        .items
        .iter()
        .map(|i| i.source_path.as_str())
        .collect();
    names.sort_unstable();
    assert_eq!(names, ["=1+1.txt", "@SUM(A1).txt", "plain.txt"]);
    let plain = read_back
        .items
        .iter()
        .find(|i| i.source_path == "plain.txt")
        .unwrap();
    assert_eq!(
        plain.quick_xor_hash_source.as_deref(),
        Some(plus_hash.as_str())
    );
}
