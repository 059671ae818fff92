//! Configuration: protocheck.toml, buf.yaml (v1beta1, v1, v2) and the command-line flags.
//! Every case lives in `testdata/config/<case>/{old,new}`; bad configs in
//! `testdata/config/errors/`, each with a snapshot of its diagnostic.
//!
//! Every expectation is fixed here (rule ids, counts from buf 1.75's category tables), never
//! computed by the binary under test.

mod common;

use std::collections::BTreeSet;
use std::path::Path;

use common::{json, protocheck, protocheck_in, Run};
use serde_json::Value;

const CASES: &str = "testdata/config";

fn diff(case: &str, extra: &[&str]) -> Run {
    let old = format!("{CASES}/{case}/old");
    let new = format!("{CASES}/{case}/new");
    let mut args = vec!["diff", &old, &new];
    if !extra.contains(&"--format") {
        args.extend(["--format", "json"]);
    }
    args.extend_from_slice(extra);
    protocheck(args)
}

/// How many rules buf 1.75's v2 FILE category (the default set) holds: all 64 but the five
/// PACKAGE_*_NO_DELETE rules, the four *_NO_DELETE_UNLESS_*_RESERVED rules and the four
/// FIELD_WIRE*_COMPATIBLE_* rules.
const V2_FILE_RULES: u64 = 51;

/// (rule, path, old path) of each finding.
fn findings(doc: &Value) -> Vec<(String, String, String)> {
    doc["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .map(|f| {
            (
                f["rule"].as_str().unwrap_or("").to_owned(),
                f["path"].as_str().unwrap_or("").to_owned(),
                f["old"]["path"].as_str().unwrap_or("").to_owned(),
            )
        })
        .collect()
}

fn finding(rule: &str, path: &str, old: &str) -> (String, String, String) {
    (rule.to_owned(), path.to_owned(), old.to_owned())
}

/// The ids of the rules that ran, from a SARIF run's rule metadata.
fn rules_listed(sarif: &Run) -> BTreeSet<String> {
    json(sarif)["runs"][0]["tool"]["driver"]["rules"]
        .as_array()
        .expect("SARIF rules")
        .iter()
        .map(|r| r["id"].as_str().expect("a rule id").to_owned())
        .collect()
}

fn rules_run(doc: &Value) -> u64 {
    doc["summary"]["rules"].as_u64().expect("summary.rules")
}

fn categories(doc: &Value) -> Vec<&str> {
    doc["categories"]
        .as_array()
        .expect("categories")
        .iter()
        .map(|c| c.as_str().expect("a category"))
        .collect()
}

