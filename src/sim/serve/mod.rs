//! The routes, by the resource they serve: each file answers one resource's requests as Graph
//! (or Entra, or the tenant's admin space) documents them, reading and changing the [`Tenant`]
//! and answering a [`Reply`] or a [`SimFailure`]. They know nothing of HTTP libraries, the lock
//! or the behaviour model's refusals: the dispatch above decides whether a request reaches them
//! and routes it to one of them.
//!
//! [`Tenant`]: crate::sim::tenant::Tenant
//! [`Reply`]: crate::sim::exchange::Reply
//! [`SimFailure`]: crate::sim::exchange::SimFailure

pub(crate) mod admin;
pub(crate) mod deletes;
pub(crate) mod delta;
pub(crate) mod downloads;
pub(crate) mod drive_items;
pub(crate) mod item_updates;
pub(crate) mod openid_discovery;
pub(crate) mod permissions;
pub(crate) mod render;
pub(crate) mod server_side_copy;
pub(crate) mod sites;
pub(crate) mod teams;
pub(crate) mod token_endpoint;
pub(crate) mod uploads;
pub(crate) mod users;
