//! The signals that interrupt a command. A pilot is stopped by more than Ctrl-C: CI runners
//! and container hosts send SIGTERM before they kill a job, and closing a terminal or an SSH
//! session sends SIGHUP. All three mean "stop new work, let what is in flight end, write what
//! you have", so they are one stream here and every command reacts to them alike; the exit code
//! still says which one came (128 + the signal's number, as shells report it).

use std::io;

use crate::app::exit::Exit;

/// The signal that interrupted a command.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum StopSignal {
    /// SIGINT: Ctrl-C at the terminal.
    CtrlC,
    /// SIGTERM: a CI runner, `kill`, a container stopping.
    Terminate,
    /// SIGHUP: the terminal or SSH session went away.
    HangUp,
}

impl StopSignal {
    /// How the user reads it in a message.
    pub(crate) fn name(self) -> &'static str {
        match self {
            StopSignal::CtrlC => "Ctrl-C",
            StopSignal::Terminate => "SIGTERM",
            StopSignal::HangUp => "SIGHUP",
        }
    }

    /// The exit code of a command it interrupted (results written).
    pub(crate) fn exit(self) -> Exit {
        match self {
            StopSignal::CtrlC => Exit::Interrupted,
            StopSignal::Terminate => Exit::Terminated,
            StopSignal::HangUp => Exit::HungUp,
        }
    }
}

/// The interrupting signals, listened for from the moment this is made: a signal that comes
/// before a command waits for it is not lost, and none of them kills the process by default
/// any more.
pub(crate) struct Interrupts {
    #[cfg(unix)]
    terminate: tokio::signal::unix::Signal,
    #[cfg(unix)]
    hang_up: tokio::signal::unix::Signal,
    #[cfg(unix)]
    ctrl_c: tokio::signal::unix::Signal,
}

impl Interrupts {
    /// Starts listening (inside the runtime).
    pub(crate) fn listen() -> io::Result<Interrupts> {
        #[cfg(unix)]
        {
            use tokio::signal::unix::{SignalKind, signal};
            Ok(Interrupts {
                terminate: signal(SignalKind::terminate())?,
                hang_up: signal(SignalKind::hangup())?,
                ctrl_c: signal(SignalKind::interrupt())?,
            })
        }
        #[cfg(not(unix))]
        {
            Ok(Interrupts {})
        }
    }

    /// The next interrupting signal; `None` once none can come any more.
    pub(crate) async fn next(&mut self) -> Option<StopSignal> {
        #[cfg(unix)]
        {
            tokio::select! {
                got = self.ctrl_c.recv() => got.map(|()| StopSignal::CtrlC),
                got = self.terminate.recv() => got.map(|()| StopSignal::Terminate),
                got = self.hang_up.recv() => got.map(|()| StopSignal::HangUp),
            }
        }
        #[cfg(not(unix))]
        {
            tokio::signal::ctrl_c()
                .await
                .ok()
                .map(|()| StopSignal::CtrlC)
        }
    }
}
