//! The `pilotbench` binary: parse arguments, run the command, map the result to an exit code.

use std::process::ExitCode;

use clap::Parser;
use pilotbench::app::{self, Exit};
use pilotbench::cli::Cli;

fn main() -> ExitCode {
    let request = Cli::parse().into_request();
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
            eprintln!("error: {error}");
            ExitCode::from(error.exit as u8)
        }
    }
}
