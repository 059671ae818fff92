//! Editions sources end to end: every feature-aware rule on an editions pair (expected findings
//! and positions are buf 1.75's verdict on the same sources unless a case says otherwise), the
//! migrations that must only change the syntax, and bad editions input (exit 2, located).

mod common;

use common::{json, protocheck};

/// One expected finding: rule, start line, start column, end line, end column.
type Expect = (&'static str, u64, u64, u64, u64);

/// Runs `testdata/editions/cases/<case>` with `selection` (`--rule`/`--category` arguments)
/// and checks the findings, in order.
fn check(case: &str, selection: &[&str], expected: &[Expect]) {
    check_named(case, case, selection, expected);
}

/// As [`check`], with its own snapshot name (for a second selection over the same case).
fn check_named(case: &str, snapshot: &str, selection: &[&str], expected: &[Expect]) {
    let old = format!("testdata/editions/cases/{case}/old");
    let new = format!("testdata/editions/cases/{case}/new");
    let mut args = vec!["diff", &old, &new, "--format", "json"];
    args.extend_from_slice(selection);
    let run = protocheck(&args);
    let doc = json(&run);
    let found: Vec<(String, u64, u64, u64, u64)> = doc["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .map(|f| {
            let n = |k: &str| f[k].as_u64().unwrap_or(0);
            (
                f["rule"].as_str().unwrap_or("").to_owned(),
                n("start_line"),
                n("start_column"),
                n("end_line"),
                n("end_column"),
            )
        })
        .collect();
    let want: Vec<(String, u64, u64, u64, u64)> = expected
        .iter()
        .map(|(r, a, b, c, d)| ((*r).to_owned(), *a, *b, *c, *d))
        .collect();
    assert_eq!(
        found, want,
        "{case}: findings\n{}\n{}",
        run.stdout, run.stderr
    );
    assert_eq!(
        run.code,
        if expected.is_empty() { 0 } else { 1 },
        "{case}: exit code\n{}",
        run.stderr
    );
    insta::assert_snapshot!(format!("{snapshot}__json"), run.stdout);
}

const ALL: [&str; 4] = ["--category", "FILE", "--category", "WIRE_JSON"];

#[test]
fn moving_proto3_to_editions_with_the_same_semantics_only_changes_the_syntax() {
    check("migrate_proto3", &ALL, &[("FILE_SAME_SYNTAX", 1, 1, 1, 18)]);
}

/// buf also reports MESSAGE_SAME_REQUIRED_FIELDS here ("required field deleted"): it does not
/// count a LEGACY_REQUIRED field as required. The field is exactly as required as before, so
/// protocheck follows the semantics.
#[test]
fn moving_proto2_to_editions_with_the_same_semantics_only_changes_the_syntax() {
    check("migrate_proto2", &ALL, &[("FILE_SAME_SYNTAX", 1, 1, 1, 18)]);
}

#[test]
fn a_proto2_file_imported_by_proto3_moved_to_editions_only_changes_the_syntax() {
    check("mixed_imports", &ALL, &[("FILE_SAME_SYNTAX", 1, 1, 1, 18)]);
}

#[test]
fn edition_2023_to_2024_is_not_a_syntax_change() {
    check(
        "file_same_syntax_2024",
        &["--rule", "FILE_SAME_SYNTAX"],
        &[],
    );
}

#[test]
fn enum_type_feature_drives_enum_same_type() {
    check(
        "enum_same_type",
        &["--rule", "ENUM_SAME_TYPE"],
        &[("ENUM_SAME_TYPE", 6, 3, 6, 38)],
    );
}

#[test]
fn json_format_feature_drives_message_and_enum_same_json_format() {
    check(
        "message_same_json_format",
        &["--rule", "MESSAGE_SAME_JSON_FORMAT"],
        &[("MESSAGE_SAME_JSON_FORMAT", 6, 3, 6, 52)],
    );
    check(
        "enum_same_json_format",
        &["--rule", "ENUM_SAME_JSON_FORMAT"],
        &[("ENUM_SAME_JSON_FORMAT", 6, 3, 6, 52)],
    );
}

