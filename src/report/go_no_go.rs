//! `go-no-go.md`: the Go/No-Go decision as a lead pastes it into the submission to NHS
//! England. A headline, who and when, one table of the five criteria with their verdicts,
//! the estimate's P50/P90 when there is one, then per criterion its evidence and reasons, and
//! the files it was built from. Text from the lead's files (issue titles, site names) is
//! escaped so it cannot break the Markdown.

use std::path::{Path, PathBuf};

use crate::estimate::Estimate;
use crate::gonogo::{Decision, Verdict};
use crate::run_folder::RunEvidence;
use crate::vocab::csv_writer::{WriteError, write_whole};
use crate::vocab::printable::printable;
use crate::vocab::units::us_to_s;

/// What `go-no-go.md` is written from.
#[derive(Debug, Clone, Copy)]
pub struct GoNoGoDocument<'a> {
    /// The five criteria judged.
    pub decision: &'a Decision,
    /// The run folder read back (pilot, organisation, dates).
    pub run: &'a RunEvidence,
    /// The estimate, when there is one.
    pub estimate: Option<&'a Estimate>,
    /// Every file the decision was built from, in the order to list them.
    pub sources: &'a [PathBuf],
}

/// Writes `go-no-go.md` at `path`.
pub fn write_go_no_go(path: &Path, document: &GoNoGoDocument<'_>) -> Result<(), WriteError> {
    write_whole(path, render_go_no_go(document).as_bytes())
}

/// The Markdown text of `go-no-go.md`.
pub fn render_go_no_go(document: &GoNoGoDocument<'_>) -> String {
    let decision = document.decision;
    let summary = &document.run.summary;
    let mut out = String::new();
    let mut line = |text: &str| {
        out.push_str(text);
        out.push('\n');
    };
    line(&format!("# Go/No-Go decision: {}", decision.headline()));
    line("");
    line(&format!("- **Pilot:** {}", inline(&summary.pilot.name)));
    line(&format!(
        "- **Organisation:** {}",
        inline(&summary.pilot.organisation)
    ));
    line(&format!(
        "- **Pilot run:** {} to {} ({}{})",
        timestamp(&summary.started_utc),
        timestamp(&summary.ended_utc),
        inline(&summary.target.description),
        if summary.interrupted {
            ", interrupted"
        } else {
            ""
        }
    ));
    line(&format!(
        "- **Run:** {}",
        inline(&summary.run_and_tenant_folder())
    ));
    line(&format!(
        "- **Prepared with:** pilotbench {}",
        inline(&summary.pilotbench_version)
    ));
    line("");
    line(
        "NHS England takes the final Go/No-Go decision on five criteria (NHS.net Connect \
         on-boarding guidance). The organisation is Good to Go only when all five are Go; a \
         criterion without enough evidence is Unknown.",
    );
    line("");
    line("| Criterion | Verdict | Main reason |");
    line("|---|---|---|");
    for criterion in &decision.criteria {
        let reason = criterion.reasons.first().map_or_else(
            || "meets every threshold".to_string(),
            |reason| cell(reason),
        );
        line(&format!(
            "| {} | {} | {reason} |",
            criterion.kind.title(),
            verdict(criterion.verdict)
        ));
    }
    line(&format!(
        "| **Overall** | **{}** | {} |",
        decision.headline(),
        overall_reason(decision)
    ));
    line("");
    if let Some(estimate) = document.estimate {
        estimate_section(&mut line, estimate);
    }
    for (number, criterion) in decision.criteria.iter().enumerate() {
        line(&format!(
            "## {}. {}: {}",
            number + 1,
            criterion.kind.title(),
            criterion.verdict.as_str()
        ));
        line("");
        line("Evidence:");
        line("");
        for evidence in &criterion.evidence {
            line(&format!("- {}", inline(evidence)));
        }
        if criterion.evidence.is_empty() {
            line("- none");
        }
        line("");
        if !criterion.reasons.is_empty() {
            line(if criterion.verdict == Verdict::NoGo {
                "Why it is not Go:"
            } else {
                "What is missing:"
            });
            line("");
            for reason in &criterion.reasons {
                line(&format!("- {}", inline(reason)));
            }
            line("");
        }
    }
    line("## Built from");
    line("");
    for source in document.sources {
        line(&format!("- `{}`", code(&source.display().to_string())));
    }
    if document.sources.is_empty() {
        line("- the run folder only");
    }
    out
}

fn estimate_section(line: &mut impl FnMut(&str), estimate: &Estimate) {
    let overall = &estimate.overall;
    line("## Estimate for the whole migration list");
    line("");
    line(&format!(
        "- **P50:** {:.1} calendar days ({:.1} hours of copying)",
        overall.p50_calendar_days,
        us_to_s(overall.p50_us) / 3600.0
    ));
    line(&format!(
        "- **P90:** {:.1} calendar days ({:.1} hours of copying)",
        overall.p90_calendar_days,
        us_to_s(overall.p90_us) / 3600.0
    ));
    line(&format!(
        "- **Fitted on:** {} pilot items at concurrency {}",
        estimate.fitted_on.items, estimate.fitted_on.concurrency
    ));
    if estimate.effort.person_days > 0.0 {
        line(&format!(
            "- **Effort:** {:.1} person-days in {} wave(s)",
            estimate.effort.person_days,
            estimate.effort.waves.len()
        ));
    }
    for warning in &estimate.warnings {
        line(&format!("- **Warning:** {}", inline(warning)));
    }
    line("");
}

fn verdict(verdict: Verdict) -> String {
    match verdict {
        Verdict::Go => "Go".to_string(),
        other => format!("**{}**", other.as_str()),
    }
}

