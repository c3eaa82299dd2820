//! Tests of the fault injector: each fault's eligibility, answer and state change on its own,
//! without HTTP. The faults that need the wire (a lost answer, a late one, an expired session,
//! a 416) are tested against a running tenant in `sim::tests::injected_faults`.

use super::*;
use crate::scenario::FaultRates;
use crate::sim::state::Session;

fn request<'a>(method: &'a str, path: &'a str) -> Incoming<'a> {
    Incoming {
        method,
        path,
        query: None,
        authorization: None,
        content_range: None,
        range: None,
        if_match: None,
        if_none_match: None,
        delta_exclude_parent: false,
        body: &[],
        staged: None,
    }
}

fn injector(faults: FaultRates) -> FaultInjector {
    FaultInjector::new(7, &faults)
}

fn open_session() -> Session {
    Session::for_tests("f.bin")
}

fn sessions_with(id: &str) -> Sessions {
    let mut sessions = Sessions::default();
    sessions.by_id.insert(id.to_owned(), open_session());
    sessions
}

const CONTENT: &str = "/v1.0/drives/d/items/p:/f.txt:/content";

#[test]
fn no_rates_no_faults() {
    let mut faults = injector(FaultRates::default());
    assert!(!faults.enabled());
    let mut sessions = sessions_with("s");
    for _ in 0..100 {
        assert_eq!(
            faults.before(&request("PUT", "/upload/s"), &mut sessions),
            None
        );
        assert_eq!(faults.after(&request("PUT", CONTENT), 201), None);
    }
    assert!(sessions.by_id.contains_key("s"));
}

#[test]
fn server_errors_rotate_through_the_four_statuses() {
    let mut faults = injector(FaultRates {
        server_error_rate: 1.0,
        ..FaultRates::default()
    });
    let mut sessions = Sessions::default();
    let refusals: Vec<Refusal> = (0..5)
        .filter_map(|_| faults.before(&request("GET", "/v1.0/drives/d"), &mut sessions))
        .collect();
    let statuses: Vec<u16> = refusals.iter().map(|r| r.failure.status).collect();
    assert_eq!(statuses, [500, 502, 503, 504, 500]);
    assert!(refusals.iter().all(|r| r.label == label::SERVER_ERROR));
    // A gateway's 502 is an HTML page, the others Graph's JSON.
    assert!(refusals[1].plain_body.is_some_and(|b| b.contains("502")));
    assert!(refusals.iter().filter(|r| r.plain_body.is_none()).count() == 4);
    assert_eq!(refusals[0].failure.code, "generalException");
    assert_eq!(refusals[2].failure.code, "serviceNotAvailable");
    // Upload URLs meet them too; admin and unknown paths never.
    assert!(
        faults
            .before(&request("GET", "/upload/x"), &mut sessions)
            .is_some()
    );
    assert!(
        faults
            .before(&request("GET", "/_sim/requests"), &mut sessions)
            .is_none()
    );
}

#[test]
fn a_refused_token_works_on_the_repeat_and_upload_urls_never_get_401() {
    let mut faults = injector(FaultRates {
        unauthorized_rate: 1.0,
        ..FaultRates::default()
    });
    let mut sessions = sessions_with("s");
    let first = faults
        .before(&request("PUT", CONTENT), &mut sessions)
        .expect("refused");
    assert_eq!(
        (first.failure.status, first.failure.code),
        (401, "InvalidAuthenticationToken")
    );
    assert_eq!(faults.before(&request("PUT", CONTENT), &mut sessions), None);
    // A third attempt is a new request and may be refused again.
    assert!(
        faults
            .before(&request("PUT", CONTENT), &mut sessions)
            .is_some()
    );
    assert_eq!(
        faults.before(&request("PUT", "/upload/s"), &mut sessions),
        None
    );
}

#[test]
fn an_expired_session_is_gone_and_a_range_error_keeps_it() {
    let mut expiring = injector(FaultRates {
        session_expiry_rate: 1.0,
        ..FaultRates::default()
    });
    let mut sessions = sessions_with("s");
    // Status and cancel requests are not fragments.
    assert_eq!(
        expiring.before(&request("GET", "/upload/s"), &mut sessions),
        None
    );
    let refusal = expiring
        .before(&request("PUT", "/upload/s"), &mut sessions)
        .expect("expired");
    assert_eq!(
        (
            refusal.failure.status,
            refusal.failure.code,
            refusal.failure.inner_code
        ),
        (404, "itemNotFound", Some("uploadSessionNotFound"))
    );
    assert!(sessions.by_id.is_empty(), "the session is gone");
    // No session, nothing to expire: the handler answers 404 itself.
    assert_eq!(
        expiring.before(&request("PUT", "/upload/s"), &mut sessions),
        None
    );

    let mut ranges = injector(FaultRates {
        range_error_rate: 1.0,
        ..FaultRates::default()
    });
    let mut sessions = sessions_with("s");
    let refusal = ranges
        .before(&request("PUT", "/upload/s"), &mut sessions)
        .expect("416");
    assert_eq!(
        (refusal.failure.status, refusal.failure.code),
        (416, "invalidRange")
    );
    assert!(sessions.by_id.contains_key("s"));
}

#[test]
fn only_a_stored_upload_or_a_started_copy_can_lose_its_answer() {
    let mut faults = injector(FaultRates {
        lost_response_rate: 1.0,
        ..FaultRates::default()
    });
    assert_eq!(
        faults.after(&request("PUT", CONTENT), 201),
        Some(Aftermath::Lost)
    );
    assert_eq!(
        faults.after(&request("PUT", CONTENT), 200),
        Some(Aftermath::Lost)
    );
    assert_eq!(
        faults.after(&request("PUT", "/upload/s"), 201),
        Some(Aftermath::Lost)
    );
    // A copy request accepted: its job runs, whether or not the answer arrives.
    assert_eq!(
        faults.after(&request("POST", "/v1.0/drives/d/items/i/copy"), 202),
        Some(Aftermath::Lost)
    );
    assert_eq!(
        faults.after(&request("POST", "/v1.0/drives/d/items/i/copy"), 400),
        None
    );
    // Not stored, or not an upload.
    assert_eq!(faults.after(&request("PUT", CONTENT), 409), None);
    assert_eq!(faults.after(&request("PUT", "/upload/s"), 202), None);
    assert_eq!(faults.after(&request("GET", CONTENT), 200), None);
    assert_eq!(
        faults.after(&request("POST", "/v1.0/drives/d/root/children"), 201),
        None
    );
}

#[test]
fn draws_are_seeded_and_each_fault_has_its_own_stream() {
    let pattern = |faults: FaultRates| {
        let mut injector = injector(faults);
        let mut sessions = Sessions::default();
        (0..300)
            .map(|_| {
                injector
                    .before(&request("GET", "/v1.0/drives/d"), &mut sessions)
                    .is_some_and(|r| r.label == label::SERVER_ERROR)
            })
            .collect::<Vec<bool>>()
    };
    let alone = pattern(FaultRates {
        server_error_rate: 0.2,
        ..FaultRates::default()
    });
    assert_eq!(
        alone,
        pattern(FaultRates {
            server_error_rate: 0.2,
            ..FaultRates::default()
        })
    );
    let hits = alone.iter().filter(|h| **h).count();
    assert!((30..90).contains(&hits), "{hits} of 300 at 0.2");
    // Adding slow answers changes no server-error draw.
    assert_eq!(
        alone,
        pattern(FaultRates {
            server_error_rate: 0.2,
            slow_rate: 0.5,
            ..FaultRates::default()
        })
    );
}
