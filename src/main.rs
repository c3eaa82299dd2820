//! The `pilotbench` binary: parse arguments, run the command, map the result to an exit code.
//! Everything else lives in the library.

use pilotbench::vocab::printable::printable_message;
use std::process::ExitCode;

use clap::Parser;
use pilotbench::app::{self, Exit};
use pilotbench::cli::Cli;

fn main() -> ExitCode {
    let request = Cli::parse().into_request();
    // Diagnostics for developers: PILOTBENCH_LOG=debug (tracing's env-filter syntax), on stderr.
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_env("PILOTBENCH_LOG")
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("warn")),
        )
        .with_writer(std::io::stderr)
        .init();
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(error) => {
            eprintln!("error: cannot start the async runtime: {error}");
            return ExitCode::from(Exit::Target as u8);
        }
    };
    match runtime.block_on(app::execute(request)) {
        Ok(exit) => ExitCode::from(exit as u8),
        Err(error) => {
            eprintln!("error: {}", printable_message(&error.to_string()));
            ExitCode::from(error.exit as u8)
        }
    }
}
