//! `protocheck fix OLD NEW [--dry-run]`: applies the findings' mechanical fixes (see
//! [`crate::fix`]) to NEW's files in place, changing only the edited text; `--dry-run` prints
//! the change as a unified diff instead.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use super::Outcome;
use crate::cli::FixArgs;
use crate::error::Error;
use crate::fix::{self, Edit};
use crate::usage::Usage;

pub fn run(args: &FixArgs) -> Result<Outcome, Error> {
    let analysis = super::diff::analyze(&args.diff)?;
    let chosen = fix::chosen(&analysis.findings);
    let mut by_file: BTreeMap<&str, Vec<&Edit>> = BTreeMap::new();
    for f in &chosen {
        for e in &f.edits {
            by_file.entry(&e.path).or_default().push(e);
        }
    }
    let unfixable = analysis
        .findings
        .iter()
        .filter(|f| f.fixes.is_empty())
        .count();
    let mut out = String::new();
    for (path, edits) in &by_file {
        let Some(text) = analysis.new_c.sources.get(*path) else {
            continue;
        };
        let fixed = fix::apply(text, edits);
        let disk = disk_path(args.diff.new_input(), path, &analysis.new_paths.renamed)?;
        if args.dry_run {
            let shown = disk.display().to_string();
            out.push_str(
                &similar::TextDiff::from_lines(&**text, &fixed)
                    .unified_diff()
                    .context_radius(3)
                    .header(&format!("a/{shown}"), &format!("b/{shown}"))
                    .to_string(),
            );
        } else {
            std::fs::write(&disk, &fixed).map_err(|e| {
                Error::from(crate::input::Error::Input {
                    input: disk.display().to_string(),
                    message: format!("cannot write {}: {e}", disk.display()),
                    help: None,
                })
            })?;
        }
    }
    let fixed_findings = analysis
        .findings
        .iter()
        .filter(|f| !f.fixes.is_empty())
        .count();
    let summary =
        format!(
        "{} {} fix{} to {} file{} ({fixed_findings} finding{} with a fix, {unfixable} without)\n",
        if args.dry_run { "would apply" } else { "applied" },
        chosen.len(),
        if chosen.len() == 1 { "" } else { "es" },
        by_file.len(),
        if by_file.len() == 1 { "" } else { "s" },
        if fixed_findings == 1 { "" } else { "s" },
    );
    if args.dry_run {
        eprint!("{summary}");
    } else {
        out.push_str(&summary);
    }
    Ok(Outcome {
        stdout: out,
        exit_code: 0,
    })
}

/// Where NEW's file `path` (as findings name it) is on disk: below NEW's directory, or NEW
/// itself when NEW is that `.proto` file.
fn disk_path(
    new: &str,
    path: &str,
    renamed: &std::collections::HashMap<String, String>,
) -> Result<PathBuf, Error> {
    let below = renamed.get(path).map_or(path, String::as_str);
    let spec = Path::new(new);
    if spec.is_dir() {
        return Ok(spec.join(below));
    }
    if spec.is_file() && spec.ends_with(below) {
        return Ok(spec.to_path_buf());
    }
    if spec.is_file() {
        if let Some(dir) = spec.parent() {
            return Ok(dir.join(below));
        }
    }
    Err(Error::Usage(Usage {
        message: format!(
            "protocheck fix writes NEW's files: {new} is not a directory or a .proto file on disk"
        ),
        help: Some("give NEW as a directory (or a .proto file) of your working tree".into()),
    }))
}
