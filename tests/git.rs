//! `git:REF[:SUBDIR]` inputs, on throwaway repositories built by each test.

mod common;

use std::process::Command;

use common::{json, protocheck_in, Repo, Run};

const V1: &str = "syntax = \"proto3\";\npackage demo.v1;\n\nmessage User {\n  string id = 1;\n  string name = 2;\n  string email = 3;\n}\n";
const V2: &str = "syntax = \"proto3\";\npackage demo.v1;\n\nmessage User {\n  string id = 1;\n  string name = 2;\n}\n";
const OTHER: &str = "syntax = \"proto3\";\npackage demo.v1;\n\nimport \"demo/v1/user.proto\";\n\nmessage Team {\n  repeated User members = 1;\n}\n";

/// main: v1 (tag v1) → v2 (tag v2, `email` deleted, team.proto deleted) → a commit touching
/// no .proto file. Sources live under `proto/`.
fn history() -> Repo {
    let repo = Repo::new();
    repo.write("proto/demo/v1/user.proto", V1);
    repo.write("proto/demo/v1/team.proto", OTHER);
    repo.write("README.md", "demo\n");
    repo.commit("v1");
    repo.git(&["tag", "v1"]);
    repo.write("proto/demo/v1/user.proto", V2);
    std::fs::remove_file(repo.path.join("proto/demo/v1/team.proto")).expect("rm");
    repo.commit("v2");
    repo.git(&["tag", "-a", "v2", "-m", "annotated tag"]);
    repo.write("README.md", "demo, again\n");
    repo.commit("docs");
    repo
}

fn diff_json(repo: &Repo, old: &str, new: &str) -> (Run, serde_json::Value) {
    let run = repo.run(&[
        "diff",
        old,
        new,
        "--rule",
        "FIELD_NO_DELETE",
        "--format",
        "json",
    ]);
    assert!(
        run.code == 0 || run.code == 1,
        "{old} → {new}: exit {}\n{}",
        run.code,
        run.stderr
    );
    let doc = json(&run);
    (run, doc)
}

#[test]
fn compares_tags_commits_and_relative_revisions() {
    let repo = history();
    let (run, doc) = diff_json(&repo, "git:v1:proto", "git:v2:proto");
    assert_eq!(run.code, 1);
    let findings = doc["findings"].as_array().expect("findings");
    assert_eq!(findings.len(), 1, "{}", run.stdout);
    assert_eq!(findings[0]["path"], "demo/v1/user.proto");
    assert_eq!(findings[0]["start_line"], 4);
    assert_eq!(findings[0]["old"]["start_line"], 7);
    assert!(findings[0]["message"]
        .as_str()
        .is_some_and(|m| m.contains("\"email\"")));
    // The deleted file is gone from the newer tree.
    assert_eq!(doc["summary"]["old_files"], 2);
    assert_eq!(doc["summary"]["new_files"], 1);
    assert_eq!(doc["old"], "git:v1:proto");

    // The same pair by commit id, by branch ancestry and by HEAD~N.
    let v1 = repo.git(&["rev-parse", "v1"]);
    let (_, by_id) = diff_json(&repo, &format!("git:{}:proto", v1.trim()), "git:main:proto");
    assert_eq!(by_id["findings"], doc["findings"]);
    let (_, by_ancestry) = diff_json(&repo, "git:HEAD~2:proto", "git:HEAD~1:proto");
    assert_eq!(by_ancestry["findings"], doc["findings"]);
    let (_, short) = diff_json(
        &repo,
        &format!("git:{}:proto", &v1.trim()[..10]),
        "git:main:proto",
    );
    assert_eq!(short["findings"], doc["findings"]);

    // Nothing changed in .proto files between HEAD~1 and HEAD.
    let (run, _) = diff_json(&repo, "git:HEAD~1:proto", "git:HEAD:proto");
    assert_eq!(run.code, 0);
}

