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
}

#[test]
fn bad_input_exits_2() {
    let run = protocheck(["verify", "testdata/does-not-exist", "proto"]);
    assert_eq!(run.code, 2);
    let run = protocheck(["verify", "proto", "proto", "--count", "0"]);
    assert_eq!(run.code, 2);
}

/// Static effects and payloads agree: over every rule's firing cases and the evolution steps,
/// a finding's `ok` is never contradicted by a failing payload (unless another finding on the
/// same element fails it), and a `misread` or `rejected` is confirmed by at least one payload.
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
    let evolution = root().join("testdata/evolution");
    let mut steps: Vec<_> = std::fs::read_dir(&evolution).unwrap().flatten().collect();
    steps.sort_by_key(|e| e.file_name());
    for s in steps {
        if s.path().is_dir() {
            cases.push((s.path(), None));
        }
    }
    // Disagreements on the rules' own cases are pinned in a reviewed snapshot (each is either
    // a limit of the payloads, e.g. strings are always valid UTF-8 and extensions are never
    // set, or a static effect stated for the worst case that these schemas cannot show); a new
    // disagreement, or one that goes away, changes the snapshot.
    let mut known = Vec::new();
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
            for c in cells {
                checked += 1;
                let verdict = c["verdict"].as_str().unwrap();
                let stated = c["static"].as_str().unwrap();
                let bad = verdict == "contradicted"
                    || (matches!(stated, "misread" | "rejected") && verdict != "confirmed");
                if bad {
                    // The outcome, not its count: a map's entries are encoded in hash order,
                    // so how many payloads of a repeated ↔ map change fail varies between runs.
                    let line = format!(
                        "{name}: {} {} {}: static {stated}, {verdict} ({})",
                        f["rule"].as_str().unwrap_or(""),
                        c["direction"].as_str().unwrap_or(""),
                        c["encoding"].as_str().unwrap_or(""),
                        c["measured"].as_str().unwrap_or(""),
                    );
                    known.push(line);
                }
            }
        }
    }
    assert!(checked > 200, "only {checked} cells had evidence");
    known.sort();
    known.dedup();
    insta::assert_snapshot!(known.join("\n"));
}
