//! The CLI contract: inputs, exit codes, the JSON document, errors.

mod common;

use common::{json, protocheck};

fn rows(doc: &serde_json::Value) -> Vec<String> {
    doc["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .map(|f| {
            format!(
                "{} {} {}:{}-{}:{} {}",
                f["rule"].as_str().unwrap_or(""),
                f["path"].as_str().unwrap_or("<none>"),
                f["start_line"],
                f["start_column"],
                f["end_line"],
                f["end_column"],
                f["message"].as_str().unwrap_or("")
            )
        })
        .collect()
}

#[test]
fn sample_reports_breaking_changes_with_exit_1_and_the_contract_json() {
    let run = protocheck([
        "diff",
        "testdata/sample/old",
        "testdata/sample/new",
        "--format",
        "json",
    ]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let doc = json(&run);
    assert_eq!(doc["version"], 1);
    assert_eq!(doc["old"], "testdata/sample/old");
    assert_eq!(doc["new"], "testdata/sample/new");
    assert_eq!(doc["categories"], serde_json::json!(["FILE"]));
    assert_eq!(doc["summary"]["old_files"], 1);
    assert_eq!(doc["summary"]["new_files"], 1);
    assert_eq!(
        doc["summary"]["rules"], 51,
        "FILE has 51 rules in the v2 set"
    );
    assert_eq!(doc["summary"]["findings"], 7);
    let first = &doc["findings"][0];
    for key in [
        "rule",
        "categories",
        "severity",
        "path",
        "start_line",
        "start_column",
        "end_line",
        "end_column",
        "message",
        "help",
        "old",
    ] {
        assert!(first.get(key).is_some(), "finding lacks {key}: {first}");
    }
    assert_eq!(first["severity"], "error");
    assert_eq!(
        first["path"], "meeting/v1/meeting.proto",
        "paths are import-root relative"
    );
    insta::assert_snapshot!(rows(&doc).join("\n"));
}

#[test]
fn sample_human_output() {
    let run = protocheck(["diff", "testdata/sample/old", "testdata/sample/new"]);
    assert_eq!(run.code, 1);
    assert!(
        !run.stdout.contains("\x1b["),
        "no colour when NO_COLOR is set / not a terminal"
    );
    insta::assert_snapshot!(run.stdout);
}

#[test]
fn identical_versions_exit_0() {
    let run = protocheck(["diff", "testdata/sample/new", "testdata/sample/new"]);
    assert_eq!(run.code, 0, "{}", run.stdout);
    assert_eq!(
        run.stdout.trim(),
        "No breaking changes: 51 rules of FILE checked over 1 file."
    );
}

#[test]
fn categories_and_rule_selection() {
    let wire = protocheck([
        "diff",
        "testdata/sample/old",
        "testdata/sample/new",
        "--category",
        "WIRE",
        "--format",
        "json",
    ]);
    let doc = json(&wire);
    assert_eq!(doc["summary"]["rules"], 15);
    // A rename is not a wire break; the type change int32 -> int64 is wire compatible.
    let rules: Vec<&str> = doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["rule"].as_str().unwrap())
        .collect();
    assert!(!rules.contains(&"FIELD_SAME_NAME"), "{rules:?}");
    assert!(
        rules.contains(&"ENUM_VALUE_NO_DELETE_UNLESS_NUMBER_RESERVED"),
        "{rules:?}"
    );

    let except = protocheck([
        "diff",
        "testdata/sample/old",
        "testdata/sample/new",
        "--except",
        "FIELD_SAME_TYPE",
        "--except",
        "FIELD_SAME_NAME",
        "--format",
        "json",
    ]);
    let doc = json(&except);
    assert_eq!(doc["summary"]["rules"], 49);
    assert_eq!(doc["summary"]["findings"], 4);

    let only = protocheck([
        "diff",
        "testdata/sample/old",
        "testdata/sample/new",
        "--rule",
        "RPC_NO_DELETE",
        "--format",
        "json",
    ]);
    let doc = json(&only);
    assert_eq!(doc["summary"]["rules"], 1);
    assert_eq!(doc["categories"], serde_json::json!([]));
    assert_eq!(rows(&doc).len(), 1);
}

#[test]
fn descriptor_sets_are_recognised_by_content_and_give_the_same_findings() {
    let dirs = protocheck([
        "diff",
        "testdata/sample/old",
        "testdata/sample/new",
        "--format",
        "json",
    ]);
    let sets = protocheck([
        "diff",
        "testdata/descriptor_sets/sample-old.binpb",
        "testdata/descriptor_sets/sample-new.binpb",
        "--format",
        "json",
    ]);
    assert_eq!(sets.code, 1, "{}", sets.stderr);
    assert_eq!(rows(&json(&dirs)), rows(&json(&sets)));
    // Mixed: a descriptor set against a directory.
    let mixed = protocheck([
        "diff",
        "testdata/descriptor_sets/sample-old.binpb",
        "testdata/sample/new",
        "--format",
        "json",
    ]);
    assert_eq!(rows(&json(&dirs)), rows(&json(&mixed)));
}

