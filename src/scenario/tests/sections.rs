//! The rules of `[pilot]`, `[target]`, `[engine]` and `[thresholds]`: each refused value is
//! placed at its `line:column` and the message says what is wrong and what to write.

use super::*;
use crate::vocab::graph_limits::FRAGMENT_MULTIPLE;

fn engine(body: &str) -> String {
    with(&format!("[engine]\n{body}\n"))
}

fn simulated(body: &str) -> String {
    format!(
        "[pilot]\nname = \"P\"\norganisation = \"O\"\n[target]\nkind = \"simulated\"\n[target.simulated]\n{body}\n{}",
        site("Good")
    )
}

#[test]
fn missing_pilot_and_target_are_both_reported_at_the_top() {
    let text = site("Only");
    let diagnostics = problems(&text);
    assert_eq!(diagnostics.len(), 2, "{diagnostics:#?}");
    for diagnostic in &diagnostics {
        assert_eq!((diagnostic.line, diagnostic.column), (Some(1), Some(1)));
    }
    assert!(
        diagnostics
            .iter()
            .any(|d| d.message.contains("missing [pilot] section"))
    );
    assert!(
        diagnostics
            .iter()
            .any(|d| d.message.contains("missing [target] section"))
    );
}

#[test]
fn an_empty_pilot_name_is_refused() {
    let text = format!(
        "[pilot]\nname = \"  \"\norganisation = \"O\"\n[target]\nkind = \"simulated\"\n{}",
        site("A")
    );
    assert_at(
        &only_problem(&text),
        &text,
        "\"  \"",
        0,
        &["pilot name is empty"],
    );
}

#[test]
fn unknown_target_kinds_are_refused() {
    let text = format!(
        "[pilot]\nname = \"P\"\norganisation = \"O\"\n[target]\nkind = \"azure\"\n{}",
        site("A")
    );
    assert_at(
        &only_problem(&text),
        &text,
        "\"azure\"",
        0,
        &["unknown target kind \"azure\"", "simulated or graph"],
    );
}

#[test]
fn latency_p99_must_be_at_least_the_median() {
    let text = simulated("latency = { median_ms = 40, p99_ms = 10 }");
    assert_at(
        &only_problem(&text),
        &text,
        "10 }",
        0,
        &["p99_ms (10)", "below median_ms (40)"],
    );
    let scenario = accepted(&simulated("latency = { median_ms = 0.5, p99_ms = 2.25 }"));
    let Target::Simulated(target) = scenario.target else {
        panic!("a simulated target")
    };
    assert_eq!(
        target.latency,
        Some(LatencyModel {
            median_us: 500,
            p99_us: 2_250
        })
    );
}

#[test]
fn negative_latency_is_refused() {
    let text = simulated("latency = { median_ms = -1, p99_ms = 10 }");
    assert_at(
        &only_problem(&text),
        &text,
        "-1",
        0,
        &["median_ms = -1", "out of range"],
    );
}

#[test]
fn bandwidth_must_be_a_rate() {
    let text = simulated("bandwidth = \"200MiB\"");
    assert_at(
        &only_problem(&text),
        &text,
        "\"200MiB\"",
        0,
        &["bandwidth", "200MiB/s"],
    );
    let text = simulated("bandwidth = \"0MiB/s\"");
    assert_at(
        &only_problem(&text),
        &text,
        "\"0MiB/s\"",
        0,
        &["bandwidth is 0", "unlimited"],
    );
}

#[test]
fn corrupt_rate_is_a_share() {
    let text = simulated("corrupt_rate = 1.5");
    assert_at(
        &only_problem(&text),
        &text,
        "1.5",
        0,
        &["corrupt_rate = 1.5", "0.0 to 1.0"],
    );
    let text = simulated("corrupt_rate = nan");
    assert_at(&only_problem(&text), &text, "nan", 0, &["corrupt_rate"]);
    let Target::Simulated(target) = accepted(&simulated("corrupt_rate = 0.25")).target else {
        panic!("a simulated target")
    };
    assert_eq!(target.corrupt_rate, 0.25);
}

#[test]
fn throttling_settings_are_checked() {
    let text = simulated("busy_rate = 2.0");
    assert_at(
        &only_problem(&text),
        &text,
        "2.0",
        0,
        &["busy_rate = 2", "0.0 to 1.0"],
    );
    let text = simulated("ru_per_minute = 0");
    assert_at(
        &only_problem(&text),
        &text,
        "0",
        0,
        &["ru_per_minute = 0", "1250"],
    );
    let Target::Simulated(target) =
        accepted(&simulated("ru_per_minute = 1250\nbusy_rate = 0.01")).target
    else {
        panic!("a simulated target")
    };
    assert_eq!(target.ru_per_minute, Some(1250));
    assert_eq!(target.busy_rate, 0.01);
    let Target::Simulated(target) = accepted(&simulated("seed = 3")).target else {
        panic!("a simulated target")
    };
    assert_eq!((target.ru_per_minute, target.busy_rate), (None, 0.0));
    assert_eq!(
        target.ru_window_us, 60_000_000,
        "SharePoint's minute by default"
    );
    let Target::Simulated(target) = accepted(&simulated("ru_window = \"2s\"")).target else {
        panic!("a simulated target")
    };
    assert_eq!(target.ru_window_us, 2_000_000);
    let text = simulated("ru_window = \"0s\"");
    assert_at(
        &only_problem(&text),
        &text,
        "\"0s\"",
        0,
        &["ru_window is zero"],
    );
}

