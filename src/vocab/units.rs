//! Units as the rest of the code sees them: sizes in bytes (`u64`), durations in microseconds
//! (`u64`). Parsing of human sizes ("10MiB", "200MiB/s") happens here, at the edge, and
//! conversion to milliseconds, seconds or MiB only when a figure is displayed or written.

use std::time::Duration;

/// Microseconds: the one time unit inside pilotbench.
pub type Micros = u64;

/// 1 KiB.
pub const KIB: u64 = 1024;
/// 1 MiB.
pub const MIB: u64 = 1024 * 1024;
/// 1 GiB.
pub const GIB: u64 = 1024 * 1024 * 1024;

/// Why a size could not be parsed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SizeError {
    /// Empty text.
    #[error("empty size; write a number with a unit, like \"10MiB\"")]
    Empty,
    /// No number at the start.
    #[error(
        "\"{0}\" does not start with a number; write a size like \"10MiB\", \"256KiB\" or \"4096\" (bytes)"
    )]
    NoNumber(String),
    /// A unit we do not know.
    #[error(
        "unknown unit \"{unit}\" in \"{text}\"; use B, KiB, MiB, GiB, TiB (or KB, MB, GB, TB for powers of 1000)"
    )]
    UnknownUnit {
        /// The whole text.
        text: String,
        /// The unit part.
        unit: String,
    },
    /// Larger than u64 bytes, or negative.
    #[error("\"{0}\" is out of range")]
    OutOfRange(String),
    /// A rate without "/s".
    #[error("\"{0}\" is not a rate; write bytes per second, like \"200MiB/s\"")]
    NotARate(String),
}

/// Parses a size: an integer or decimal number and an optional unit (`B`, `KiB`, `MiB`, `GiB`,
/// `TiB`, or decimal `KB`, `MB`, `GB`, `TB`); a bare number is bytes. Case of the unit letters
/// other than the `i` is not significant (`mib` = `MiB`), and spaces between number and unit
/// are allowed.
pub fn parse_size(text: &str) -> Result<u64, SizeError> {
    let trimmed = text.trim();
    if trimmed.is_empty() {
        return Err(SizeError::Empty);
    }
    let split = trimmed
        .find(|c: char| !(c.is_ascii_digit() || c == '.' || c == '_'))
        .unwrap_or(trimmed.len());
    let (number, unit) = trimmed.split_at(split);
    let number: String = number.chars().filter(|c| *c != '_').collect();
    if number.is_empty() {
        return Err(SizeError::NoNumber(text.to_string()));
    }
    let value: f64 = number
        .parse()
        .map_err(|_| SizeError::NoNumber(text.to_string()))?;
    let multiplier = match unit.trim().to_ascii_lowercase().as_str() {
        "" | "b" => 1,
        "k" | "kib" => KIB,
        "m" | "mib" => MIB,
        "g" | "gib" => GIB,
        "t" | "tib" => 1024 * GIB,
        "kb" => 1_000,
        "mb" => 1_000_000,
        "gb" => 1_000_000_000,
        "tb" => 1_000_000_000_000,
        _ => {
            return Err(SizeError::UnknownUnit {
                text: text.to_string(),
                unit: unit.trim().to_string(),
            });
        }
    };
    let bytes = value * multiplier as f64;
    if !bytes.is_finite() || bytes < 0.0 || bytes > u64::MAX as f64 {
        return Err(SizeError::OutOfRange(text.to_string()));
    }
    Ok(bytes.round() as u64)
}

/// Parses a rate in bytes per second: a size followed by `/s` ("200MiB/s").
pub fn parse_rate(text: &str) -> Result<u64, SizeError> {
    let trimmed = text.trim();
    let Some(size) = trimmed
        .strip_suffix("/s")
        .or_else(|| trimmed.strip_suffix("/sec"))
    else {
        return Err(SizeError::NotARate(text.to_string()));
    };
    parse_size(size)
}

/// Microseconds in a [`Duration`], saturating.
pub fn micros(duration: Duration) -> Micros {
    u64::try_from(duration.as_micros()).unwrap_or(u64::MAX)
}

/// Microseconds as milliseconds, for display and CSV.
pub fn us_to_ms(us: Micros) -> f64 {
    us as f64 / 1_000.0
}

/// Microseconds as seconds, for display and CSV.
pub fn us_to_s(us: Micros) -> f64 {
    us as f64 / 1_000_000.0
}

/// A byte count for people: "1.5 MiB".
pub fn human_bytes(bytes: u64) -> String {
    const UNITS: [&str; 5] = ["B", "KiB", "MiB", "GiB", "TiB"];
    let mut value = bytes as f64;
    let mut unit = 0;
    while value >= 1024.0 && unit + 1 < UNITS.len() {
        value /= 1024.0;
        unit += 1;
    }
    if unit == 0 {
        format!("{bytes} B")
    } else {
        format!("{value:.1} {}", UNITS[unit])
    }
}

/// Thousands separated by commas, as figures are written in messages: 62914560 → "62,914,560".
pub fn grouped(number: u64) -> String {
    let digits = number.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (index, digit) in digits.chars().enumerate() {
        if index > 0 && (digits.len() - index).is_multiple_of(3) {
            out.push(',');
        }
        out.push(digit);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_in_binary_and_decimal_units() {
        assert_eq!(parse_size("10MiB"), Ok(10 * MIB));
        assert_eq!(parse_size("256 KiB"), Ok(256 * KIB));
        assert_eq!(parse_size("4096"), Ok(4096));
        assert_eq!(parse_size("1.5GiB"), Ok(GIB + GIB / 2));
        assert_eq!(parse_size("2MB"), Ok(2_000_000));
        assert_eq!(parse_size("0"), Ok(0));
        assert_eq!(parse_size("320kib"), Ok(327_680));
    }

    #[test]
    fn bad_sizes_say_what_is_wrong() {
        assert_eq!(parse_size(""), Err(SizeError::Empty));
        assert!(matches!(parse_size("MiB"), Err(SizeError::NoNumber(_))));
        assert!(matches!(
            parse_size("10 parsecs"),
            Err(SizeError::UnknownUnit { .. })
        ));
        assert!(parse_size("10XB").unwrap_err().to_string().contains("KiB"));
    }

    #[test]
    fn rates_need_per_second() {
        assert_eq!(parse_rate("200MiB/s"), Ok(200 * MIB));
        assert!(matches!(parse_rate("200MiB"), Err(SizeError::NotARate(_))));
    }

    #[test]
    fn human_bytes_picks_a_unit() {
        assert_eq!(human_bytes(512), "512 B");
        assert_eq!(human_bytes(3 * MIB / 2), "1.5 MiB");
    }
    #[test]
    fn numbers_are_grouped_in_thousands() {
        assert_eq!(grouped(0), "0");
        assert_eq!(grouped(999), "999");
        assert_eq!(grouped(1_000), "1,000");
        assert_eq!(grouped(62_914_560), "62,914,560");
    }
}
