//! The query options of a request, read once and checked against what its resource takes
//! (`docs/graph-notes.md` §15). Graph either honours a query option or refuses it; an option the
//! simulated tenant does not implement (`$filter`, `$count`, `$search`, `$skip`, `$format`, any
//! unknown `$x` or unknown plain option) is refused with `400 invalidRequest` naming it, never
//! ignored, so a client never takes an unfiltered answer for a filtered one. A repeated option
//! is refused too, as OData requires.
//!
//! Names are matched without regard to case (Graph reads `$skipToken` and `$skiptoken` alike)
//! and after percent-decoding (`%24select` is `$select`: the SDKs encode the dollar).

use super::exchange::SimFailure;

/// A query option a resource may take.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum QueryOption {
    /// `$select=a,b`: the properties to return.
    Select,
    /// `$expand=children`: related items to include.
    Expand,
    /// `$top=n`: the page size.
    Top,
    /// `$skiptoken=...`: where a page starts (written into next links by the tenant).
    SkipToken,
    /// `$orderby=name [asc|desc]`.
    OrderBy,
    /// `token=...`: the delta function's parameter in query form.
    Token,
    /// `@microsoft.graph.conflictBehavior=fail|replace|rename`.
    ConflictBehavior,
    /// `tempauth=...`: the credential of a pre-authenticated URL the tenant handed out.
    TempAuth,
}

impl QueryOption {
    /// Its name on the wire, lower case.
    fn name(self) -> &'static str {
        match self {
            QueryOption::Select => "$select",
            QueryOption::Expand => "$expand",
            QueryOption::Top => "$top",
            QueryOption::SkipToken => "$skiptoken",
            QueryOption::OrderBy => "$orderby",
            QueryOption::Token => "token",
            QueryOption::ConflictBehavior => "@microsoft.graph.conflictbehavior",
            QueryOption::TempAuth => "tempauth",
        }
    }

    const ALL: [QueryOption; 8] = [
        QueryOption::Select,
        QueryOption::Expand,
        QueryOption::Top,
        QueryOption::SkipToken,
        QueryOption::OrderBy,
        QueryOption::Token,
        QueryOption::ConflictBehavior,
        QueryOption::TempAuth,
    ];
}

/// The largest `$top` the tenant takes; Graph's document libraries page at most this many items.
pub(crate) const MAX_TOP: usize = 1000;

/// The query options of one request, each present at most once.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct QueryOptions {
    /// `$select`, split at commas, as given.
    pub(crate) select: Option<Vec<String>>,
    /// `$expand`, split at top-level commas, as given.
    pub(crate) expand: Vec<String>,
    /// `$top`, a positive integer up to [`MAX_TOP`].
    pub(crate) top: Option<usize>,
    /// `$skiptoken`.
    pub(crate) skip_token: Option<String>,
    /// `$orderby`, as given.
    pub(crate) order_by: Option<String>,
    /// `token`.
    pub(crate) token: Option<String>,
    /// `@microsoft.graph.conflictBehavior`.
    pub(crate) conflict_behavior: Option<String>,
    /// `tempauth`.
    pub(crate) temp_auth: Option<String>,
}

fn not_supported(name: &str) -> SimFailure {
    SimFailure::invalid_request(format!(
        "The query option '{name}' is not supported by the simulated tenant on this resource; \
         remove it (the tenant refuses what it does not implement rather than ignore it)."
    ))
}

/// Splits at commas outside parentheses.
fn split_top_level(value: &str) -> Vec<String> {
    let mut parts = Vec::new();
    let mut depth = 0usize;
    let mut current = String::new();
    for c in value.chars() {
        match c {
            '(' => depth += 1,
            ')' => depth = depth.saturating_sub(1),
            ',' if depth == 0 => {
                parts.push(current.trim().to_owned());
                current.clear();
                continue;
            }
            _ => {}
        }
        current.push(c);
    }
    parts.push(current.trim().to_owned());
    parts
}

/// Whether the raw `query` expands the navigation property `name` (`$expand=children,permissions`,
/// a name with options such as `permissions($select=id)` included), read without checking the
/// rest: the price of a request depends on it before its route reads the options strictly.
pub(crate) fn expands(query: Option<&str>, name: &str) -> bool {
    url::form_urlencoded::parse(query.unwrap_or_default().as_bytes())
        .filter(|(key, _)| key.eq_ignore_ascii_case(QueryOption::Expand.name()))
        .any(|(_, value)| {
            split_top_level(&value).iter().any(|expanded| {
                let property = expanded.split('(').next().unwrap_or_default().trim();
                property.eq_ignore_ascii_case(name)
            })
        })
}