fn overall_reason(decision: &Decision) -> String {
    let named = |wanted: Verdict| {
        decision
            .criteria
            .iter()
            .filter(|criterion| criterion.verdict == wanted)
            .map(|criterion| criterion.kind.title())
            .collect::<Vec<_>>()
            .join(", ")
    };
    match decision.overall() {
        Verdict::Go => "all five criteria are Go".to_string(),
        Verdict::NoGo => format!("No Go: {}", named(Verdict::NoGo)),
        Verdict::Unknown => format!("Unknown: {}", named(Verdict::Unknown)),
    }
}

/// `2026-01-05T09:00:00.000Z` → `2026-01-05 09:00 UTC`; anything else as written.
fn timestamp(text: &str) -> String {
    match (text.get(..10), text.get(11..16)) {
        (Some(day), Some(time))
            if text.ends_with('Z') && text.as_bytes().get(10) == Some(&b'T') =>
        {
            format!("{day} {time} UTC")
        }
        _ => inline(text),
    }
}

/// Text made safe for a Markdown paragraph or list item: one line, and the characters that
/// start emphasis, code, HTML or links escaped (`_` only where it could start emphasis, so
/// `min_verified_share` stays readable).
fn inline(text: &str) -> String {
    let chars: Vec<char> = one_line(text).chars().collect();
    let mut out = String::with_capacity(text.len());
    for (index, &c) in chars.iter().enumerate() {
        let alphanumeric_at = |at: Option<usize>| {
            at.and_then(|at| chars.get(at))
                .is_some_and(|c| c.is_alphanumeric())
        };
        let escape = match c {
            '\\' | '`' | '*' | '<' | '>' | '~' => true,
            // `[text]` alone is literal (the document defines no references); only `](`, `][`
            // and `]:` can make a link.
            ']' => matches!(chars.get(index + 1), Some('(' | '[' | ':')),
            '_' => !(alphanumeric_at(index.checked_sub(1)) && alphanumeric_at(Some(index + 1))),
            _ => false,
        };
        if escape {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// Text for a table cell: [`inline`], with `|` escaped too.
fn cell(text: &str) -> String {
    inline(text).replace('|', "\\|")
}

/// Text for a code span: one line, backticks replaced (a path rarely has one).
fn code(text: &str) -> String {
    one_line(text).replace('`', " ")
}

/// `text` on one line: line breaks and tabs become spaces, and every other control character
/// or bidirectional mark is shown escaped ([`printable`]: ESC as `\x1B`), as in every report.
fn one_line(text: &str) -> String {
    printable(&text.replace(['\n', '\r', '\t'], " ")).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::gonogo::tests::{Case, GOOD_LOG, estimate_of, log_of};

    #[test]
    fn user_text_cannot_break_the_markdown() {
        assert_eq!(inline("min_verified_share"), "min_verified_share");
        assert_eq!(inline("_vti_ *bold* <b>"), "\\_vti\\_ \\*bold\\* \\<b\\>");
        assert_eq!(inline("[x](http://e)"), "[x\\](http://e)");
        assert_eq!(inline("[readiness] deadline"), "[readiness] deadline");
        assert_eq!(inline("two\nlines"), "two lines");
        assert_eq!(cell("a | b"), "a \\| b");
        assert_eq!(code("a`b\nc"), "a b c");
        assert_eq!(code("a\u{1b}[2J\u{7}"), "a\\x1B[2J\\x07");
        assert_eq!(inline("a\u{1b}\u{202E}b"), "a\\\\x1B\\\\u{202E}b");
        assert_eq!(
            timestamp("2026-01-05T09:00:00.000Z"),
            "2026-01-05 09:00 UTC"
        );
        assert_eq!(timestamp("soon"), "soon");
    }

    #[test]
    fn the_document_carries_the_table_the_estimate_and_escaped_cells() {
        let mut case = Case::good();
        case.log = Some(log_of(&format!(
            "{GOOD_LOG}ISS-9,Labels | retention *draft*,high,open,IG\n"
        )));
        let decision = case.decide();
        let estimate = estimate_of(42.0);
        let sources = [
            PathBuf::from("run/summary.json"),
            PathBuf::from("estate.csv"),
        ];
        let text = render_go_no_go(&GoNoGoDocument {
            decision: &decision,
            run: &case.run,
            estimate: Some(&estimate),
            sources: &sources,
        });
        assert!(
            text.starts_with("# Go/No-Go decision: Not Good to Go\n"),
            "{text}"
        );
        assert!(
            text.contains("| Pilot Results | Go | meets every threshold |"),
            "{text}"
        );
        assert!(
            text.contains("| Outstanding Issues | **No Go** | 1 critical or high issue(s) outstanding: ISS-9 \"Labels \\| retention \\*draft\\*\""),
            "{text}"
        );
        assert!(
            text.contains("| **Overall** | **Not Good to Go** | No Go: Outstanding Issues |"),
            "{text}"
        );
        assert!(text.contains("- **P90:** 42.0 calendar days"), "{text}");
        assert!(text.contains("- **P50:** 33.6 calendar days"), "{text}");
        assert!(text.contains("## 2. Outstanding Issues: No Go"), "{text}");
        assert!(text.contains("Why it is not Go:"), "{text}");
        assert!(text.contains("- `estate.csv`"), "{text}");
        // Every table row has the same number of unescaped cell separators.
        for row in text.lines().filter(|line| line.starts_with('|')) {
            let separators = row.replace("\\|", "").matches('|').count();
            assert_eq!(separators, 4, "{row}");
        }
    }
}
