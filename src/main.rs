use std::io::Write;
use std::process::ExitCode;

use clap::Parser;
use protocheck::cli::{Cli, Command};
use protocheck::commands;

// protox and the model allocate many small objects; mimalloc is markedly faster than glibc here.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// `mi_option_purge_delay` in the mimalloc v3 header that libmimalloc-sys 0.1.49 builds (the
/// crate leaves this option out of its constants).
const MI_OPTION_PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

fn main() -> ExitCode {
    // Freed memory stays with the process instead of going back to the system after a second:
    // a run is short, and faulting purged pages in again was a tenth of the time of a
    // googleapis-sized diff (6.1 s instead of 6.5–7.1 s, 900 MB peak instead of 850 MB).
    // SAFETY: sets a plain option value; mimalloc reads it when it next considers purging.
    unsafe { libmimalloc_sys::mi_option_set(MI_OPTION_PURGE_DELAY, -1) };
    // No transparent huge pages: mimalloc asks for them on its arenas, and faulting in and
    // clearing 2 MiB pages cost more than it saved, and erratically (googleapis history pair,
    // 2 cores: 0.5–2.1 s of system time and 2.3–3.1 s of wall time with them, 0.4–0.5 s and
    // 2.2–2.3 s without, and 50 MB less peak memory). The arena is mapped before `main`
    // runs, so mimalloc's own option comes too late: this applies to the whole process.
    #[cfg(target_os = "linux")]
    // SAFETY: prctl with integer arguments only; it changes this process's paging policy.
    unsafe {
        libc::prctl(libc::PR_SET_THP_DISABLE, 1, 0, 0, 0);
    }
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
