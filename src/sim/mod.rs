//! The simulated tenant: a stateful fake of the Graph v1.0 endpoints pilotbench uses (and of
//! Entra's token endpoint), served over real HTTP on 127.0.0.1, with a behaviour model for
//! latency, bandwidth, throttling, corruption and faults. The harness reaches it through the
//! same `graph` client as the real service (contract 1); nothing calls its state directly.
//!
//! # The pipeline a request takes
//!
//! 1. `dispatch::http` reads it off the wire (hyper; that file says why not wiremock) into an
//!    `exchange::Incoming`, and hands it to `dispatch::responder`, which takes the tenant's
//!    lock. The token endpoint and the admin path are answered there and then; any other
//!    request meets
//! 2. the `behaviour` model: the RU budget (429) and busy draws (503) in `throttle`, then a
//!    refusing fault in `fault_injection`. A refused request changes no state (an expired
//!    upload session aside: that is the fault). An admitted one goes to
//! 3. `dispatch::routing`: the bearer token is checked, due copy jobs land, `route` parses the
//!    path into the resource it names, and the routing table hands it to
//! 4. its route in `serve`, one file per resource (sites, drive items, uploads, server-side
//!    copy, downloads, teams, token endpoint, admin), which reads and changes
//! 5. the tenant's `state` (contents, ids, upload sessions, copy jobs, the spool of uploaded
//!    bytes, download URLs' signing, team sites, access tokens), held with the behaviour model and the request log in one
//!    `tenant::Tenant`, and answers an `exchange::Reply` or an `exchange::SimFailure`.
//! 6. On the way back: `behaviour` again (a lost or late answer), the request log, then the
//!    responder releases the lock, serialises the body (Graph's JSON, its error shape included)
//!    and waits out `delays` (ingest pipe plus latency) before `http` sends it.
//!
//! # Layers
//!
//! Each imports only those below it: `dispatch`, `serve`, `tenant`, `behaviour`, `route`,
//! `state`, then at the bottom `config` ([`SimConfig`] and its parts), `file_bytes`,
//! `exchange` and `request_log`. This file starts the top one; the end-to-end tests (`tests`) sit above all.
//!
//! # What it serves
//!
//! Sites, drives, items, children pages, folder creation, simple uploads and upload sessions
//! (`serve::sites`, `serve::drive_items`, `serve::uploads`). Teams (`serve::teams`):
//! `GET /teams/{team}/channels/{channel}/filesFolder` answers the channel's folder in its team
//! site's "Documents" library; an unknown team or channel is a 404.
//!
//! Throttling (`docs/graph-notes.md` §1, §2; `behaviour::throttle`): with [`SimConfig::ru_per_minute`]
//! set, each request is charged SharePoint resource units against a fixed one-minute window that
//! starts at the first request; past the budget the answer is 429 `activityLimitReached` /
//! `throttledRequest` with `Retry-After` and `RateLimit-*`, and from 80 % use on successful
//! answers carry `RateLimit-*`. [`SimConfig::busy_rate`] answers a seeded share of requests
//! 503 `serviceNotAvailable` with `Retry-After`. Refused requests change no state.
//!
//! Token endpoint, outside `/v1.0` (`serve::token_endpoint`): `POST /{tenant}/oauth2/v2.0/token`
//! with the client credentials grant issues access tokens that open the Graph routes (beside
//! [`SIMULATED_TOKEN`]) for [`SimConfig::token_lifetime_us`]; an expired one gets 401
//! `InvalidAuthenticationToken`. [`SimConfig::reject_credentials`] refuses every credential.
//! So `[target] kind = "graph"` runs end to end against `pilotbench simulate` on loopback.
//!
//! Faults (`behaviour::fault_injection`, [`SimConfig::faults`]): server errors, slow answers,
//! expired upload sessions, 416 on fragments, lost answers after a stored upload and 401s, each
//! at a seeded rate.
//!
//! Server-side copy and downloads (`serve::server_side_copy`, `serve::downloads`,
//! `docs/graph-notes.md` §23): every file keeps its bytes with its item — drives named in
//! [`SimConfig::source_drives`] are seeded at start and regenerate theirs, uploads are spooled
//! to a temporary folder of the tenant on disk — so `GET .../items/{id}/content` answers 302 to
//! a pre-authenticated `/download/{id}?tempauth=` URL (the `@microsoft.graph.downloadUrl` file
//! items carry) that streams them, whole or one `Range`. `POST .../items/{id}/copy` answers 202 with a `/monitor/{job}`
//! `Location`; the job runs on the tenant's clock (notStarted, inProgress, waiting, then
//! completed or failed) and lands whether or not anyone polls. Neither URL takes a bearer token.
//!
//! Admin endpoint, outside `/v1.0` (`serve::admin`): `GET /_sim/requests` (bearer token
//! required) returns the request log as a JSON array of `{"at_us","method","path","status"}`,
//! oldest first: arrival in microseconds since the tenant started, method, path without query,
//! status answered; entries shaped by an injected fault also carry `"fault"` (`server-error`,
//! `unauthorized`, `session-expired`, `range-error`, `lost-response`, `slow-response`). It holds
//! the last 200,000 requests (the admin calls themselves are not logged); no bodies, queries or
//! `Authorization` headers are kept.