/// buf reports nothing here: it does not count LEGACY_REQUIRED fields as required. Adding one
/// breaks every writer that does not set it, as adding a proto2 `required` field does.
#[test]
fn legacy_required_presence_drives_message_same_required_fields() {
    check(
        "message_same_required_fields",
        &["--rule", "MESSAGE_SAME_REQUIRED_FIELDS"],
        &[("MESSAGE_SAME_REQUIRED_FIELDS", 6, 3, 6, 63)],
    );
}

// The cases below exercise rules of the `field` family (another branch): they fail with an
// unknown rule id until that family is merged.

#[test]
fn field_presence_feature_drives_the_cardinality_rules() {
    check(
        "field_same_cardinality",
        &["--rule", "FIELD_SAME_CARDINALITY"],
        &[("FIELD_SAME_CARDINALITY", 8, 3, 8, 19)],
    );
    // Explicit and implicit presence are the same on the wire and in JSON.
    check_named(
        "field_same_cardinality",
        "field_same_cardinality_wire",
        &[
            "--rule",
            "FIELD_WIRE_COMPATIBLE_CARDINALITY",
            "--rule",
            "FIELD_WIRE_JSON_COMPATIBLE_CARDINALITY",
        ],
        &[],
    );
}

#[test]
fn utf8_and_language_features_drive_their_field_rules() {
    check(
        "field_same_utf8_validation",
        &["--rule", "FIELD_SAME_UTF8_VALIDATION"],
        &[("FIELD_SAME_UTF8_VALIDATION", 6, 20, 6, 51)],
    );
    check(
        "field_same_cpp_string_type",
        &["--rule", "FIELD_SAME_CPP_STRING_TYPE"],
        &[("FIELD_SAME_CPP_STRING_TYPE", 8, 20, 8, 56)],
    );
    check(
        "field_same_java_utf8_validation",
        &["--rule", "FIELD_SAME_JAVA_UTF8_VALIDATION"],
        &[("FIELD_SAME_JAVA_UTF8_VALIDATION", 8, 53, 8, 96)],
    );
}

#[test]
fn a_delimited_message_field_is_a_different_type_on_the_wire() {
    check(
        "delimited",
        &[
            "--rule",
            "FIELD_SAME_TYPE",
            "--rule",
            "FIELD_WIRE_COMPATIBLE_TYPE",
            "--rule",
            "FIELD_WIRE_JSON_COMPATIBLE_TYPE",
        ],
        &[
            ("FIELD_SAME_TYPE", 9, 3, 9, 7),
            ("FIELD_WIRE_COMPATIBLE_TYPE", 9, 3, 9, 7),
            ("FIELD_WIRE_JSON_COMPATIBLE_TYPE", 9, 3, 9, 7),
        ],
    );
}

/// Every `testdata/editions/bad/<case>` fails to compile with exit 2 and a located diagnostic.
#[test]
fn bad_editions_input_is_a_located_error() {
    let root = common::root().join("testdata/editions/bad");
    let mut cases: Vec<String> = std::fs::read_dir(&root)
        .expect("bad cases")
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    cases.sort();
    assert!(cases.len() >= 15, "{cases:?}");
    for case in cases {
        let dir = format!("testdata/editions/bad/{case}");
        let run = protocheck(["diff", &dir, &dir]);
        assert_eq!(run.code, 2, "{case}: exit code\n{}", run.stderr);
        assert!(
            run.stderr.contains("a.proto:"),
            "{case}: no location\n{}",
            run.stderr
        );
        assert!(!run.stderr.contains("panicked"), "{case}\n{}", run.stderr);
        insta::assert_snapshot!(format!("bad__{case}"), run.stderr);
    }
}

/// A proto3 tree whose only editions file is a dependency under `-I`: compiled again with the
/// current descriptor.proto, features and all.
#[test]
fn an_editions_dependency_under_an_import_root_compiles() {
    let tree = "testdata/editions/include_only/tree";
    let run = protocheck([
        "diff",
        tree,
        tree,
        "-I",
        "testdata/editions/include_only/inc",
        "--format",
        "json",
    ]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    assert_eq!(json(&run)["findings"].as_array().map(Vec::len), Some(0));
}
