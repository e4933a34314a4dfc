use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    ExitCode::from(contentlint::run(contentlint::cli::Cli::parse()))
}