mod behaviour;
mod config;
mod dispatch;
mod exchange;
mod file_bytes;
mod query;
mod request_log;
mod route;
mod serve;
mod state;
mod tenant;
mod views;

#[cfg(test)]
mod tests;

use std::path::{Path, PathBuf};
use std::time::SystemTime;

use tokio::net::TcpListener;
use tokio_rustls::TlsAcceptor;
use tokio_util::sync::{CancellationToken, DropGuard};
use url::Url;

use dispatch::Responder;
use route::{GRAPH_PREFIX, Links, Origins};
use tenant::Tenant;

pub use config::{
    CopyCompletion, SIMULATED_TOKEN, SimConfig, SimDriveLocation, SimLatency, SimSeedFile, SimSite,
    SimSourceDrive, SimTeam,
};

/// The simulated tenant could not start.
#[derive(Debug, thiserror::Error)]
pub enum SimError {
    /// The port could not be bound.
    #[error(
        "cannot listen on 127.0.0.1:{port}: {reason}; choose another port or leave --port out for a free one"
    )]
    Bind {
        /// The port asked for.
        port: u16,
        /// The OS error.
        reason: String,
    },
    /// The https listener's certificates could not be made or written.
    #[error("{0}")]
    Certificates(String),
}

/// Where the simulated tenant listens.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SimListen {
    /// Port of the plain http listener; `None` = a free one.
    pub port: Option<u16>,
    /// An https listener as well (`pilotbench simulate --tls`).
    pub tls: Option<SimTls>,
}

/// The https listener: its port and where its CA and server certificates are written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SimTls {
    /// Its port; `None` = a free one.
    pub port: Option<u16>,
    /// The folder `ca.pem` and `server.pem` are written to (created if missing).
    pub dir: PathBuf,
}

/// A running simulated tenant. Stops when dropped.
pub struct SimulatedTenant {
    /// Dropping it stops the server and its connections.
    _stop: DropGuard,
    port: u16,
    tls: Option<(u16, PathBuf)>,
}

impl std::fmt::Debug for SimulatedTenant {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SimulatedTenant")
            .field("port", &self.port)
            .field("tls", &self.tls)
            .finish()
    }
}

impl SimulatedTenant {
    /// Starts the tenant on 127.0.0.1, on `port` or an ephemeral one, plain http only. Returns
    /// once it listens.
    pub async fn start(config: SimConfig, port: Option<u16>) -> Result<SimulatedTenant, SimError> {
        SimulatedTenant::serve(config, SimListen { port, tls: None }).await
    }

