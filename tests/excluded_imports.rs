//! Files a buf.yaml excludes (`build.excludes`) are not compared but stay importable, the same
//! way for every input form: a directory, a `.proto` file, a git revision (`git:REF` and buf's
//! `.git#ref=`), an archive. (issue 15 item 4: git inputs used to lose them.)

mod common;

use std::path::{Path, PathBuf};

use common::{json, protocheck_in, write, Repo, Run};

const BUF_YAML: &str = "version: v1\nbuild:\n  excludes:\n    - google\n";
const ANNOTATIONS: &str =
    "syntax = \"proto3\";\npackage google.api;\n\nmessage Http {\n  string get = 1;\n}\n";
const V1: &str = "syntax = \"proto3\";\npackage demo.v1;\n\nimport \"google/api/http.proto\";\n\nmessage Call {\n  google.api.Http http = 1;\n  string name = 2;\n}\n";
const V2: &str = "syntax = \"proto3\";\npackage demo.v1;\n\nimport \"google/api/http.proto\";\n\nmessage Call {\n  google.api.Http http = 1;\n}\n";

/// Two commits (tags v1, v2) of a repository whose buf.yaml excludes `google/`, which
/// `demo/v1/call.proto` imports; v2 deletes a field. The work tree holds v2.
fn history() -> Repo {
    let repo = Repo::new();
    repo.write("buf.yaml", BUF_YAML);
    repo.write("google/api/http.proto", ANNOTATIONS);
    repo.write("demo/v1/call.proto", V1);
    repo.commit("v1");
    repo.git(&["tag", "v1"]);
    repo.write("demo/v1/call.proto", V2);
    repo.commit("v2");
    repo.git(&["tag", "v2"]);
    repo
}

/// The files of tag `rev` in a directory of their own (beside the repository).
fn export(repo: &Repo, rev: &str) -> PathBuf {
    let out = repo.path.with_file_name(rev);
    std::fs::create_dir_all(&out).expect("mkdir");
    for name in ["buf.yaml", "google/api/http.proto", "demo/v1/call.proto"] {
        let text = repo.git(&["show", &format!("{rev}:{name}")]);
        write(&out, name, &text);
    }
    out
}

/// The one finding expected: the field deleted in `demo/v1/call.proto`, and no finding about
/// the excluded `google/` files (they are dependencies).
fn assert_one_deletion(what: &str, run: &Run) {
    assert_eq!(run.code, 1, "{what}: {}\n{}", run.stdout, run.stderr);
    let doc = json(run);
    let found: Vec<(&str, &str)> = doc["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .map(|f| {
            (
                f["rule"].as_str().unwrap_or(""),
                f["path"].as_str().unwrap_or(""),
            )
        })
        .collect();
    assert_eq!(
        found,
        [("FIELD_NO_DELETE", "demo/v1/call.proto")],
        "{what}: {}",
        run.stdout
    );
}

fn diff(dir: &Path, old: &str, new: &str) -> Run {
    protocheck_in(
        dir,
        [
            "diff",
            old,
            new,
            "--rule",
            "FIELD_NO_DELETE",
            "--format",
            "json",
        ],
    )
}

#[test]
fn directories_import_excluded_files() {
    let repo = history();
    let (v1, v2) = (export(&repo, "v1"), export(&repo, "v2"));
    let run = diff(
        &repo.path,
        v1.to_str().expect("utf-8"),
        v2.to_str().expect("utf-8"),
    );
    assert_one_deletion("directories", &run);
}

#[test]
fn proto_files_import_excluded_files() {
    let repo = history();
    let (v1, v2) = (export(&repo, "v1"), export(&repo, "v2"));
    // A single file is named relative to its own directory; run from each side's root so the
    // import resolves from the root as buf's protofile input does.
    let old = v1.join("demo/v1/call.proto");
    let new = v2.join("demo/v1/call.proto");
    let run = protocheck_in(
        &repo.path,
        [
            "diff",
            old.to_str().expect("utf-8"),
            new.to_str().expect("utf-8"),
            "--rule",
            "FIELD_NO_DELETE",
            "--format",
            "json",
            "-I",
            v2.to_str().expect("utf-8"),
        ],
    );
    assert_eq!(run.code, 1, "{}\n{}", run.stdout, run.stderr);
}

#[test]
fn git_revisions_import_excluded_files() {
    let repo = history();
    assert_one_deletion("git:v1 git:v2", &diff(&repo.path, "git:v1", "git:v2"));
    assert_one_deletion("git:v1 .", &diff(&repo.path, "git:v1", "."));
}

#[test]
fn buf_git_references_import_excluded_files() {
    let repo = history();
    assert_one_deletion(
        ".git#tag=v1 .git#tag=v2",
        &diff(&repo.path, ".git#tag=v1", ".git#tag=v2"),
    );
}

#[test]
fn archives_import_excluded_files() {
    let repo = history();
    let dir = repo.path.parent().expect("parent").to_path_buf();
    for (rev, name) in [("v1", "v1.tar.gz"), ("v2", "v2.zip")] {
        let out = dir.join(name);
        let format = if name.ends_with(".zip") { "zip" } else { "tgz" };
        repo.git(&[
            "archive",
            &format!("--format={format}"),
            "--prefix=top/",
            "-o",
            out.to_str().expect("utf-8"),
            rev,
        ]);
    }
    let old = format!("{}#strip_components=1", dir.join("v1.tar.gz").display());
    let new = format!("{}#strip_components=1", dir.join("v2.zip").display());
    assert_one_deletion("archives", &diff(&repo.path, &old, &new));
}
