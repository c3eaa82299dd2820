//! `report.html` in a real browser: the real binary runs a small simulated pilot, then headless
//! Chromium renders the page it wrote (and one built through the library with an estimate and
//! a decision). A measuring script appended to a copy of the page records, after layout, each
//! chart's rendered size and the series, bars and points actually drawn, and each criterion's
//! rendered size; `--dump-dom` returns them, and the test compares them with the run's files.
//! Chromium missing is a failure that says how to install it, never a silent skip.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use pilotbench::estimate::{Estimate, Projection, Scope, ScopeProjection};
use pilotbench::gonogo::{Criterion, CriterionKind, Decision, Verdict};

use crate::support::{Scenario, Site, Size, Source, TempDir, cpu, describe, pilotbench, run_quiet};

const CHROMIUM: &str = "/usr/bin/chromium";
/// Longest a render may take before Chromium is killed.
const RENDER_TIMEOUT: Duration = Duration::from_secs(90);
const HOSTILE_SITE: &str = "Ward <script>alert(1)</script>";

/// Appended to the copy Chromium renders: measures what layout produced and writes it into
/// attributes, which `--dump-dom` then shows.
const MEASURE: &str = r#"<script>
(function () {
  function visible(element) {
    var box = element.getBoundingClientRect();
    return box.width > 0 && box.height > 0;
  }
  function wide(element) { return element.getBoundingClientRect().width > 0; }
  document.querySelectorAll('figure.chart').forEach(function (figure) {
    var svg = figure.querySelector('svg.plot');
    var box = svg ? svg.getBoundingClientRect() : { width: 0, height: 0 };
    var points = 0, lineWidth = 0;
    figure.querySelectorAll('polyline.line').forEach(function (line) {
      points += line.points.numberOfItems;
      lineWidth = Math.max(lineWidth, line.getBBox().width);
    });
    var bars = figure.querySelectorAll('rect.bar');
    var markers = Array.prototype.filter.call(figure.querySelectorAll('circle.point'), visible).length;
    figure.setAttribute('data-rendered',
      [Math.round(box.width), Math.round(box.height),
       figure.querySelectorAll('g.series').length,
       bars.length, Array.prototype.filter.call(bars, wide).length,
       points, Math.round(lineWidth), markers].join(' '));
  });
  document.querySelectorAll('article.criterion').forEach(function (criterion) {
    var box = criterion.getBoundingClientRect();
    criterion.setAttribute('data-rendered', Math.round(box.width) + ' ' + Math.round(box.height));
  });
  document.body.setAttribute('data-resources', performance.getEntriesByType('resource').length);
  document.body.setAttribute('data-scripts', document.scripts.length);
  document.body.setAttribute('data-render-check', 'done');
})();
</script>
"#;

/// What the measuring script found for one chart.
#[derive(Debug)]
struct RenderedChart {
    width: u64,
    height: u64,
    series: u64,
    bars: u64,
    wide_bars: u64,
    points: u64,
    line_width: u64,
    markers: u64,
}

/// Two sites on the simulated tenant: SharePoint files of 1 KiB to 3 MiB (so every chart has
/// something to draw) under a name that tries to be a script, and a small OneDrive.
fn scenario() -> Scenario {
    Scenario::simulated(7)
        .named("Browser check")
        .engine("concurrency", 4)
        .engine("simple_upload_max", "1MiB")
        .engine("chunk_size", "640KiB")
        .site(
            Site::sharepoint(HOSTILE_SITE, "https://contoso.sharepoint.com/sites/ward")
                .folder("pilot")
                .source(
                    Source::synthetic(16)
                        .tree(2, 2)
                        .seed(3)
                        .size(Size::uniform("1KiB", "3MiB")),
                ),
        )
        .site(
            Site::onedrive("Finance", "finance.lead@example.nhs.uk")
                .folder("pilot")
                .source(Source::synthetic(6).seed(4).size(Size::fixed("100KiB"))),
        )
}

