//! The CI output formats (`sarif`, `github`, `junit`, `gitlab`) on one case with several
//! findings: `testdata/ci` deletes fields from two files, one of them in a nested message.
//! Each output is kept as a snapshot and checked for what its consumer needs.

mod common;

use std::collections::BTreeSet;
use std::path::Path;

use common::{protocheck, protocheck_in, Run};

const OLD: &str = "testdata/ci/old";
const NEW: &str = "testdata/ci/new";

fn run(format: &str) -> Run {
    let run = protocheck([
        "diff",
        OLD,
        NEW,
        "--rule",
        "FIELD_NO_DELETE",
        "--format",
        format,
    ]);
    assert_eq!(
        run.code, 1,
        "{format}: exit code\n{}\n{}",
        run.stdout, run.stderr
    );
    run
}

fn parse(run: &Run) -> serde_json::Value {
    serde_json::from_str(&run.stdout)
        .unwrap_or_else(|e| panic!("not JSON ({e}):\n{}\n{}", run.stdout, run.stderr))
}

/// The findings the case is built to produce, as `(file, message fragment)`.
const EXPECTED: &[(&str, &str)] = &[
    (
        "meeting/v1/meeting.proto",
        "\"nickname\" on message \"Participant\"",
    ),
    (
        "meeting/v1/meeting.proto",
        "\"audio_level\" on message \"Participant\"",
    ),
    (
        "meeting/v1/meeting.proto",
        "\"volume\" on message \"Device\"",
    ),
    ("meeting/v1/room.proto", "\"capacity\" on message \"Room\""),
];

/// The official schema's pattern for `language` (of a run and of a tool component) has a
/// stray `]`, which the validator's check of the schema refuses as a regex.
const BROKEN_PATTERN: &str = "^[a-zA-Z]{2}|^[a-zA-Z]{2}-[a-zA-Z]{2}]?$";
const MEANT_PATTERN: &str = "^[a-zA-Z]{2}(-[a-zA-Z]{2})?$";

fn fix_patterns(v: &mut serde_json::Value) -> usize {
    match v {
        serde_json::Value::String(s) if s == BROKEN_PATTERN => {
            *s = MEANT_PATTERN.to_owned();
            1
        }
        serde_json::Value::Array(a) => a.iter_mut().map(fix_patterns).sum(),
        serde_json::Value::Object(o) => o.values_mut().map(fix_patterns).sum(),
        _ => 0,
    }
}

/// A validator for the SARIF 2.1.0 schema (tests/fixtures/README.md says where it is from),
/// with the `language` patterns replaced in memory by the pattern meant. protocheck does not
/// write `language`, so this changes nothing about what is checked.
fn sarif_validator() -> jsonschema::Validator {
    let text =
        std::fs::read_to_string(common::root().join("tests/fixtures/sarif-schema-2.1.0.json"))
            .expect("the SARIF schema fixture");
    let mut schema: serde_json::Value = serde_json::from_str(&text).expect("the schema is JSON");
    assert!(schema["title"]
        .as_str()
        .is_some_and(|t| t.contains("SARIF") && t.contains("2.1.0")));
    assert_eq!(fix_patterns(&mut schema), 2, "the fixture changed");
    jsonschema::validator_for(&schema).expect("the SARIF schema compiles")
}