    /// Starts the tenant where `listen` says: plain http on 127.0.0.1 (and `::1` where the
    /// machine has it, so `localhost` reaches it whichever address it resolves to first), and
    /// https on a second port when asked. Returns once it listens.
    pub async fn serve(config: SimConfig, listen: SimListen) -> Result<SimulatedTenant, SimError> {
        let (plain, port) = bind_loopback(listen.port)?;
        let tls = match &listen.tls {
            None => None,
            Some(asked) => {
                let (sockets, tls_port) = bind_loopback(asked.port)?;
                let setup = dispatch::issue_certificates(&asked.dir)
                    .map_err(|e| SimError::Certificates(e.to_string()))?;
                Some((sockets, tls_port, setup))
            }
        };
        let links = Links::new(
            Origins::loopback("http", port),
            tls.as_ref()
                .map(|(_, tls_port, _)| Origins::loopback("https", *tls_port)),
        );
        let tenant = Tenant::new(&config, links, SystemTime::now());
        let responder = Responder::new(tenant);
        let stop = CancellationToken::new();
        for socket in plain {
            tokio::spawn(dispatch::serve(
                socket,
                None,
                responder.clone(),
                stop.clone(),
            ));
        }
        let mut tls_info = None;
        if let Some((sockets, tls_port, setup)) = tls {
            let acceptor: TlsAcceptor = setup.acceptor;
            for socket in sockets {
                tokio::spawn(dispatch::serve(
                    socket,
                    Some(acceptor.clone()),
                    responder.clone(),
                    stop.clone(),
                ));
            }
            tls_info = Some((tls_port, setup.ca_path));
        }
        Ok(SimulatedTenant {
            _stop: stop.drop_guard(),
            port,
            tls: tls_info,
        })
    }

    /// The port it listens on.
    pub fn port(&self) -> u16 {
        self.port
    }

    /// Graph root to give the client: `http://127.0.0.1:PORT/v1.0`.
    pub fn graph_base_url(&self) -> Url {
        url(&format!("http://127.0.0.1:{}{GRAPH_PREFIX}", self.port))
    }

    /// Server root: `http://127.0.0.1:PORT` (Graph, the token endpoint, sign-in discovery).
    pub fn server_url(&self) -> Url {
        url(&format!("http://127.0.0.1:{}", self.port))
    }

    /// Root of the files host: `http://localhost:PORT`, where upload-session, copy-monitor and
    /// download URLs point.
    pub fn files_url(&self) -> Url {
        url(&format!("http://localhost:{}", self.port))
    }

    /// The https listener's port, if it serves one.
    pub fn tls_port(&self) -> Option<u16> {
        self.tls.as_ref().map(|(port, _)| *port)
    }

    /// The https server root, `https://127.0.0.1:PORT`, if it serves one: the authority to give
    /// MSAL and azure-identity.
    pub fn https_server_url(&self) -> Option<Url> {
        self.tls_port()
            .map(|port| url(&format!("https://127.0.0.1:{port}")))
    }

    /// The CA certificate that signed the https listener's certificate, if it serves one.
    pub fn ca_certificate(&self) -> Option<&Path> {
        self.tls.as_ref().map(|(_, path)| path.as_path())
    }
}

fn url(text: &str) -> Url {
    // A loopback address with a numeric port always parses.
    Url::parse(text).unwrap_or_else(|_| unreachable!("{text} is a valid URL"))
}

/// Binds `127.0.0.1:port` (or a free port), then the same port on `::1` if the machine has
/// IPv6 loopback and the port is free there: `localhost` may resolve to either.
fn bind_loopback(port: Option<u16>) -> Result<(Vec<TcpListener>, u16), SimError> {
    let asked = port.unwrap_or(0);
    let bind_error = |e: std::io::Error| SimError::Bind {
        port: asked,
        reason: e.to_string(),
    };
    let v4 = std::net::TcpListener::bind(("127.0.0.1", asked)).map_err(bind_error)?;
    let port = v4.local_addr().map_err(bind_error)?.port();
    let mut sockets = vec![v4];
    if let Ok(v6) = std::net::TcpListener::bind(("::1", port)) {
        sockets.push(v6);
    }
    let listeners = sockets
        .into_iter()
        .map(|socket| {
            socket.set_nonblocking(true)?;
            TcpListener::from_std(socket)
        })
        .collect::<Result<Vec<_>, _>>()
        .map_err(bind_error)?;
    Ok((listeners, port))
}