/// Renders `page` in headless Chromium (a copy with the measuring script, in `work`) and
/// returns the DOM after the script ran.
fn render(page: &Path, work: &Path) -> String {
    assert!(
        Path::new(CHROMIUM).exists(),
        "{CHROMIUM} is missing: the report is checked in a real browser. Install it with \
         `apt-get install chromium` (.ci/run does this when run as root)."
    );
    let html = std::fs::read_to_string(page).expect("the report is readable");
    // The page's Content-Security-Policy forbids every script, ours included: drop it in the copy.
    let csp_start = html
        .find("<meta http-equiv=\"Content-Security-Policy\"")
        .expect("the report sets a Content-Security-Policy");
    let csp_end = csp_start + html[csp_start..].find('>').expect("meta closes") + 1;
    let body_end = html.rfind("</body>").expect("the page has a body");
    let copy = format!(
        "{}{}{MEASURE}{}",
        &html[..csp_start],
        &html[csp_end..body_end],
        &html[body_end..]
    );
    let copy_path = work.join("measured.html");
    std::fs::write(&copy_path, copy).expect("copy written");

    let dom_path = work.join("dom.html");
    let log_path = work.join("chromium.log");
    let _share = cpu::share();
    let mut child = Command::new(CHROMIUM)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--disable-extensions",
            "--disable-dev-shm-usage",
            &format!("--user-data-dir={}", work.join("profile").display()),
            "--dump-dom",
        ])
        .arg(format!("file://{}", copy_path.display()))
        .stdin(Stdio::null())
        .stdout(std::fs::File::create(&dom_path).expect("dom file"))
        .stderr(std::fs::File::create(&log_path).expect("log file"))
        .spawn()
        .unwrap_or_else(|e| panic!("cannot start {CHROMIUM}: {e}"));
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().expect("chromium is waited for") {
            break status;
        }
        if started.elapsed() > RENDER_TIMEOUT {
            let _ = child.kill();
            let _ = child.wait();
            panic!(
                "chromium did not finish rendering in {RENDER_TIMEOUT:?}; its log:\n{}",
                std::fs::read_to_string(&log_path).unwrap_or_default()
            );
        }
        std::thread::sleep(Duration::from_millis(100));
    };
    let dom = std::fs::read_to_string(&dom_path).expect("the dumped DOM");
    assert!(
        status.success() && dom.contains("data-render-check=\"done\""),
        "chromium rendered nothing usable ({status}); its log:\n{}",
        std::fs::read_to_string(&log_path).unwrap_or_default()
    );
    dom
}

/// The start tag of the element with `id` in `dom`.
fn start_tag<'a>(dom: &'a str, id: &str) -> &'a str {
    let at = dom
        .find(&format!("id=\"{id}\""))
        .unwrap_or_else(|| panic!("#{id} is not in the rendered page"));
    let open = dom[..at].rfind('<').expect("a tag opens");
    let close = at + dom[at..].find('>').expect("the tag closes");
    &dom[open..=close]
}

fn attribute<'a>(tag: &'a str, name: &str) -> &'a str {
    let needle = format!(" {name}=\"");
    let start = tag
        .find(&needle)
        .unwrap_or_else(|| panic!("no {name} in {tag}"))
        + needle.len();
    &tag[start..start + tag[start..].find('"').expect("attribute closes")]
}

fn number(text: &str) -> u64 {
    text.parse()
        .unwrap_or_else(|_| panic!("a whole number: {text:?}"))
}

/// The measured chart `id`, checked to be drawn with a real size and exactly the series and
/// marks the page declares.
fn rendered_chart(dom: &str, id: &str) -> RenderedChart {
    let tag = start_tag(dom, id);
    let values: Vec<u64> = attribute(tag, "data-rendered")
        .split(' ')
        .map(number)
        .collect();
    let [
        width,
        height,
        series,
        bars,
        wide_bars,
        points,
        line_width,
        markers,
    ] = values[..]
    else {
        panic!("eight measures in {tag}");
    };
    let chart = RenderedChart {
        width,
        height,
        series,
        bars,
        wide_bars,
        points,
        line_width,
        markers,
    };
    assert!(
        chart.width >= 300 && chart.height >= 60,
        "#{id} is drawn: {chart:?}"
    );
    assert_eq!(
        chart.series,
        number(attribute(tag, "data-series")),
        "#{id}: {chart:?}"
    );
    if tag.contains("data-bars=") {
        assert_eq!(
            chart.bars,
            number(attribute(tag, "data-bars")),
            "#{id}: {chart:?}"
        );
    }
    if tag.contains("data-points=") {
        assert_eq!(
            chart.points,
            number(attribute(tag, "data-points")),
            "#{id}: {chart:?}"
        );
    }
    chart
}

/// Runs the pilot; returns the output folder (inside `dir`) and its `summary.json`.
fn run_pilot(dir: &TempDir) -> (PathBuf, serde_json::Value) {
    let scenario = scenario().write(dir.path(), "browser.toml");
    let out = dir.path().join("out");
    let output = run_quiet(&scenario, &out);
    assert_eq!(output.status.code(), Some(0), "{}", describe(&output));
    let summary =
        serde_json::from_slice(&std::fs::read(out.join("summary.json")).expect("summary"))
            .expect("summary.json is JSON");
    (out, summary)
}

