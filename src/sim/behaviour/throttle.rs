//! SharePoint's throttling as the simulated tenant models it (`docs/graph-notes.md` §1 and §2): every
//! request is charged resource units (RU) against a per-app, fixed one-minute budget; once the
//! window's budget is spent the tenant answers 429 with `Retry-After` and `RateLimit-*`, and from
//! 80 % use on successful answers carry the `RateLimit-*` headers (IETF draft-03 style). A seeded
//! share of requests is answered 503 Server Too Busy instead. The window arithmetic is pure
//! (time comes in as `now_us`), so tests do not wait a minute.

use rand::{RngExt as _, SeedableRng as _};
use rand_chacha::ChaCha8Rng;

use crate::sim::config::SimConfig;
use crate::sim::exchange::SimFailure;
use crate::sim::query::expands;
use crate::sim::route::{Route, SitePart};
use crate::vocab::units::Micros;

/// The random stream of busy draws, apart from latency (1) and corruption (2) in `delays` and `corruption`.
const BUSY_STREAM: u64 = 3;
/// Successful answers carry `RateLimit-*` from this share of the budget used on (`docs/graph-notes.md` §2: 80 %).
const HEADERS_FROM_PERCENT: u64 = 80;

/// The RU a request costs (`docs/graph-notes.md` §1): 1 for a single-item read (site, drive, user
/// drive, item, a channel's files folder), 2 for a multi-item query (children, a site's drives) and for any create,
/// update, delete or upload (folder POST, simple PUT, createUploadSession); `delta` 1 with a
/// token (in the path or the `query`) and 2 without; 5 for a read that expands `permissions`,
/// as the table prices every permission operation.
///
/// Upload-URL traffic (fragment PUT, status GET, cancel DELETE, a deferred session's commit
/// POST) is "not stated" in the reference: it is charged 0 here, an assumption. A path that
/// names no resource costs 1, as the cheapest request the service answers.
pub(crate) fn ru_cost(method: &str, route: Option<&Route>, query: Option<&str>) -> u64 {
    let read = method == "GET";
    if read && route.is_some() && expands(query, "permissions") {
        return 5;
    }
    match route {
        None => 1,
        Some(delta @ Route::Delta { .. }) => {
            if delta.delta_with_token(query) {
                1
            } else {
                2
            }
        }
        Some(Route::Upload(_) | Route::Monitor(_) | Route::Download(_)) => 0,
        // The envelope is free: each member is charged its own cost (`dispatch::batch`).
        Some(Route::Batch) => 0,
        // A download is 1; a PUT to it replaces the file's content, an upload: 2.
        Some(Route::ItemContent { .. }) => {
            if read {
                1
            } else {
                2
            }
        }
        Some(Route::Copy { .. } | Route::PermanentDelete { .. }) => 2,
        Some(Route::SiteByPath { part, .. } | Route::SiteById { part, .. }) => match part {
            SitePart::Drives => 2,
            SitePart::Site => 1,
        },
        // Single reads: a channel's folder, and a user (a directory object, outside
        // SharePoint's table, priced as the table prices reading one item).
        Some(Route::ChannelFilesFolder { .. } | Route::User(_)) => 1,
        // A listing, as the table prices listings.
        Some(Route::Channels(_)) => 2,
        Some(Route::Drive(_) | Route::Item { .. }) => {
            if read {
                1
            } else {
                2
            }
        }
        Some(
            Route::Children { .. }
            | Route::Content { .. }
            | Route::CreateUploadSession { .. }
            | Route::ItemUploadSession { .. },
        ) => 2,
    }
}

/// The `RateLimit-*` figures of one answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct RateLimit {
    /// The window's budget (`RateLimit-Limit`).
    pub(crate) limit: u64,
    /// RU left in the window (`RateLimit-Remaining`).
    pub(crate) remaining: u64,
    /// Whole seconds until the window resets, at least 1 (`RateLimit-Reset`).
    pub(crate) reset_s: u64,
}

impl RateLimit {
    /// The three headers.
    pub(crate) fn headers(&self) -> [(&'static str, String); 3] {
        [
            ("RateLimit-Limit", self.limit.to_string()),
            ("RateLimit-Remaining", self.remaining.to_string()),
            ("RateLimit-Reset", self.reset_s.to_string()),
        ]
    }
}

/// What the budget says about one request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Admission {
    /// Serve it; attach the headers if any (usage ≥ 80 %).
    Allowed(Option<RateLimit>),
    /// 429: the window's budget is spent; `Retry-After` = `reset_s`.
    Throttled(RateLimit),
}

