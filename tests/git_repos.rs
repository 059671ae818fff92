//! buf's `.git` inputs on a repository other than the one around the current directory (its
//! work tree's top or a bare repository) and `recurse_submodules=true`, on throwaway
//! repositories isolated from the user's git configuration.

mod common;

use std::path::Path;

use common::{git, protocheck_in, says};

const V1: &str = "syntax = \"proto3\";\npackage demo.v1;\n\nmessage User {\n  string id = 1;\n  string email = 2;\n}\n";
const V2: &str = "syntax = \"proto3\";\npackage demo.v1;\n\nmessage User {\n  string id = 1;\n}\n";
const TOP: &str = "syntax = \"proto3\";\npackage top.v1;\n\nmessage Top {\n  string id = 1;\n}\n";

fn write(dir: &Path, rel: &str, text: &str) {
    let p = dir.join(rel);
    std::fs::create_dir_all(p.parent().expect("parent")).expect("mkdir");
    std::fs::write(p, text).expect("write");
}

fn init(dir: &Path) {
    std::fs::create_dir_all(dir).expect("mkdir");
    git(dir, &["init", "-q", "-b", "main"]);
    git(dir, &["config", "commit.gpgsign", "false"]);
}

fn commit(dir: &Path, message: &str) {
    git(dir, &["add", "-A"]);
    git(dir, &["commit", "-q", "-m", message]);
}

/// `repo`: main holds V1, branch `next` V2 (a field deleted).
fn two_branches(repo: &Path) {
    init(repo);
    write(repo, "proto/demo/v1/user.proto", V1);
    commit(repo, "v1");
    git(repo, &["checkout", "-q", "-b", "next"]);
    write(repo, "proto/demo/v1/user.proto", V2);
    commit(repo, "v2");
    git(repo, &["checkout", "-q", "main"]);
}

#[test]
fn another_repository_is_read_by_its_dot_git() {
    let dir = tempfile::tempdir().expect("tempdir");
    let repo = dir.path().join("api");
    two_branches(&repo);
    // Run from outside any repository.
    let outside = dir.path().join("elsewhere");
    std::fs::create_dir(&outside).expect("mkdir");
    let r = protocheck_in(
        &outside,
        [
            "breaking",
            "../api/.git#branch=next,subdir=proto",
            "--against",
            "../api/.git#branch=main,subdir=proto",
        ],
    );
    assert_eq!(r.code, 100, "{}\n{}", r.stdout, r.stderr);
    assert!(r.stdout.contains("demo/v1/user.proto"), "{}", r.stdout);
    assert!(r.stdout.contains("\"email\""), "{}", r.stdout);
    // The same revisions: nothing breaks.
    let r = protocheck_in(
        &outside,
        [
            "breaking",
            "../api/.git#branch=main,subdir=proto",
            "--against",
            "../api/.git#branch=main,subdir=proto",
        ],
    );
    assert_eq!(r.code, 0, "{}\n{}", r.stdout, r.stderr);
}

#[test]
fn a_bare_repository_is_read() {
    let dir = tempfile::tempdir().expect("tempdir");
    let repo = dir.path().join("api");
    two_branches(&repo);
    git(
        dir.path(),
        &["clone", "-q", "--bare", "api", "api-bare.git"],
    );
    let r = protocheck_in(
        dir.path(),
        [
            "breaking",
            "api-bare.git#branch=next,subdir=proto",
            "--against",
            "api-bare.git#branch=main,subdir=proto",
        ],
    );
    assert_eq!(r.code, 100, "{}\n{}", r.stdout, r.stderr);
    assert!(r.stdout.contains("\"email\""), "{}", r.stdout);
    // Not a repository at all: a clear exit 2.
    std::fs::create_dir(dir.path().join("plain")).expect("mkdir");
    let r = protocheck_in(
        dir.path(),
        ["breaking", "plain#format=git", "--against", "api-bare.git"],
    );
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(
        says(
            &r,
            "is not the top of a git repository, nor a bare repository"
        ),
        "{}",
        r.stderr
    );
}

/// `top`: its own `top.proto` and the submodule `sub` (from `lib`, holding
/// demo/v1/user.proto), at V1 on main, at V2 on `next`.
fn with_submodule(dir: &Path) -> std::path::PathBuf {
    let lib = dir.join("lib");
    init(&lib);
    write(&lib, "demo/v1/user.proto", V1);
    commit(&lib, "v1");
    let top = dir.join("top");
    init(&top);
    write(&top, "top.proto", TOP);
    git(
        &top,
        &[
            "-c",
            "protocol.file.allow=always",
            "submodule",
            "add",
            "-q",
            "../lib",
            "sub",
        ],
    );
    commit(&top, "with lib v1");
    write(&lib, "demo/v1/user.proto", V2);
    commit(&lib, "v2");
    git(&top, &["checkout", "-q", "-b", "next"]);
    git(&top.join("sub"), &["pull", "-q", "origin", "main"]);
    commit(&top, "lib v2");
    git(&top, &["checkout", "-q", "main"]);
    git(&top, &["submodule", "update", "-q"]);
    top
}

#[test]
fn submodules_are_read_at_their_recorded_commit_when_asked() {
    let dir = tempfile::tempdir().expect("tempdir");
    let top = with_submodule(dir.path());
    let r = protocheck_in(
        &top,
        [
            "breaking",
            ".git#branch=next,recurse_submodules=true",
            "--against",
            ".git#branch=main,recurse_submodules=true",
        ],
    );
    assert_eq!(r.code, 100, "{}\n{}", r.stdout, r.stderr);
    assert!(r.stdout.contains("sub/demo/v1/user.proto"), "{}", r.stdout);
    // Without it the submodule is not read, as buf does.
    let r = protocheck_in(
        &top,
        [
            "breaking",
            ".git#branch=next",
            "--against",
            ".git#branch=main",
        ],
    );
    assert_eq!(r.code, 0, "{}\n{}", r.stdout, r.stderr);
}

#[test]
fn a_submodule_whose_objects_are_absent_is_a_clear_error() {
    let dir = tempfile::tempdir().expect("tempdir");
    let top = with_submodule(dir.path());
    // A clone without `--recurse-submodules`: the submodule's objects are not here.
    git(dir.path(), &["clone", "-q", "top", "copy"]);
    let r = protocheck_in(
        &dir.path().join("copy"),
        [
            "breaking",
            ".git#branch=main,recurse_submodules=true",
            "--against",
            ".git#branch=main,recurse_submodules=true",
        ],
    );
    assert_eq!(r.code, 2, "{}\n{}", r.stdout, r.stderr);
    assert!(says(&r, "the submodule sub (commit"), "{}", r.stderr);
    assert!(says(&r, "git submodule update --init sub"), "{}", r.stderr);
    drop(top);
}