#[test]
fn a_descriptor_set_without_source_info_gives_findings_without_lines() {
    let run = protocheck([
        "diff",
        "testdata/sample/old",
        "testdata/descriptor_sets/sample-new-no-source-info.binpb",
        "--format",
        "json",
    ]);
    assert_eq!(run.code, 1);
    let doc = json(&run);
    let findings = doc["findings"].as_array().unwrap();
    assert_eq!(findings.len(), 7);
    for f in findings {
        assert_eq!(f["path"], "meeting/v1/meeting.proto");
        assert!(f["start_line"].is_null(), "{f}");
        assert!(
            f["old"]["start_line"].is_number(),
            "OLD still has source info: {f}"
        );
    }
}

#[test]
fn editions_descriptor_sets_work_through_the_model() {
    let run = protocheck([
        "diff",
        "testdata/descriptor_sets/editions-old.binpb",
        "testdata/descriptor_sets/editions-new.binpb",
        "--format",
        "json",
    ]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    insta::assert_snapshot!(rows(&json(&run)).join("\n"));
}

#[test]
fn compile_errors_exit_2_and_show_every_error_with_its_place() {
    let run = protocheck(["diff", "testdata/cli/broken/old", "testdata/cli/broken/new"]);
    assert_eq!(run.code, 2);
    assert!(run.stdout.is_empty(), "nothing on stdout: {}", run.stdout);
    assert!(
        run.stderr.contains("missing_semicolon.proto:5:"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("unknown_type.proto:4:"),
        "{}",
        run.stderr
    );
    assert!(
        !run.stderr.contains("ignored.proto"),
        "hidden folders are not walked"
    );
    insta::assert_snapshot!(run.stderr);
}

#[test]
fn compile_errors_of_both_sides_are_all_shown() {
    let run = protocheck([
        "diff",
        "testdata/cli/broken/new",
        "testdata/cli/broken/new/",
    ]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("4 error(s)"), "{}", run.stderr);
    assert_eq!(
        run.stderr.matches("missing_semicolon.proto:5:").count(),
        2,
        "{}",
        run.stderr
    );
    // The very same input on both sides: its errors once.
    let run = protocheck(["diff", "testdata/cli/broken/new", "testdata/cli/broken/new"]);
    assert_eq!(run.code, 2);
    assert_eq!(
        run.stderr.matches("missing_semicolon.proto:5:").count(),
        1,
        "{}",
        run.stderr
    );
}

#[test]
fn a_failed_file_does_not_poison_the_compile_of_the_next_ones() {
    let dir = "testdata/cli/pool_recovery";
    let run = protocheck(["diff", dir, dir]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains("field 'value' not found"),
        "{}",
        run.stderr
    );
    assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
    assert!(!run.stderr.contains("internal error"), "{}", run.stderr);
}

/// protoc (and buf) reject `allow_alias = true` on an enum without aliases; protox does not, so
/// protocheck checks it after linking (proto2 and proto3 alike, top-level and nested enums),
/// located at the option.
#[test]
fn allow_alias_without_aliases_is_a_located_error() {
    let dir = "testdata/cli/allow_alias";
    let run = protocheck(["diff", dir, dir]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert_eq!(
        run.stderr
            .matches("declares support for enum aliases")
            .count(),
        3,
        "{}",
        run.stderr
    );
    for name in ["Legacy", "Color", "Finish"] {
        assert!(
            run.stderr.contains(&format!("\"{name}\" declares support")),
            "{}",
            run.stderr
        );
    }
    assert!(run.stderr.contains("unaliased.proto:7:3"), "{}", run.stderr);
    assert!(
        run.stderr.contains("unaliased.proto:15:5"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("legacy.proto:6:3"), "{}", run.stderr);
    assert!(!run.stderr.contains("Shade"), "{}", run.stderr);
    insta::assert_snapshot!(run.stderr);
}

/// The reverse: values sharing a number without `allow_alias` is protox's own error.
#[test]
fn aliases_without_allow_alias_are_a_located_error() {
    let dir = "testdata/cli/alias_without_allow";
    let run = protocheck(["diff", dir, dir]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains("enum number '1' has already been used"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("aliased.proto:7:15"), "{}", run.stderr);
}

#[test]
fn unreadable_input_and_usage_errors_exit_2() {
    let run = protocheck(["diff", "testdata/does-not-exist", "testdata/sample/new"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("testdata/does-not-exist"),
        "{}",
        run.stderr
    );

    let run = protocheck([
        "diff",
        "testdata/sample/old",
        "testdata/sample/new",
        "--rule",
        "FIELD_NO_DELET",
    ]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("unknown rule id"), "{}", run.stderr);
    assert!(
        run.stderr.contains("FIELD_NO_DELETE"),
        "suggests the close id: {}",
        run.stderr
    );

    let run = protocheck([
        "diff",
        "testdata/sample/old",
        "testdata/sample/new",
        "--category",
        "WIRES",
    ]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("unknown category"), "{}", run.stderr);

    let run = protocheck(["diff", "testdata/sample/old"]);
    assert_eq!(run.code, 2, "clap usage errors exit 2");

    let run = protocheck(["explain", "NOT_A_RULE"]);
    assert_eq!(run.code, 2);
}

#[test]
fn a_single_file_is_compared_with_its_directory_as_import_root() {
    let run = protocheck([
        "diff",
        "testdata/cli/single/meeting.proto",
        "testdata/cli/single/meeting.proto",
        "--format",
        "json",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let doc = json(&run);
    assert_eq!(
        doc["summary"]["new_files"], 1,
        "types.proto is a dependency, not compared"
    );
}

#[test]
fn include_roots_hold_dependencies_that_are_not_compared() {
    let run = protocheck([
        "diff",
        "testdata/cli/include/old",
        "testdata/cli/include/new",
        "-I",
        "testdata/cli/include/deps",
        "--format",
        "json",
    ]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let doc = json(&run);
    assert_eq!(doc["summary"]["new_files"], 1);
    assert_eq!(
        rows(&doc).len(),
        1,
        "only order.proto's deleted field: {:?}",
        rows(&doc)
    );

    let missing = protocheck([
        "diff",
        "testdata/cli/include/old",
        "testdata/cli/include/new",
    ]);
    assert_eq!(missing.code, 2, "without -I the import is not found");
    assert!(
        missing.stderr.contains("shared/money.proto"),
        "{}",
        missing.stderr
    );
}

#[test]
fn rules_and_explain_come_from_the_registry() {
    let run = protocheck(["rules", "--format", "json"]);
    assert_eq!(run.code, 0);
    let rules = json(&run);
    let rules = rules.as_array().unwrap();
    // buf's 64 rules, then protocheck's 13 POLICY rules (never defaults).
    assert_eq!(rules.len(), 77);
    let policy = |r: &&serde_json::Value| {
        r["categories"]
            .as_array()
            .is_some_and(|c| c.iter().any(|c| c == "POLICY"))
    };
    assert_eq!(rules.iter().filter(policy).count(), 13);
    assert_eq!(rules.iter().filter(|r| r["default"] == true).count(), 51);

    let md = protocheck(["rules", "--format", "markdown"]);
    assert_eq!(
        md.stdout.lines().count(),
        79,
        "header, separator and 77 rows"
    );

    let explain = protocheck(["explain", "field_no_delete"]);
    assert_eq!(explain.code, 0);
    for part in [
        "FIELD_NO_DELETE",
        "What it checks",
        "Why it breaks",
        "How to fix",
        "Example",
    ] {
        assert!(
            explain.stdout.contains(part),
            "{part} missing:\n{}",
            explain.stdout
        );
    }
}

/// A report that cannot be written (here: a full disk, /dev/full) is exit 2, never a truncated
/// document with exit 0 or 1; a reader closing the pipe early (`| head`) is not an error.
#[cfg(target_os = "linux")]
#[test]
fn a_failed_write_to_stdout_is_exit_2_and_a_closed_pipe_is_not() {
    use std::process::{Command, Stdio};
    let full = std::fs::OpenOptions::new()
        .write(true)
        .open("/dev/full")
        .expect("/dev/full");
    let out = common::isolated(Command::new(env!("CARGO_BIN_EXE_protocheck")))
        .args([
            "diff",
            "testdata/sample/old",
            "testdata/sample/new",
            "--format",
            "json",
        ])
        .current_dir(common::root())
        .stdout(Stdio::from(full))
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("cannot write the report"), "{stderr}");

    // The reader goes away before the report is written: the run keeps its exit code.
    let mut child = common::isolated(Command::new(env!("CARGO_BIN_EXE_protocheck")))
        .args([
            "diff",
            "testdata/sample/old",
            "testdata/sample/new",
            "--format",
            "json",
        ])
        .current_dir(common::root())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("runs");
    drop(child.stdout.take());
    let out = child.wait_with_output().expect("waits");
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}
