//! Tests of `report.html` as text: the sections and charts are there, every outside string
//! is escaped in every section, nothing is fetched from the network, no `NaN`/`inf` reaches an
//! SVG coordinate whatever the data (empty run, one point, non-finite estimate figures), and
//! no file of the module but `markup.rs` can write markup unescaped.

use serde_json::json;

use super::render_html;
use crate::estimate::{
    BucketFit, Effort, Estimate, FittedOn, Projection, Scope, ScopeProjection, Wave,
};
use crate::gonogo::{Criterion, CriterionKind, Decision, Verdict};
use crate::run_folder::{ItemRow, RunEvidence, RunSummary, Spelled};
use crate::vocab::outcome::Outcome;
use crate::vocab::size_bucket::SizeBucket;
use crate::vocab::units::MIB;

const HOSTILE: &str = "<script>alert(1)</script>";

/// One `summary.json` site entry.
fn site(name: &str, series: serde_json::Value, error: Option<&str>) -> serde_json::Value {
    json!({
        "site": name, "workload": "sharepoint", "source": "synthetic",
        "files_planned": 3, "files_verified": 2, "files_unverified": 0, "files_failed": 1,
        "files_skipped": 0, "files_not_run": 0, "bytes_copied": 3 * MIB, "duration_s": 2.0,
        "files_per_s": 1.0, "mib_per_s": 1.5, "requests": 9, "retries": 1,
        "throttled_responses": 1, "throttled_wait_s": 1.0, "failure_rate": 0.333,
        "latency_p50_ms": 12.5, "latency_p99_ms": 80.0,
        "operations": {
            "upload-simple": { "count": 4, "errors": 0, "p50_ms": 10.0, "p90_ms": 20.0, "p99_ms": 30.0, "max_ms": 31.0 },
            "token": { "count": 1, "errors": 0, "p50_ms": 3.0, "p90_ms": 3.0, "p99_ms": 3.0, "max_ms": 3.0 },
            "upload-cancel": { "count": 0, "errors": 0, "p50_ms": 0.0, "p90_ms": 0.0, "p99_ms": 0.0, "max_ms": 0.0 }
        },
        "failure_classes": { "hash-mismatch": 1 },
        "throttling": { "responses": 9, "throttled_responses": 1, "throttled_share": 0.111,
                        "escalation_share": 0.3, "above_escalation": false, "gate_wait_s": 0.0 },
        "throughput_series": series,
        "error": error
    })
}

/// A run whose sites are `sites` and whose `TOTAL` is `total`.
fn evidence(
    sites: Vec<serde_json::Value>,
    total: serde_json::Value,
    items: Vec<ItemRow>,
) -> RunEvidence {
    let summary: RunSummary = serde_json::from_value(json!({
        "pilotbench_version": "0.1.0",
        "scenario": { "path": "/pilots/example.toml", "sha256": "ab".repeat(32) },
        "pilot": { "name": "Pilot <b>one</b>", "organisation": "Example NHS Trust & Co" },
        "target": { "kind": "graph", "description": "Microsoft Graph at https://graph.microsoft.com/v1.0" },
        "engine": { "concurrency": 2, "sites": "parallel" },
        "started_utc": "2026-01-01T09:00:00.000Z",
        "ended_utc": "2026-01-01T09:00:03.000Z",
        "interrupted": true,
        "sites": sites,
        "total": total
    }))
    .expect("a summary of the shape pilotbench writes");
    RunEvidence {
        dir: "/runs/one".into(),
        summary,
        items,
    }
}

fn item(site: &str, size: u64, outcome: &str, duration_ms: f64) -> ItemRow {
    ItemRow {
        site: site.to_string(),
        source_path: "a/b.txt".into(),
        destination_path: "pilot/a/b.txt".into(),
        size_bytes: size,
        quick_xor_hash_source: None,
        quick_xor_hash_destination: None,
        outcome: Outcome::from_spelling(outcome).expect("an outcome"),
        failure_class: None,
        attempts: 1,
        duration_ms,
        last_error: None,
    }
}

