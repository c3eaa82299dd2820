//! What the user sees for TOML-level mistakes: syntax errors, unknown keys (with the accepted
//! keys and a likely spelling), wrong types and missing keys, each at its `line:column`.

use super::*;

#[test]
fn a_syntax_error_is_placed_and_stops_further_checks() {
    let text = format!("{HEAD}\n[engine]\nconcurrency = \n");
    let diagnostic = only_problem(&text);
    let (line, _) = position(&text, "concurrency =", 0);
    assert_eq!(diagnostic.line, Some(line));
    assert!(
        diagnostic.message.starts_with("TOML syntax error:"),
        "{diagnostic}"
    );
}

#[test]
fn a_duplicate_key_is_a_syntax_error_at_the_second() {
    let text = format!("{HEAD}name = \"again\"\n{}", site("A"))
        .replace("kind = \"simulated\"\nname", "kind = \"simulated\"\nkind");
    let diagnostic = only_problem(&text);
    assert_at(&diagnostic, &text, "kind", 1, &["duplicate key"]);
}

#[test]
fn an_unknown_engine_key_names_the_key_the_table_and_the_accepted_keys() {
    let text = with("[engine]\nconcurency = 8\n");
    assert_at(
        &only_problem(&text),
        &text,
        "concurency",
        0,
        &[
            "unknown key \"concurency\" in [engine]",
            "expected one of concurrency, simple_upload_max, chunk_size, conflict, sites, request_timeout",
            "did you mean \"concurrency\"?",
        ],
    );
}

#[test]
fn unknown_keys_inside_inline_tables_name_their_place() {
    let text = format!("{HEAD}{}", site("A").replace("library =", "libary ="));
    assert_at(
        &only_problem(&text),
        &text,
        "libary",
        0,
        &[
            "unknown key \"libary\" in [[site]] destination",
            "site, library, user, folder",
            "did you mean \"library\"?",
        ],
    );
    let text = format!("{HEAD}{}", site("A").replace("value =", "size ="));
    assert_at(
        &only_problem(&text),
        &text,
        "size =",
        1,
        &[
            "unknown key \"size\" in [[site]] source.size",
            "distribution, value, min, max, median, sigma",
        ],
    );
    let text = format!(
        "{HEAD}[target.simulated]\nlatency = {{ median_ms = 4, p95_ms = 9 }}\n{}",
        site("A")
    );
    assert_at(
        &only_problem(&text),
        &text,
        "p95_ms",
        0,
        &[
            "unknown key \"p95_ms\" in [target.simulated.latency]",
            "median_ms, p99_ms",
        ],
    );
}

#[test]
fn an_unknown_section_lists_the_sections() {
    let text = with("[engin]\nconcurrency = 8\n");
    assert_at(
        &only_problem(&text),
        &text,
        "engin",
        0,
        &[
            "unknown section \"engin\"",
            "pilot, target, engine, thresholds, site",
        ],
    );
}

#[test]
fn a_wrong_type_names_the_key_and_what_to_write() {
    let text = with("[engine]\nconcurrency = \"8\"\n");
    assert_at(
        &only_problem(&text),
        &text,
        "\"8\"",
        0,
        &[
            "\"concurrency\" in [engine] has the wrong type",
            "found string \"8\"",
            "expected a whole number",
        ],
    );
    let text = with("[engine]\nchunk_size = true\n");
    assert_at(
        &only_problem(&text),
        &text,
        "true",
        0,
        &["\"chunk_size\"", "a size like \"10MiB\""],
    );
}

#[test]
fn a_missing_key_names_its_table() {
    let text = format!(
        "[pilot]\nname = \"P\"\n\n[target]\nkind = \"simulated\"\n{}",
        site("A")
    );
    assert_at(
        &only_problem(&text),
        &text,
        "[pilot]",
        0,
        &[
            "missing key \"organisation\" in [pilot]",
            "add organisation",
        ],
    );
    let text = format!("{HEAD}{}", site("A").replace("kind = \"synthetic\", ", ""));
    assert_at(
        &only_problem(&text),
        &text,
        "{ files",
        0,
        &["missing key \"kind\" in [[site]] source"],
    );
}

#[test]
fn a_broken_section_does_not_hide_the_problems_of_the_others() {
    let text = format!(
        "{HEAD}[engine]\ncolour = \"blue\"\n[thresholds]\nmax_failure_rate = 2.0\n{}{}",
        site("A")
            .replace("libary", "x")
            .replace("library =", "libary ="),
        site("B").replace("files = 3", "files = -1"),
    );
    let diagnostics = problems(&text);
    assert_eq!(diagnostics.len(), 4, "{diagnostics:#?}");
    assert!(diagnostics[0].message.contains("\"colour\""));
    assert!(diagnostics[1].message.contains("max_failure_rate = 2"));
    assert!(diagnostics[2].message.contains("\"libary\""));
    assert!(diagnostics[3].message.contains("files = -1"));
    let lines: Vec<_> = diagnostics.iter().map(|d| d.line.unwrap_or(0)).collect();
    assert!(lines.windows(2).all(|pair| pair[0] < pair[1]), "{lines:?}");
}
