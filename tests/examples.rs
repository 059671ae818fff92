//! Every rule's example, as `explain` and the SARIF rule help show it, is compiled exactly as
//! shown and must fire its rule. With every category selected it must fire nothing else but
//! the rules listed in [`COMPANIONS`] (rules that cannot help firing on the same change).

mod common;

use std::collections::BTreeSet;

use common::{json, protocheck};

/// Rules that necessarily fire along with a rule on its example: the file- and package-scoped
/// variants of one deletion, the strict and the lenient variants of one deletion, type or
/// cardinality change, a renamed field's JSON name, and the fields that leave a deleted oneof.
const COMPANIONS: &[(&str, &[&str])] = &[
    ("MESSAGE_NO_DELETE", &["PACKAGE_MESSAGE_NO_DELETE"]),
    ("SERVICE_NO_DELETE", &["PACKAGE_SERVICE_NO_DELETE"]),
    ("PACKAGE_NO_DELETE", &["FILE_NO_DELETE"]),
    ("PACKAGE_ENUM_NO_DELETE", &["ENUM_NO_DELETE"]),
    ("PACKAGE_MESSAGE_NO_DELETE", &["MESSAGE_NO_DELETE"]),
    ("PACKAGE_SERVICE_NO_DELETE", &["SERVICE_NO_DELETE"]),
    ("PACKAGE_EXTENSION_NO_DELETE", &["EXTENSION_NO_DELETE"]),
    (
        "FIELD_NO_DELETE",
        &[
            "FIELD_NO_DELETE_UNLESS_NAME_RESERVED",
            "FIELD_NO_DELETE_UNLESS_NUMBER_RESERVED",
        ],
    ),
    ("FIELD_NO_DELETE_UNLESS_NAME_RESERVED", &["FIELD_NO_DELETE"]),
    (
        "FIELD_NO_DELETE_UNLESS_NUMBER_RESERVED",
        &["FIELD_NO_DELETE"],
    ),
    (
        "ENUM_VALUE_NO_DELETE",
        &[
            "ENUM_VALUE_NO_DELETE_UNLESS_NAME_RESERVED",
            "ENUM_VALUE_NO_DELETE_UNLESS_NUMBER_RESERVED",
        ],
    ),
    (
        "ENUM_VALUE_NO_DELETE_UNLESS_NAME_RESERVED",
        &["ENUM_VALUE_NO_DELETE"],
    ),
    (
        "ENUM_VALUE_NO_DELETE_UNLESS_NUMBER_RESERVED",
        &["ENUM_VALUE_NO_DELETE"],
    ),
    (
        "ONEOF_NO_DELETE",
        &["FIELD_SAME_ONEOF", "FIELD_SAME_CARDINALITY"],
    ),
    (
        "FIELD_WIRE_COMPATIBLE_CARDINALITY",
        &[
            "FIELD_SAME_CARDINALITY",
            "FIELD_WIRE_JSON_COMPATIBLE_CARDINALITY",
        ],
    ),
    ("FILE_SAME_PACKAGE", &["PACKAGE_NO_DELETE"]),
    ("FIELD_SAME_NAME", &["FIELD_SAME_JSON_NAME"]),
    (
        "FIELD_SAME_TYPE",
        &[
            "FIELD_WIRE_COMPATIBLE_TYPE",
            "FIELD_WIRE_JSON_COMPATIBLE_TYPE",
        ],
    ),
    (
        "FIELD_WIRE_COMPATIBLE_TYPE",
        &["FIELD_SAME_TYPE", "FIELD_WIRE_JSON_COMPATIBLE_TYPE"],
    ),
    ("FIELD_WIRE_JSON_COMPATIBLE_TYPE", &["FIELD_SAME_TYPE"]),
    (
        "FIELD_SAME_CARDINALITY",
        &[
            "FIELD_WIRE_COMPATIBLE_CARDINALITY",
            "FIELD_WIRE_JSON_COMPATIBLE_CARDINALITY",
        ],
    ),
    (
        "FIELD_WIRE_JSON_COMPATIBLE_CARDINALITY",
        &["FIELD_SAME_CARDINALITY"],
    ),
    // Java's string check follows utf8_validation unless the Java feature says otherwise.
    (
        "FIELD_SAME_UTF8_VALIDATION",
        &["FIELD_SAME_JAVA_UTF8_VALIDATION"],
    ),
    // A field moved into a oneof gains presence.
    ("FIELD_SAME_ONEOF", &["FIELD_SAME_CARDINALITY"]),
];

/// The file an example snippet is: named by a leading `// path.proto` comment, else
/// `example.proto`.
fn file_name(snippet: &str) -> String {
    snippet
        .lines()
        .next()
        .and_then(|l| l.strip_prefix("// "))
        .and_then(|l| l.split_whitespace().next())
        .filter(|p| p.ends_with(".proto"))
        .unwrap_or("example.proto")
        .to_owned()
}

fn write(dir: &std::path::Path, snippet: &str) {
    let path = dir.join(file_name(snippet));
    std::fs::create_dir_all(path.parent().expect("a parent")).expect("mkdir");
    std::fs::write(path, snippet).expect("write");
}

#[test]
fn every_example_compiles_and_fires_its_rule_and_nothing_else() {
    let mut wrong = Vec::new();
    let mut checked = 0;
    // buf's 64 rules. The POLICY rules' examples import option definitions
    // (google/api/field_behavior.proto, buf/validate/validate.proto) that an example alone
    // cannot carry; their cases under testdata/rules are what checks them.
    for rule in
        protocheck::rules::all().filter(|r| protocheck::rules::categories::policy(r.id).is_none())
    {
        let dir = tempfile::tempdir().expect("tempdir");
        let (old, new) = (dir.path().join("old"), dir.path().join("new"));
        write(&old, rule.example.old);
        write(&new, rule.example.new);
        let mut args: Vec<String> = vec![
            "diff".into(),
            old.display().to_string(),
            new.display().to_string(),
            "--format".into(),
            "json".into(),
        ];
        for c in ["FILE", "PACKAGE", "WIRE_JSON", "WIRE"] {
            args.extend(["--category".into(), c.into()]);
        }
        let run = protocheck(&args);
        checked += 1;
        if run.code != 1 {
            wrong.push(format!("{}: exit {}\n{}", rule.id, run.code, run.stderr));
            continue;
        }
        let fired: BTreeSet<String> = json(&run)["findings"]
            .as_array()
            .expect("findings")
            .iter()
            .map(|f| f["rule"].as_str().expect("rule").to_owned())
            .collect();
        let allowed: BTreeSet<String> = std::iter::once(rule.id)
            .chain(
                COMPANIONS
                    .iter()
                    .filter(|(id, _)| *id == rule.id)
                    .flat_map(|(_, c)| c.iter().copied()),
            )
            .map(str::to_owned)
            .collect();
        if !fired.contains(rule.id) || !fired.is_subset(&allowed) {
            wrong.push(format!("{}: fired {fired:?}, allowed {allowed:?}", rule.id));
        }
    }
    assert_eq!(checked, 64);
    assert!(
        wrong.is_empty(),
        "{} of {checked} examples are wrong:\n{}",
        wrong.len(),
        wrong.join("\n")
    );
}
