//! The team's contract rules end to end: the POLICY category and its switches, reasoned
//! suppressions, the baseline, and `protocheck fix` (checked by running `diff` again).

mod common;

use std::path::{Path, PathBuf};

use common::{json, protocheck, protocheck_in, root};

const EV: &str = "testdata/evolution";
const MEETING: &str = "meeting/core/v1/meeting.proto";

fn step(name: &str, side: &str) -> String {
    format!("{EV}/{name}/{side}")
}

/// A copy of a directory tree in a fresh temporary directory.
fn copy_tree(from: &Path) -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().expect("a temp dir");
    let to = tmp.path().join("tree");
    copy_dir(from, &to);
    (tmp, to)
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("mkdir");
    for e in std::fs::read_dir(from).expect("read_dir") {
        let e = e.expect("entry");
        let target = to.join(e.file_name());
        if e.path().is_dir() {
            copy_dir(&e.path(), &target);
        } else {
            std::fs::copy(e.path(), &target).expect("copy");
        }
    }
}

fn rules_of(doc: &serde_json::Value) -> Vec<String> {
    let mut v: Vec<String> = doc["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .map(|f| f["rule"].as_str().expect("rule").to_owned())
        .collect();
    v.sort();
    v
}

/// A temp dir with `old/` and `new/` holding the files given (name, text).
fn old_and_new(
    old: &[(&str, &str)],
    new: &[(&str, &str)],
) -> (tempfile::TempDir, PathBuf, PathBuf) {
    let tmp = tempfile::tempdir().expect("tmp");
    let mut dirs = Vec::new();
    for (side, files) in [("old", old), ("new", new)] {
        let dir = tmp.path().join(side);
        std::fs::create_dir_all(&dir).expect("mkdir");
        for (name, text) in files {
            std::fs::write(dir.join(name), text).expect("write");
        }
        dirs.push(dir);
    }
    let new = dirs.pop().expect("new");
    let old = dirs.pop().expect("old");
    (tmp, old, new)
}

fn write_config(dir: &Path, text: &str) -> PathBuf {
    let path = dir.join("protocheck.toml");
    std::fs::write(&path, text).expect("write config");
    path
}

#[test]
fn deprecate_then_reserve_is_the_one_quiet_path_through_file() {
    let tmp = tempfile::tempdir().expect("tmp");
    let config = write_config(
        tmp.path(),
        "[breaking]\nuse = [\"FILE\"]\n\n[breaking.policy]\ndeprecate_then_reserve = true\n",
    );
    let config = config.to_str().expect("utf-8");
    // Deprecated in 02, deleted and reserved in 03: FILE passes with the switch…
    let run = protocheck([
        "diff",
        &step("03-delete-field-reserved", "old"),
        &step("03-delete-field-reserved", "new"),
        "--config",
        config,
        "--format",
        "json",
    ]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    // …and fails with buf's plain FIELD_NO_DELETE without it.
    let plain = protocheck([
        "diff",
        &step("03-delete-field-reserved", "old"),
        &step("03-delete-field-reserved", "new"),
        "--format",
        "json",
    ]);
    assert_eq!(rules_of(&json(&plain)), ["FIELD_NO_DELETE"]);
    // A field deleted without deprecation still fails, under the POLICY rule.
    let run = protocheck([
        "diff",
        &step("04-delete-field-unreserved", "old"),
        &step("04-delete-field-unreserved", "new"),
        "--config",
        config,
        "--format",
        "json",
    ]);
    assert_eq!(run.code, 1);
    assert_eq!(rules_of(&json(&run)), ["FIELD_NO_DELETE_UNLESS_DEPRECATED"]);
}

#[test]
fn the_oneof_transition_replaces_field_same_oneof() {
    let tmp = tempfile::tempdir().expect("tmp");
    let config = write_config(
        tmp.path(),
        "[breaking]\nuse = [\"WIRE\"]\n\n[breaking.policy]\noneof_transition = true\n",
    );
    let old = step("07-oneof-user-id-to-participant-ref", "old");
    let new = step("07-oneof-user-id-to-participant-ref", "new");
    let plain = protocheck(["diff", &old, &new, "--category", "WIRE", "--format", "json"]);
    assert_eq!(rules_of(&json(&plain)), ["FIELD_SAME_ONEOF"]);
    let config = config.to_str().expect("utf-8");
    let run = protocheck(["diff", &old, &new, "--config", config, "--format", "json"]);
    assert_eq!(run.code, 0, "{}", run.stdout);
    // Two existing fields moved into one oneof: reported.
    let two = "testdata/rules/FIELD_ONEOF_TRANSITION/fires";
    let run = protocheck([
        "diff",
        &format!("{two}/old"),
        &format!("{two}/new"),
        "--config",
        config,
        "--format",
        "json",
    ]);
    assert!(rules_of(&json(&run)).contains(&"FIELD_ONEOF_TRANSITION".to_owned()));
}

#[test]
fn policy_is_usable_from_every_buf_yaml_version() {
    for version in ["v1beta1", "v1", "v2"] {
        let (_tmp, tree) = copy_tree(&root().join(step("04-delete-field-unreserved", "new")));
        std::fs::write(
            tree.join("buf.yaml"),
            format!("version: {version}\nbreaking:\n  use:\n    - POLICY\n"),
        )
        .expect("buf.yaml");
        let old = root().join(step("04-delete-field-unreserved", "old"));
        let run = protocheck([
            "diff",
            old.to_str().expect("utf-8"),
            tree.to_str().expect("utf-8"),
            "--format",
            "json",
        ]);
        assert_eq!(
            rules_of(&json(&run)),
            ["FIELD_NO_DELETE_UNLESS_DEPRECATED"],
            "{version}: {}",
            run.stderr
        );
    }
}

/// NEW of step 04 with a comment put before `message Participant {`.
fn with_comment(comment: &str) -> (tempfile::TempDir, PathBuf) {
    let (tmp, tree) = copy_tree(&root().join(step("04-delete-field-unreserved", "new")));
    let file = tree.join(MEETING);
    let text = std::fs::read_to_string(&file).expect("read");
    let text = text.replacen(
        "message Participant {",
        &format!("{comment}\nmessage Participant {{"),
        1,
    );
    std::fs::write(&file, text).expect("write");
    (tmp, tree)
}

#[test]
fn a_reasoned_comment_suppresses_and_is_listed() {
    let (_tmp, tree) = with_comment(
        "// protocheck:ignore FIELD_NO_DELETE,FIELD_NO_DELETE_UNLESS_NAME_RESERVED no client \
         has sent nickname since release 0",
    );
    let old = step("04-delete-field-unreserved", "old");
    let new = tree.to_str().expect("utf-8");
    let run = protocheck(["diff", &old, new, "--format", "json"]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    let doc = json(&run);
    let suppressed = doc["suppressed"].as_array().expect("suppressed listed");
    assert_eq!(suppressed.len(), 1);
    assert_eq!(suppressed[0]["rule"], "FIELD_NO_DELETE");
    assert_eq!(suppressed[0]["suppressed_by"], "comment");
    assert_eq!(
        suppressed[0]["reason"],
        "no client has sent nickname since release 0"
    );
    // One of the two rules named found nothing there (it did not run): a warning…
    assert!(
        run.stderr.contains("unused suppression"),
        "stderr: {}",
        run.stderr
    );
    // …an error under --strict.
    let strict = protocheck(["diff", &old, new, "--strict"]);
    assert_eq!(strict.code, 1);
    assert!(strict.stderr.contains("error:"), "{}", strict.stderr);
    // SARIF lists it with its suppression.
    let sarif = protocheck(["diff", &old, new, "--format", "sarif"]);
    let doc = json(&sarif);
    let results = doc["runs"][0]["results"].as_array().expect("results");
    assert_eq!(results.len(), 1);
    assert_eq!(results[0]["suppressions"][0]["kind"], "inSource");
    assert_eq!(
        results[0]["suppressions"][0]["justification"],
        "no client has sent nickname since release 0"
    );
    // --no-suppress shows everything.
    let audit = protocheck(["diff", &old, new, "--no-suppress", "--format", "json"]);
    assert_eq!(audit.code, 1);
    assert_eq!(rules_of(&json(&audit)), ["FIELD_NO_DELETE"]);
}

#[test]
fn a_suppression_without_a_reason_suppresses_nothing() {
    let (_tmp, tree) = with_comment("// protocheck:ignore FIELD_NO_DELETE");
    let old = step("04-delete-field-unreserved", "old");
    let run = protocheck(["diff", &old, tree.to_str().expect("utf-8")]);
    assert_eq!(run.code, 1);
    assert!(run.stderr.contains("gives no reason"), "{}", run.stderr);
}

#[test]
fn a_baseline_drops_recorded_findings_reports_expired_ones_and_fails_on_new_ones() {
    let tmp = tempfile::tempdir().expect("tmp");
    let file = tmp.path().join("protocheck.baseline.toml");
    let file_s = file.to_str().expect("utf-8");
    let old = step("04-delete-field-unreserved", "old");
    let new = step("04-delete-field-unreserved", "new");
    let run = protocheck([
        "baseline",
        &old,
        &new,
        "--category",
        "WIRE_JSON",
        "-o",
        file_s,
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let text = std::fs::read_to_string(&file).expect("baseline written");
    assert!(
        text.contains("element = \"meeting.core.v1.Participant.nickname\""),
        "{text}"
    );
    assert!(
        !text.contains("line =") && !text.contains("column"),
        "no line numbers in fingerprints: {text}"
    );
    assert_eq!(text.matches("[[accepted]]").count(), 2, "{text}");
    // Recorded: quiet, and listed as suppressed by the baseline.
    let run = protocheck([
        "diff",
        &old,
        &new,
        "--category",
        "WIRE_JSON",
        "--baseline",
        file_s,
        "--format",
        "json",
    ]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    assert_eq!(json(&run)["suppressed"][0]["suppressed_by"], "baseline");
    // A finding the baseline does not know: fails.
    let run = protocheck([
        "diff",
        &old,
        &new,
        "--category",
        "FILE",
        "--baseline",
        file_s,
    ]);
    assert_eq!(run.code, 1);
    assert!(run.stderr.contains("matches no finding"), "{}", run.stderr);
    // An entry whose date has passed: reported, and its finding counts again.
    let expired = text.replacen("expires = \"\"", "expires = \"2020-01-31\"", 1);
    std::fs::write(&file, expired).expect("write");
    let run = protocheck([
        "diff",
        &old,
        &new,
        "--category",
        "WIRE_JSON",
        "--baseline",
        file_s,
        "--format",
        "json",
    ]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains("expired on 2020-01-31"),
        "{}",
        run.stderr
    );
    assert_eq!(
        json(&run)["findings"].as_array().expect("findings").len(),
        1
    );
    // Not a date: a located config error.
    std::fs::write(
        &file,
        text.replacen("expires = \"\"", "expires = \"soon\"", 1),
    )
    .expect("write");
    let run = protocheck(["diff", &old, &new, "--baseline", file_s]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("not a date"), "{}", run.stderr);
}

/// Runs `fix` on a copy of `step`'s NEW, then `diff` again: nothing left for the fixed rules.
fn fix_then_diff(step_name: &str, categories: &[&str]) -> (String, String) {
    let (_tmp, tree) = copy_tree(&root().join(step(step_name, "new")));
    let old = root().join(step(step_name, "old"));
    let old = old.to_str().expect("utf-8");
    let new = tree.to_str().expect("utf-8");
    let mut args = vec!["fix", old, new];
    for c in categories {
        args.extend(["--category", c]);
    }
    let before = std::fs::read_to_string(tree.join(MEETING)).expect("read");
    let dry = protocheck_in(&root(), args.iter().copied().chain(["--dry-run"]));
    assert_eq!(dry.code, 0, "{}", dry.stderr);
    assert_eq!(
        std::fs::read_to_string(tree.join(MEETING)).expect("read"),
        before,
        "--dry-run writes nothing"
    );
    let run = protocheck_in(&root(), &args);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let mut again = vec!["diff", old, new, "--format", "json"];
    for c in categories {
        again.extend(["--category", c]);
    }
    let again = protocheck_in(&root(), &again);
    assert_eq!(again.code, 0, "after fix: {}", again.stdout);
    (
        dry.stdout,
        std::fs::read_to_string(tree.join(MEETING)).expect("read"),
    )
}

#[test]
fn fix_restores_a_deleted_field_as_deprecated_for_file() {
    let (dry, fixed) = fix_then_diff("04-delete-field-unreserved", &["FILE"]);
    assert!(
        dry.contains("+  string nickname = 7 [deprecated = true];"),
        "{dry}"
    );
    assert!(
        fixed.contains("  string nickname = 7 [deprecated = true];\n}"),
        "{fixed}"
    );
}

#[test]
fn fix_reserves_a_deleted_field_and_enum_value_for_wire_json() {
    let (dry, fixed) = fix_then_diff("04-delete-field-unreserved", &["WIRE_JSON"]);
    assert!(dry.contains("+  reserved 7;"), "{dry}");
    assert!(fixed.contains("  reserved \"nickname\";\n"), "{fixed}");
    let (_, fixed) = fix_then_diff("10-delete-enum-value", &["WIRE_JSON"]);
    assert!(
        fixed.contains("  reserved 4;\n") && fixed.contains("  reserved \"ROLE_VIEWER\";\n"),
        "{fixed}"
    );
}

#[test]
fn fix_restores_a_json_name() {
    let head = "syntax = \"proto3\";\npackage a;\n\nmessage M {\n";
    let b = "syntax = \"proto3\";\npackage a;\n\nmessage N {\n  string b = 2;\n}\n";
    let (_tmp, old, new) = old_and_new(
        &[
            (
                "a.proto",
                &format!(
                    "{head}  string user_id = 1 [json_name = \"uid\"];\n  string b = 2;\n}}\n"
                ),
            ),
            ("b.proto", b),
        ],
        &[
            (
                "a.proto",
                &format!(
                    "{head}  string user_id = 1;\n  string b = 2 [json_name = \"bee\"];\n}}\n"
                ),
            ),
            ("b.proto", b),
        ],
    );
    let (o, n) = (old.to_str().expect("utf-8"), new.to_str().expect("utf-8"));
    let run = protocheck(["diff", o, n, "--format", "json"]);
    assert_eq!(
        rules_of(&json(&run)),
        ["FIELD_SAME_JSON_NAME", "FIELD_SAME_JSON_NAME"]
    );
    assert!(json(&run)["findings"][0]["fixes"][0]["edits"][0]["new_text"].is_string());
    let fixed = protocheck(["fix", o, n]);
    assert_eq!(fixed.code, 0, "{}", fixed.stderr);
    let text = std::fs::read_to_string(new.join("a.proto")).expect("read");
    assert!(
        text.contains("string user_id = 1 [json_name = \"uid\"];")
            && text.contains("string b = 2 [json_name = \"b\"];"),
        "{text}"
    );
    assert_eq!(protocheck(["diff", o, n]).code, 0);
}

#[test]
fn a_renamed_message_and_a_moved_file_are_named_in_the_finding() {
    let head = "syntax = \"proto3\";\npackage a;\n\n";
    let role = format!("{head}enum Role {{\n  ROLE_UNSPECIFIED = 0;\n  ROLE_HOST = 1;\n}}\n");
    let (_tmp, old, new) = old_and_new(
        &[
            (
                "a.proto",
                &format!("{head}message Meeting {{\n  string id = 1;\n  int64 at = 2;\n}}\n"),
            ),
            ("enums.proto", &role),
        ],
        &[
            (
                "a.proto",
                &format!("{head}message Session {{\n  string id = 1;\n  int64 at = 2;\n}}\n"),
            ),
            ("roles.proto", &role),
        ],
    );
    let run = protocheck([
        "diff",
        old.to_str().expect("utf-8"),
        new.to_str().expect("utf-8"),
        "--format",
        "json",
    ]);
    let doc = json(&run);
    let helps: Vec<(String, String)> = doc["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .map(|f| {
            (
                f["rule"].as_str().unwrap_or("").to_owned(),
                f["help"].as_str().unwrap_or("").to_owned(),
            )
        })
        .collect();
    assert!(
        helps.iter().any(|(r, h)| r == "MESSAGE_NO_DELETE"
            && h.contains("message a.Meeting looks renamed to a.Session")),
        "{helps:?}"
    );
    assert!(
        helps.iter().any(|(r, h)| r == "FILE_NO_DELETE"
            && h.contains("enums.proto looks moved to file roles.proto")),
        "{helps:?}"
    );
}