#[test]
fn compares_a_revision_with_the_working_tree() {
    let repo = history();
    // Uncommitted: delete `name` from the working tree only.
    repo.write(
        "proto/demo/v1/user.proto",
        "syntax = \"proto3\";\npackage demo.v1;\n\nmessage User {\n  string id = 1;\n}\n",
    );
    let (run, doc) = diff_json(&repo, "git:HEAD:proto", "proto");
    assert_eq!(run.code, 1);
    assert!(doc["findings"][0]["message"]
        .as_str()
        .is_some_and(|m| m.contains("\"name\"")));
    // git:HEAD reads the commit, not the working tree.
    let (run, _) = diff_json(&repo, "git:HEAD:proto", "git:HEAD:proto");
    assert_eq!(run.code, 0);
    // The remote-tracking style and a ref naming the upstream work as well.
    repo.git(&["update-ref", "refs/remotes/origin/main", "HEAD"]);
    let (run, _) = diff_json(&repo, "git:origin/main:proto", "proto");
    assert_eq!(run.code, 1);
    // The upstream branch, as the pre-commit hook's README example uses it.
    repo.git(&["branch", "base", "v1"]);
    repo.git(&["branch", "--set-upstream-to=base"]);
    let (run, doc) = diff_json(&repo, "git:@{upstream}:proto", "proto");
    assert_eq!(run.code, 1);
    assert_eq!(
        doc["findings"].as_array().map(Vec::len),
        Some(2),
        "{}",
        run.stdout
    );
}

#[test]
fn whole_repository_and_subdirectories() {
    // Without SUBDIR the import root is the top of the repository.
    let top = Repo::new();
    top.write("demo/v1/user.proto", V1);
    top.write("demo/v1/team.proto", OTHER);
    top.commit("v1");
    top.write("demo/v1/user.proto", V2);
    top.commit("v2");
    let (run, doc) = diff_json(&top, "git:HEAD~1", "git:HEAD");
    assert_eq!(run.code, 1);
    assert_eq!(doc["findings"][0]["path"], "demo/v1/user.proto");
    assert_eq!(doc["summary"]["new_files"], 2);
    // Imports resolve inside the tree at that revision: `proto/` at the top is not a root.
    let repo = history();
    let run = repo.run(&["diff", "git:v1", "git:v2"]);
    assert_refused(
        &run,
        &["does not compile", "import 'demo/v1/user.proto' not found"],
    );

    // From a subdirectory: SUBDIR is relative to the top, `./` to the current directory.
    let sub = repo.path.join("proto");
    let run = protocheck_in(
        &sub,
        [
            "diff",
            "git:v1:proto",
            "git:v2:./",
            "--rule",
            "FIELD_NO_DELETE",
            "--format",
            "json",
        ],
    );
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert_eq!(json(&run)["findings"][0]["path"], "demo/v1/user.proto");
    let run = protocheck_in(
        &sub,
        [
            "diff",
            "git:v1:./demo/../",
            "git:v2:proto/",
            "--rule",
            "FIELD_NO_DELETE",
            "--format",
            "json",
        ],
    );
    assert_eq!(run.code, 1, "{}", run.stderr);

    // CI formats put the subdirectory before paths so annotations land on repository files.
    let run = repo.run(&[
        "diff",
        "git:v1:proto",
        "git:v2:proto",
        "--rule",
        "FIELD_NO_DELETE",
        "--format",
        "github",
    ]);
    assert!(
        run.stdout
            .starts_with("::error file=proto/demo/v1/user.proto,line=4,"),
        "{}",
        run.stdout
    );
    let run = repo.run(&[
        "diff",
        "git:v1:proto",
        "proto",
        "--rule",
        "FIELD_NO_DELETE",
        "--format",
        "github",
    ]);
    assert!(
        run.stdout
            .starts_with("::error file=proto/demo/v1/user.proto,line=4,"),
        "{}",
        run.stdout
    );
}

#[test]
fn hidden_and_build_folders_are_skipped_like_on_disk() {
    let repo = history();
    repo.write("proto/.cache/broken.proto", "this does not compile");
    repo.write("proto/node_modules/x/broken.proto", "nor does this");
    repo.write("proto/notes.txt", "not a proto");
    repo.commit("noise");
    let (run, doc) = diff_json(&repo, "git:v2:proto", "git:HEAD:proto");
    assert_eq!(run.code, 0);
    assert_eq!(doc["summary"]["new_files"], 1);
}