fn two_site_run() -> RunEvidence {
    let series = json!([{ "second": 0, "bytes": MIB, "files": 1 }, { "second": 1, "bytes": 2 * MIB, "files": 1 }]);
    evidence(
        vec![
            site(
                HOSTILE,
                series.clone(),
                Some("HTTP 500 from http://127.0.0.1:1/<b>"),
            ),
            site("Finance", series.clone(), None),
        ],
        site("TOTAL", series, None),
        vec![
            item(HOSTILE, 1_000, "verified", 100.0),
            item(HOSTILE, 2 * MIB, "verified", 400.0),
            item("Finance", 3 * MIB, "failed", 50.0),
        ],
    )
}

fn projection(p50_h: f64, p90_h: f64) -> Projection {
    Projection {
        p50_us: (p50_h * 3_600e6) as u64,
        p90_us: (p90_h * 3_600e6) as u64,
        p50_calendar_days: p50_h / 8.0,
        p90_calendar_days: p90_h / 8.0,
    }
}

fn estimate() -> Estimate {
    let scope = |scope, name: &str, p50, p90| ScopeProjection {
        scope,
        name: name.to_string(),
        items: 1_000,
        bytes: 10 * MIB,
        projection: projection(p50, p90),
    };
    Estimate {
        fitted_on: FittedOn {
            items: 2,
            bytes: 3 * MIB,
            concurrency: 2,
            throttled_share: 0.1,
            buckets: SizeBucket::ALL
                .iter()
                .map(|&bucket| BucketFit {
                    bucket,
                    samples: 1,
                    bytes: MIB,
                    overhead_us: 1_000.0,
                    us_per_mib: 2_000.0,
                    mib_per_s: if bucket == SizeBucket::From100M {
                        f64::NAN
                    } else {
                        1.5
                    },
                    sparse: bucket != SizeBucket::Under64K,
                })
                .collect(),
            ..FittedOn::default()
        },
        overall: projection(30.0, 45.0),
        scopes: vec![
            scope(Scope::Total, "TOTAL", 30.0, 45.0),
            scope(Scope::Workload, "sharepoint", 20.0, 30.0),
            scope(Scope::Site, HOSTILE, 10.0, 15.0),
        ],
        effort: Effort {
            person_days: 12.5,
            waves: vec![Wave {
                number: 1,
                sites: vec![HOSTILE.to_string()],
                items: 1_000,
                bytes: 10 * MIB,
                projection: projection(10.0, 15.0),
            }],
            ..Effort::default()
        },
        warnings: vec![format!(
            "row {HOSTILE} holds files above 100 MiB; the pilot had none"
        )],
        ..Estimate::default()
    }
}

fn decision() -> Decision {
    Decision {
        criteria: CriterionKind::ALL
            .iter()
            .map(|&kind| Criterion {
                kind,
                verdict: if kind == CriterionKind::Licensing {
                    Verdict::NoGo
                } else {
                    Verdict::Go
                },
                evidence: vec![format!("evidence for {}", kind.title())],
                reasons: if kind == CriterionKind::Licensing {
                    vec![format!("licences short for site {HOSTILE}")]
                } else {
                    Vec::new()
                },
            })
            .collect(),
    }
}

/// The values of every numeric SVG attribute in `html`.
fn svg_numbers(html: &str) -> Vec<String> {
    let mut values = Vec::new();
    for name in [
        " x", " y", " x1", " x2", " y1", " y2", " cx", " cy", " width", " height", " points",
    ] {
        let needle = format!("{name}=\"");
        let mut rest = html;
        while let Some(start) = rest.find(&needle) {
            rest = &rest[start + needle.len()..];
            let end = rest.find('"').unwrap_or(rest.len());
            values.push(rest[..end].to_string());
            rest = &rest[end..];
        }
    }
    values
}

