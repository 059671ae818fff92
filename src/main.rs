use std::io::Write;
use std::process::ExitCode;

use clap::Parser;
use protocheck::cli::{Cli, Command};
use protocheck::commands;

// protox and the model allocate many small objects; mimalloc is markedly faster than glibc here.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let cli = Cli::parse();
    let outcome = match &cli.command {
        Command::Diff(args) => commands::diff::run(args),
        Command::Rules { format } => Ok(commands::rules::run(*format)),
        Command::Explain { rule } => commands::explain::run(rule),
        Command::Baseline(args) => commands::baseline::run(args),
        Command::Fix(args) => commands::fix::run(args),
    };
    match outcome {
        Ok(out) => {
            let mut stdout = std::io::stdout().lock();
            // A closed pipe (e.g. `| head`) is not an error worth reporting.
            let _ = stdout.write_all(out.stdout.as_bytes());
            let _ = stdout.flush();
            ExitCode::from(out.exit_code)
        }
        Err(e) => {
            eprintln!("{:?}", miette::Report::new(e));
            ExitCode::from(2)
        }
    }
}