/// The words of a diagnostic, without the line wrapping and frame of its rendering.
fn words(s: &str) -> String {
    s.split_whitespace()
        .filter(|w| *w != "│" && *w != "×")
        .collect::<Vec<_>>()
        .join(" ")
}

fn assert_refused(run: &Run, fragments: &[&str]) {
    assert_eq!(
        run.code, 2,
        "stdout:\n{}\nstderr:\n{}",
        run.stdout, run.stderr
    );
    assert!(run.stdout.is_empty(), "nothing on stdout: {}", run.stdout);
    let stderr = words(&run.stderr);
    for f in fragments {
        assert!(
            stderr.contains(&words(f)),
            "stderr lacks {f:?}:\n{}",
            run.stderr
        );
    }
}

#[test]
fn unknown_refs_and_missing_paths_say_what_to_do() {
    let repo = history();
    let run = repo.run(&["diff", "git:nope:proto", "proto"]);
    assert_refused(
        &run,
        &["`nope` is not a commit", "git rev-parse --verify nope"],
    );
    let run = repo.run(&["diff", "git:origin/main:proto", "proto"]);
    assert_refused(
        &run,
        &[
            "`origin/main` is not a commit",
            "git fetch --depth=1 origin main",
        ],
    );
    let run = repo.run(&["diff", "git:v1:protos", "proto"]);
    assert_refused(&run, &["`protos` does not exist at v1"]);
    let run = repo.run(&["diff", "git:v1:proto/demo/v1/user.proto", "proto"]);
    assert_refused(&run, &["is a file at v1", "not a directory"]);
    let run = repo.run(&["diff", "git:v1:README.md/..", "proto"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    let run = repo.run(&["diff", "git:v1:../outside", "proto"]);
    assert_refused(&run, &["leaves the repository"]);
    // A tree without .proto files.
    repo.write("docs/a.md", "x");
    repo.commit("docs");
    let run = repo.run(&["diff", "git:HEAD:docs", "proto"]);
    assert_refused(&run, &["no .proto files in `docs`"]);
    // A revision that is not a commit (a blob).
    let run = repo.run(&["diff", "git:HEAD:README.md:proto", "proto"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
}

#[test]
fn a_ref_that_looks_like_an_option_is_refused() {
    let repo = history();
    for spec in [
        "git:--output=x",
        "git:-p",
        "git:--output=x:proto",
        "git::proto",
        "git:",
    ] {
        let run = repo.run(&["diff", spec, "proto"]);
        assert_refused(&run, &[]);
        assert!(!repo.path.join("x").exists(), "{spec} wrote a file");
    }
    let run = repo.run(&["diff", "git:--output=x", "proto"]);
    assert!(
        run.stderr.contains("cannot start with `-`"),
        "{}",
        run.stderr
    );
}

#[test]
fn working_tree_index_and_stash_are_untouched() {
    let repo = history();
    // Staged change, unstaged change, untracked file and a stash entry.
    repo.write("proto/demo/v1/user.proto", V1);
    repo.git(&["stash", "push", "-q"]);
    repo.write("proto/demo/v1/user.proto", "// staged\n");
    repo.git(&["add", "proto/demo/v1/user.proto"]);
    repo.write("proto/demo/v1/user.proto", "// unstaged\n");
    repo.write("proto/new.proto", "// untracked\n");
    let index = repo.path.join(".git/index");
    let snapshot = || {
        (
            repo.git(&["status", "--porcelain=v1", "--untracked-files=all"]),
            repo.git(&["stash", "list"]),
            repo.git(&["diff", "--cached"]),
            std::fs::read(&index).expect("index"),
            std::fs::metadata(&index)
                .and_then(|m| m.modified())
                .expect("mtime"),
            std::fs::read_to_string(repo.path.join("proto/demo/v1/user.proto")).expect("file"),
        )
    };
    let before = snapshot();
    let (run, _) = diff_json(&repo, "git:v1:proto", "git:v2:proto");
    assert_eq!(run.code, 1);
    assert_eq!(snapshot(), before);
}

#[test]
fn shallow_clones_say_how_to_fetch_more() {
    let repo = history();
    repo.git(&["branch", "feature"]);
    let parent = repo.path.parent().expect("parent").to_path_buf();
    let url = format!("file://{}", repo.path.display());
    common::git(
        &parent,
        &[
            "clone",
            "-q",
            "--depth",
            "1",
            "--single-branch",
            "--branch",
            "main",
            &url,
            "shallow",
        ],
    );
    let clone = parent.join("shallow");
    let run = protocheck_in(&clone, ["diff", "git:HEAD~1:proto", "proto"]);
    assert_refused(
        &run,
        &[
            "(a shallow clone)",
            "git fetch --deepen=1",
            "fetch-depth: 0",
        ],
    );
    let run = protocheck_in(&clone, ["diff", "git:origin/feature:proto", "proto"]);
    assert_refused(&run, &["git fetch --depth=1 origin feature"]);
    // Following the hint makes it work.
    common::git(&clone, &["fetch", "-q", "--deepen=1"]);
    let run = protocheck_in(&clone, ["diff", "git:HEAD~1:proto", "proto"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
}

#[test]
fn outside_a_repository_or_without_git() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(dir.path().join("a.proto"), V1).expect("write");
    let run = protocheck_in(dir.path(), ["diff", "git:HEAD", "."]);
    assert_refused(&run, &["not inside a git repository"]);

    let repo = history();
    let empty = tempfile::tempdir().expect("tempdir");
    let out = common::isolated(Command::new(env!("CARGO_BIN_EXE_protocheck")))
        .args(["diff", "git:v1:proto", "proto"])
        .current_dir(&repo.path)
        .env("PATH", empty.path())
        .output()
        .expect("runs");
    let run = Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    };
    assert_refused(&run, &["git is not installed or not on PATH"]);
}

/// A buf.yaml at the root of a revision shapes that side like a directory's does: with
/// `build.roots: [proto]`, `git:HEAD` and the working tree both name `demo/v1/user.proto`,
/// and the rule selection of NEW's buf.yaml applies.
#[test]
fn a_revisions_buf_yaml_shapes_its_module_layout() {
    let repo = Repo::new();
    repo.write(
        "buf.yaml",
        "version: v1beta1\nbuild:\n  roots:\n    - proto\nbreaking:\n  use:\n    - FILE\n  except:\n    - FIELD_SAME_NAME\n",
    );
    repo.write("proto/demo/v1/user.proto", V1);
    repo.commit("v1");
    repo.write("proto/demo/v1/user.proto", V2);

    for (old, new) in [("git:HEAD", "."), ("git:HEAD", "git:HEAD")] {
        let run = repo.run(&["diff", old, new, "--format", "json"]);
        let doc = json(&run);
        assert_eq!(
            doc["summary"]["rules"], 48,
            "{old} {new}: NEW's buf.yaml selects the rules"
        );
        let found: Vec<(&str, &str, &str)> = doc["findings"]
            .as_array()
            .expect("findings")
            .iter()
            .map(|f| {
                (
                    f["rule"].as_str().unwrap_or(""),
                    f["path"].as_str().unwrap_or(""),
                    f["old"]["path"].as_str().unwrap_or(""),
                )
            })
            .collect();
        if new == "." {
            assert_eq!(run.code, 1, "{}", run.stderr);
            assert_eq!(
                found,
                [(
                    "FIELD_NO_DELETE",
                    "demo/v1/user.proto",
                    "demo/v1/user.proto"
                )],
                "{}",
                run.stdout
            );
        } else {
            assert_eq!(run.code, 0, "{}", run.stdout);
        }
    }
    // CI formats still point at the repository file.
    let run = repo.run(&["diff", "git:HEAD", ".", "--format", "github"]);
    assert!(
        run.stdout.contains("file=proto/demo/v1/user.proto,"),
        "{}",
        run.stdout
    );
}
