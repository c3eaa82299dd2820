//! Working time turned into calendar days under the migration window: the copy runs
//! `hours_per_day` hours on `days_per_week` days of each week, so a week holds
//! `hours_per_day × days_per_week` hours of copying and lasts seven days.

use crate::vocab::units::Micros;

/// Calendar days `working_us` of copying take under the window: whole weeks of the window
/// count seven days each; the rest counts one day per `hours_per_day` (a part-day as its
/// share). 24 hours a day, 7 days a week gives working time in days.
pub fn calendar_days(working_us: Micros, hours_per_day: f64, days_per_week: u32) -> f64 {
    if hours_per_day <= 0.0 || days_per_week == 0 {
        return 0.0;
    }
    let hours = working_us as f64 / 3.6e9;
    let week_hours = hours_per_day * f64::from(days_per_week);
    let weeks = (hours / week_hours).floor();
    let rest = hours - weeks * week_hours;
    weeks * 7.0 + rest / hours_per_day
}

#[cfg(test)]
mod tests {
    use super::*;

    const HOUR: Micros = 3_600_000_000;

    #[test]
    fn around_the_clock_is_working_time_in_days() {
        assert!((calendar_days(36 * HOUR, 24.0, 7) - 1.5).abs() < 1e-12);
    }

    #[test]
    fn a_working_week_window_adds_the_weekends() {
        // 8 h a day, 5 days a week: 40 h is one week (7 days), 48 h a week and a day.
        assert!((calendar_days(40 * HOUR, 8.0, 5) - 7.0).abs() < 1e-12);
        assert!((calendar_days(48 * HOUR, 8.0, 5) - 8.0).abs() < 1e-12);
        assert!((calendar_days(4 * HOUR, 8.0, 5) - 0.5).abs() < 1e-12);
        assert_eq!(calendar_days(0, 8.0, 5), 0.0);
    }
}