#[test]
fn the_simulator_url_must_be_http_on_loopback() {
    let Target::Simulated(target) = accepted(&simulated("url = \"http://127.0.0.1:8080\"")).target
    else {
        panic!("a simulated target")
    };
    assert_eq!(
        target.url.map(String::from).as_deref(),
        Some("http://127.0.0.1:8080/")
    );
    let text = simulated("url = \"http://10.0.0.5:8080\"");
    assert_at(
        &only_problem(&text),
        &text,
        "\"http://10",
        0,
        &["loopback", "127.0.0.1"],
    );
    let text = simulated("url = \"https://127.0.0.1:8443\"");
    assert_at(
        &only_problem(&text),
        &text,
        "\"https://",
        0,
        &["plain http", "http://127.0.0.1:8080", "--tls"],
    );
    let text = simulated("url = \"ftp://127.0.0.1\"");
    assert_at(&only_problem(&text), &text, "\"ftp", 0, &["http://"]);
    let text = simulated("url = \"not a url\"");
    assert_at(
        &only_problem(&text),
        &text,
        "\"not a url\"",
        0,
        &["is not a URL"],
    );
}

#[test]
fn concurrency_is_one_to_256() {
    for bad in ["0", "257", "-3"] {
        let text = engine(&format!("concurrency = {bad}"));
        assert_at(
            &only_problem(&text),
            &text,
            bad,
            0,
            &["concurrency", "from 1 to 256"],
        );
    }
    assert_eq!(
        accepted(&engine("concurrency = 256")).engine.concurrency,
        256
    );
    assert_eq!(accepted(&engine("concurrency = 1")).engine.concurrency, 1);
}

#[test]
fn simple_upload_max_is_at_most_graphs_250_mb() {
    let text = engine("simple_upload_max = \"251MB\"");
    assert_at(
        &only_problem(&text),
        &text,
        "\"251MB\"",
        0,
        &["250 MB", "250,000,000 bytes", "upload session"],
    );
    assert_eq!(
        accepted(&engine("simple_upload_max = \"250MB\""))
            .engine
            .simple_upload_max,
        250_000_000
    );
    let text = engine("simple_upload_max = \"4 parsecs\"");
    assert_at(
        &only_problem(&text),
        &text,
        "\"4 parsecs\"",
        0,
        &["simple_upload_max", "unknown unit"],
    );
}

#[test]
fn chunk_size_off_the_320_kib_grid_suggests_the_nearest_valid_sizes() {
    let text = engine("chunk_size = \"10.1MiB\"");
    assert_at(
        &only_problem(&text),
        &text,
        "\"10.1MiB\"",
        0,
        &[
            "327,680 bytes (320 KiB)",
            "60 MiB",
            "try \"10MiB\" (10MiB = 32 x 320KiB) or \"10560KiB\" (10.31MiB = 33 x 320KiB)",
        ],
    );
    assert_eq!(
        accepted(&engine("chunk_size = \"9920KiB\""))
            .engine
            .chunk_size,
        31 * FRAGMENT_MULTIPLE
    );
}

#[test]
fn chunk_size_of_60_mib_or_more_is_refused() {
    let text = engine("chunk_size = \"60MiB\"");
    assert_at(
        &only_problem(&text),
        &text,
        "\"60MiB\"",
        0,
        &["too large", "below 62,914,560 bytes (60 MiB)", "61120KiB"],
    );
}

#[test]
fn choices_list_the_accepted_words() {
    let text = engine("conflict = \"overwrite\"");
    assert_at(
        &only_problem(&text),
        &text,
        "\"overwrite\"",
        0,
        &["unknown conflict \"overwrite\"", "fail, replace, rename"],
    );
    let text = engine("sites = \"all\"");
    assert_at(
        &only_problem(&text),
        &text,
        "\"all\"",
        0,
        &["sequential, parallel"],
    );
    assert_eq!(
        accepted(&engine("conflict = \"Replace\"")).engine.conflict,
        ConflictBehavior::Replace
    );
}

#[test]
fn request_timeout_is_a_duration_above_zero() {
    let text = engine("request_timeout = \"soon\"");
    assert_at(
        &only_problem(&text),
        &text,
        "\"soon\"",
        0,
        &["request_timeout \"soon\" is not a duration", "120s"],
    );
    let text = engine("request_timeout = \"0s\"");
    assert_at(
        &only_problem(&text),
        &text,
        "\"0s\"",
        0,
        &["request_timeout is zero"],
    );
    assert_eq!(
        accepted(&engine("request_timeout = \"500ms\""))
            .engine
            .request_timeout_us,
        500_000
    );
}

#[test]
fn max_failure_rate_is_a_share() {
    let text = with("[thresholds]\nmax_failure_rate = -0.1\n");
    assert_at(
        &only_problem(&text),
        &text,
        "-0.1",
        0,
        &["max_failure_rate = -0.1", "0.0 to 1.0"],
    );
}

#[test]
fn every_engine_problem_is_reported_not_only_the_first() {
    let text =
        engine("concurrency = 0\nchunk_size = \"1MB\"\nconflict = \"x\"\nrequest_timeout = \"x\"");
    let diagnostics = problems(&text);
    assert_eq!(diagnostics.len(), 4, "{diagnostics:#?}");
    let lines: Vec<_> = diagnostics.iter().map(|d| d.line).collect();
    assert_eq!(lines, vec![Some(8), Some(9), Some(10), Some(11)]);
}
