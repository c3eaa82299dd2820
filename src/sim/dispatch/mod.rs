//! The top of the tenant: where a request enters and which route answers it. `http` is the
//! server loop (hyper, one task per connection); `responder` takes each request through the
//! behaviour model and the log under the tenant's lock; `routing` is the table from the
//! resource a request names to the route in `serve` that answers it; `tls` makes the https
//! listener's certificates.

mod http;
mod responder;
mod routing;
mod tls;

pub(crate) use http::serve;
pub(crate) use responder::Responder;
pub(crate) use tls::issue as issue_certificates;
