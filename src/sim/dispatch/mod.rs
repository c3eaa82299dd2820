//! The top of the tenant: where a request enters and which route answers it. From the bottom
//! up: `routing` is the table from the resource a request names to the route in `serve` that
//! answers it; `pipeline` takes one request through the behaviour model, its route and the log
//! under the tenant's lock; `batch` opens a `$batch` and sends each member through `pipeline`;
//! `responder` takes a request off the wire to one of them; `http` is the server loop (hyper,
//! one task per connection); `tls` makes the https listener's certificates.

mod batch;
mod http;
mod pipeline;
mod responder;
mod routing;
mod tls;

pub(crate) use http::serve;
pub(crate) use responder::Responder;
pub(crate) use tls::issue as issue_certificates;
