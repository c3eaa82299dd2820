//! `[target.simulated.faults]`: the rates are read, default to none, and bad values are placed.

use super::{accepted, position, problems, with};
use crate::scenario::{FaultRates, Target};

fn faults_of(text: &str) -> FaultRates {
    match accepted(text).target {
        Target::Simulated(simulated) => simulated.faults,
        other => panic!("expected a simulated target, got {other:?}"),
    }
}

#[test]
fn fault_rates_are_read_and_default_to_none() {
    let faults = faults_of(&with(
        "[target.simulated.faults]\nserver_error_rate = 0.1\nslow_rate = 0.02\n\
         slow_response = \"5s\"\nsession_expiry_rate = 0.03\nrange_error_rate = 0.04\n\
         lost_response_rate = 0.05\nunauthorized_rate = 0.06\nlookup_error_rate = 0.07\n",
    ));
    assert_eq!(
        faults,
        FaultRates {
            server_error_rate: 0.1,
            slow_rate: 0.02,
            slow_response_us: 5_000_000,
            session_expiry_rate: 0.03,
            range_error_rate: 0.04,
            lost_response_rate: 0.05,
            unauthorized_rate: 0.06,
            lookup_error_rate: 0.07,
        }
    );
    let none = faults_of(&with(""));
    assert_eq!(none, FaultRates::default());
    assert_eq!(none.slow_response_us, 30_000_000);
    assert_eq!(none.server_error_rate, 0.0);
}

#[test]
fn bad_fault_values_are_located_and_named() {
    let text =
        with("[target.simulated.faults]\nserver_error_rate = 1.5\nslow_response = \"soon\"\n");
    let found = problems(&text);
    assert_eq!(found.len(), 2, "{found:#?}");
    let (line, column) = position(&text, "1.5", 0);
    assert_eq!((found[0].line, found[0].column), (Some(line), Some(column)));
    assert!(
        found[0]
            .message
            .contains("server_error_rate = 1.5 is out of range"),
        "{found:#?}"
    );
    assert!(
        found[1]
            .message
            .contains("slow_response \"soon\" is not a duration"),
        "{found:#?}"
    );
    let misspelt = problems(&with("[target.simulated.faults]\nlost_rate = 0.1\n"));
    assert!(misspelt[0].message.contains("lost_rate"), "{misspelt:#?}");
}