fn assert_all_coordinates_finite(html: &str) {
    let numbers = svg_numbers(html);
    assert!(!numbers.is_empty());
    for value in numbers {
        for part in value.split([' ', ',']).filter(|p| !p.is_empty()) {
            let parsed: f64 = part
                .parse()
                .unwrap_or_else(|_| panic!("not a number: {value:?}"));
            assert!(parsed.is_finite(), "{value:?}");
        }
    }
    assert!(!html.contains("NaN"), "NaN in the page");
    assert!(!html.contains("inf\""), "inf in an attribute");
}

/// Every `http://` or `https://` in `html` is plain text: not inside a tag (an attribute) and
/// not inside the stylesheet; and nothing loads a resource at all.
fn assert_no_external_resource(html: &str) {
    for scheme in ["http://", "https://"] {
        for (at, _) in html.match_indices(scheme) {
            let before = &html[..at];
            let open = before.rfind('<').unwrap_or(0);
            let close = before.rfind('>');
            assert!(
                close.is_some_and(|close| close > open),
                "{scheme} inside a tag at {at}"
            );
            let in_style = before
                .rfind("<style")
                .is_some_and(|s| before.rfind("</style>").is_none_or(|e| e < s));
            assert!(!in_style, "{scheme} inside the stylesheet");
        }
    }
    let lower = html.to_lowercase();
    for forbidden in [
        " src=",
        "url(",
        "@import",
        "<link",
        "<img",
        "<iframe",
        "<object",
        "<embed",
        "xlink:href",
        "<script",
    ] {
        assert!(!lower.contains(forbidden), "{forbidden} in the page");
    }
    for (at, _) in lower.match_indices("href=\"") {
        assert!(
            lower[at + 6..].starts_with('#'),
            "a link that leaves the page at {at}"
        );
    }
}

#[test]
fn the_estimate_chart_and_the_five_criteria_are_rendered() {
    let html = render_html(&two_site_run(), Some(&estimate()), Some(&decision()));
    for id in super::CHART_IDS {
        assert!(
            html.contains(&format!("<figure class=\"chart\" id=\"{id}\"")),
            "{id}"
        );
    }
    // Three scopes with P50 and P90 each.
    let estimate_chart = &html[html.find("id=\"chart-estimate\"").unwrap_or(0)..];
    let estimate_chart = &estimate_chart[..estimate_chart.find("</figure>").unwrap_or(0)];
    assert!(
        estimate_chart.contains("data-bars=\"6\""),
        "{estimate_chart}"
    );
    assert!(estimate_chart.contains("data-series=\"2\""));
    assert!(!html.contains("id=\"no-estimate\""));

    assert_eq!(html.matches("<article class=\"criterion").count(), 5);
    for kind in CriterionKind::ALL {
        assert!(html.contains(&format!(
            "id=\"criterion-{}\"",
            super::decision_section::kind_slug(kind)
        )));
        assert!(html.contains(kind.title()));
    }
    assert!(html.contains("data-kind=\"licensing\" data-verdict=\"no-go\""));
    assert_eq!(html.matches("data-verdict=\"go\"").count(), 4);
    assert!(html.contains("id=\"decision-headline\" data-verdict=\"no-go\">✗ Not Good to Go</p>"));
    assert!(html.contains("person-days") && html.contains("12.5"));
    assert!(
        html.contains("too few samples"),
        "sparse buckets are marked"
    );
}

#[test]
fn every_outside_string_is_escaped() {
    let html = render_html(&two_site_run(), Some(&estimate()), Some(&decision()));
    assert!(
        !html.to_lowercase().contains("<script"),
        "a site name became markup"
    );
    assert!(!html.contains("<b>"), "pilot names and errors are text");
    let escaped = "&lt;script&gt;alert(1)&lt;/script&gt;";
    // Results table, throughput legend and series, estimate scope, wave, warning, reason.
    assert!(
        html.matches(escaped).count() >= 6,
        "{}",
        html.matches(escaped).count()
    );
    assert!(html.contains("Example NHS Trust &amp; Co"));
}

