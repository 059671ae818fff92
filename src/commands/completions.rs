//! `protocheck completions SHELL` and `protocheck man`: shell completion scripts and manual
//! pages, generated from the clap definition in `cli.rs` (so they never drift from it).

use std::path::Path;

use clap::CommandFactory;

use super::Outcome;
use crate::cli::Cli;
use crate::error::Error;

/// The completion script for `shell`.
pub fn completions(shell: clap_complete::Shell) -> Outcome {
    let mut cmd = Cli::command();
    let name = cmd.get_name().to_owned();
    let mut script = Vec::new();
    clap_complete::generate(shell, &mut cmd, name, &mut script);
    Outcome {
        stdout: String::from_utf8_lossy(&script).into_owned(),
        exit_code: 0,
    }
}

/// protocheck(1) on stdout; with `dir`, protocheck(1) and a page per command
/// (protocheck-diff(1), …) written into `dir`, whose paths are printed.
pub fn man(dir: Option<&Path>) -> Result<Outcome, Error> {
    let cmd = Cli::command();
    let Some(dir) = dir else {
        let mut page = Vec::new();
        clap_mangen::Man::new(cmd)
            .render(&mut page)
            .expect("rendering into memory cannot fail");
        return Ok(Outcome {
            stdout: String::from_utf8_lossy(&page).into_owned(),
            exit_code: 0,
        });
    };
    let unwritable = |e: std::io::Error| {
        Error::from(crate::input::Error::Input {
            input: dir.display().to_string(),
            message: format!("cannot write the manual pages to {}: {e}", dir.display()),
            help: None,
        })
    };
    std::fs::create_dir_all(dir).map_err(unwritable)?;
    let mut written = Vec::new();
    for page in pages(cmd) {
        written.push(page.generate_to(dir).map_err(unwritable)?);
    }
    let mut stdout = String::new();
    for path in written {
        stdout.push_str(&path.display().to_string());
        stdout.push('\n');
    }
    Ok(Outcome {
        stdout,
        exit_code: 0,
    })
}

/// The main page, then one per visible command (`help` excluded), named
/// `protocheck-COMMAND` (the display name clap gives a subcommand once built).
fn pages(mut cmd: clap::Command) -> Vec<clap_mangen::Man> {
    cmd.build();
    let mut pages: Vec<clap_mangen::Man> = cmd
        .get_subcommands()
        .filter(|s| !s.is_hide_set() && s.get_name() != "help")
        .map(|s| clap_mangen::Man::new(s.clone()))
        .collect();
    pages.insert(0, clap_mangen::Man::new(cmd));
    pages
}
