//! The tenant's resource-unit budget as a ceiling on any projected rate. SharePoint charges
//! each Graph request resource units against a per-app budget per minute (`docs/graph-notes.md`
//! §1, §2); however fast the pilot's items went, a migration cannot copy files faster than the
//! budget pays for them.
//!
//! RU per file: **2**. A simple upload (`PUT …/content`) costs 2 RU; an upload session's
//! `createUploadSession` costs 2 RU and its fragment PUTs to the upload URL have no stated
//! cost (none is stated, `docs/graph-notes.md` §1), so they count 0 — as the simulated tenant charges
//! them. Folder creation (2 RU a folder) and site resolution are left out: the migration list
//! does not say how many folders a site has.

use crate::scenario::{Scenario, Target};

/// RU one file costs: a simple PUT, or a `createUploadSession` (its fragments cost nothing
/// stated).
pub const RU_PER_ITEM: u64 = 2;

/// The app's RU per minute for a tenant of 0–1,000 licences: `docs/graph-notes.md` §2, the 10/2025
/// text of Microsoft's page (the 07/2024 text said 1,200).
pub const DEFAULT_RU_PER_MINUTE: u64 = 1_250;

/// Where the budget figure came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RuCeilingSource {
    /// `[estimate] ru_per_minute` in the scenario.
    Scenario,
    /// The simulated tenant's `ru_per_minute` per `ru_window`, as a rate per minute.
    SimulatedTenant,
    /// Microsoft's published figure for 0–1,000 licences (10/2025 text).
    MicrosoftDefault,
}

impl RuCeilingSource {
    /// In words, for reports.
    pub fn describe(self) -> &'static str {
        match self {
            RuCeilingSource::Scenario => "[estimate] ru_per_minute",
            RuCeilingSource::SimulatedTenant => "the simulated tenant's budget",
            RuCeilingSource::MicrosoftDefault => {
                "Microsoft's app budget for 0-1,000 licences (10/2025 text; 1,200 in 07/2024)"
            }
        }
    }
}

/// The budget as a ceiling.
#[derive(Debug, Clone, PartialEq)]
pub struct RuCeiling {
    /// RU per minute (a fraction when a simulated window is not a minute).
    pub ru_per_minute: f64,
    /// Where the figure came from.
    pub source: RuCeilingSource,
    /// Whether it raised the median total (the fitted rate is above what the budget pays for).
    pub binding: bool,
}

impl RuCeiling {
    /// A ceiling of `ru_per_minute` from `source`.
    pub fn new(ru_per_minute: f64, source: RuCeilingSource) -> RuCeiling {
        RuCeiling {
            ru_per_minute,
            source,
            binding: false,
        }
    }

    /// Files per hour the budget pays for.
    pub fn items_per_hour(&self) -> f64 {
        self.ru_per_minute * 60.0 / RU_PER_ITEM as f64
    }

    /// The least time `items` files can take under the budget, µs.
    pub fn min_time_us(&self, items: u64) -> f64 {
        if self.ru_per_minute <= 0.0 {
            return 0.0;
        }
        (items * RU_PER_ITEM) as f64 / self.ru_per_minute * 60e6
    }
}

/// The ceiling a scenario implies: `[estimate] ru_per_minute` when written; otherwise, on a
/// simulated target, the simulated tenant's own budget over its window (none when it has no
/// budget); on a real tenant, [`DEFAULT_RU_PER_MINUTE`].
pub fn ru_ceiling_for(scenario: &Scenario) -> Option<RuCeiling> {
    if let Some(budget) = scenario.estimate.ru_per_minute {
        return Some(RuCeiling::new(budget as f64, RuCeilingSource::Scenario));
    }
    match &scenario.target {
        Target::Simulated(simulated) => simulated.ru_per_minute.map(|budget| {
            let window_us = simulated.ru_window_us.max(1) as f64;
            RuCeiling::new(
                budget as f64 * 60e6 / window_us,
                RuCeilingSource::SimulatedTenant,
            )
        }),
        Target::Graph(_) => Some(RuCeiling::new(
            DEFAULT_RU_PER_MINUTE as f64,
            RuCeilingSource::MicrosoftDefault,
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_budget_pays_for_625_files_a_minute() {
        let ceiling = RuCeiling::new(
            DEFAULT_RU_PER_MINUTE as f64,
            RuCeilingSource::MicrosoftDefault,
        );
        assert_eq!(ceiling.items_per_hour(), 37_500.0);
        // 1,250 files cost 2,500 RU: two minutes.
        assert_eq!(ceiling.min_time_us(1_250), 120e6);
    }

    #[test]
    fn a_simulated_window_becomes_a_rate_per_minute() {
        let text = "[pilot]\nname = \"P\"\norganisation = \"O\"\n[target]\nkind = \"simulated\"\n\
                    [target.simulated]\nru_per_minute = 300\nru_window = \"3s\"\n\
                    [[site]]\nname = \"A\"\nworkload = \"sharepoint\"\n\
                    destination = { site = \"https://e.sharepoint.com/sites/a\", library = \"Documents\" }\n\
                    source = { kind = \"synthetic\", files = 1, size = { distribution = \"fixed\", value = \"1KiB\" } }\n";
        let scenario = crate::scenario::parse(text, std::path::Path::new("s.toml")).expect("valid");
        let ceiling = ru_ceiling_for(&scenario).expect("a budget");
        assert_eq!(ceiling.source, RuCeilingSource::SimulatedTenant);
        assert!((ceiling.ru_per_minute - 6000.0).abs() < 1e-9);
        let mut scenario = scenario;
        scenario.estimate.ru_per_minute = Some(2500);
        let ceiling = ru_ceiling_for(&scenario).expect("a budget");
        assert_eq!(ceiling.source, RuCeilingSource::Scenario);
        assert_eq!(ceiling.ru_per_minute, 2500.0);
    }
}
