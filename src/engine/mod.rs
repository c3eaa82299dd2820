//! Planning and running the copy: per site, resolve the destination, create the folder tree
//! (parents first), then copy files with bounded concurrency, verifying each against the
//! tenant's quickXorHash. Handles cancellation (Ctrl-C: no new work, in-flight requests end)
//! and reports progress to observers. Says which failure class an item a Graph error ended
//! gets ([`GraphFailureClass`]). Knows nothing of CSV.

mod copy;
mod destination;
mod failure_class;
mod observer;
mod progress;
mod reader;
mod result;
mod run;
mod server_copy;

pub use failure_class::GraphFailureClass;
pub use observer::{NoObserver, Observer, Observers};
pub use progress::ProgressBars;
pub use result::{OutcomeCounts, RunMeta, RunReport, SiteReport};
pub use run::{EngineOutput, SitePlan, run};
