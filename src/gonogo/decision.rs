//! The decision's vocabulary: the five criteria, the verdict on each, and the rule that makes
//! the organisation "Good to Go" only when all five are Go.

/// The verdict on one criterion, or overall.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Verdict {
    /// The evidence meets the threshold.
    Go,
    /// The evidence fails the threshold.
    NoGo,
    /// There is not enough evidence to say.
    Unknown,
}

impl Verdict {
    /// The spelling in reports: `Go`, `No Go`, `Unknown`.
    pub fn as_str(self) -> &'static str {
        match self {
            Verdict::Go => "Go",
            Verdict::NoGo => "No Go",
            Verdict::Unknown => "Unknown",
        }
    }
}

/// The five criteria, in the guidance's order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CriterionKind {
    /// Verified share, failures, throttling, projected duration against the window.
    PilotResults,
    /// The issues log: no open critical or high issue.
    OutstandingIssues,
    /// Every migration-list row mapped, enough signed off.
    MigrationListCompletion,
    /// Licences against users; OneDrive data against the licensed quota.
    Licensing,
    /// The guidance's recommendations, as a checklist.
    TechnicalReadiness,
}

impl CriterionKind {
    /// All five, in order.
    pub const ALL: [CriterionKind; 5] = [
        CriterionKind::PilotResults,
        CriterionKind::OutstandingIssues,
        CriterionKind::MigrationListCompletion,
        CriterionKind::Licensing,
        CriterionKind::TechnicalReadiness,
    ];

    /// The guidance's name for it.
    pub fn title(self) -> &'static str {
        match self {
            CriterionKind::PilotResults => "Pilot Results",
            CriterionKind::OutstandingIssues => "Outstanding Issues",
            CriterionKind::MigrationListCompletion => "Migration List Completion",
            CriterionKind::Licensing => "Licensing",
            CriterionKind::TechnicalReadiness => "Technical Readiness",
        }
    }
}

/// One criterion judged.
#[derive(Debug, Clone, PartialEq)]
pub struct Criterion {
    /// Which.
    pub kind: CriterionKind,
    /// The verdict.
    pub verdict: Verdict,
    /// The facts looked at, one line each (figures with their source).
    pub evidence: Vec<String>,
    /// Why the verdict is not Go (empty when Go).
    pub reasons: Vec<String>,
}

/// The five criteria judged.
#[derive(Debug, Clone, PartialEq)]
pub struct Decision {
    /// One per [`CriterionKind::ALL`], in order.
    pub criteria: Vec<Criterion>,
}

impl Decision {
    /// Go only when all five are Go; No Go when any is No Go; otherwise Unknown.
    pub fn overall(&self) -> Verdict {
        let verdicts = || self.criteria.iter().map(|criterion| criterion.verdict);
        if self.criteria.len() == CriterionKind::ALL.len() && verdicts().all(|v| v == Verdict::Go) {
            Verdict::Go
        } else if verdicts().any(|v| v == Verdict::NoGo) {
            Verdict::NoGo
        } else {
            Verdict::Unknown
        }
    }

    /// "Good to Go" or "Not Good to Go", the guidance's words.
    pub fn headline(&self) -> &'static str {
        if self.overall() == Verdict::Go {
            "Good to Go"
        } else {
            "Not Good to Go"
        }
    }
}
