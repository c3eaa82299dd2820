//! The simulated tenant's smallest useful configuration, shared by the modules that start one
//! in process (`sim`, `compat`): one site and its default library, everything else default.

use pilotbench::sim::{SimConfig, SimSite};

/// One site, "Finance" (`contoso.sharepoint.com/sites/Finance`), with its Documents library.
pub fn one_site_config() -> SimConfig {
    SimConfig {
        sites: vec![SimSite {
            url: "https://contoso.sharepoint.com/sites/Finance"
                .parse()
                .expect("url"),
            libraries: vec![],
        }],
        ..SimConfig::default()
    }
}
