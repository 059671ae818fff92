//! `protocheck breaking`: buf's command line, checked against buf 1.75's own outputs recorded
//! in testdata/buf/expected by testdata/buf/record.sh (buf is not a test dependency). The
//! same script runs here with protocheck in buf's place; every output and exit code must be
//! byte for byte buf's.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

use common::{protocheck_in, root};

/// The outputs of record.sh with protocheck as BUF, made once for all the tests.
fn ours() -> &'static Path {
    static OUT: OnceLock<PathBuf> = OnceLock::new();
    OUT.get_or_init(|| {
        let dir = std::env::temp_dir().join(format!("protocheck-breaking-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        let status = common::isolated(Command::new("sh"))
            .arg(root().join("testdata/buf/record.sh"))
            .env("BUF", env!("CARGO_BIN_EXE_protocheck"))
            .env("OUT", &dir)
            .status()
            .expect("sh runs");
        assert!(status.success(), "record.sh failed");
        dir
    })
}

fn check(case: &str) {
    let expected = root().join("testdata/buf/expected");
    for ext in ["out", "code"] {
        let name = format!("{case}.{ext}");
        let want = std::fs::read_to_string(expected.join(&name)).expect("a pinned buf output");
        let got = std::fs::read_to_string(ours().join(&name)).unwrap_or_default();
        assert_eq!(got, want, "{name}: protocheck differs from buf 1.75");
    }
}

macro_rules! cases {
    ($($test:ident => $case:literal,)*) => {
        $(#[test] fn $test() { check($case); })*
    };
}

cases! {
    format_text => "dir-text",
    format_json => "dir-json",
    format_msvs => "dir-msvs",
    format_junit => "dir-junit",
    format_github_actions => "dir-github-actions",
    format_gitlab_code_quality => "dir-gitlab-code-quality",
    no_change_prints_nothing_and_exits_0 => "dir-same",
    config_inline_json => "dir-config-inline",
    exclude_path_on_the_input_side => "dir-exclude-path",
    exclude_imports => "dir-exclude-imports",
    protofile_input => "dir-protofile",
    image_binary => "image-binpb",
    image_json => "image-json",
    git_branch_subdir => "git-text",
    git_tag => "git-tag",
    git_as_the_input => "git-reverse",
    path_directory => "git-path",
    path_file => "git-path-file",
    exclude_path_on_both_sides => "git-exclude-path",
    limit_to_input_files_and_depth => "git-limit",
    archive_tar_gz_subdir => "archive-tgz",
    archive_zip_strip_components => "archive-zip",
}

fn basic() -> PathBuf {
    root().join("testdata/buf/basic")
}

#[test]
fn every_pinned_output_is_checked() {
    let listed = include_str!("breaking.rs").matches("=> \"").count();
    let pinned = std::fs::read_dir(root().join("testdata/buf/expected"))
        .expect("expected/")
        .filter(|e| {
            e.as_ref()
                .is_ok_and(|e| e.path().extension().is_some_and(|x| x == "code"))
        })
        .count();
    assert_eq!(listed, pinned, "a case of record.sh has no test");
}

#[test]
fn human_and_sarif_exit_100() {
    for format in ["human", "sarif"] {
        let run = protocheck_in(
            &basic(),
            [
                "breaking",
                "new",
                "--against",
                "old",
                "--error-format",
                format,
            ],
        );
        assert_eq!(run.code, 100, "{format}: {}", run.stderr);
        assert!(run.stdout.contains("FIELD_NO_DELETE"), "{}", run.stdout);
    }
    let run = protocheck_in(
        &basic(),
        [
            "breaking",
            "old",
            "--against",
            "old",
            "--error-format",
            "sarif",
        ],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let doc: serde_json::Value = serde_json::from_str(&run.stdout).expect("SARIF is JSON");
    assert_eq!(doc["version"], "2.1.0");
}

#[test]
fn network_inputs_are_refused_with_exit_2() {
    for against in [
        "buf.build/acme/petapis",
        "https://github.com/acme/api.git#branch=main",
        "ssh://git@github.com/acme/api.git",
    ] {
        let run = protocheck_in(&basic(), ["breaking", "new", "--against", against]);
        assert_eq!(run.code, 2, "{against}");
        let words: Vec<&str> = run
            .stderr
            .split(|c: char| c.is_whitespace() || c == '│')
            .filter(|w| !w.is_empty())
            .collect();
        assert!(
            words.join(" ").contains("reads local inputs only"),
            "{against}: {}",
            run.stderr
        );
    }
}

#[test]
fn against_config_shapes_the_against_layout() {
    // OLD seen through a buf.yaml that excludes other/: other/o.proto is then new in NEW,
    // so its type change is not reported.
    let run = protocheck_in(
        &basic(),
        [
            "breaking",
            "new",
            "--against",
            "old",
            "--against-config",
            "version: v1\nbuild:\n  excludes: [other]\n",
        ],
    );
    assert_eq!(run.code, 100, "{}", run.stderr);
    assert!(!run.stdout.contains("other/o.proto"), "{}", run.stdout);
    assert!(
        run.stdout.contains("new/demo/v1/user.proto"),
        "{}",
        run.stdout
    );
}

#[test]
fn config_as_a_file_path() {
    let dir = tempfile::tempdir().expect("tempdir");
    let config = dir.path().join("buf.yaml");
    std::fs::write(&config, "version: v1\nbreaking:\n  use: [WIRE]\n").expect("write");
    let run = protocheck_in(
        &basic(),
        [
            "breaking",
            "new",
            "--against",
            "old",
            "--config",
            config.to_str().expect("utf-8"),
        ],
    );
    let want = std::fs::read_to_string(root().join("testdata/buf/expected/dir-config-inline.out"))
        .expect("pinned");
    assert_eq!(run.stdout, want);
}

#[test]
fn disable_symlinks_skips_linked_files() {
    let dir = tempfile::tempdir().expect("tempdir");
    let new = dir.path().join("new");
    std::fs::create_dir_all(new.join("demo/v1")).expect("mkdir");
    let real = basic().join("new/demo/v1/user.proto");
    std::fs::copy(&real, new.join("demo/v1/user.proto")).expect("copy");
    std::fs::create_dir_all(dir.path().join("elsewhere")).expect("mkdir");
    std::fs::copy(
        basic().join("new/other/o.proto"),
        dir.path().join("elsewhere/o.proto"),
    )
    .expect("copy");
    std::fs::create_dir_all(new.join("other")).expect("mkdir");
    std::os::unix::fs::symlink("../../elsewhere/o.proto", new.join("other/o.proto"))
        .expect("symlink");
    let old = basic().join("old");
    let args = |extra: &[&str]| {
        let mut v = vec![
            "breaking".to_owned(),
            "new".to_owned(),
            "--against".to_owned(),
            old.to_string_lossy().into_owned(),
        ];
        v.extend(extra.iter().map(|s| s.to_string()));
        v
    };
    // Followed, the link leaves the input: refused. Not followed: other/o.proto is gone.
    let followed = protocheck_in(dir.path(), args(&[]));
    assert_eq!(followed.code, 2, "{}", followed.stdout);
    let skipped = protocheck_in(dir.path(), args(&["--disable-symlinks"]));
    assert_eq!(skipped.code, 100, "{}", skipped.stderr);
    assert!(
        skipped
            .stdout
            .contains("Previously present file \"other/o.proto\" was deleted."),
        "{}",
        skipped.stdout
    );
}

#[test]
fn diff_takes_the_same_target_flags() {
    let run = protocheck_in(
        &basic(),
        ["diff", "old", "new", "--path", "other", "--format", "json"],
    );
    assert_eq!(run.code, 1, "{}", run.stderr);
    let doc = common::json(&run);
    let paths: Vec<&str> = doc["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .filter_map(|f| f["path"].as_str())
        .collect();
    assert_eq!(paths, ["other/o.proto"]);
    let run = protocheck_in(
        &basic(),
        [
            "diff",
            "old",
            "new",
            "--limit-to-input-files",
            "--format",
            "json",
        ],
    );
    assert!(!run.stdout.contains("gone.proto"), "{}", run.stdout);
    assert!(run.stdout.contains("FIELD_NO_DELETE"), "{}", run.stdout);
}