#[test]
fn sarif_output_is_valid_sarif_2_1_0() {
    let out = run("sarif");
    insta::assert_snapshot!("ci__sarif", out.stdout);
    let log = parse(&out);

    let validator = sarif_validator();
    let errors: Vec<String> = validator
        .iter_errors(&log)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert!(
        errors.is_empty(),
        "SARIF schema violations:\n{}",
        errors.join("\n")
    );

    // The validator does reject what is not SARIF.
    let mut broken = log.clone();
    broken["version"] = serde_json::json!("2.0.0");
    broken["runs"][0]["results"][0]["level"] = serde_json::json!("fatal");
    assert!(validator.iter_errors(&broken).count() >= 2);

    // What GitHub code scanning needs beyond the schema.
    assert_eq!(log["version"], "2.1.0");
    let runs = log["runs"].as_array().expect("runs");
    assert_eq!(runs.len(), 1, "one run");
    let driver = &runs[0]["tool"]["driver"];
    assert_eq!(driver["name"], "protocheck");
    let rules = driver["rules"].as_array().expect("rules");
    assert_eq!(rules.len(), 1);
    assert_eq!(rules[0]["id"], "FIELD_NO_DELETE");
    for key in ["shortDescription", "fullDescription", "help"] {
        assert!(
            rules[0][key]["text"]
                .as_str()
                .is_some_and(|t| !t.is_empty()),
            "rule {key}"
        );
    }
    assert_eq!(rules[0]["defaultConfiguration"]["level"], "error");

    let results = runs[0]["results"].as_array().expect("results");
    assert_eq!(results.len(), EXPECTED.len());
    let mut fingerprints = BTreeSet::new();
    for (result, (file, fragment)) in results.iter().zip(EXPECTED) {
        assert_eq!(result["ruleId"], "FIELD_NO_DELETE");
        assert_eq!(result["ruleIndex"], 0);
        assert_eq!(result["level"], "error");
        let text = result["message"]["text"].as_str().expect("message");
        assert!(text.contains(fragment), "{text}");
        let new = &result["locations"][0]["physicalLocation"];
        assert_eq!(new["artifactLocation"]["uri"], format!("{NEW}/{file}"));
        assert!(new["region"]["startLine"].as_i64().is_some_and(|l| l >= 1));
        let old = &result["relatedLocations"][0]["physicalLocation"];
        assert_eq!(old["artifactLocation"]["uri"], format!("{OLD}/{file}"));
        assert!(old["region"]["startLine"].as_i64().is_some_and(|l| l >= 1));
        fingerprints.insert(
            result["partialFingerprints"]["protocheck/v1"]
                .as_str()
                .expect("fingerprint")
                .to_owned(),
        );
    }
    assert_eq!(
        fingerprints.len(),
        EXPECTED.len(),
        "fingerprints are distinct"
    );
}

