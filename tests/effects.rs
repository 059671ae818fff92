//! Run-time effects: the seed matrix (testdata/effects/<case>/{old,new}, one change each, with
//! its expected effects both ways and in both encodings, and its rollout), the `--require`
//! gate, `--format markdown`, and checking NEW against several releases.

mod common;

use std::path::PathBuf;

use common::{json, protocheck, protocheck_in, Run};

/// One row of the seed matrix: backward (binary, json), forward (binary, json), rollout.
struct Seed {
    case: &'static str,
    /// Expected rows (one per change); empty: the change has no row (nothing to say).
    rows: &'static [([&'static str; 4], &'static str)],
    /// Exit code under `--require full` (binary, dropped fails).
    full: i32,
}

const RETIRE_RESERVED: &str = "retire old clients before deleting (the number is reserved)";
const RETIRE_RESERVE: &str = "retire old clients before deleting; reserve the number and name";
const READERS_FIRST: &str = "readers first: upgrade every reader before a writer sends NEW data";
const WRITERS_FIRST: &str = "writers first: upgrade every writer before a reader runs NEW";
const NEW_FIELD: &str = "introduce a new field/message instead";

const SEEDS: &[Seed] = &[
    Seed {
        case: "add_optional",
        // OLD keeps the unknown field on the wire; a strict JSON parser refuses its name.
        rows: &[(["ok", "ok", "ok", "rejected"], "any order")],
        full: 0,
    },
    Seed {
        case: "add_defaulted",
        rows: &[(["ok", "ok", "ok", "rejected"], "any order")],
        full: 0,
    },
    Seed {
        case: "deprecate",
        rows: &[],
        full: 0,
    },
    Seed {
        case: "delete_reserved",
        rows: &[(["dropped", "rejected", "ok", "ok"], RETIRE_RESERVED)],
        full: 1,
    },
    Seed {
        case: "delete_unreserved",
        rows: &[(["dropped", "rejected", "ok", "ok"], RETIRE_RESERVE)],
        full: 1,
    },
    Seed {
        case: "int32_to_int64",
        // OLD cuts NEW's int64 values to 32 bits; OLD's JSON parser refuses big numbers.
        rows: &[(["ok", "ok", "misread", "rejected"], READERS_FIRST)],
        full: 1,
    },
    Seed {
        case: "int32_to_sint32",
        // Zig-zag against plain varints on the wire; JSON numbers are the same.
        rows: &[(["misread", "ok", "misread", "ok"], NEW_FIELD)],
        full: 1,
    },
    Seed {
        case: "string_to_bytes",
        // OLD validates UTF-8 and refuses NEW's arbitrary bytes; JSON bytes are base64.
        rows: &[(["ok", "misread", "rejected", "misread"], READERS_FIRST)],
        full: 1,
    },
    Seed {
        case: "bytes_to_string",
        rows: &[(["rejected", "misread", "ok", "misread"], WRITERS_FIRST)],
        full: 1,
    },
    Seed {
        case: "message_to_scalar",
        rows: &[(["dropped", "rejected", "dropped", "rejected"], NEW_FIELD)],
        full: 1,
    },
    Seed {
        case: "oneof_wrap_one",
        rows: &[(
            ["code-only", "code-only", "code-only", "code-only"],
            "any order; update code that uses the generated names",
        )],
        full: 0,
    },
    Seed {
        case: "oneof_wrap_two",
        // OLD writers may set both; NEW keeps the last one, a strict JSON parser refuses two.
        rows: &[
            (
                ["dropped", "rejected", "code-only", "code-only"],
                WRITERS_FIRST,
            ),
            (
                ["dropped", "rejected", "code-only", "code-only"],
                WRITERS_FIRST,
            ),
        ],
        full: 1,
    },
    Seed {
        case: "renumber",
        // The wire goes by number, JSON by name.
        rows: &[(["dropped", "ok", "dropped", "ok"], NEW_FIELD)],
        full: 1,
    },
    Seed {
        case: "enum_value_added",
        rows: &[(["ok", "ok", "dropped", "rejected"], READERS_FIRST)],
        full: 1,
    },
    Seed {
        case: "enum_value_deleted",
        rows: &[(["dropped", "rejected", "ok", "ok"], RETIRE_RESERVE)],
        full: 1,
    },
    Seed {
        case: "enum_value_renumbered",
        rows: &[(["dropped", "ok", "dropped", "ok"], NEW_FIELD)],
        full: 1,
    },
    Seed {
        case: "rpc_request_type",
        // NEW clients send display_name, which OLD servers do not have.
        rows: &[(["ok", "ok", "dropped", "rejected"], READERS_FIRST)],
        full: 1,
    },
    Seed {
        case: "rpc_response_type",
        // OLD servers send seats, which NEW clients' MeetingSummary does not have.
        rows: &[(["dropped", "rejected", "ok", "ok"], WRITERS_FIRST)],
        full: 1,
    },
];

