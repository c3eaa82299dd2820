//! Rewrites the TOML and serde error messages ("unknown field `x`, expected one of `a`, `b`")
//! into the words a scenario author needs: which key, in which table, and what to write
//! instead.

use super::location::KeyPlace;

/// A readable message for a deserialisation error. `place` is where the error's span sits
/// (a key, a value, or a whole table), when it could be found.
pub(crate) fn describe(message: &str, place: Option<&KeyPlace>) -> String {
    if let Some(rest) = message.strip_prefix("unknown field `") {
        return unknown_key(rest, place);
    }
    if let Some(rest) = message.strip_prefix("missing field `") {
        let key = rest.trim_end_matches('`');
        let within = place.map_or_else(|| "this table".to_string(), container_label);
        return format!(
            "missing key \"{key}\" in {within}; add {key} = ... (see scenarios/example.toml)"
        );
    }
    if let Some(rest) = message.strip_prefix("invalid type: ") {
        return found_expected(rest, "has the wrong type", place);
    }
    if let Some(rest) = message.strip_prefix("invalid value: ") {
        return found_expected(rest, "has an invalid value", place);
    }
    match place.and_then(key_label) {
        Some(key) => format!("{key}: {message}"),
        None => message.to_string(),
    }
}

/// "unknown field `x`, expected one of `a`, `b`" after its prefix.
fn unknown_key(rest: &str, place: Option<&KeyPlace>) -> String {
    let (key, tail) = rest.split_once('`').unwrap_or((rest, ""));
    let accepted: Vec<&str> = tail.split('`').skip(1).step_by(2).collect();
    let within = place.map_or_else(|| "this table".to_string(), KeyPlace::table_label);
    let expected = match accepted.as_slice() {
        [] => "no keys are accepted here".to_string(),
        [only] => format!("expected {only}"),
        many => format!("expected one of {}", many.join(", ")),
    };
    let suggestion = did_you_mean(key, &accepted);
    format!("unknown key \"{key}\" in {within}; {expected}{suggestion}")
}

/// ` (did you mean "concurrency"?)` when one accepted word is a likely typo of `key`, else "".
pub(crate) fn did_you_mean(key: &str, accepted: &[&str]) -> String {
    closest(key, accepted)
        .map(|best| format!(" (did you mean \"{best}\"?)"))
        .unwrap_or_default()
}

/// "string \"8\", expected i64" after the "invalid type: " prefix.
fn found_expected(rest: &str, problem: &str, place: Option<&KeyPlace>) -> String {
    let (found, expected) = rest.rsplit_once(", expected ").unwrap_or((rest, ""));
    let found = found.replace('`', "");
    let subject = place
        .and_then(key_label)
        .unwrap_or_else(|| "a value".to_string());
    if expected.is_empty() {
        return format!("{subject} {problem}: {found}");
    }
    format!(
        "{subject} {problem}: found {found}, expected {}",
        plain_expected(expected)
    )
}

/// Serde's names for Rust types, in scenario words.
fn plain_expected(expected: &str) -> String {
    match expected {
        "i64" | "i32" | "i128" => "a whole number".to_string(),
        "u64" | "u32" | "u128" | "usize" => "a whole number of 0 or more".to_string(),
        "f64" | "f32" => "a number".to_string(),
        "a string" => "a string in quotes".to_string(),
        other if other.starts_with("struct ") => "a table".to_string(),
        other => other.to_string(),
    }
}

/// `"concurrency" in [engine]` for a key, or the table's label when the span is a table.
fn key_label(place: &KeyPlace) -> Option<String> {
    let key = place.key.as_ref()?;
    Some(format!("\"{key}\" in {}", place.table_label()))
}

/// The table a whole-table span stands for: the span is the value of `place.key`.
pub(crate) fn container_label(place: &KeyPlace) -> String {
    let mut table = place.table.clone();
    table.extend(place.key.iter().cloned());
    KeyPlace { table, key: None }.table_label()
}

/// The accepted key nearest to a misspelt one, when it is near enough to be a likely typo.
fn closest<'a>(key: &str, accepted: &[&'a str]) -> Option<&'a str> {
    let limit = (key.chars().count() / 3).clamp(1, 3);
    accepted
        .iter()
        .map(|candidate| (edit_distance(key, candidate), *candidate))
        .filter(|(distance, _)| *distance <= limit)
        .min_by_key(|(distance, _)| *distance)
        .map(|(_, candidate)| candidate)
}

/// Levenshtein distance over characters.
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    for (i, a_char) in a.chars().enumerate() {
        let mut current = vec![i + 1];
        for (j, b_char) in b.iter().enumerate() {
            let substitution = previous[j] + usize::from(a_char != *b_char);
            current.push(substitution.min(previous[j + 1] + 1).min(current[j] + 1));
        }
        previous = current;
    }
    previous[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn place(table: &[&str], key: Option<&str>) -> KeyPlace {
        KeyPlace {
            table: table.iter().map(ToString::to_string).collect(),
            key: key.map(ToString::to_string),
        }
    }

    #[test]
    fn unknown_fields_name_the_key_the_table_and_the_accepted_keys() {
        let message = describe(
            "unknown field `concurency`, expected one of `concurrency`, `chunk_size`",
            Some(&place(&["engine"], Some("concurency"))),
        );
        assert_eq!(
            message,
            "unknown key \"concurency\" in [engine]; expected one of concurrency, chunk_size \
             (did you mean \"concurrency\"?)"
        );
    }

    #[test]
    fn unrelated_keys_get_no_suggestion() {
        let message = describe(
            "unknown field `colour`, expected `median_ms`",
            Some(&place(&["target", "simulated", "latency"], Some("colour"))),
        );
        assert_eq!(
            message,
            "unknown key \"colour\" in [target.simulated.latency]; expected median_ms"
        );
    }

    #[test]
    fn wrong_types_are_said_in_scenario_words() {
        let message = describe(
            "invalid type: string \"8\", expected i64",
            Some(&place(&["engine"], Some("concurrency"))),
        );
        assert_eq!(
            message,
            "\"concurrency\" in [engine] has the wrong type: found string \"8\", expected a whole number"
        );
    }

    #[test]
    fn missing_keys_name_their_table() {
        let message = describe(
            "missing field `organisation`",
            Some(&place(&[], Some("pilot"))),
        );
        assert!(message.starts_with("missing key \"organisation\" in [pilot]; add organisation"));
        let message = describe(
            "missing field `kind`",
            Some(&place(&["site"], Some("source"))),
        );
        assert!(message.starts_with("missing key \"kind\" in [[site]] source;"));
    }

    #[test]
    fn edit_distance_counts_single_edits() {
        assert_eq!(edit_distance("concurency", "concurrency"), 1);
        assert_eq!(edit_distance("", "abc"), 3);
        assert_eq!(edit_distance("kitten", "sitting"), 3);
    }
}
