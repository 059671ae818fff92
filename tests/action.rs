//! The GitHub Action (`action.yml`): its checking step's script, run with bash as the runner
//! would run it, in a shallow clone of a throwaway repository (as `actions/checkout` leaves
//! one), with the `GITHUB_*` files and the inputs set the way the step's `env:` sets them.

mod common;

use common::git;

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::process::Command;

/// The `run: |` script of the step with `id: check`, dedented.
fn check_script() -> String {
    let text = std::fs::read_to_string(common::root().join("action.yml")).expect("action.yml");
    let lines: Vec<&str> = text.lines().collect();
    let step = lines
        .iter()
        .position(|l| l.trim() == "id: check")
        .expect("a step with id: check");
    let run = step
        + lines[step..]
            .iter()
            .position(|l| l.trim() == "run: |")
            .expect("its run: | script");
    let mut script = String::new();
    for line in &lines[run + 1..] {
        if !line.trim().is_empty() && !line.starts_with("        ") {
            break;
        }
        script.push_str(line.get(8..).unwrap_or(""));
        script.push('\n');
    }
    assert!(script.contains("protocheck"), "{script}");
    script
}

const V1: &str = "syntax = \"proto3\";\npackage demo.v1;\n\nmessage User {\n  string id = 1;\n  string name = 2;\n}\n";
const BREAKING: &str =
    "syntax = \"proto3\";\npackage demo.v1;\n\nmessage User {\n  string id = 1;\n}\n";
const COMPATIBLE: &str = "syntax = \"proto3\";\npackage demo.v1;\n\nmessage User {\n  string id = 1;\n  string name = 2;\n  string email = 3;\n}\n";

struct Pr {
    _dir: tempfile::TempDir,
    /// The shallow clone of the pull request's head, where the step runs.
    clone: PathBuf,
    base: String,
}

/// An origin with `main` (the base: `proto/demo/v1/user.proto` = V1, unless `base_has_proto`
/// is false) and a `pr` branch on top that writes `head` there; then a depth-1 clone of `pr`.
fn pull_request(head: &str, base_has_proto: bool) -> Pr {
    let dir = tempfile::tempdir().expect("tempdir");
    let origin = dir.path().join("origin");
    std::fs::create_dir_all(origin.join("proto/demo/v1")).expect("mkdir");
    git(&origin, &["init", "-q", "-b", "main"]);
    // GitHub serves any reachable commit by id, which the step relies on to fetch the base.
    git(
        &origin,
        &["config", "uploadpack.allowAnySHA1InWant", "true"],
    );
    std::fs::write(origin.join("README.md"), "x\n").expect("write");
    if base_has_proto {
        std::fs::write(origin.join("proto/demo/v1/user.proto"), V1).expect("write");
    }
    git(&origin, &["add", "-A"]);
    git(&origin, &["commit", "-q", "-m", "base"]);
    let base = git(&origin, &["rev-parse", "HEAD"]).trim().to_owned();
    git(&origin, &["checkout", "-q", "-b", "pr"]);
    std::fs::write(origin.join("proto/demo/v1/user.proto"), head).expect("write");
    git(&origin, &["add", "-A"]);
    git(&origin, &["commit", "-q", "-m", "head"]);
    let url = format!("file://{}", origin.display());
    git(
        dir.path(),
        &[
            "clone", "-q", "--depth", "1", "--branch", "pr", &url, "clone",
        ],
    );
    let clone = dir.path().join("clone");
    assert!(
        Command::new("git")
            .args(["cat-file", "-e", &base])
            .current_dir(&clone)
            .output()
            .is_ok_and(|o| !o.status.success()),
        "the base must be missing from the shallow clone"
    );
    Pr {
        _dir: dir,
        clone,
        base,
    }
}

struct StepRun {
    code: i32,
    stdout: String,
    outputs: BTreeMap<String, String>,
    summary: String,
}

