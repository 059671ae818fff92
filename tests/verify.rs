//! `protocheck verify` and `diff --verify`, through the binary.

mod common;

use common::{json, protocheck, root};

/// The meeting contracts' rejected proposal, with a fixed seed: the whole human report.
#[test]
fn verify_the_breaking_meeting_proposal() {
    let run = protocheck([
        "verify",
        "testdata/meeting/v1",
        "testdata/meeting/breaking",
        "--seed",
        "7",
        "--count",
        "40",
    ]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    insta::assert_snapshot!(run.stdout);
}

#[test]
fn compatible_versions_survive_and_exit_0() {
    // v1 → proto/ only adds fields: dropped forward (OLD does not know them), nothing else.
    let run = protocheck(["verify", "testdata/meeting/v1", "proto", "--count", "30"]);
    assert_eq!(run.code, 1, "{}", run.stdout);
    let run = protocheck([
        "verify",
        "testdata/meeting/v1",
        "proto",
        "--count",
        "30",
        "--require",
        "backward",
        "--format",
        "json",
    ]);
    assert_eq!(run.code, 0, "{}", run.stdout);
    let doc = json(&run);
    assert_eq!(doc["summary"]["failing"], 0);
    assert_eq!(doc["summary"]["misread"], 0);
    assert_eq!(doc["directions"], serde_json::json!(["backward"]));
    let run = protocheck([
        "verify",
        "testdata/meeting/v1",
        "proto",
        "--count",
        "30",
        "--require",
        "forward",
        "--encoding",
        "binary",
        "--allow-dropped",
    ]);
    assert_eq!(run.code, 0, "{}", run.stdout);
    assert!(
        run.stdout.contains("dropped values allowed"),
        "{}",
        run.stdout
    );
}

#[test]
fn the_same_seed_gives_the_same_output() {
    let args = |seed: &str| {
        protocheck([
            "verify",
            "testdata/meeting/v1",
            "testdata/meeting/breaking",
            "--seed",
            seed,
            "--count",
            "25",
            "--format",
            "json",
        ])
        .stdout
    };
    let a = args("11");
    assert_eq!(a, args("11"));
    assert_ne!(a, args("12"));
    // Maps (held in hash order in memory) and repeated fields read as maps: the counts and
    // examples are the same in every run (each run is a new process with new hash keys).
    let maps = || {
        protocheck([
            "verify",
            "testdata/rules/FIELD_SAME_CARDINALITY/fires/old",
            "testdata/rules/FIELD_SAME_CARDINALITY/fires/new",
            "--seed",
            "3",
            "--count",
            "60",
            "--format",
            "json",
        ])
        .stdout
    };
    let first = maps();
    assert!(first.contains("\"dropped\""), "{first}");
    for _ in 0..3 {
        assert_eq!(first, maps());
    }
}

#[test]
fn bad_input_exits_2() {
    let run = protocheck(["verify", "testdata/does-not-exist", "proto"]);
    assert_eq!(run.code, 2);
    let run = protocheck(["verify", "proto", "proto", "--count", "0"]);
    assert_eq!(run.code, 2);
}

/// Static effects and payloads agree: over every rule's firing cases, the evolution steps and
/// the seed matrix's cases, with a fixed seed, a finding's `ok` is never contradicted by a
/// failing payload (unless another finding on the same element fails it), and a `misread` or
/// `rejected` is confirmed by at least one payload. What no payload can show is listed in [`EXCEPTIONS`], and that list is exactly
/// what disagrees: a new disagreement fails, and so does an exception that no longer applies.
#[test]
fn static_effects_and_payloads_agree() {
    let mut cases = Vec::new();
    let rules = root().join("testdata/rules");
    let mut ids: Vec<_> = std::fs::read_dir(&rules).unwrap().flatten().collect();
    ids.sort_by_key(|e| e.file_name());
    for rule in ids {
        let mut dirs: Vec<_> = std::fs::read_dir(rule.path()).unwrap().flatten().collect();
        dirs.sort_by_key(|e| e.file_name());
        for d in dirs {
            if d.file_name().to_string_lossy().starts_with("fires") {
                let id = rule.file_name().to_string_lossy().into_owned();
                cases.push((d.path(), Some(id)));
            }
        }
    }
    // The evolution steps and the seed matrix's one-change cases (tests/effects.rs).
    for dir in ["testdata/evolution", "testdata/effects"] {
        let mut steps: Vec<_> = std::fs::read_dir(root().join(dir))
            .unwrap()
            .flatten()
            .collect();
        steps.sort_by_key(|e| e.file_name());
        for s in steps {
            if s.path().is_dir() {
                cases.push((s.path(), None));
            }
        }
    }
    let mut unexplained = Vec::new();
    let mut used = std::collections::BTreeSet::new();
    let mut checked = 0;
    for (case, rule) in &cases {
        let (old, new) = (case.join("old"), case.join("new"));
        let mut args: Vec<String> = vec![
            "diff".into(),
            old.display().to_string(),
            new.display().to_string(),
            "--format".into(),
            "json".into(),
            "--verify".into(),
            "--seed".into(),
            "1".into(),
            "--count".into(),
            "40".into(),
        ];
        // Every rule with a run-time effect runs too, so that a payload failing for another
        // change to the same element is explained by that change's finding.
        args.extend(["--require".into(), "full".into()]);
        if let Some(r) = rule {
            args.extend(["--rule".into(), r.clone()]);
        }
        let run = protocheck(&args);
        assert!(matches!(run.code, 0 | 1), "{case:?}: {}", run.stderr);
        let doc = json(&run);
        let name = case
            .strip_prefix(root())
            .unwrap_or(case)
            .display()
            .to_string();
        for f in doc["findings"].as_array().unwrap() {
            let Some(cells) = f["evidence"]["cells"].as_array() else {
                continue;
            };
            let id = f["rule"].as_str().unwrap_or("");
            for c in cells {
                checked += 1;
                let verdict = c["verdict"].as_str().unwrap();
                let stated = c["static"].as_str().unwrap();
                let bad = verdict == "contradicted"
                    || (matches!(stated, "misread" | "rejected") && verdict != "confirmed");
                if !bad {
                    continue;
                }
                let excused = EXCEPTIONS
                    .iter()
                    .find(|e| verdict == "not-seen" && e.cells.contains(&(id, name.as_str())));
                match excused {
                    Some(e) => {
                        used.insert((e.name, id.to_owned(), name.clone()));
                    }
                    None => unexplained.push(format!(
                        "{name}: {id} {} {}: static {stated}, {verdict} ({} of {} payloads {}): {}",
                        c["direction"].as_str().unwrap_or(""),
                        c["encoding"].as_str().unwrap_or(""),
                        c["count"],
                        c["payloads"],
                        c["measured"].as_str().unwrap_or(""),
                        f["message"].as_str().unwrap_or(""),
                    )),
                }
            }
        }
    }
    assert!(checked > 200, "only {checked} cells had evidence");
    assert!(
        unexplained.is_empty(),
        "static effects and payloads disagree:\n{}",
        unexplained.join("\n")
    );
    // Every exception is still needed: each of its rules disagrees in each of its cases.
    let stale: Vec<String> = EXCEPTIONS
        .iter()
        .flat_map(|e| e.cells.iter().map(move |c| (e.name, c)))
        .filter(|(n, (id, case))| !used.contains(&(*n, (*id).to_owned(), (*case).to_owned())))
        .map(|(n, (id, case))| format!("{n}: {id} in {case}"))
        .collect();
    assert!(
        stale.is_empty(),
        "exceptions that no longer apply:\n{}",
        stale.join("\n")
    );
}

/// A disagreement no payload can remove: the static effect is right, and `verify` cannot
/// produce the payload or play the reader that shows it. Each cell is (rule, case); a finding
/// of that rule in that case may state a failure no payload shows (`not-seen`), nothing else.
struct Exception {
    name: &'static str,
    #[allow(dead_code)]
    reason: &'static str,
    cells: &'static [(&'static str, &'static str)],
}

const EXCEPTIONS: &[Exception] = &[
    Exception {
        name: "application-level constraints",
        reason: "protovalidate / protoc-gen-validate rules, google.api.resource patterns and \
                 google.api.field_behavior (REQUIRED, IMMUTABLE, OUTPUT_ONLY) are enforced by a \
                 validator or an API server after the parser has read the message; every \
                 payload parses, so decoding cannot show the refusal the finding states",
        cells: &[
            (
                "FIELD_SAME_VALIDATION",
                "testdata/rules/FIELD_SAME_VALIDATION/fires_oneof_required",
            ),
            (
                "FIELD_SAME_VALIDATION",
                "testdata/rules/FIELD_SAME_VALIDATION/fires_pgv",
            ),
            (
                "FIELD_SAME_VALIDATION",
                "testdata/rules/FIELD_SAME_VALIDATION/fires_protovalidate",
            ),
            (
                "MESSAGE_SAME_RESOURCE_PATTERN",
                "testdata/rules/MESSAGE_SAME_RESOURCE_PATTERN/fires",
            ),
            (
                "FIELD_SAME_BEHAVIOR",
                "testdata/rules/FIELD_SAME_BEHAVIOR/fires",
            ),
            (
                "FIELD_NO_NEW_REQUIRED",
                "testdata/rules/FIELD_NO_NEW_REQUIRED/fires",
            ),
            (
                "FIELD_NO_NEW_REQUIRED",
                "testdata/rules/FIELD_NO_NEW_REQUIRED/fires_existing_field",
            ),
        ],
    },
    Exception {
        name: "UTF-8 validation",
        reason: "a non-validating writer can put bytes that are not UTF-8 in a string field, \
                 and a validating reader refuses them; the dynamic-message library holds \
                 strings as Rust strings (always UTF-8) and validates every string it decodes, \
                 so it can play neither the non-validating writer nor the non-validating reader \
                 (bytes -> string, where the writer's bytes are not UTF-8, is shown)",
        cells: &[
            (
                "FIELD_SAME_UTF8_VALIDATION",
                "testdata/rules/FIELD_SAME_UTF8_VALIDATION/fires",
            ),
            (
                "FIELD_SAME_UTF8_VALIDATION",
                "testdata/rules/FILE_SAME_SYNTAX/fires",
            ),
            (
                "FIELD_SAME_UTF8_VALIDATION",
                "testdata/rules/FILE_SAME_SYNTAX/fires_no_statement",
            ),
            (
                "FIELD_SAME_UTF8_VALIDATION",
                "testdata/rules/MESSAGE_SAME_JSON_FORMAT/fires",
            ),
            (
                "FIELD_SAME_JAVA_UTF8_VALIDATION",
                "testdata/rules/FIELD_SAME_JAVA_UTF8_VALIDATION/fires",
            ),
            (
                "FIELD_SAME_JAVA_UTF8_VALIDATION",
                "testdata/rules/FIELD_SAME_JAVA_UTF8_VALIDATION/fires_option_removed",
            ),
            (
                "FIELD_SAME_JAVA_UTF8_VALIDATION",
                "testdata/rules/FIELD_SAME_UTF8_VALIDATION/fires",
            ),
            (
                "FIELD_SAME_JAVA_UTF8_VALIDATION",
                "testdata/rules/FILE_SAME_SYNTAX/fires",
            ),
            (
                "FIELD_SAME_JAVA_UTF8_VALIDATION",
                "testdata/rules/FILE_SAME_SYNTAX/fires_no_statement",
            ),
            (
                "FIELD_SAME_JAVA_UTF8_VALIDATION",
                "testdata/rules/MESSAGE_SAME_JSON_FORMAT/fires",
            ),
        ],
    },
    Exception {
        name: "extensions",
        reason: "an extension declared inside another message is tied to that scope, not to \
                 the message it extends, and the generator never sets extensions: a JSON \
                 `[pkg.ext]` key NEW no longer knows is not produced",
        cells: &[
            (
                "EXTENSION_NO_DELETE",
                "testdata/rules/EXTENSION_NO_DELETE/fires_nested",
            ),
            (
                "EXTENSION_NO_DELETE",
                "testdata/rules/PACKAGE_EXTENSION_NO_DELETE/fires_file_kept",
            ),
        ],
    },
];