#[test]
fn nothing_is_fetched_from_the_network() {
    let html = render_html(&two_site_run(), Some(&estimate()), Some(&decision()));
    assert!(
        html.contains("https://graph.microsoft.com/v1.0"),
        "the tenant URL is shown as text"
    );
    assert_no_external_resource(&html);
    assert!(html.contains("Content-Security-Policy\" content=\"default-src 'none'"));
}

#[test]
fn without_estimate_or_decision_the_page_says_so() {
    let html = render_html(&two_site_run(), None, None);
    assert!(html.contains("id=\"no-estimate\">No migration list given"));
    assert!(html.contains("id=\"no-decision\">No Go/No-Go decision was made"));
    assert!(!html.contains("id=\"chart-estimate\""));
    assert!(!html.contains("class=\"criterion"));
    assert!(
        html.contains("id=\"interrupted\""),
        "the interrupted flag is shown"
    );
    // The run charts: 2 sites; 2 operations used × 3 percentiles; 5 buckets.
    assert!(html.contains("id=\"chart-throughput\" data-series=\"2\" data-points=\"4\""));
    assert!(html.contains("id=\"chart-latency\" data-series=\"3\" data-bars=\"6\""));
    assert!(html.contains("id=\"chart-buckets\" data-series=\"1\" data-bars=\"5\""));
    assert_no_external_resource(&html);
    assert_all_coordinates_finite(&html);
}

#[test]
fn an_empty_run_renders_with_finite_coordinates() {
    let html = render_html(
        &evidence(vec![], site("TOTAL", json!([]), None), vec![]),
        None,
        None,
    );
    assert!(html.contains("id=\"chart-throughput\" data-series=\"0\" data-points=\"0\""));
    assert!(html.contains("No site in this run"));
    assert_all_coordinates_finite(&html);

    let mut empty_total = site("TOTAL", json!([]), None);
    empty_total["operations"] = json!({});
    let html = render_html(
        &evidence(vec![], empty_total, vec![]),
        Some(&Estimate::default()),
        None,
    );
    assert!(html.contains("No request was recorded"));
    assert!(html.contains("id=\"chart-estimate\" data-series=\"0\" data-bars=\"0\""));
    assert_all_coordinates_finite(&html);
}

#[test]
fn non_finite_figures_never_reach_the_svg() {
    let html = render_html(&two_site_run(), Some(&estimate()), None);
    assert_all_coordinates_finite(&html);
    assert!(html.contains(">–</td>"), "a NaN rate is shown as a dash");
}

#[test]
fn a_single_point_is_drawn_as_a_marker() {
    let one = json!([{ "second": 0, "bytes": MIB, "files": 1 }]);
    let html = render_html(
        &evidence(
            vec![site("Only", one.clone(), None)],
            site("TOTAL", one, None),
            vec![],
        ),
        None,
        None,
    );
    assert!(html.contains("data-points=\"1\""));
    assert_eq!(html.matches("<circle class=\"point\"").count(), 1);
    assert_all_coordinates_finite(&html);
}

#[test]
fn long_runs_are_averaged_into_a_bounded_number_of_points() {
    let series: Vec<_> = (0..7_200)
        .map(|second| json!({ "second": second, "bytes": MIB, "files": 1 }))
        .collect();
    let html = render_html(
        &evidence(
            vec![site("Long", json!(series), None)],
            site("TOTAL", json!([]), None),
            vec![],
        ),
        None,
        None,
    );
    assert!(
        html.contains("data-points=\"600\""),
        "7200 s in 12-second windows"
    );
    assert!(html.contains("Averaged over 12-second windows"));
    // 1 MiB every second is 1 MiB/s whatever the window.
    assert!(html.contains("data-name=\"Long\""));
}

