//! Technical Readiness: the on-boarding guidance's own recommendations as a checklist in
//! `[readiness.checklist]`. All seven done is Go; any not done is No Go (named); any not
//! answered is Unknown (named).

use super::decision::{Criterion, CriterionKind};
use super::decision_inputs::DecisionInputs;
use super::judgement::Judgement;

/// Judges Technical Readiness.
pub(super) fn judge(inputs: &DecisionInputs<'_>) -> Criterion {
    let mut judgement = Judgement::new(CriterionKind::TechnicalReadiness);
    let items = inputs.readiness.checklist.items();
    let mut not_done = Vec::new();
    let mut not_known = Vec::new();
    for item in items {
        let answer = match item.answer {
            Some(true) => "done",
            Some(false) => {
                not_done.push(item.key);
                "not done"
            }
            None => {
                not_known.push(item.key);
                "not answered"
            }
        };
        judgement.evidence(format!(
            "{}: {answer} ([readiness.checklist] {})",
            capitalised(item.recommendation),
            item.key
        ));
    }
    if !not_done.is_empty() {
        judgement.fails(format!(
            "not done: {}; complete them (the on-boarding guidance recommends each) and set them true",
            not_done.join(", ")
        ));
    }
    if !not_known.is_empty() {
        judgement.unknown(format!(
            "not answered in [readiness.checklist]: {}; set each to true or false",
            not_known.join(", ")
        ));
    }
    judgement.finish()
}

fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}
