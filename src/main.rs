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
        Command::Breaking(args) => commands::breaking::run(args),
        Command::Verify(args) => commands::verify::run(args),
        Command::Rules { format } => Ok(commands::rules::run(*format)),
        Command::Explain { rule } => commands::explain::run(rule),
        Command::Completions { shell } => Ok(commands::completions::completions(*shell)),
        Command::Man { dir } => commands::completions::man(dir.as_deref()),
        Command::Baseline(args) => commands::baseline::run(args),
        Command::Fix(args) => commands::fix::run(args),
        Command::Lock(args) => commands::lock::run(args),
    };
    match outcome {
        Ok(out) => match write_stdout(&out.stdout) {
            Ok(()) => ExitCode::from(out.exit_code),
            Err(e) => {
                // A truncated report (a full disk, …) must not pass for a complete one.
                eprintln!("protocheck: cannot write the report to stdout: {e}");
                ExitCode::from(2)
            }
        },
        Err(e) => {
            eprintln!("{:?}", miette::Report::new(e));
            ExitCode::from(2)
        }
    }
}

/// Writes the report; a closed pipe (e.g. `| head`) is not an error, anything else is.
fn write_stdout(text: &str) -> std::io::Result<()> {
    let mut stdout = std::io::stdout().lock();
    match stdout
        .write_all(text.as_bytes())
        .and_then(|()| stdout.flush())
    {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        other => other,
    }
}
