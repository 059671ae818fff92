//! buf.yaml `deps:` pinned by buf.lock, resolved from buf's local module cache (buf 1.75's
//! layout) on the hand-made cache of testdata/bufcache, through the real binary.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::{isolated, root, says, Run};

const COMMIT: &str = "28151c0d0a1641bf938a7672c500e01d";

fn data() -> PathBuf {
    root().join("testdata/bufcache")
}

/// The cached module's entry for a digest type (`b5` or `shake256`) below cache `dir`.
fn entry(dir: &Path, digest_type: &str) -> PathBuf {
    dir.join("v3/modules")
        .join(digest_type)
        .join("buf.build/googleapis/googleapis")
        .join(COMMIT)
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("mkdir");
    for e in std::fs::read_dir(from).expect("read_dir") {
        let e = e.expect("entry");
        let target = to.join(e.file_name());
        if e.file_type().expect("type").is_dir() {
            copy_dir(&e.path(), &target);
        } else {
            std::fs::copy(e.path(), &target).expect("copy");
        }
    }
}

/// A writable copy of the test cache.
fn cache_copy() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    copy_dir(&data().join("cache"), dir.path());
    dir
}

/// Runs protocheck in `dir` with buf's cache variables cleared, then `env` set.
fn run_in(dir: &Path, args: &[&str], env: &[(&str, &Path)]) -> Run {
    let mut cmd = isolated(Command::new(env!("CARGO_BIN_EXE_protocheck")));
    cmd.args(args)
        .current_dir(dir)
        .env_remove("BUF_CACHE_DIR")
        .env_remove("XDG_CACHE_HOME");
    for (k, v) in env {
        cmd.env(k, v);
    }
    let out = cmd.output().expect("the protocheck binary runs");
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// The run failed with exit code 2, and its stderr holds `text`.
fn fails_with(r: &Run, text: &str) {
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(r.stderr.contains(text), "{}", r.stderr);
}

fn run(args: &[&str], env: &[(&str, &Path)]) -> Run {
    run_in(&data(), args, env)
}

fn ok(r: &Run) {
    assert_eq!(r.code, 0, "stdout:\n{}\nstderr:\n{}", r.stdout, r.stderr);
    assert!(!r.stderr.contains("note:"), "{}", r.stderr);
}

#[test]
fn a_v2_lock_resolves_its_dep_from_the_cache() {
    // google/longrunning/operations.proto is not built in: only the cache provides it.
    let cache = data().join("cache");
    ok(&run(
        &["breaking", "v2", "--against", "v2"],
        &[("BUF_CACHE_DIR", &cache)],
    ));
    ok(&run(&["diff", "v2", "v2"], &[("BUF_CACHE_DIR", &cache)]));
}

#[test]
fn a_v1_lock_resolves_its_dep_from_the_shake256_entry() {
    let cache = cache_copy();
    ok(&run(
        &["breaking", "v1", "--against", "v1"],
        &[("BUF_CACHE_DIR", cache.path())],
    ));
    // The v1 lock's b4 digest looks in shake256/, never in b5/.
    std::fs::remove_dir_all(entry(cache.path(), "shake256")).expect("rm");
    let r = run(
        &["breaking", "v1", "--against", "v1"],
        &[("BUF_CACHE_DIR", cache.path())],
    );
    fails_with(&r, "v3/modules/shake256/");
}

#[test]
fn the_cache_dir_is_found_as_buf_finds_it() {
    let home = tempfile::tempdir().expect("tempdir");
    copy_dir(&data().join("cache"), &home.path().join(".cache/buf"));
    let xdg = tempfile::tempdir().expect("tempdir");
    copy_dir(&data().join("cache"), &xdg.path().join("buf"));
    let empty = tempfile::tempdir().expect("tempdir");
    let args = ["breaking", "v2", "--against", "v2"];
    // $HOME/.cache/buf when nothing else is set.
    ok(&run(&args, &[("HOME", home.path())]));
    // $XDG_CACHE_HOME/buf before it.
    ok(&run(
        &args,
        &[("HOME", empty.path()), ("XDG_CACHE_HOME", xdg.path())],
    ));
    // $BUF_CACHE_DIR before both: an empty cache there means the dep is not cached.
    let r = run(
        &args,
        &[
            ("HOME", home.path()),
            ("XDG_CACHE_HOME", xdg.path()),
            ("BUF_CACHE_DIR", empty.path()),
        ],
    );
    fails_with(
        &r,
        &format!(
            "{}/v3/modules/b5/buf.build/googleapis/googleapis/{COMMIT} does not exist",
            empty.path().display()
        ),
    );
}

#[test]
fn a_commit_the_cache_lacks_falls_back_to_includes_with_a_note() {
    let empty = tempfile::tempdir().expect("tempdir");
    let files = entry(&data().join("cache"), "b5").join("files");
    let files = files.to_string_lossy();
    let r = run(
        &["breaking", "v2", "--against", "v2", "-I", &files],
        &[("BUF_CACHE_DIR", empty.path())],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stderr.contains(&format!(
            "protocheck: note: v2/buf.lock pins buf.build/googleapis/googleapis at commit \
             {COMMIT}, which buf's module cache does not hold"
        )) && r
            .stderr
            .contains("resolve from -I and the built-in googleapis copies"),
        "{}",
        r.stderr
    );
    // Once per run, though both sides read the same buf.lock.
    assert_eq!(
        r.stderr.matches("protocheck: note:").count(),
        1,
        "{}",
        r.stderr
    );
    // Without -I the import is missing, and its help names the dependency.
    let r = run(
        &["breaking", "v2", "--against", "v2"],
        &[("BUF_CACHE_DIR", empty.path())],
    );
    fails_with(&r, "import 'google/longrunning/operations.proto' not found");
}

#[test]
fn an_edited_cached_file_fails_the_digest_check() {
    let cache = cache_copy();
    let status = entry(cache.path(), "b5").join("files/google/rpc/status.proto");
    let mut text = std::fs::read_to_string(&status).expect("read");
    text.push_str("// edited\n");
    std::fs::write(&status, text).expect("write");
    let r = run(
        &["breaking", "v2", "--against", "v2"],
        &[("BUF_CACHE_DIR", cache.path())],
    );
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(
        says(
            &r,
            &format!("digest verification failed for buf.build/googleapis/googleapis:{COMMIT}")
        ) && says(&r, "buf registry cc"),
        "{}",
        r.stderr
    );
}

#[test]
fn only_the_files_buf_digests_count() {
    let cache = cache_copy();
    let files = entry(cache.path(), "b5").join("files");
    // Not a module file for buf: ignored by the digest.
    std::fs::write(files.join("notes.txt"), "scratch\n").expect("write");
    ok(&run(
        &["breaking", "v2", "--against", "v2"],
        &[("BUF_CACHE_DIR", cache.path())],
    ));
    // A README.md is (buf digests the module's documentation file).
    std::fs::write(files.join("README.md"), "# googleapis\n").expect("write");
    let r = run(
        &["breaking", "v2", "--against", "v2"],
        &[("BUF_CACHE_DIR", cache.path())],
    );
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(says(&r, "digest verification failed"), "{}", r.stderr);
}

#[test]
fn an_entry_without_a_valid_module_yaml_counts_as_absent() {
    let cache = cache_copy();
    let module_yaml = entry(cache.path(), "b5").join("module.yaml");
    std::fs::write(&module_yaml, "version: v9\nfiles_dir: files\n").expect("write");
    let r = run(
        &["breaking", "v2", "--against", "v2"],
        &[("BUF_CACHE_DIR", cache.path())],
    );
    fails_with(&r, "is not a valid cache entry (its version is not v1)");
    // buf writes module.yaml last: without it, the entry is an unfinished write.
    std::fs::remove_file(&module_yaml).expect("rm");
    let r = run(
        &["breaking", "v2", "--against", "v2"],
        &[("BUF_CACHE_DIR", cache.path())],
    );
    assert!(r.stderr.contains("does not exist"), "{}", r.stderr);
}

#[test]
fn a_git_input_reads_its_buf_lock_from_the_revision() {
    let dir = tempfile::tempdir().expect("tempdir");
    let repo = dir.path().join("repo");
    copy_dir(&data().join("v2"), &repo);
    common::git(&repo, &["init", "-q", "-b", "main"]);
    common::git(&repo, &["add", "-A"]);
    common::git(&repo, &["commit", "-q", "-m", "v2"]);
    let cache = data().join("cache");
    ok(&run_in(
        &repo,
        &["breaking", ".", "--against", ".git#branch=main"],
        &[("BUF_CACHE_DIR", &cache)],
    ));
    // The lock travels with the revision: without it in the revision, nothing is pinned.
    common::git(&repo, &["rm", "-q", "--cached", "buf.lock"]);
    common::git(&repo, &["commit", "-q", "-m", "no lock"]);
    let r = run_in(
        &repo,
        &["breaking", ".", "--against", ".git#branch=main"],
        &[("BUF_CACHE_DIR", &cache)],
    );
    fails_with(&r, "import 'google/longrunning/operations.proto' not found");
}
