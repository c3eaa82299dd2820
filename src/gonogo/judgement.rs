//! How one criterion is put together: evidence lines, and reasons sorted into "this fails the
//! threshold" (No Go) and "this is not known" (Unknown). The verdict follows from them in one
//! place, so every criterion agrees on the rule: any No Go reason is No Go, otherwise any
//! Unknown reason is Unknown, otherwise Go. And the few number formats the lines share.

use super::decision::{Criterion, CriterionKind, Verdict};
use crate::vocab::units::grouped;

/// A criterion being judged.
#[derive(Debug)]
pub(super) struct Judgement {
    kind: CriterionKind,
    evidence: Vec<String>,
    failures: Vec<String>,
    unknowns: Vec<String>,
}

impl Judgement {
    pub(super) fn new(kind: CriterionKind) -> Judgement {
        Judgement {
            kind,
            evidence: Vec::new(),
            failures: Vec::new(),
            unknowns: Vec::new(),
        }
    }

    /// A fact looked at, with its figures and where they came from.
    pub(super) fn evidence(&mut self, line: impl Into<String>) {
        self.evidence.push(line.into());
    }

    /// A reason the criterion fails its threshold.
    pub(super) fn fails(&mut self, reason: impl Into<String>) {
        self.failures.push(reason.into());
    }

    /// A reason the criterion cannot be judged.
    pub(super) fn unknown(&mut self, reason: impl Into<String>) {
        self.unknowns.push(reason.into());
    }

    /// The criterion: No Go reasons first, then Unknown ones.
    pub(super) fn finish(self) -> Criterion {
        let verdict = if !self.failures.is_empty() {
            Verdict::NoGo
        } else if !self.unknowns.is_empty() {
            Verdict::Unknown
        } else {
            Verdict::Go
        };
        let mut reasons = self.failures;
        reasons.extend(self.unknowns);
        Criterion {
            kind: self.kind,
            verdict,
            evidence: self.evidence,
            reasons,
        }
    }
}

/// 0.9876 → "98.8 %"; a share just below a round threshold is never rounded up to it.
pub(super) fn percent(share: f64) -> String {
    // The small epsilon keeps 0.995 (994.99999… in binary) at 99.5.
    let tenths = (share * 1000.0 + 1e-9).floor() / 10.0;
    format!("{tenths:.1} %")
}

/// "1 row", "2 rows": a count with its noun (plural by `s`).
pub(super) fn counted(count: u64, noun: &str) -> String {
    if count == 1 {
        format!("1 {noun}")
    } else {
        format!("{} {noun}s", grouped(count))
    }
}

/// Each `file:line: message` of rows not read, one evidence line each up to `limit`.
pub(super) fn rows_not_read(judgement: &mut Judgement, lines: &[String], limit: usize) {
    for line in lines.iter().take(limit) {
        judgement.evidence(format!("Row not read: {line}"));
    }
    if lines.len() > limit {
        judgement.evidence(format!(
            "and {} more rows not read (each is printed on stderr by pilotbench decide)",
            lines.len() - limit
        ));
    }
}

/// The first `limit` names, then "and N more".
pub(super) fn listed(names: &[String], limit: usize) -> String {
    if names.len() <= limit {
        return names.join("; ");
    }
    format!(
        "{}; and {} more",
        names[..limit].join("; "),
        names.len() - limit
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_verdict_follows_the_reasons() {
        let mut go = Judgement::new(CriterionKind::Licensing);
        go.evidence("fine");
        assert_eq!(go.finish().verdict, Verdict::Go);

        let mut unknown = Judgement::new(CriterionKind::Licensing);
        unknown.unknown("not known");
        assert_eq!(unknown.finish().verdict, Verdict::Unknown);

        let mut no_go = Judgement::new(CriterionKind::Licensing);
        no_go.unknown("not known");
        no_go.fails("too few");
        let criterion = no_go.finish();
        assert_eq!(criterion.verdict, Verdict::NoGo);
        assert_eq!(criterion.reasons, ["too few", "not known"]);
    }

    #[test]
    fn numbers_read_well() {
        assert_eq!(percent(0.98999), "98.9 %");
        assert_eq!(percent(1.0), "100.0 %");
        assert_eq!(percent(0.995), "99.5 %");
        assert_eq!(percent(0.3), "30.0 %");
        let names: Vec<String> = ["a", "b", "c"].iter().map(ToString::to_string).collect();
        assert_eq!(listed(&names, 2), "a; b; and 1 more");
        assert_eq!(listed(&names, 3), "a; b; c");
        assert_eq!(counted(1, "row"), "1 row");
        assert_eq!(counted(1200, "row"), "1,200 rows");
    }
}