#[test]
fn a_rule_selected_by_id_in_protocheck_toml() {
    let run = diff("rule_by_id", &[]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let doc = json(&run);
    assert_eq!(
        findings(&doc),
        [finding(
            "FIELD_NO_DELETE",
            "shop/v1/order.proto",
            "shop/v1/order.proto"
        )]
    );
    assert_eq!(rules_run(&doc), 1);
    assert!(categories(&doc).is_empty());
    let human = protocheck([
        "diff",
        "testdata/config/rule_by_id/old",
        "testdata/config/rule_by_id/new",
        "--no-color",
    ]);
    insta::assert_snapshot!("rule_by_id__human", human.stdout);
}

#[test]
fn a_category_plus_except_in_buf_yaml() {
    let run = diff("category_except", &[]);
    assert_eq!(run.code, 0, "{}", run.stdout);
    let doc = json(&run);
    assert!(findings(&doc).is_empty());
    assert_eq!(categories(&doc), ["FILE"]);
    assert_eq!(
        rules_run(&doc),
        V2_FILE_RULES - 1,
        "FILE minus FIELD_NO_DELETE"
    );
}

#[test]
fn flags_refine_the_config() {
    // --rule replaces `use` and beats the file's `except`.
    let doc = json(&diff("category_except", &["--rule", "FIELD_NO_DELETE"]));
    assert_eq!(
        findings(&doc),
        [finding(
            "FIELD_NO_DELETE",
            "shop/v1/order.proto",
            "shop/v1/order.proto"
        )]
    );
    assert!(categories(&doc).is_empty());
    // --category replaces `use`; the file's `except` still applies.
    let run = diff("category_except", &["--category", "PACKAGE"]);
    assert_eq!(run.code, 0, "{}", run.stdout);
    assert_eq!(categories(&json(&run)), ["PACKAGE"]);
    // --except takes out what the file selected.
    let run = diff("rule_by_id", &["--except", "FIELD_NO_DELETE"]);
    assert_eq!(run.code, 0, "{}", run.stdout);
    assert_eq!(rules_run(&json(&run)), 0);
}

#[test]
fn no_config_runs_the_v2_defaults() {
    let run = protocheck([
        "diff",
        "testdata/rules/FIELD_NO_DELETE/fires/old",
        "testdata/rules/FIELD_NO_DELETE/fires/new",
        "--format",
        "json",
    ]);
    let doc = json(&run);
    assert_eq!(categories(&doc), ["FILE"]);
    assert_eq!(rules_run(&doc), V2_FILE_RULES);
    assert_eq!(
        findings(&doc),
        [
            finding("FIELD_NO_DELETE", "a.proto", "a.proto"),
            finding("FIELD_NO_DELETE", "a.proto", "a.proto")
        ]
    );
    // The v2 defaults include rules v1 lacks.
    let rules = rules_listed(&protocheck([
        "diff",
        "testdata/rules/FIELD_NO_DELETE/fires/old",
        "testdata/rules/FIELD_NO_DELETE/fires/new",
        "--format",
        "sarif",
    ]));
    assert_eq!(rules.len() as u64, V2_FILE_RULES);
    for id in ["EXTENSION_NO_DELETE", "FIELD_SAME_DEFAULT"] {
        assert!(rules.contains(id), "{id} is a v2 default: {rules:?}");
    }
}

#[test]
fn ignoring_a_deleted_file_keeps_its_deletion_quiet() {
    let run = diff("ignore_deleted_file", &[]);
    assert_eq!(run.code, 0, "{}", run.stdout);
    // The same change without the ignore: the message moved out of the deleted file and lost
    // a field; only its OLD side is in legacy/old.proto.
    let run = diff(
        "ignore_deleted_file",
        &[
            "--config",
            "testdata/config/ignore_deleted_file/without_ignore.yaml",
        ],
    );
    assert_eq!(run.code, 1, "{}", run.stderr);
    let found = findings(&json(&run));
    assert!(
        found.contains(&finding(
            "FIELD_NO_DELETE",
            "shop/v1/legacy.proto",
            "legacy/old.proto"
        )),
        "{found:?}"
    );
    assert!(
        found
            .iter()
            .any(|(rule, path, _)| rule == "FILE_NO_DELETE" && path == "legacy/old.proto"),
        "{found:?}"
    );
}

#[test]
fn ignore_only_by_category_is_limited_to_the_category_members() {
    let run = diff("ignore_only_category", &[]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    // FILE holds FIELD_NO_DELETE, so internal/ is quiet; WIRE does not, so public/ is not.
    assert_eq!(
        findings(&json(&run)),
        [finding(
            "FIELD_NO_DELETE",
            "public/profile.proto",
            "public/profile.proto"
        )]
    );
}

#[test]
fn unstable_packages_are_ignored() {
    let run = diff("unstable_packages", &[]);
    assert_eq!(
        findings(&json(&run)),
        [finding(
            "FIELD_NO_DELETE",
            "pay/v1/charge.proto",
            "pay/v1/charge.proto"
        )]
    );
}

#[test]
fn an_unstable_package_on_the_old_side_only_is_ignored() {
    let run = diff("unstable_old_side_only", &[]);
    assert_eq!(run.code, 0, "{}", run.stdout);
    let run = diff(
        "unstable_old_side_only",
        &[
            "--config",
            "testdata/config/unstable_old_side_only/without_ignore.yaml",
        ],
    );
    assert_eq!(
        findings(&json(&run)),
        [finding(
            "FILE_SAME_PACKAGE",
            "pay/charge.proto",
            "pay/charge.proto"
        )]
    );
}

#[test]
fn v1beta1_roots_name_files_relative_to_their_root() {
    let run = diff("v1beta1_roots", &[]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let doc = json(&run);
    // OLD has no buf.yaml: its files sit at the top, with the names NEW's roots give.
    // proto/scratch is excluded; the root-relative ignore `vendored` quiets third_party/.
    assert_eq!(
        findings(&doc),
        [finding(
            "FIELD_NO_DELETE",
            "foo/v1/a.proto",
            "foo/v1/a.proto"
        )]
    );
    let f = &doc["findings"][0];
    assert_eq!(
        [
            &f["start_line"],
            &f["start_column"],
            &f["end_line"],
            &f["end_column"]
        ],
        [5, 1, 7, 2]
    );
    // The v1beta1 table: no CSR.
    assert_eq!(f["categories"], serde_json::json!(["FILE", "PACKAGE"]));
    assert_eq!(doc["summary"]["new_files"], 2);
    let human = protocheck([
        "diff",
        "testdata/config/v1beta1_roots/old",
        "testdata/config/v1beta1_roots/new",
        "--no-color",
    ]);
    insta::assert_snapshot!("v1beta1_roots__human", human.stdout);
}

#[test]
fn v1_excludes_leave_files_out() {
    let doc = json(&diff("v1_excludes", &[]));
    assert_eq!(
        findings(&doc),
        [finding("FIELD_NO_DELETE", "billing.proto", "billing.proto")]
    );
    assert_eq!(doc["summary"]["old_files"], 1);
    assert_eq!(doc["summary"]["new_files"], 1);
}

#[test]
fn v2_modules_each_have_their_own_rules() {
    let run = diff("v2_modules", &[]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let doc = json(&run);
    // api runs the top-level rules (only api/x is included, x/internal is excluded,
    // x/gone.proto is ignored); vendor runs only its own FILE_NO_DELETE, so its deleted field
    // is not reported.
    assert_eq!(
        findings(&doc),
        [finding("FIELD_NO_DELETE", "x/api.proto", "x/api.proto")]
    );
    assert_eq!(doc["summary"]["old_files"], 3);
    assert_eq!(doc["summary"]["new_files"], 2);
}

const CARDINALITY: [&str; 3] = [
    "FIELD_SAME_CARDINALITY",
    "FIELD_WIRE_COMPATIBLE_CARDINALITY",
    "FIELD_WIRE_JSON_COMPATIBLE_CARDINALITY",
];

#[test]
fn a_deprecated_id_runs_its_replacements() {
    let run = diff("v1beta1_deprecated_label", &[]);
    assert!(
        run.stderr
            .contains("rule FIELD_SAME_LABEL (in testdata/config/v1beta1_deprecated_label/new/buf.yaml) is deprecated"),
        "{}",
        run.stderr
    );
    let doc = json(&run);
    assert_eq!(rules_run(&doc), CARDINALITY.len() as u64);
    let found = findings(&doc);
    let rules: Vec<&str> = found.iter().map(|(r, _, _)| r.as_str()).collect();
    assert_eq!(rules, CARDINALITY);
}

#[test]
fn wire_differs_between_v1beta1_and_v1() {
    let v1beta1_wire = [
        "FIELD_NO_DELETE_UNLESS_NUMBER_RESERVED",
        "ENUM_VALUE_NO_DELETE_UNLESS_NUMBER_RESERVED",
        "RESERVED_MESSAGE_NO_DELETE",
        "RESERVED_ENUM_NO_DELETE",
        "FIELD_SAME_TYPE",
        "FIELD_SAME_CARDINALITY",
        "FIELD_WIRE_COMPATIBLE_CARDINALITY",
        "FIELD_SAME_ONEOF",
        "MESSAGE_SAME_REQUIRED_FIELDS",
        "RPC_SAME_REQUEST_TYPE",
        "RPC_SAME_RESPONSE_TYPE",
        "RPC_SAME_CLIENT_STREAMING",
        "RPC_SAME_SERVER_STREAMING",
        "RPC_SAME_IDEMPOTENCY_LEVEL",
    ];
    let v1_wire = [
        "FIELD_NO_DELETE_UNLESS_NUMBER_RESERVED",
        "ENUM_VALUE_NO_DELETE_UNLESS_NUMBER_RESERVED",
        "RESERVED_MESSAGE_NO_DELETE",
        "RESERVED_ENUM_NO_DELETE",
        "FIELD_WIRE_COMPATIBLE_TYPE",
        "FIELD_WIRE_COMPATIBLE_CARDINALITY",
        "FIELD_SAME_ONEOF",
        "MESSAGE_SAME_REQUIRED_FIELDS",
        "RPC_SAME_REQUEST_TYPE",
        "RPC_SAME_RESPONSE_TYPE",
        "RPC_SAME_CLIENT_STREAMING",
        "RPC_SAME_SERVER_STREAMING",
        "RPC_SAME_IDEMPOTENCY_LEVEL",
        "FILE_SAME_PACKAGE",
    ];
    let beta = json(&diff("wire_v1beta1", &[]));
    let v1 = json(&diff("wire_v1", &[]));
    let set = |ids: &[&str]| -> BTreeSet<String> { ids.iter().map(|s| s.to_string()).collect() };
    assert_eq!(
        rules_listed(&diff("wire_v1beta1", &["--format", "sarif"])),
        set(&v1beta1_wire)
    );
    assert_eq!(
        rules_listed(&diff("wire_v1", &["--format", "sarif"])),
        set(&v1_wire)
    );
    assert_eq!(rules_run(&beta), v1beta1_wire.len() as u64);
    assert_eq!(rules_run(&v1), v1_wire.len() as u64);
    let rules = |doc: &Value| -> Vec<String> { findings(doc).into_iter().map(|f| f.0).collect() };
    assert_eq!(rules(&beta), ["FIELD_SAME_TYPE"]);
    assert_eq!(
        beta["findings"][0]["categories"],
        serde_json::json!(["FILE", "PACKAGE", "WIRE_JSON", "WIRE"])
    );
    assert_eq!(rules(&v1), ["FIELD_WIRE_COMPATIBLE_TYPE"]);
}

#[test]
fn disable_builtin_runs_no_rule_and_says_so() {
    let run = diff("disable_builtin", &[]);
    assert_eq!(run.code, 0, "{}", run.stdout);
    assert_eq!(rules_run(&json(&run)), 0);
    assert!(run.stderr.contains("disable_builtin"), "{}", run.stderr);
    // The generic warning is not printed on top of the one that explains it.
    assert!(
        !run.stderr.contains("no breaking rules are selected"),
        "{}",
        run.stderr
    );
    // A config that selects nothing for another reason gets the generic warning.
    let run = diff("rule_by_id", &["--except", "FIELD_NO_DELETE"]);
    assert!(
        run.stderr.contains("no breaking rules are selected"),
        "{}",
        run.stderr
    );
}

#[test]
fn protocheck_toml_beats_buf_yaml_and_config_beats_both() {
    // NEW's buf.yaml ignores everything, its protocheck.toml does not: the toml wins.
    let run = diff("precedence", &[]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let run = diff(
        "precedence",
        &["--config", "testdata/config/precedence/explicit.toml"],
    );
    assert_eq!(run.code, 0, "{}", run.stdout);
}

#[test]
fn protocheck_toml_in_the_current_directory_beats_new_buf_yaml() {
    let dir = common::root().join(CASES).join("current_directory");
    let run = protocheck_in(&dir, ["diff", "old", "new", "--format", "json"]);
    assert_eq!(run.code, 0, "{}\n{}", run.stdout, run.stderr);
    // From elsewhere, NEW's buf.yaml applies.
    let run = diff("current_directory", &[]);
    assert_eq!(run.code, 1, "{}", run.stderr);
}

/// A bad config: exit 2, nothing on stdout, a diagnostic on stderr (kept as a snapshot).
fn assert_config_error(name: &str, run: &Run) {
    assert_eq!(run.code, 2, "{name}: exit code\n{}", run.stderr);
    assert!(run.stdout.is_empty(), "{name}: stdout\n{}", run.stdout);
    insta::assert_snapshot!(format!("error__{name}"), run.stderr);
}

#[test]
fn every_bad_config_is_an_error_pointing_into_the_file() {
    let dir = Path::new(CASES).join("errors");
    let mut names: Vec<String> = std::fs::read_dir(common::root().join(&dir))
        .expect("the errors directory")
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert!(names.len() >= 15, "{names:?}");
    for name in names {
        let path = format!("{CASES}/errors/{name}");
        let run = diff("rule_by_id", &["--config", &path]);
        assert_config_error(&name, &run);
        // Every diagnostic but the unreadable kinds shows the file at the mistake.
        if name != "config.json" {
            assert!(
                run.stderr.contains(&format!("[{path}:")),
                "{name}: not located\n{}",
                run.stderr
            );
        }
    }
    let run = diff(
        "rule_by_id",
        &["--config", "testdata/config/errors/missing.yaml"],
    );
    assert_config_error("missing_file", &run);
}

#[test]
fn a_bad_buf_yaml_on_either_side_is_an_error() {
    assert_config_error("broken_new_buf_yaml", &diff("broken_new_buf_yaml", &[]));
    assert_config_error("broken_old_buf_yaml", &diff("broken_old_buf_yaml", &[]));
}

/// SARIF's rule metadata names the categories of the config's version, as JSON does (a
/// v1beta1 config puts FIELD_SAME_TYPE in WIRE too; v2 does not).
#[test]
fn sarif_categories_follow_the_config_version_as_json_does() {
    let beta = json(&diff("wire_v1beta1", &[]));
    let sarif = json(&diff("wire_v1beta1", &["--format", "sarif"]));
    let rules = sarif["runs"][0]["tool"]["driver"]["rules"]
        .as_array()
        .expect("SARIF rules");
    let same_type = rules
        .iter()
        .find(|r| r["id"] == "FIELD_SAME_TYPE")
        .expect("FIELD_SAME_TYPE ran");
    let want = serde_json::json!(["FILE", "PACKAGE", "WIRE_JSON", "WIRE"]);
    assert_eq!(same_type["properties"]["categories"], want);
    assert_eq!(beta["findings"][0]["categories"], want);
}
