//! The crates.io package: what `cargo package` ships (the sources and the manifest, not the
//! test corpora, tests, benches or the demo) and how big it is. `.ci/run` runs
//! `cargo publish --dry-run`, which also builds the package on its own.

mod common;

use std::collections::BTreeSet;
use std::path::Path;
use std::process::Command;

fn cargo() -> Command {
    let mut cmd = Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()));
    cmd.current_dir(common::root());
    cmd
}

fn files_under(dir: &Path, rel: &str, out: &mut BTreeSet<String>) {
    for entry in std::fs::read_dir(dir).expect("read_dir") {
        let entry = entry.expect("entry");
        let name = format!("{rel}/{}", entry.file_name().to_string_lossy());
        if entry.file_type().expect("file type").is_dir() {
            files_under(&entry.path(), &name, out);
        } else {
            out.insert(name);
        }
    }
}

#[test]
fn the_package_holds_the_manifest_readme_and_sources_only() {
    let out = cargo()
        .args([
            "package",
            "--list",
            "--allow-dirty",
            "--offline",
            "-p",
            "protocheck",
        ])
        .output()
        .expect("cargo runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let listed: BTreeSet<String> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(str::to_owned)
        .collect();

    let mut expected: BTreeSet<String> =
        ["Cargo.lock", "Cargo.toml", "Cargo.toml.orig", "README.md"]
            .into_iter()
            .map(str::to_owned)
            .collect();
    // Every file under src/ (Rust sources and the .proto files they include_str!).
    files_under(&common::root().join("src"), "src", &mut expected);
    // Written by cargo when the crate root is a git checkout.
    let listed_without_vcs_info: BTreeSet<String> = listed
        .iter()
        .filter(|f| *f != ".cargo_vcs_info.json")
        .cloned()
        .collect();
    assert_eq!(listed_without_vcs_info, expected);
    for f in &listed {
        for corpus in [
            "testdata/",
            "tests/",
            "benches/",
            "examples/",
            "proto/",
            "target/",
        ] {
            assert!(!f.starts_with(corpus), "{f} ships");
        }
    }
}

#[test]
fn the_package_is_small() {
    let target = tempfile::tempdir().expect("tempdir");
    let out = cargo()
        .args([
            "package",
            "--no-verify",
            "--allow-dirty",
            "--offline",
            "-p",
            "protocheck",
        ])
        .arg("--target-dir")
        .arg(target.path())
        .output()
        .expect("cargo runs");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    let crate_file = target.path().join(format!(
        "package/protocheck-{}.crate",
        env!("CARGO_PKG_VERSION")
    ));
    let size = std::fs::metadata(&crate_file).expect("the .crate").len();
    eprintln!("{} bytes: {}", size, crate_file.display());
    // 182 KiB when this was written (720 KiB unpacked), 400 KiB a year of code later; the
    // test corpora alone are 6 MiB, so this still catches them.
    assert!(size < 512 * 1024, "the package is {size} bytes");
    // The benches and tests are left out with their targets, so the package builds alone.
    assert!(
        stderr.contains("ignoring benchmark `googleapis`"),
        "{stderr}"
    );
}