fn case_dirs(case: &str) -> (String, String) {
    let dir = format!("testdata/effects/{case}");
    (format!("{dir}/old"), format!("{dir}/new"))
}

fn cells(effects: &serde_json::Value) -> [String; 4] {
    let get = |d: &str, e: &str| effects[d][e].as_str().unwrap_or("?").to_owned();
    [
        get("backward", "binary"),
        get("backward", "json"),
        get("forward", "binary"),
        get("forward", "json"),
    ]
}

#[test]
fn the_seed_matrix() {
    let mut failures = Vec::new();
    for seed in SEEDS {
        let (old, new) = case_dirs(seed.case);
        let run = protocheck(["diff", &old, &new, "--require", "full", "--format", "json"]);
        let doc = json(&run);
        let rows: Vec<([String; 4], String)> = doc["changes"]
            .as_array()
            .expect("changes")
            .iter()
            .map(|c| {
                (
                    cells(&c["effects"]),
                    c["rollout"].as_str().unwrap_or("?").to_owned(),
                )
            })
            .collect();
        let expected: Vec<([String; 4], String)> = seed
            .rows
            .iter()
            .map(|(e, r)| (e.map(str::to_owned), (*r).to_owned()))
            .collect();
        if rows != expected {
            failures.push(format!(
                "{}: got {rows:?}\n   expected {expected:?}",
                seed.case
            ));
        }
        if run.code != seed.full {
            failures.push(format!(
                "{}: --require full exits {} (expected {})\n{}",
                seed.case, run.code, seed.full, run.stderr
            ));
        }
        // Every finding carries effects, and the row's effects are the worst of its findings'.
        for f in doc["findings"].as_array().expect("findings") {
            assert!(f["effects"]["backward"]["binary"].is_string(), "{f}");
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn every_seed_case_is_pinned() {
    let on_disk: Vec<String> = std::fs::read_dir(common::root().join("testdata/effects"))
        .expect("testdata/effects")
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    for case in &on_disk {
        assert!(
            SEEDS.iter().any(|s| s.case == case),
            "testdata/effects/{case} has no expected row"
        );
    }
    assert_eq!(on_disk.len(), SEEDS.len());
}

#[test]
fn the_gate_reads_directions_encodings_and_dropped() {
    let code = |case: &str, extra: &[&str]| {
        let (old, new) = case_dirs(case);
        let mut args = vec!["diff", &old, &new, "--format", "json"];
        args.extend_from_slice(extra);
        protocheck(&args).code
    };
    // A deletion: NEW drops what OLD sends (backward), OLD reads NEW fine (forward).
    assert_eq!(code("delete_unreserved", &["--require", "backward"]), 1);
    assert_eq!(code("delete_unreserved", &["--require", "forward"]), 0);
    assert_eq!(
        code(
            "delete_unreserved",
            &["--require", "backward", "--allow-dropped"]
        ),
        0
    );
    // ... but a strict JSON parser refuses the name: dropped being allowed does not help.
    assert_eq!(
        code(
            "delete_unreserved",
            &[
                "--require",
                "backward",
                "--allow-dropped",
                "--encoding",
                "json"
            ]
        ),
        1
    );
    // int32→sint32: misread on the wire, fine in JSON.
    assert_eq!(code("int32_to_sint32", &["--require", "full"]), 1);
    assert_eq!(
        code(
            "int32_to_sint32",
            &["--require", "full", "--encoding", "json"]
        ),
        0
    );
    // Adding a field: fine on the wire, refused by OLD's strict JSON parser.
    assert_eq!(code("add_optional", &["--require", "forward"]), 0);
    assert_eq!(
        code(
            "add_optional",
            &["--require", "forward", "--encoding", "both"]
        ),
        1
    );
    // Code-only never fails the gate, though the rules report the change.
    assert_eq!(code("oneof_wrap_one", &["--require", "full"]), 0);
    assert_eq!(code("oneof_wrap_one", &[]), 1);
    // Without --require the category selection decides, as before: WIRE does not report a
    // reserved deletion.
    assert_eq!(code("delete_reserved", &["--category", "WIRE"]), 0);
    // With --require every rule with a run-time effect runs, whatever the selection.
    assert_eq!(
        code(
            "delete_reserved",
            &["--category", "WIRE", "--require", "backward"]
        ),
        1
    );
    // --allow-dropped needs --require.
    assert_eq!(code("delete_reserved", &["--allow-dropped"]), 2);
}

#[test]
fn json_and_sarif_carry_effects() {
    let (old, new) = case_dirs("delete_unreserved");
    let doc = json(&protocheck(["diff", &old, &new, "--format", "json"]));
    let f = &doc["findings"][0];
    assert_eq!(
        f["effects"],
        serde_json::json!({
            "backward": {"binary": "dropped", "json": "rejected"},
            "forward": {"binary": "ok", "json": "ok"}
        })
    );
    let sarif = json(&protocheck(["diff", &old, &new, "--format", "sarif"]));
    let result = &sarif["runs"][0]["results"][0];
    assert_eq!(result["properties"]["effects"], f["effects"]);
    let rule = sarif["runs"][0]["tool"]["driver"]["rules"]
        .as_array()
        .expect("rules")
        .iter()
        .find(|r| r["id"] == "FIELD_NO_DELETE")
        .expect("FIELD_NO_DELETE's metadata");
    assert!(rule["properties"]["effects"]["explanation"]
        .as_str()
        .is_some_and(|s| s.contains("strict JSON parser")));
}

#[test]
fn explain_shows_the_effects_reasoning() {
    let run = protocheck(["explain", "FIELD_WIRE_COMPATIBLE_TYPE"]);
    assert_eq!(run.code, 0);
    assert!(run.stdout.contains("At run time"), "{}", run.stdout);
    assert!(run.stdout.contains("zig-zag"), "{}", run.stdout);
    let run = protocheck(["explain", "FILE_SAME_JAVA_PACKAGE"]);
    assert!(run.stdout.contains("code-only"), "{}", run.stdout);
}

#[test]
fn human_output_ends_with_the_matrix() {
    let (old, new) = case_dirs("int32_to_int64");
    let run = protocheck(["diff", &old, &new]);
    assert_eq!(run.code, 1);
    insta::assert_snapshot!("human_int32_to_int64", run.stdout);
}

/// A field added as required: the POLICY finding and the addition are one change, one row.
#[test]
fn a_required_addition_is_one_row() {
    let run = protocheck([
        "diff",
        "testdata/rules/FIELD_NO_NEW_REQUIRED/fires/old",
        "testdata/rules/FIELD_NO_NEW_REQUIRED/fires/new",
        "--rule",
        "FIELD_NO_NEW_REQUIRED",
    ]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let rows: Vec<&str> = run
        .stdout
        .lines()
        .filter(|l| l.trim_start().starts_with("a.proto:"))
        .collect();
    assert_eq!(rows.len(), 1, "{}", run.stdout);
    assert!(
        rows[0].contains("introduce a new field/message"),
        "{}",
        run.stdout
    );
}

#[test]
fn markdown_is_a_pull_request_comment() {
    let run = protocheck([
        "diff",
        "testdata/evolution/04-delete-field-unreserved/old",
        "testdata/evolution/04-delete-field-unreserved/new",
        "--format",
        "markdown",
    ]);
    assert_eq!(run.code, 1);
    insta::assert_snapshot!("markdown_delete_unreserved", run.stdout);
}

/// A throwaway repository with three releases of one contract.
fn releases() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("repo");
    std::fs::create_dir(&path).expect("mkdir");
    let git = |args: &[&str]| common::git(&path, args);
    git(&["init", "-q", "-b", "main"]);
    git(&["config", "commit.gpgsign", "false"]);
    let write = |text: &str| {
        std::fs::create_dir_all(path.join("proto")).expect("mkdir");
        std::fs::write(path.join("proto/room.proto"), text).expect("write");
    };
    let head = "syntax = \"proto3\";\npackage rooms.v1;\n\n";
    // release/v1.9: capacity is int32 and a legacy `floor` field exists.
    write(&format!(
        "{head}message Room {{\n  string id = 1;\n  int32 capacity = 2;\n  string floor = 3;\n}}\n"
    ));
    git(&["add", "-A"]);
    git(&["commit", "-q", "-m", "v1.9"]);
    git(&["tag", "release/v1.9"]);
    // release/v1.10: floor deleted and reserved; capacity widened.
    write(&format!(
        "{head}message Room {{\n  string id = 1;\n  int64 capacity = 2;\n  reserved 3;\n  reserved \"floor\";\n}}\n"
    ));
    git(&["add", "-A"]);
    git(&["commit", "-q", "-m", "v1.10"]);
    git(&["tag", "release/v1.10"]);
    // An unrelated tag the pattern must not pick up.
    git(&["tag", "nightly"]);
    // NEW (the working tree): adds a field.
    write(&format!(
        "{head}message Room {{\n  string id = 1;\n  int64 capacity = 2;\n  reserved 3;\n  reserved \"floor\";\n  optional string name = 4;\n}}\n"
    ));
    (dir, path)
}

#[test]
fn every_live_release_at_once() {
    let (_dir, repo) = releases();
    let run: Run = protocheck_in(
        &repo,
        [
            "diff",
            "--releases",
            "release/*:proto",
            "proto",
            "--format",
            "json",
        ],
    );
    assert_eq!(run.code, 1, "{}", run.stderr);
    let doc = json(&run);
    // Oldest first by version order: v1.9 before v1.10.
    let releases: Vec<&str> = doc["releases"]
        .as_array()
        .expect("releases")
        .iter()
        .map(|r| r["old"].as_str().unwrap_or(""))
        .collect();
    assert_eq!(
        releases,
        ["git:release/v1.9:proto", "git:release/v1.10:proto"]
    );
    assert_eq!(doc["releases"][0]["backward"], false);
    assert_eq!(doc["releases"][0]["forward"], false);
    assert_eq!(doc["releases"][1]["backward"], true);
    assert_eq!(doc["releases"][1]["forward"], true);
    // Each finding names the releases it breaks: all against v1.9 only.
    for f in doc["findings"].as_array().expect("findings") {
        assert_eq!(
            f["releases"],
            serde_json::json!(["git:release/v1.9:proto"]),
            "{f}"
        );
    }
    // The addition applies to both releases.
    let added = doc["changes"]
        .as_array()
        .expect("changes")
        .iter()
        .find(|c| c["rules"].as_array().is_some_and(|r| r.is_empty()))
        .expect("the addition row");
    assert_eq!(
        added["releases"],
        serde_json::json!(["git:release/v1.9:proto", "git:release/v1.10:proto"])
    );

    // The same with explicit OLD inputs, and the human summary names the oldest release NEW
    // is fully compatible with.
    let run = protocheck_in(
        &repo,
        [
            "diff",
            "git:release/v1.9:proto",
            "git:release/v1.10:proto",
            "proto",
        ],
    );
    assert_eq!(run.code, 1);
    assert!(
        run.stdout
            .contains("NEW is fully compatible with every release since git:release/v1.10:proto."),
        "{}",
        run.stdout
    );
    insta::assert_snapshot!("human_releases", run.stdout);

    // The gate fails when any release fails it.
    let gate = |old: &[&str]| {
        let mut args = vec!["diff"];
        args.extend_from_slice(old);
        args.extend(["proto", "--require", "full"]);
        protocheck_in(&repo, &args).code
    };
    assert_eq!(gate(&["git:release/v1.10:proto"]), 0);
    assert_eq!(
        gate(&["git:release/v1.9:proto", "git:release/v1.10:proto"]),
        1
    );

    // A pattern no tag matches says so.
    let run = protocheck_in(&repo, ["diff", "--releases", "v9.*", "proto"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("no tag matches"), "{}", run.stderr);
}

#[test]
fn new_alone_needs_releases() {
    let run = protocheck(["diff", "testdata/effects/renumber/new"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("diff needs OLD and NEW"),
        "{}",
        run.stderr
    );
}