#[test]
fn bucket_rates_share_the_item_time_across_the_concurrency() {
    let rates = super::run_charts::bucket_rates(&two_site_run());
    let small = rates[SizeBucket::Under64K.index()];
    assert_eq!((small.items, small.bytes), (1, 1_000));
    // 0.1 s of item time at concurrency 2 is 0.05 s of wall time.
    assert!((small.files_per_s - 20.0).abs() < 1e-9, "{small:?}");
    let medium = rates[SizeBucket::Under10M.index()];
    assert_eq!(medium.items, 1, "the failed 3 MiB item is not counted");
    assert!(
        (medium.mib_per_s - 10.0).abs() < 1e-9,
        "2 MiB in 0.2 s: {medium:?}"
    );
}

/// Markup, quotes and an ampersand: what a hostile site name or error message could hold.
const HOSTILE_QUOTED: &str = r#"<script>alert("x" & 'y')</script>"#;
const HOSTILE_ESCAPED: &str = "&lt;script&gt;alert(&quot;x&quot; &amp; &#39;y&#39;)&lt;/script&gt;";

/// A run in which every string that comes from outside the code is [`HOSTILE_QUOTED`]: the
/// scenario's and the run's texts, the site names and error (workloads, failure classes and
/// operations are enums, refused on reading when unknown), the folder, the estimate's scopes, waves and warnings, and the criteria's
/// evidence and reasons.
fn hostile_page() -> String {
    let hostile = HOSTILE_QUOTED;
    let series = json!([{ "second": 0, "bytes": MIB, "files": 1 }]);
    let hostile_site = site(hostile, series.clone(), Some(hostile));
    // Workloads, failure classes, operations and the site mode are enums read back from the
    // run folder (an unknown spelling is refused there), so no outside text reaches them.
    let total = site("TOTAL", series, None);
    let mut run = evidence(
        vec![hostile_site],
        total,
        vec![item(hostile, 1_000, "verified", 100.0)],
    );
    let summary = &mut run.summary;
    for text in [
        &mut summary.pilotbench_version,
        &mut summary.scenario.path,
        &mut summary.scenario.sha256,
        &mut summary.pilot.name,
        &mut summary.pilot.organisation,
        &mut summary.target.kind,
        &mut summary.target.description,
        &mut summary.started_utc,
        &mut summary.ended_utc,
    ] {
        *text = hostile.to_string();
    }
    run.dir = hostile.into();

    let mut estimate = estimate();
    for scope in &mut estimate.scopes {
        scope.name = hostile.to_string();
    }
    estimate.effort.waves[0].sites = vec![hostile.to_string(), hostile.to_string()];
    estimate.warnings = vec![hostile.to_string()];
    let mut decision = decision();
    for criterion in &mut decision.criteria {
        criterion.evidence = vec![hostile.to_string()];
        criterion.reasons = vec![hostile.to_string()];
    }
    render_html(&run, Some(&estimate), Some(&decision))
}

/// The part of `html` from `start` to the first `end` after it.
fn part<'a>(html: &'a str, start: &str, end: &str) -> &'a str {
    let from = html
        .find(start)
        .unwrap_or_else(|| panic!("{start} is missing"));
    let rest = &html[from..];
    &rest[..rest.find(end).unwrap_or(rest.len())]
}