#[test]
fn the_run_report_renders_its_charts_in_chromium() {
    let dir = TempDir::new("report-html");
    let (out, summary) = run_pilot(&dir);
    let page = out.join("report.html");
    let written = std::fs::read_to_string(&page).expect("pilotbench run writes report.html");

    // `pilotbench report RUN_DIR` rebuilds the same page from the run's files.
    std::fs::remove_file(&page).expect("removed");
    let output = pilotbench(&["report", out.to_str().expect("utf-8")]);
    assert_eq!(output.status.code(), Some(0), "{}", describe(&output));
    assert!(String::from_utf8_lossy(&output.stdout).contains("report.html"));
    assert_eq!(std::fs::read_to_string(&page).expect("rebuilt"), written);

    let dom = render(&page, dir.path());
    assert_eq!(
        attribute(start_tag(&dom, "report-header"), "id"),
        "report-header"
    );
    let body = &dom[dom.find("<body").expect("body")..];
    assert!(body.contains("data-resources=\"0\""), "nothing was fetched");
    assert!(
        body.contains("data-scripts=\"1\""),
        "the site name ran as no script"
    );
    assert!(dom.contains("Ward &lt;script&gt;alert(1)&lt;/script&gt;"));

    let sites = summary["sites"].as_array().expect("sites");
    let throughput = rendered_chart(&dom, "chart-throughput");
    assert_eq!(throughput.series, sites.len() as u64, "one line per site");
    let expected_points: u64 = sites
        .iter()
        .map(|site| {
            site["throughput_series"]
                .as_array()
                .and_then(|s| s.iter().filter_map(|p| p["second"].as_u64()).max())
                .map_or(0, |last| last + 1)
        })
        .sum();
    assert_eq!(throughput.points, expected_points, "{throughput:?}");
    assert!(
        throughput.line_width > 0 || throughput.markers > 0,
        "the lines are drawn: {throughput:?}"
    );

    let operations = summary["total"]["operations"]
        .as_object()
        .expect("operations")
        .values()
        .filter(|op| op["count"].as_u64().unwrap_or(0) > 0)
        .count() as u64;
    let latency = rendered_chart(&dom, "chart-latency");
    assert!(operations >= 3, "token, uploads, folders at least");
    assert_eq!(
        (latency.series, latency.bars),
        (3, 3 * operations),
        "{latency:?}"
    );
    assert!(latency.wide_bars >= operations, "{latency:?}");

    let buckets = rendered_chart(&dom, "chart-buckets");
    assert_eq!((buckets.series, buckets.bars), (1, 5), "{buckets:?}");
    assert!(
        buckets.wide_bars >= 2,
        "files of 1 KiB to 3 MiB fill buckets: {buckets:?}"
    );

    assert!(start_tag(&dom, "no-estimate").starts_with("<p"));
    assert!(dom.contains("No migration list given"));
    assert!(start_tag(&dom, "no-decision").starts_with("<p"));
    assert!(!dom.contains("id=\"chart-estimate\""));
}

fn hand_made_estimate() -> Estimate {
    let hours = |h: f64| (h * 3_600e6) as u64;
    let scope = |scope, name: &str, p50: f64| ScopeProjection {
        scope,
        name: name.to_string(),
        items: 10_000,
        bytes: 1 << 34,
        projection: Projection {
            p50_us: hours(p50),
            p90_us: hours(p50 * 1.4),
            p50_calendar_days: p50 / 8.0,
            p90_calendar_days: p50 * 1.4 / 8.0,
        },
    };
    Estimate {
        scopes: vec![
            scope(Scope::Total, "TOTAL", 40.0),
            scope(Scope::Workload, "sharepoint", 30.0),
            scope(Scope::Site, HOSTILE_SITE, 10.0),
        ],
        ..Estimate::default()
    }
}

fn hand_made_decision() -> Decision {
    Decision {
        criteria: CriterionKind::ALL
            .iter()
            .map(|&kind| Criterion {
                kind,
                verdict: if kind == CriterionKind::OutstandingIssues {
                    Verdict::NoGo
                } else {
                    Verdict::Go
                },
                evidence: vec![format!("{} checked", kind.title())],
                reasons: Vec::new(),
            })
            .collect(),
    }
}

#[test]
fn the_estimate_and_the_five_criteria_render_in_chromium() {
    let dir = TempDir::new("report-html-decision");
    let (out, _) = run_pilot(&dir);
    let run = pilotbench::run_folder::load(&out).expect("the run folder loads");
    let page = pilotbench::report::write_html(
        dir.path(),
        &run,
        Some(&hand_made_estimate()),
        Some(&hand_made_decision()),
    )
    .expect("report written");
    let dom = render(&page, dir.path());

    let estimate = rendered_chart(&dom, "chart-estimate");
    assert_eq!(
        (estimate.series, estimate.bars),
        (2, 6),
        "P50 and P90 per scope: {estimate:?}"
    );
    assert_eq!(estimate.wide_bars, 6, "{estimate:?}");
    for id in ["chart-throughput", "chart-latency", "chart-buckets"] {
        rendered_chart(&dom, id);
    }

    for kind in [
        "pilot-results",
        "outstanding-issues",
        "migration-list-completion",
        "licensing",
        "technical-readiness",
    ] {
        let tag = start_tag(&dom, &format!("criterion-{kind}"));
        let size: Vec<u64> = attribute(tag, "data-rendered")
            .split(' ')
            .map(number)
            .collect();
        assert!(
            size[0] > 100 && size[1] > 20,
            "criterion {kind} is laid out: {tag}"
        );
        let expected = if kind == "outstanding-issues" {
            "no-go"
        } else {
            "go"
        };
        assert_eq!(attribute(tag, "data-verdict"), expected);
    }
    let headline = start_tag(&dom, "decision-headline");
    assert_eq!(attribute(headline, "data-verdict"), "no-go");
    assert!(dom.contains("Not Good to Go"));
}