impl QueryOptions {
    /// Reads the raw `query` (without `?`), refusing any option not in `allowed`, a repeated
    /// option and a malformed value.
    pub(crate) fn parse(
        query: Option<&str>,
        allowed: &[QueryOption],
    ) -> Result<QueryOptions, SimFailure> {
        let mut options = QueryOptions::default();
        let mut seen: Vec<QueryOption> = Vec::new();
        let query = query.unwrap_or_default();
        for (key, value) in url::form_urlencoded::parse(query.as_bytes()) {
            if key.is_empty() && value.is_empty() {
                continue;
            }
            let lower = key.to_ascii_lowercase();
            let option = QueryOption::ALL
                .into_iter()
                .find(|o| o.name() == lower)
                .filter(|o| allowed.contains(o))
                .ok_or_else(|| not_supported(&key))?;
            if seen.contains(&option) {
                return Err(SimFailure::invalid_request(format!(
                    "The query option '{key}' is given more than once."
                )));
            }
            seen.push(option);
            let value = value.into_owned();
            match option {
                QueryOption::Select => {
                    let names = split_top_level(&value);
                    if names.iter().any(String::is_empty) {
                        return Err(SimFailure::invalid_request(format!(
                            "The $select value '{value}' has an empty property name."
                        )));
                    }
                    options.select = Some(names);
                }
                QueryOption::Expand => {
                    let names = split_top_level(&value);
                    if names.iter().any(String::is_empty) {
                        return Err(SimFailure::invalid_request(format!(
                            "The $expand value '{value}' has an empty property name."
                        )));
                    }
                    options.expand = names;
                }
                QueryOption::Top => {
                    let top = value
                        .trim()
                        .parse::<usize>()
                        .ok()
                        .filter(|t| (1..=MAX_TOP).contains(t))
                        .ok_or_else(|| {
                            SimFailure::invalid_request(format!(
                                "Invalid $top value '{value}': give a whole number from 1 to \
                                 {MAX_TOP}."
                            ))
                        })?;
                    options.top = Some(top);
                }
                QueryOption::SkipToken => options.skip_token = Some(value),
                QueryOption::OrderBy => options.order_by = Some(value),
                QueryOption::Token => options.token = Some(value),
                QueryOption::ConflictBehavior => options.conflict_behavior = Some(value),
                QueryOption::TempAuth => options.temp_auth = Some(value),
            }
        }
        Ok(options)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const ALL: &[QueryOption] = &QueryOption::ALL;

    #[test]
    fn expands_finds_a_property_among_others_with_or_without_options() {
        assert!(expands(Some("$expand=children,permissions"), "permissions"));
        assert!(expands(
            Some("%24expand=Permissions($select=id)"),
            "permissions"
        ));
        assert!(!expands(
            Some("$expand=children($select=permissions)"),
            "permissions"
        ));
        assert!(!expands(Some("$select=permissions"), "permissions"));
        assert!(!expands(None, "permissions"));
    }

    #[test]
    fn known_options_are_read_with_encoded_dollars_and_any_case() {
        let options = QueryOptions::parse(
            Some("%24select=id,name&$TOP=5&$skipToken=abc&token=latest"),
            ALL,
        )
        .expect("parses");
        assert_eq!(options.select, Some(vec!["id".into(), "name".into()]));
        assert_eq!(options.top, Some(5));
        assert_eq!(options.skip_token.as_deref(), Some("abc"));
        assert_eq!(options.token.as_deref(), Some("latest"));
        let expand = QueryOptions::parse(Some("$expand=children($select=id,name),thumbnails"), ALL)
            .expect("parses");
        assert_eq!(expand.expand, ["children($select=id,name)", "thumbnails"]);
    }

    #[test]
    fn options_the_resource_does_not_take_are_refused_by_name() {
        for (query, named) in [
            ("$filter=name%20eq%20'a'", "$filter"),
            ("$count=true", "$count"),
            ("$search=x", "$search"),
            ("$skip=2", "$skip"),
            ("$format=json", "$format"),
            ("$whatever=1", "$whatever"),
            ("foo=bar", "foo"),
        ] {
            let refused = QueryOptions::parse(Some(query), ALL).expect_err(query);
            assert_eq!((refused.status, refused.code), (400, "invalidRequest"));
            assert!(
                refused.message.contains(&format!("'{named}'")),
                "{refused:?}"
            );
        }
        let refused =
            QueryOptions::parse(Some("$top=2"), &[QueryOption::Select]).expect_err("not taken");
        assert!(refused.message.contains("'$top'"));
    }

    #[test]
    fn repeated_and_malformed_options_are_refused() {
        for query in [
            "$top=1&$top=2",
            "$top=0",
            "$top=1001",
            "$top=x",
            "$select=id,,name",
        ] {
            let refused = QueryOptions::parse(Some(query), ALL).expect_err(query);
            assert_eq!(refused.status, 400, "{query}");
        }
        assert_eq!(QueryOptions::parse(None, &[]), Ok(QueryOptions::default()));
    }
}
