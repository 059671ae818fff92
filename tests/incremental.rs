//! The incremental path (src/plan) against the full path (`PROTOCHECK_FULL=1`): byte-identical
//! output and exit code on every OLD/NEW case under testdata/, under several rule selections.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

/// Every directory under testdata/ with both an `old` and a `new` entry.
fn cases(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut dirs: Vec<PathBuf> = entries
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .filter(|p| p.is_dir())
        .collect();
    dirs.sort();
    if dir.join("old").exists() && dir.join("new").exists() {
        out.push(dir.to_path_buf());
    }
    for d in dirs {
        cases(&d, out);
    }
}

struct Run {
    code: Option<i32>,
    stdout: String,
    stderr: String,
}

fn run(case: &Path, args: &[&str], full: bool, timings: bool) -> Run {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_protocheck"));
    cmd.arg("diff")
        .arg(case.join("old"))
        .arg(case.join("new"))
        .args(args)
        .current_dir(common::root())
        .env("NO_COLOR", "1")
        .env_remove("PROTOCHECK_FULL")
        .env_remove("PROTOCHECK_TIMINGS");
    if full {
        cmd.env("PROTOCHECK_FULL", "1");
    }
    if timings {
        cmd.env("PROTOCHECK_TIMINGS", "1");
    }
    let out = cmd.output().expect("the protocheck binary runs");
    Run {
        code: out.status.code(),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

#[test]
fn incremental_and_full_paths_agree_on_every_case() {
    let mut all = Vec::new();
    cases(&common::root().join("testdata"), &mut all);
    assert!(all.len() > 200, "found only {} cases", all.len());
    let selections: [&[&str]; 3] = [
        &["--format", "json"],
        &["--format", "json", "--category", "PACKAGE"],
        &["--format", "json", "--category", "WIRE_JSON"],
    ];
    let mut differ = Vec::new();
    for case in &all {
        for args in selections {
            let full = run(case, args, true, false);
            let incremental = run(case, args, false, false);
            if (full.code, &full.stdout, &full.stderr)
                != (incremental.code, &incremental.stdout, &incremental.stderr)
            {
                differ.push(format!(
                    "{} {args:?}\n--- full ({:?})\n{}{}\n--- incremental ({:?})\n{}{}",
                    case.display(),
                    full.code,
                    full.stdout,
                    full.stderr,
                    incremental.code,
                    incremental.stdout,
                    incremental.stderr
                ));
            }
        }
    }
    assert!(differ.is_empty(), "{}", differ.join("\n\n"));
}

/// The plan line `PROTOCHECK_TIMINGS` prints: how many files were skipped.
fn skipped(case: &str, full: bool) -> usize {
    let r = run(
        &common::root().join("testdata/incremental").join(case),
        &["--format", "json"],
        full,
        true,
    );
    r.stderr
        .lines()
        .find_map(|l| {
            l.strip_prefix("timing: plan skipped ")?
                .split(' ')
                .next()?
                .parse()
                .ok()
        })
        .unwrap_or(0)
}

#[test]
fn unchanged_files_are_skipped_only_where_nothing_can_start_in_them() {
    // A comment in a widely imported file keeps its interface: its unchanged importers (2 of
    // 3 services) are skipped; the forced full path skips nothing.
    assert_eq!(skipped("shared_comment", false), 2);
    assert_eq!(skipped("shared_comment", true), 0);
    // An unchanged importer of a file whose interface changed is compiled; an unchanged file
    // that imports nothing changed is skipped, even in the importer's package.
    assert_eq!(skipped("enum_default", false), 1);
    assert_eq!(skipped("kind_change", false), 0);
    // A file that moved to another module is compared; the others are skipped.
    assert_eq!(skipped("modules_move", false), 2);
    // An import that a buf.yaml excludes is read from each side's own directory: its
    // importer is compiled.
    assert_eq!(skipped("excluded_import", false), 1);
    // A clean file in the package of a deleted file is compiled, one elsewhere is skipped.
    assert_eq!(skipped("package_kept", false), 1);
}

#[test]
fn findings_in_unchanged_importers_are_found() {
    let case = common::root().join("testdata/incremental/kind_change");
    let r = run(&case, &["--format", "json"], false, false);
    assert_eq!(r.code, Some(1), "{}", r.stderr);
    assert!(r.stdout.contains("use/holder.proto"), "{}", r.stdout);
}