#[test]
fn a_hostile_name_or_message_is_text_in_every_section() {
    let html = hostile_page();
    for raw in ["<script", "alert(\"x\"", "'y'", "\"x\" &"] {
        assert!(!html.contains(raw), "{raw} reached the page unescaped");
    }
    let sections = [
        ("title", part(&html, "<title>", "</title>")),
        ("header", part(&html, "<header", "</header>")),
        (
            "results",
            part(&html, "<section id=\"results\"", "</section>"),
        ),
        (
            "site errors",
            part(&html, "<ul class=\"site-errors\"", "</ul>"),
        ),
        (
            "throughput chart",
            part(&html, "id=\"chart-throughput\"", "</figure>"),
        ),
        (
            "estimate chart",
            part(&html, "id=\"chart-estimate\"", "</figure>"),
        ),
        (
            "estimate table",
            part(&html, "id=\"estimate-table\"", "</table>"),
        ),
        ("waves", part(&html, "id=\"waves-table\"", "</table>")),
        (
            "estimate warnings",
            part(&html, "id=\"estimate-warnings\"", "</ul>"),
        ),
        (
            "go/no-go",
            part(&html, "<section id=\"go-no-go\"", "</section>"),
        ),
    ];
    // The footer names the run folder's files by their names in it, never the folder's path.
    assert!(!part(&html, "<footer", "</footer>").contains(HOSTILE_ESCAPED));
    for (name, section) in sections {
        assert!(section.contains(HOSTILE_ESCAPED), "{name}: {section}");
    }
    // In attributes too: the series names of the charts and the group titles.
    assert!(html.contains(&format!("data-name=\"{HOSTILE_ESCAPED}\"")));
    // The first 12 characters of the scenario's "SHA-256".
    assert!(html.contains("(SHA-256 &lt;script&gt;aler…)"));
    // Every criterion's evidence and reasons.
    assert_eq!(
        part(&html, "<section id=\"go-no-go\"", "</section>")
            .matches(HOSTILE_ESCAPED)
            .count(),
        10
    );
    assert_no_external_resource(&html);
    assert_all_coordinates_finite(&html);
}

/// The module's source files, by name.
fn module_sources() -> Vec<(String, String)> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/report/html");
    let mut sources: Vec<(String, String)> = std::fs::read_dir(&dir)
        .expect("the module's folder")
        .filter_map(Result::ok)
        .map(|entry| entry.path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "rs"))
        .map(|path| {
            let name = path
                .file_name()
                .unwrap_or_default()
                .to_string_lossy()
                .into_owned();
            let text = std::fs::read_to_string(&path).expect("a readable source file");
            (name, text)
        })
        .collect();
    sources.sort();
    sources
}

/// The text of the string literal that opens `code` (after blanks), `r#"…"#` or `"…"`.
fn leading_literal(code: &str) -> Option<&str> {
    let code = code.trim_start();
    if let Some(raw) = code.strip_prefix("r#\"") {
        return raw.find("\"#").map(|end| &raw[..end]);
    }
    let text = code.strip_prefix('"')?;
    let mut escaped = false;
    for (at, character) in text.char_indices() {
        match character {
            '\\' if !escaped => escaped = true,
            '"' if !escaped => return Some(&text[..at]),
            _ => escaped = false,
        }
    }
    None
}

/// What the type system promises (see `markup.rs`) rests on these: only `markup.rs` names the
/// two functions that take a string as markup, and no other file writes markup into a
/// `String` with `format!`, `write!` or `push_str`, or gets around the types with `unsafe` or a
/// leaked (runtime, yet `'static`) string.
#[test]
fn only_markup_rs_writes_markup() {
    let doors = [["Html::", "fill"].concat(), ["Html::", "verbatim"].concat()];
    // Spelled in pieces so that this file does not match itself.
    let unsafe_code = ["{", "fn", "impl"].map(|next| ["un", "safe ", next].concat());
    let forbidden = [
        ".leak(",
        "fmt::Write",
        "write!(",
        "writeln!(",
        "push_str(",
        "format_args!(",
    ];
    let sources = module_sources();
    assert!(sources.iter().any(|(name, _)| name == "markup.rs"));
    assert!(sources.len() >= 9, "{sources:?}");
    for (name, text) in &sources {
        for code in &unsafe_code {
            assert!(!text.contains(code.as_str()), "{name} has {code}");
        }
        if name == "markup.rs" {
            continue;
        }
        for door in &doors {
            assert!(!text.contains(door.as_str()), "{name} calls {door}");
        }
        if name == "tests.rs" {
            continue;
        }
        for needle in forbidden {
            assert!(!text.contains(needle), "{name} uses {needle}");
        }
        for (at, _) in text.match_indices("format!(") {
            let template = leading_literal(&text[at + "format!(".len()..])
                .unwrap_or_else(|| panic!("{name}: format! without a literal at {at}"));
            assert!(
                !template.contains('<') && !template.contains('&'),
                "{name} builds markup with format!: {template:?}"
            );
        }
    }
}