/// A fixed-window RU budget. The first window starts at the first request; windows follow each
/// other every `window_us` from there, whether requests come or not.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct RuWindow {
    budget: u64,
    window_us: Micros,
    /// Start of the current window; `None` before the first request.
    start_us: Option<Micros>,
    /// RU charged in the current window, throttled requests included.
    used: u64,
}

impl RuWindow {
    /// A budget of `budget` RU per `window_us` (at least 1 µs).
    pub(crate) fn new(budget: u64, window_us: Micros) -> RuWindow {
        RuWindow {
            budget,
            window_us: window_us.max(1),
            start_us: None,
            used: 0,
        }
    }

    /// Charges `cost` RU at `now_us` and says whether the request may be served. A throttled
    /// request is charged too (§7: "throttled requests count against the limits").
    pub(crate) fn charge(&mut self, cost: u64, now_us: Micros) -> Admission {
        self.roll(now_us);
        self.used = self.used.saturating_add(cost);
        let reset_s = self.reset_s(now_us);
        if self.used > self.budget {
            return Admission::Throttled(RateLimit {
                limit: self.budget,
                remaining: 0,
                reset_s,
            });
        }
        let headers = (u128::from(self.used) * 100
            >= u128::from(self.budget) * u128::from(HEADERS_FROM_PERCENT))
        .then_some(RateLimit {
            limit: self.budget,
            remaining: self.budget - self.used,
            reset_s,
        });
        Admission::Allowed(headers)
    }

    /// Moves to the window holding `now_us`, emptying the use if that is a new one.
    fn roll(&mut self, now_us: Micros) {
        match self.start_us {
            None => self.start_us = Some(now_us),
            Some(start) if now_us >= start.saturating_add(self.window_us) => {
                let elapsed_windows = (now_us - start) / self.window_us;
                self.start_us = Some(start + elapsed_windows * self.window_us);
                self.used = 0;
            }
            Some(_) => {}
        }
    }

    /// Whole seconds from `now_us` to the end of the current window, rounded up, at least 1.
    fn reset_s(&self, now_us: Micros) -> u64 {
        let end = self
            .start_us
            .unwrap_or(now_us)
            .saturating_add(self.window_us);
        end.saturating_sub(now_us).div_ceil(1_000_000).max(1)
    }
}

/// The tenant's throttling state: the RU budget and the busy draws.
#[derive(Debug)]
pub(crate) struct Throttle {
    window: Option<RuWindow>,
    busy_rate: f64,
    busy_retry_after_s: u64,
    busy_rng: ChaCha8Rng,
}

impl Throttle {
    /// From the tenant's settings, with budget windows of `window_us` (one minute outside tests).
    pub(crate) fn new(config: &SimConfig, window_us: Micros) -> Throttle {
        let mut busy_rng = ChaCha8Rng::seed_from_u64(config.seed);
        busy_rng.set_stream(BUSY_STREAM);
        Throttle {
            window: config
                .ru_per_minute
                .map(|budget| RuWindow::new(budget, window_us)),
            busy_rate: if config.busy_rate.is_finite() {
                config.busy_rate.clamp(0.0, 1.0)
            } else {
                0.0
            },
            busy_retry_after_s: config.busy_retry_after_s,
            busy_rng,
        }
    }

    /// Whether requests are charged RU at all (a budget is set); callers skip the cost otherwise.
    pub(crate) fn charges_ru(&self) -> bool {
        self.window.is_some()
    }

    /// Decides, before the request touches any state, whether it is throttled (429), refused as
    /// too busy (503) or served (with `RateLimit-*` headers from 80 % use on). One busy draw is
    /// made per request whatever the outcome, so a seed gives the same draws in the same order.
    pub(crate) fn admit(
        &mut self,
        cost: u64,
        now_us: Micros,
    ) -> Result<Option<RateLimit>, Rejection> {
        let busy = self.draw_busy();
        let headers = match self.window.as_mut().map(|w| w.charge(cost, now_us)) {
            Some(Admission::Throttled(limit)) => return Err(Rejection::Throttled(limit)),
            Some(Admission::Allowed(headers)) => headers,
            None => None,
        };
        if busy {
            return Err(Rejection::Busy {
                retry_after_s: self.busy_retry_after_s,
            });
        }
        Ok(headers)
    }