fn run_step(pr: &Pr, inputs: &[(&str, &str)]) -> StepRun {
    let output_file = pr.clone.join("../github_output");
    let summary_file = pr.clone.join("../step_summary");
    std::fs::write(&output_file, "").expect("write");
    std::fs::write(&summary_file, "").expect("write");
    let mut cmd = common::isolated(Command::new("bash"));
    cmd.arg("-c")
        .arg(check_script())
        .current_dir(&pr.clone)
        .env("PROTOCHECK", env!("CARGO_BIN_EXE_protocheck"))
        .env("GITHUB_OUTPUT", &output_file)
        .env("GITHUB_STEP_SUMMARY", &summary_file);
    // The step's env: every input is set, empty when not given.
    for key in [
        "INPUT_PATH",
        "INPUT_AGAINST",
        "INPUT_CATEGORY",
        "INPUT_CONFIG",
        "INPUT_FORMAT",
        "INPUT_SARIF_FILE",
        "PR_BASE_SHA",
        "PUSH_BEFORE",
        "ALLOWED_BY_LABEL",
        "LABEL",
    ] {
        cmd.env(key, "");
    }
    cmd.env("INPUT_PATH", "proto")
        .env("INPUT_FORMAT", "github")
        .env("PR_BASE_SHA", &pr.base)
        .env("ALLOWED_BY_LABEL", "false")
        .env("LABEL", "protocheck: allow-breaking");
    for (k, v) in inputs {
        cmd.env(k, v);
    }
    let out = cmd.output().expect("bash runs");
    let outputs = std::fs::read_to_string(&output_file)
        .expect("GITHUB_OUTPUT")
        .lines()
        .filter_map(|l| l.split_once('='))
        .map(|(k, v)| (k.to_owned(), v.to_owned()))
        .collect();
    StepRun {
        code: out.status.code().unwrap_or(-1),
        stdout: format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        ),
        outputs,
        summary: std::fs::read_to_string(&summary_file).unwrap_or_default(),
    }
}

#[test]
fn a_breaking_pull_request_fails_with_annotations_and_sarif() {
    let pr = pull_request(BREAKING, true);
    let run = run_step(&pr, &[("INPUT_SARIF_FILE", "protocheck.sarif")]);
    assert_eq!(run.code, 1, "{}", run.stdout);
    assert!(
        run.stdout.contains(
            "::error file=proto/demo/v1/user.proto,line=4,endLine=6,title=FIELD_NO_DELETE::"
        ),
        "{}",
        run.stdout
    );
    assert_eq!(
        run.outputs.get("breaking").map(String::as_str),
        Some("true")
    );
    assert_eq!(run.outputs.get("exit-code").map(String::as_str), Some("1"));
    assert!(run.summary.contains("FIELD_NO_DELETE"), "{}", run.summary);
    let sarif: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(pr.clone.join("protocheck.sarif")).expect("the SARIF file"),
    )
    .expect("SARIF is JSON");
    assert_eq!(sarif["version"], "2.1.0");
    assert_eq!(
        sarif["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]
            ["uri"],
        "proto/demo/v1/user.proto"
    );
}

#[test]
fn the_label_turns_the_gate_into_a_report() {
    let pr = pull_request(BREAKING, true);
    let run = run_step(&pr, &[("ALLOWED_BY_LABEL", "true")]);
    assert_eq!(run.code, 0, "{}", run.stdout);
    assert!(
        run.stdout.contains("::error file=proto/demo/v1/user.proto"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("::warning title=protocheck::breaking changes allowed by the pull-request label 'protocheck: allow-breaking'"),
        "{}",
        run.stdout
    );
    assert_eq!(
        run.outputs.get("breaking").map(String::as_str),
        Some("true")
    );
}

#[test]
fn a_compatible_pull_request_passes() {
    let pr = pull_request(COMPATIBLE, true);
    let run = run_step(&pr, &[("INPUT_CATEGORY", "FILE, WIRE")]);
    assert_eq!(run.code, 0, "{}", run.stdout);
    assert!(
        run.stdout.contains("--category FILE --category WIRE"),
        "{}",
        run.stdout
    );
    assert_eq!(
        run.outputs.get("breaking").map(String::as_str),
        Some("false")
    );
}

#[test]
fn a_contract_new_in_the_pull_request_has_nothing_to_break() {
    let pr = pull_request(V1, false);
    let run = run_step(&pr, &[]);
    assert_eq!(run.code, 0, "{}", run.stdout);
    assert!(
        run.stdout
            .contains("::notice title=protocheck::proto does not exist at"),
        "{}",
        run.stdout
    );
}

#[test]
fn an_explicit_against_and_an_option_like_one() {
    let pr = pull_request(BREAKING, true);
    // Branch names the clone lacks are fetched first.
    let run = run_step(&pr, &[("INPUT_AGAINST", "main"), ("PR_BASE_SHA", "")]);
    assert_eq!(run.code, 1, "{}", run.stdout);
    assert!(
        run.stdout.contains("Fetching main from origin"),
        "{}",
        run.stdout
    );
    let run = run_step(
        &pr,
        &[("INPUT_AGAINST", "origin/main"), ("PR_BASE_SHA", "")],
    );
    assert_eq!(run.code, 1, "{}", run.stdout);
    let run = run_step(&pr, &[("INPUT_AGAINST", "--output=x"), ("PR_BASE_SHA", "")]);
    assert_eq!(run.code, 2, "{}", run.stdout);
    assert!(!pr.clone.join("x").exists());
}
