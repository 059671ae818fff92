//! Dependencies offline: the googleapis common protos are built in (a copy of the input's
//! own wins), and an import found nowhere names the dependency it belongs to.

mod common;

use common::{protocheck_in, write};

const USES_GOOGLEAPIS: &str = "syntax = \"proto3\";\npackage demo.v1;\n\nimport \"google/api/annotations.proto\";\nimport \"google/api/field_behavior.proto\";\nimport \"google/rpc/status.proto\";\nimport \"google/type/date.proto\";\n\nmessage Event {\n  google.type.Date day = 1 [(google.api.field_behavior) = REQUIRED];\n  google.rpc.Status status = 2;\n}\n\nservice Events {\n  rpc Get(Event) returns (Event) {\n    option (google.api.http) = {get: \"/v1/events\"};\n  }\n}\n";

#[test]
fn googleapis_common_protos_are_built_in() {
    let dir = tempfile::tempdir().expect("tempdir");
    write(dir.path(), "old/demo/v1/e.proto", USES_GOOGLEAPIS);
    write(
        dir.path(),
        "new/demo/v1/e.proto",
        USES_GOOGLEAPIS.replace("  google.rpc.Status status = 2;\n", ""),
    );
    let run = protocheck_in(dir.path(), ["breaking", "new", "--against", "old"]);
    assert_eq!(run.code, 100, "{}", run.stderr);
    assert_eq!(
        run.stdout,
        "new/demo/v1/e.proto:9:1:Previously present field \"2\" with name \"status\" on message \"Event\" was deleted.\n"
    );
}

#[test]
fn the_inputs_own_copy_wins() {
    let dir = tempfile::tempdir().expect("tempdir");
    // A copy of google/type/date.proto with a message the built-in one lacks.
    let own = "syntax = \"proto3\";\npackage google.type;\n\nmessage Date {\n  int32 year = 1;\n}\n\nmessage OnlyHere {\n  int32 x = 1;\n}\n";
    let user = "syntax = \"proto3\";\npackage demo.v1;\n\nimport \"google/type/date.proto\";\n\nmessage M {\n  google.type.OnlyHere a = 1;\n}\n";
    for side in ["old", "new"] {
        write(dir.path(), &format!("{side}/google/type/date.proto"), own);
        write(dir.path(), &format!("{side}/demo/v1/m.proto"), user);
    }
    let run = protocheck_in(dir.path(), ["breaking", "new", "--against", "old"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
}

#[test]
fn a_missing_import_names_its_dependency() {
    let dir = tempfile::tempdir().expect("tempdir");
    let text = "syntax = \"proto3\";\npackage demo.v1;\n\nimport \"buf/validate/validate.proto\";\n\nmessage M {\n  string a = 1;\n}\n";
    write(dir.path(), "old/m.proto", text);
    write(dir.path(), "new/m.proto", text);
    let run = protocheck_in(dir.path(), ["diff", "old", "new"]);
    assert_eq!(run.code, 2, "{}", run.stdout);
    // miette wraps long lines, also at `/`: compare without the wrapping.
    let squashed: String = run
        .stderr
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '│')
        .collect();
    assert!(
        squashed.contains("buf.build/bufbuild/protovalidate") && squashed.contains("-IDIR"),
        "{}",
        run.stderr
    );
}