    fn draw_busy(&mut self) -> bool {
        if self.busy_rate <= 0.0 {
            return false;
        }
        let u: f64 = self.busy_rng.random();
        u < self.busy_rate
    }
}

/// A request refused before it reached the resource.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Rejection {
    /// 429: the RU budget of the window is spent.
    Throttled(RateLimit),
    /// 503 Server Too Busy.
    Busy {
        /// `Retry-After` in seconds.
        retry_after_s: u64,
    },
}

impl Rejection {
    /// The Graph error to answer with.
    pub(crate) fn failure(&self) -> SimFailure {
        match self {
            Rejection::Throttled(_) => SimFailure::new(
                429,
                "activityLimitReached",
                "The request has been throttled: the app's resource-unit budget is spent. Please retry after the time in Retry-After.",
            )
            .with_inner("throttledRequest"),
            Rejection::Busy { .. } => SimFailure::new(
                503,
                "serviceNotAvailable",
                "Server Too Busy. Please retry after the time in Retry-After.",
            ),
        }
    }

    /// `Retry-After` and, for a 429, the `RateLimit-*` headers.
    pub(crate) fn headers(&self) -> Vec<(&'static str, String)> {
        match self {
            Rejection::Throttled(limit) => {
                let mut headers = vec![("Retry-After", limit.reset_s.to_string())];
                headers.extend(limit.headers());
                headers
            }
            Rejection::Busy { retry_after_s } => {
                vec![("Retry-After", retry_after_s.to_string())]
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::config::RU_WINDOW_MINUTE_US as MINUTE_US;

    const S: Micros = 1_000_000;

    #[test]
    fn budget_is_spent_then_throttles_and_throttled_requests_still_count() {
        let mut window = RuWindow::new(10, MINUTE_US);
        for i in 0..5 {
            assert!(
                matches!(window.charge(2, i * S), Admission::Allowed(_)),
                "create {i}"
            );
        }
        let Admission::Throttled(limit) = window.charge(2, 10 * S) else {
            panic!("the 6th create must be throttled");
        };
        assert_eq!((limit.limit, limit.remaining, limit.reset_s), (10, 0, 50));
        assert_eq!(window.used, 12, "the throttled request is charged");
        // Even a 1-RU read stays throttled in this window.
        assert!(matches!(window.charge(1, 59 * S), Admission::Throttled(_)));
    }

    #[test]
    fn window_resets_a_minute_after_the_first_request() {
        let start = 7 * S;
        let mut window = RuWindow::new(2, MINUTE_US);
        assert!(matches!(window.charge(2, start), Admission::Allowed(_)));
        assert!(matches!(
            window.charge(1, start + MINUTE_US - 1),
            Admission::Throttled(_)
        ));
        assert!(matches!(
            window.charge(2, start + MINUTE_US),
            Admission::Allowed(_)
        ));
        // Windows are fixed: after an idle 2.5 minutes the window started at start + 3 min.
        let late = start + 5 * MINUTE_US / 2 + 3 * MINUTE_US;
        window.charge(2, late);
        assert_eq!(window.start_us, Some(start + 5 * MINUTE_US));
        assert_eq!(window.used, 2);
    }

    #[test]
    fn retry_after_is_whole_seconds_to_the_reset_at_least_one() {
        let mut window = RuWindow::new(0, MINUTE_US);
        let throttled = |a: Admission| match a {
            Admission::Throttled(limit) => limit.reset_s,
            Admission::Allowed(_) => panic!("a zero budget throttles everything"),
        };
        assert_eq!(throttled(window.charge(1, 0)), 60);
        assert_eq!(throttled(window.charge(1, 500_000)), 60, "59.5 s rounds up");
        assert_eq!(throttled(window.charge(1, 31 * S)), 29);
        assert_eq!(throttled(window.charge(1, MINUTE_US - 1)), 1);
    }

    #[test]
    fn headers_appear_from_eighty_percent_of_the_budget() {
        let mut window = RuWindow::new(10, MINUTE_US);
        for used in 1..=7 {
            assert_eq!(
                window.charge(1, 0),
                Admission::Allowed(None),
                "at {used} RU"
            );
        }
        assert_eq!(
            window.charge(1, 55 * S),
            Admission::Allowed(Some(RateLimit {
                limit: 10,
                remaining: 2,
                reset_s: 5
            }))
        );
    }

    #[test]
    fn costs_follow_the_reference_table() {
        let route = |path: &str| crate::sim::route::parse(path).ok();
        let item = route("/v1.0/drives/d/items/i");
        assert_eq!(ru_cost("GET", item.as_ref(), None), 1);
        assert_eq!(ru_cost("DELETE", item.as_ref(), None), 2);
        // Expanding permissions is a permission operation, 5, on an item or a listing.
        assert_eq!(
            ru_cost("GET", item.as_ref(), Some("$expand=permissions")),
            5
        );
        let children = route("/v1.0/drives/d/items/i/children");
        assert_eq!(
            ru_cost(
                "GET",
                children.as_ref(),
                Some("%24expand=children,permissions")
            ),
            5
        );
        assert_eq!(ru_cost("GET", item.as_ref(), Some("$expand=children")), 1);
        // A download is 1; replacing the file's content by id is an upload, 2; a batch's
        // envelope is free (its members are charged).
        let content = route("/v1.0/drives/d/items/i/content");
        assert_eq!(ru_cost("GET", content.as_ref(), None), 1);
        assert_eq!(ru_cost("PUT", content.as_ref(), None), 2);
        let session = route("/v1.0/drives/d/items/i/createUploadSession");
        assert_eq!(ru_cost("POST", session.as_ref(), None), 2);
        assert_eq!(ru_cost("POST", route("/v1.0/$batch").as_ref(), None), 0);
        assert_eq!(
            ru_cost("GET", route("/v1.0/drives/d/root").as_ref(), None),
            1
        );
        assert_eq!(
            ru_cost("GET", route("/v1.0/drives/d/root/children").as_ref(), None),
            2
        );
        assert_eq!(
            ru_cost("POST", route("/v1.0/drives/d/root/children").as_ref(), None),
            2
        );
        assert_eq!(
            ru_cost(
                "PUT",
                route("/v1.0/drives/d/root:/a.txt:/content").as_ref(),
                None
            ),
            2
        );
        assert_eq!(
            ru_cost("GET", route("/v1.0/sites/s/drives").as_ref(), None),
            2
        );
        assert_eq!(
            ru_cost("GET", route("/v1.0/sites/s/drive").as_ref(), None),
            1
        );
        assert_eq!(ru_cost("PUT", route("/upload/abc").as_ref(), None), 0);
        // A deferred session's commit is upload-URL traffic like its fragments.
        assert_eq!(ru_cost("POST", route("/upload/abc").as_ref(), None), 0);
        assert_eq!(ru_cost("GET", route("/v1.0/users/u").as_ref(), None), 1);
        assert_eq!(
            ru_cost("GET", route("/v1.0/teams/t/channels").as_ref(), None),
            2,
            "a listing"
        );
        let delta = route("/v1.0/drives/d/root/delta");
        assert_eq!(
            ru_cost("GET", delta.as_ref(), None),
            2,
            "a full enumeration"
        );
        assert_eq!(ru_cost("GET", delta.as_ref(), Some("token=abc")), 1);
        assert_eq!(ru_cost("GET", delta.as_ref(), Some("$top=5")), 2);
        let with_token = route("/v1.0/drives/d/items/root/delta(token='latest')");
        assert_eq!(ru_cost("GET", with_token.as_ref(), None), 1);
    }

    #[test]
    fn busy_draws_are_seeded_and_extremes_hold() {
        let config = |seed, busy_rate| SimConfig {
            seed,
            busy_rate,
            ..Default::default()
        };
        let draws = |c| {
            let mut t = Throttle::new(&c, MINUTE_US);
            (0..200).map(|_| t.admit(1, 0).is_err()).collect::<Vec<_>>()
        };
        assert_eq!(draws(config(4, 0.3)), draws(config(4, 0.3)));
        let share = draws(config(4, 0.3)).iter().filter(|b| **b).count();
        assert!((30..90).contains(&share), "{share} of 200 busy at 0.3");
        assert!(draws(config(4, 1.0)).iter().all(|b| *b));
        assert!(draws(config(4, 0.0)).iter().all(|b| !*b));
    }
}
