//! The simulated tenant driven by Graph clients nobody here wrote, so that what it serves is
//! checked against how Microsoft's own SDKs read the protocol, not against pilotbench's client:
//!
//! - [`python_sdk`]: Microsoft's Python SDK (`msgraph-sdk`, `msgraph-core`, kiota), MSAL and
//!   azure-identity, against `pilotbench simulate --tls`. The scripts are in `tests/compat/`;
//!   their environment is built here from `tests/compat/requirements.txt` (pinned), once, in
//!   the target folder.
//!
//! Each step asserts what the tenant answered, and this side checks the tenant's own record of
//! the same requests.

mod python_env;
mod python_sdk;
