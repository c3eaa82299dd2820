//! `[estimate]` validated: the migration window, the parallel streams, the effort settings,
//! the resource-unit ceiling and the resampling behind the time/effort estimate. Kept apart
//! from `model.rs` as `[readiness]` is: the pilot's own model stays one reader's worth.

/// `[estimate]`: how the pilot is projected onto the migration list. Every key is optional;
/// the defaults are those of [`EstimateSettings::default`] (and README's "Estimate").
#[derive(Debug, Clone, PartialEq)]
pub struct EstimateSettings {
    /// Hours a day the copy may run (the migration window). Default 24.
    pub hours_per_day: f64,
    /// Days a week the copy may run. Default 7.
    pub days_per_week: u32,
    /// Pilot-sized runs (each with the pilot's engine concurrency) going at once. Default 1.
    pub parallel_streams: u32,
    /// Person-hours of work per migration-list row (mapping, permissions, checks). Default 4.
    pub effort_per_site_hours: f64,
    /// Person-hours of work per wave (planning, communication, cut-over). Default 8.
    pub effort_per_wave_hours: f64,
    /// Migration-list rows per wave, in list order. Default 5.
    pub sites_per_wave: u32,
    /// Working hours in a person-day. Default 7.5 (a 37.5-hour week).
    pub hours_per_person_day: f64,
    /// The app's SharePoint resource-unit budget per minute, the ceiling on any projected rate.
    /// `None`: the simulated tenant's own budget on a simulated target (none = no ceiling),
    /// 1,250 RU/min on a real one (0–1,000 licences, `docs/graph-notes.md` §2).
    pub ru_per_minute: Option<u64>,
    /// Bootstrap resamples behind P50/P90. Default 1,000.
    pub resamples: u32,
    /// Seed of the resampling: same seed, same estimate. Default 1.
    pub seed: u64,
}

impl Default for EstimateSettings {
    fn default() -> Self {
        EstimateSettings {
            hours_per_day: 24.0,
            days_per_week: 7,
            parallel_streams: 1,
            effort_per_site_hours: 4.0,
            effort_per_wave_hours: 8.0,
            sites_per_wave: 5,
            hours_per_person_day: 7.5,
            ru_per_minute: None,
            resamples: 1_000,
            seed: 1,
        }
    }
}