#[test]
fn sarif_without_findings_is_valid_too() {
    let out = protocheck([
        "diff",
        OLD,
        OLD,
        "--rule",
        "FIELD_NO_DELETE",
        "--format",
        "sarif",
    ]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let log = parse(&out);
    let validator = sarif_validator();
    assert!(validator.is_valid(&log));
    assert_eq!(log["runs"][0]["results"], serde_json::json!([]));
}

#[test]
fn github_output_is_one_annotation_per_finding() {
    let out = run("github");
    insta::assert_snapshot!("ci__github", out.stdout);
    let lines: Vec<&str> = out.stdout.lines().collect();
    assert_eq!(
        lines.len(),
        EXPECTED.len() + 1,
        "annotations and a summary line"
    );
    for (line, (file, fragment)) in lines.iter().zip(EXPECTED) {
        let rest = line.strip_prefix("::error ").expect("an ::error command");
        let (props, message) = rest.split_once("::").expect("properties::message");
        assert!(
            props.starts_with(&format!("file={NEW}/{file},line=")),
            "{props}"
        );
        assert!(props.ends_with(",title=FIELD_NO_DELETE"), "{props}");
        assert!(message.contains(fragment), "{message}");
        assert!(!message.contains('\n'));
    }
    // A place on one line gets columns; one that spans lines does not.
    assert!(
        lines[3].contains(",line=5,col=1,endLine=5,endColumn=49,"),
        "{}",
        lines[3]
    );
    assert!(lines[0].contains(",line=8,endLine=14,"), "{}", lines[0]);
    assert_eq!(lines[4], "protocheck: 4 breaking changes in 2 files");
}

#[test]
fn junit_output_has_a_suite_per_file_and_a_failure_per_finding() {
    let out = run("junit");
    insta::assert_snapshot!("ci__junit", out.stdout);
    let report = quick_junit::Report::deserialize_from_str(&out.stdout).expect("JUnit XML");
    assert_eq!(report.tests, EXPECTED.len());
    assert_eq!(report.failures, EXPECTED.len());
    let suites: Vec<(&str, usize)> = report
        .test_suites
        .iter()
        .map(|s| (s.name.as_str(), s.failures))
        .collect();
    assert_eq!(
        suites,
        [
            ("testdata/ci/new/meeting/v1/meeting.proto", 3),
            ("testdata/ci/new/meeting/v1/room.proto", 1)
        ]
    );
}

#[test]
fn junit_output_counts_checked_files_when_nothing_breaks() {
    let out = protocheck(["diff", OLD, OLD, "--format", "junit"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let report = quick_junit::Report::deserialize_from_str(&out.stdout).expect("JUnit XML");
    assert_eq!(report.failures, 0);
    assert_eq!(
        report.test_suites.len(),
        2,
        "one suite per file\n{}",
        out.stdout
    );
    assert_eq!(report.tests, 2);
}

#[test]
fn gitlab_output_is_code_quality_json() {
    let out = run("gitlab");
    insta::assert_snapshot!("ci__gitlab", out.stdout);
    let issues = parse(&out);
    let issues = issues.as_array().expect("an array");
    assert_eq!(issues.len(), EXPECTED.len());
    let mut fingerprints = BTreeSet::new();
    for (issue, (file, fragment)) in issues.iter().zip(EXPECTED) {
        assert_eq!(issue["check_name"], "FIELD_NO_DELETE");
        assert!(issue["description"]
            .as_str()
            .is_some_and(|d| d.contains(fragment)));
        assert_eq!(issue["location"]["path"], format!("{NEW}/{file}"));
        assert!(issue["location"]["lines"]["begin"]
            .as_u64()
            .is_some_and(|l| l >= 1));
        assert!(["info", "minor", "major", "critical", "blocker"]
            .contains(&issue["severity"].as_str().unwrap_or("")));
        fingerprints.insert(
            issue["fingerprint"]
                .as_str()
                .expect("fingerprint")
                .to_owned(),
        );
    }
    assert_eq!(
        fingerprints.len(),
        EXPECTED.len(),
        "fingerprints are distinct"
    );
}

/// Copies `testdata/ci` into `dir`, applying `edit` to each NEW file's text.
fn copy_case(dir: &Path, edit: impl Fn(&str, &str) -> String) {
    for side in ["old", "new"] {
        for file in ["meeting.proto", "room.proto"] {
            let from = common::root().join(format!("testdata/ci/{side}/meeting/v1/{file}"));
            let text = std::fs::read_to_string(&from).expect("case file");
            let to = dir.join(format!("{side}/meeting/v1/{file}"));
            std::fs::create_dir_all(to.parent().expect("parent")).expect("mkdir");
            let text = if side == "new" {
                edit(file, &text)
            } else {
                text
            };
            std::fs::write(&to, text).expect("write");
        }
    }
}

fn gitlab_issues(dir: &Path) -> Vec<(String, String, u64)> {
    let out = protocheck_in(
        dir,
        [
            "diff",
            "old",
            "new",
            "--rule",
            "FIELD_NO_DELETE",
            "--format",
            "gitlab",
        ],
    );
    assert_eq!(out.code, 1, "{}", out.stderr);
    parse(&out)
        .as_array()
        .expect("an array")
        .iter()
        .map(|i| {
            (
                i["fingerprint"].as_str().unwrap_or("").to_owned(),
                i["location"]["path"].as_str().unwrap_or("").to_owned(),
                i["location"]["lines"]["begin"].as_u64().unwrap_or(0),
            )
        })
        .collect()
}

#[test]
fn fingerprints_survive_unrelated_edits() {
    let before = tempfile::tempdir().expect("tempdir");
    let after = tempfile::tempdir().expect("tempdir");
    copy_case(before.path(), |_, t| t.to_owned());
    // Unrelated edits: a comment and a new message above the findings, in both files.
    copy_case(after.path(), |file, text| {
        let name = if file == "room.proto" {
            "Lobby"
        } else {
            "Agenda"
        };
        text.replacen(
            "package meeting.v1;\n",
            &format!("package meeting.v1;\n\n// An unrelated addition.\nmessage {name} {{\n  string x = 1;\n}}\n"),
            1,
        )
    });
    let before = gitlab_issues(before.path());
    let after = gitlab_issues(after.path());
    assert_eq!(before.len(), after.len());
    for (b, a) in before.iter().zip(&after) {
        assert_eq!(b.0, a.0, "fingerprint changed: {b:?} → {a:?}");
        assert_eq!(b.1, a.1);
        assert_ne!(b.2, a.2, "the edit was meant to move the finding");
    }

    // And the SARIF fingerprints are the same values.
    let dir = tempfile::tempdir().expect("tempdir");
    copy_case(dir.path(), |_, t| t.to_owned());
    let sarif = protocheck_in(
        dir.path(),
        [
            "diff",
            "old",
            "new",
            "--rule",
            "FIELD_NO_DELETE",
            "--format",
            "sarif",
        ],
    );
    let log = parse(&sarif);
    let sarif_fps: Vec<String> = log["runs"][0]["results"]
        .as_array()
        .expect("results")
        .iter()
        .map(|r| {
            r["partialFingerprints"]["protocheck/v1"]
                .as_str()
                .unwrap_or("")
                .to_owned()
        })
        .collect();
    let gitlab_fps: Vec<String> = before.into_iter().map(|b| b.0).collect();
    assert_eq!(sarif_fps, gitlab_fps);
}

#[test]
fn paths_are_relative_to_the_repository_or_current_directory() {
    // Outside any git repository, paths are relative to the current directory.
    let dir = tempfile::tempdir().expect("tempdir");
    copy_case(dir.path(), |_, t| t.to_owned());
    let issues = gitlab_issues(dir.path());
    assert!(
        issues.iter().all(|i| i.1.starts_with("new/meeting/v1/")),
        "{issues:?}"
    );
    // A root outside the current directory (and outside any repository) is kept as given.
    let sub = dir.path().join("old");
    let out = protocheck_in(
        &sub,
        [
            "diff",
            ".",
            "../new",
            "--rule",
            "FIELD_NO_DELETE",
            "--format",
            "github",
        ],
    );
    assert_eq!(out.code, 1, "{}", out.stderr);
    assert!(
        out.stdout
            .lines()
            .next()
            .unwrap_or("")
            .contains("file=../new/meeting"),
        "{}",
        out.stdout
    );
}

#[test]
fn ci_paths_are_repository_paths_even_when_a_buf_yaml_root_renames_files() {
    // Findings name `foo/v1/a.proto` (relative to the v1beta1 root `proto`); annotations must
    // land on the repository file.
    let run = common::protocheck([
        "diff",
        "testdata/config/v1beta1_roots/old",
        "testdata/config/v1beta1_roots/new",
        "--format",
        "github",
    ]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stdout
            .contains("file=testdata/config/v1beta1_roots/new/proto/foo/v1/a.proto,"),
        "{}",
        run.stdout
    );
}

/// Whether `run.stdout` is a well-formed `format` document with `n` findings.
fn well_formed(format: &str, run: &Run, n: usize) -> Result<(), String> {
    let count = match format {
        "json" => parse(run)["findings"].as_array().map(Vec::len),
        "gitlab" => parse(run).as_array().map(Vec::len),
        "sarif" => {
            let doc = parse(run);
            if let Err(e) = sarif_validator().validate(&doc) {
                return Err(format!("not SARIF 2.1.0: {e}"));
            }
            doc["runs"][0]["results"].as_array().map(Vec::len)
        }
        "junit" => match quick_junit::Report::deserialize_from_str(&run.stdout) {
            Ok(report) => Some(report.failures),
            Err(e) => return Err(format!("not JUnit XML: {e}")),
        },
        "github" => {
            // Workflow commands, then one plain summary line for the log.
            let lines: Vec<&str> = run.stdout.lines().collect();
            let Some((summary, commands)) = lines.split_last() else {
                return Err("empty".into());
            };
            if !summary.starts_with("protocheck: ") {
                return Err(format!("no summary line: {summary}"));
            }
            if let Some(bad) = commands
                .iter()
                .find(|l| !(l.starts_with("::") && l[2..].contains("::")))
            {
                return Err(format!("not a workflow command: {bad}"));
            }
            Some(lines.iter().filter(|l| l.starts_with("::error ")).count())
        }
        "human" => {
            let clean = n > 0 || run.stdout.starts_with("No breaking changes");
            if run.stdout.trim().is_empty() || !clean {
                return Err("no summary".into());
            }
            Some(run.stdout.matches("FIELD_NO_DELETE").count().min(n))
        }
        _ => unreachable!("{format}"),
    };
    match count {
        Some(c) if c == n => Ok(()),
        other => Err(format!("{other:?} findings, expected {n}")),
    }
}

/// Every format on each exit code: 0 (nothing breaks) and 1 (findings) print one well-formed
/// document of that format; 2 (the input does not compile) prints nothing on stdout and a
/// diagnostic on stderr, so no consumer reads a half document.
#[test]
fn every_format_exits_0_1_and_2_with_a_well_formed_document_or_none() {
    let bad = "testdata/editions/bad/unresolved_type";
    let mut wrong = Vec::new();
    for format in ["human", "json", "sarif", "github", "junit", "gitlab"] {
        for (old, new, code, n) in [
            (OLD, OLD, 0, 0),
            (OLD, NEW, 1, EXPECTED.len()),
            (bad, bad, 2, 0),
        ] {
            let run = protocheck([
                "diff",
                old,
                new,
                "--rule",
                "FIELD_NO_DELETE",
                "--format",
                format,
            ]);
            if run.code != code {
                wrong.push(format!(
                    "{format} exit {code}: got exit {}\n{}",
                    run.code, run.stderr
                ));
                continue;
            }
            let verdict = if code == 2 {
                if !run.stdout.is_empty() {
                    Err(format!("stdout is not empty: {}", run.stdout))
                } else if !run.stderr.contains("name 'Missing' is not defined")
                    || !run.stderr.contains("a.proto:4:3")
                {
                    Err(format!("no diagnostic: {}", run.stderr))
                } else {
                    Ok(())
                }
            } else {
                well_formed(format, &run, n)
            };
            if let Err(e) = verdict {
                wrong.push(format!("{format} exit {code}: {e}\n{}", run.stdout));
            }
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n\n"));
}
