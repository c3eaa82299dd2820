//! Calendar dates (`YYYY-MM-DD`, proleptic Gregorian, no time zone) for the migration window:
//! a `[readiness] deadline`, and a run's start day read from `summary.json`. Days are counted
//! between dates with the civil-from-days arithmetic (Howard Hinnant's algorithm), so no date
//! crate is needed for the one thing the decision asks: how many calendar days are left.

use std::fmt;

/// A calendar day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct CalendarDate {
    /// Year, 1 to 9999.
    pub year: i32,
    /// Month, 1 to 12.
    pub month: u32,
    /// Day of the month, 1 to 31 (checked against the month).
    pub day: u32,
}

impl CalendarDate {
    /// Parses `YYYY-MM-DD`; the error says what is wrong, for a message.
    pub fn parse(text: &str) -> Result<CalendarDate, String> {
        let trimmed = text.trim();
        let parts: Vec<&str> = trimmed.split('-').collect();
        let [year, month, day] = parts.as_slice() else {
            return Err(format!(
                "\"{trimmed}\" is not a date; write YYYY-MM-DD, like \"2026-03-31\""
            ));
        };
        let digits = |part: &str, width: usize| {
            (part.len() == width && part.bytes().all(|b| b.is_ascii_digit()))
                .then(|| part.parse::<u32>().ok())
                .flatten()
        };
        let (Some(year), Some(month), Some(day)) =
            (digits(year, 4), digits(month, 2), digits(day, 2))
        else {
            return Err(format!(
                "\"{trimmed}\" is not a date; write YYYY-MM-DD, like \"2026-03-31\""
            ));
        };
        let year = i32::try_from(year).unwrap_or(0);
        if year < 1 || !(1..=12).contains(&month) || day < 1 || day > days_in_month(year, month) {
            return Err(format!(
                "\"{trimmed}\" is not a day of the calendar; check the month and day"
            ));
        }
        Ok(CalendarDate { year, month, day })
    }

    /// The day of an RFC 3339 timestamp (`2026-11-25T09:00:00Z` → 2026-11-25), as written (the
    /// run's timestamps are UTC).
    pub fn of_timestamp(timestamp: &str) -> Option<CalendarDate> {
        timestamp
            .get(..10)
            .and_then(|day| CalendarDate::parse(day).ok())
    }

    /// Days since 1970-01-01 (negative before it).
    pub fn days_since_epoch(self) -> i64 {
        let year = i64::from(self.year) - i64::from(self.month <= 2);
        let era = year.div_euclid(400);
        let year_of_era = year - era * 400;
        let month = i64::from(self.month);
        let day_of_year = (153 * (if month > 2 { month - 3 } else { month + 9 }) + 2) / 5
            + i64::from(self.day)
            - 1;
        let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
        era * 146_097 + day_of_era - 719_468
    }

    /// The date `days` after 1970-01-01.
    pub fn from_days_since_epoch(days: i64) -> CalendarDate {
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let day_of_era = z - era * 146_097;
        let year_of_era =
            (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
        let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
        let shifted_month = (5 * day_of_year + 2) / 153;
        let day = day_of_year - (153 * shifted_month + 2) / 5 + 1;
        let month = if shifted_month < 10 {
            shifted_month + 3
        } else {
            shifted_month - 9
        };
        let year = year_of_era + era * 400 + i64::from(month <= 2);
        CalendarDate {
            year: i32::try_from(year).unwrap_or(i32::MAX),
            month: u32::try_from(month).unwrap_or(1),
            day: u32::try_from(day).unwrap_or(1),
        }
    }

    /// Calendar days from `self` to `later` (negative when `later` is earlier).
    pub fn days_until(self, later: CalendarDate) -> i64 {
        later.days_since_epoch() - self.days_since_epoch()
    }

    /// The date `days` calendar days after `self`.
    pub fn plus_days(self, days: i64) -> CalendarDate {
        CalendarDate::from_days_since_epoch(self.days_since_epoch().saturating_add(days))
    }
}

impl fmt::Display for CalendarDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        _ if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        _ => 28,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(text: &str) -> CalendarDate {
        CalendarDate::parse(text).unwrap_or_else(|error| panic!("{error}"))
    }

    #[test]
    fn days_are_counted_across_months_leap_years_and_the_epoch() {
        assert_eq!(date("1970-01-01").days_since_epoch(), 0);
        assert_eq!(date("2000-03-01").days_since_epoch(), 11_017);
        assert_eq!(date("2024-02-28").days_until(date("2024-03-01")), 2);
        assert_eq!(date("2025-02-28").days_until(date("2025-03-01")), 1);
        assert_eq!(date("2026-12-31").days_until(date("2026-01-01")), -364);
        assert_eq!(date("1969-12-31").days_since_epoch(), -1);
        for days in [-1000, -1, 0, 59, 11_016, 20_000, 2_932_896] {
            assert_eq!(
                CalendarDate::from_days_since_epoch(days).days_since_epoch(),
                days
            );
        }
        assert_eq!(date("2026-01-30").plus_days(30).to_string(), "2026-03-01");
    }

    #[test]
    fn bad_dates_are_refused_with_the_format() {
        for bad in [
            "2026-02-29",
            "2026-13-01",
            "2026-1-5",
            "31/03/2026",
            "",
            "0000-01-01",
            "2026-04-31",
        ] {
            let error = CalendarDate::parse(bad).unwrap_err();
            assert!(
                error.contains("date") || error.contains("calendar"),
                "{bad}: {error}"
            );
        }
        assert_eq!(date(" 2024-02-29 ").to_string(), "2024-02-29");
        assert_eq!(
            CalendarDate::of_timestamp("2026-11-25T09:00:00.123Z"),
            Some(date("2026-11-25"))
        );
        assert_eq!(CalendarDate::of_timestamp("soon"), None);
    }
}
