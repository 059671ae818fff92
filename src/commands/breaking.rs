//! `protocheck breaking INPUT --against AGAINST`: buf's `buf breaking` command line over the
//! `diff` pipeline. buf's arguments are translated into a [`DiffArgs`] (AGAINST is OLD, INPUT
//! is NEW); the findings are printed in buf's formats (see [`crate::render::buf`]) or in
//! protocheck's `human` and `sarif`; breaking changes exit with buf's code 100.

use std::path::Path;
use std::sync::Arc;

use clap::Parser;

use super::diff;
use super::Outcome;
use crate::cli::{BreakingArgs, BufFormat, DiffArgs};
use crate::error::Error;
use crate::finding::Finding;
use crate::input::{ConfigFile, RepoPaths};
use crate::render::buf::{self, Annotation};
use crate::usage::Usage;

/// buf's exit code for breaking changes found.
pub const EXIT_BREAKING: u8 = 100;

pub fn run(args: &BreakingArgs) -> Result<Outcome, Error> {
    let diff_args = translate(args)?;
    match args.error_format {
        BufFormat::Human | BufFormat::Sarif => {
            let out = diff::run(&diff_args)?;
            Ok(Outcome {
                stdout: out.stdout,
                exit_code: if out.exit_code == 1 {
                    EXIT_BREAKING
                } else {
                    out.exit_code
                },
            })
        }
        format => {
            let compared = diff::analyze(&diff_args)?;
            let annotations: Vec<Annotation> = compared
                .findings
                .iter()
                .map(|f| annotation(f, &args.input, &compared.new_paths))
                .collect();
            Ok(Outcome {
                stdout: buf::render(format, &annotations)?,
                exit_code: if annotations.is_empty() {
                    0
                } else {
                    EXIT_BREAKING
                },
            })
        }
    }
}

/// The `diff` arguments that mean what buf's do.
fn translate(args: &BreakingArgs) -> Result<DiffArgs, Error> {
    #[derive(Parser)]
    struct Wrapper {
        #[command(flatten)]
        diff: DiffArgs,
    }
    let format = match args.error_format {
        BufFormat::Sarif => "sarif",
        _ => "human",
    };
    let mut argv = vec![
        "protocheck".to_owned(),
        "--format".to_owned(),
        format.to_owned(),
        "--".to_owned(),
        args.against.clone(),
        args.input.clone(),
    ];
    if args.error_format != BufFormat::Human {
        argv.insert(1, "--no-color".into());
    }
    let mut diff_args = Wrapper::try_parse_from(argv)
        .map_err(|e| {
            Error::Usage(Usage {
                message: e.to_string(),
                help: None,
            })
        })?
        .diff;
    diff_args.include = args.include.clone();
    diff_args.targets = args.targets.clone();
    if let Some(config) = &args.config {
        match config_arg("--config", config)? {
            ConfigArg::Toml(path) => diff_args.config = Some(path),
            ConfigArg::BufYaml(file) => diff_args.new_buf_yaml = Some(file),
        }
    }
    if let Some(config) = &args.against_config {
        match config_arg("--against-config", config)? {
            ConfigArg::Toml(path) => {
                return Err(Error::Usage(Usage {
                    message: format!(
                        "--against-config {}: a protocheck.toml chooses rules, which come from \
                         the input's config; --against-config takes a buf.yaml (its layout)",
                        path.display()
                    ),
                    help: None,
                }))
            }
            ConfigArg::BufYaml(file) => diff_args.old_buf_yaml = Some(file),
        }
    }
    if args.disable_symlinks {
        crate::input::dir::disable_symlinks();
    }
    Ok(diff_args)
}

enum ConfigArg {
    Toml(std::path::PathBuf),
    BufYaml(ConfigFile),
}

/// `--config`: a protocheck.toml path, a buf.yaml path, or buf.yaml data (YAML or JSON).
fn config_arg(flag: &str, value: &str) -> Result<ConfigArg, Error> {
    let path = Path::new(value);
    if path.is_file() {
        if value.ends_with(".toml") {
            return Ok(ConfigArg::Toml(path.to_path_buf()));
        }
        let text = std::fs::read_to_string(path).map_err(|e| {
            Error::from(crate::config::Error::Unreadable {
                message: format!("{flag} {value}: {e}"),
            })
        })?;
        return Ok(ConfigArg::BufYaml(ConfigFile {
            name: value.to_owned(),
            text: Arc::from(text),
        }));
    }
    let looks_like_data = value.contains(':') || value.trim_start().starts_with('{');
    if !looks_like_data {
        return Err(Error::from(crate::config::Error::Unreadable {
            message: format!("{flag} {value}: no such file, and not buf.yaml data"),
        }));
    }
    Ok(ConfigArg::BufYaml(ConfigFile {
        name: flag.to_owned(),
        text: Arc::from(value),
    }))
}

/// A finding as buf annotates it: NEW's file under the path buf shows (the input's own path
/// joined with the file's), a file-level place at 1:1, no file at all when NEW has none.
fn annotation(f: &Finding, input: &str, paths: &RepoPaths) -> Annotation {
    let (path, span) = match &f.new {
        Some(p) => (Some(external_path(input, paths, &p.path)), p.span.as_ref()),
        None => (None, None),
    };
    let (sl, sc, el, ec) = match (span, &path) {
        (Some(s), _) => (s.start_line, s.start_col, s.end_line, s.end_col),
        (None, Some(_)) => (1, 1, 1, 1),
        (None, None) => (0, 0, 0, 0),
    };
    Annotation {
        path,
        start_line: sl,
        start_column: sc,
        end_line: el,
        end_column: ec,
        rule: f.rule.to_owned(),
        message: f.message.clone(),
    }
}

/// buf's external path: for a directory, the directory as given joined with the file's path
/// below it; for a `.proto` file, its directory as given joined with its name; for a git
/// revision, the path in the repository; for an image, the file's name.
fn external_path(input: &str, paths: &RepoPaths, name: &str) -> String {
    let below_root = paths.renamed.get(name).map_or(name, String::as_str);
    let given = Path::new(input);
    let dir = if given.is_dir() {
        Some(input)
    } else if input.ends_with(".proto") && given.is_file() {
        Some(
            given
                .parent()
                .and_then(|p| p.to_str())
                .filter(|p| !p.is_empty())
                .unwrap_or("."),
        )
    } else {
        None
    };
    match dir {
        Some(d) => match crate::paths::normalize(&d.replace('\\', "/")) {
            Ok(clean) if clean == "." => below_root.to_owned(),
            Ok(clean) => format!("{clean}/{below_root}"),
            // An absolute directory: as buf shows it, cleaned of a trailing slash.
            Err(_) => format!("{}/{below_root}", d.trim_end_matches('/')),
        },
        None => paths.of(name),
    }
}
