//! Every rule has `testdata/rules/<ID>/fires*/{old,new}` cases that must trigger it and
//! `near_miss*/{old,new}` cases that must not. Both outputs are kept as snapshots.

mod common;

use std::path::Path;

use common::{json, protocheck};

fn cases(rule_dir: &Path, prefix: &str) -> Vec<String> {
    let mut out: Vec<String> = std::fs::read_dir(rule_dir)
        .map(|rd| {
            rd.filter_map(|e| e.ok())
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .filter(|n| n.starts_with(prefix))
                .collect()
        })
        .unwrap_or_default();
    out.sort();
    out
}

fn rule_ids() -> Vec<String> {
    let run = protocheck(["rules", "--format", "json"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    json(&run)
        .as_array()
        .expect("an array of rules")
        .iter()
        .map(|r| r["id"].as_str().expect("id").to_owned())
        .collect()
}

#[test]
fn every_rule_fires_on_its_case_and_not_on_its_near_miss() {
    let mut missing = Vec::new();
    for id in rule_ids() {
        let rel = format!("testdata/rules/{id}");
        let dir = common::root().join(&rel);
        let fires = cases(&dir, "fires");
        let near = cases(&dir, "near_miss");
        if fires.is_empty() || near.is_empty() {
            missing.push(id);
            continue;
        }
        for case in fires.iter().chain(&near) {
            let old = format!("{rel}/{case}/old");
            let new = format!("{rel}/{case}/new");
            let run = protocheck(["diff", &old, &new, "--rule", &id, "--format", "json"]);
            let doc = json(&run);
            let findings = doc["findings"].as_array().expect("findings");
            if case.starts_with("fires") {
                assert_eq!(run.code, 1, "{id}/{case}: exit code\n{}", run.stdout);
                assert!(!findings.is_empty(), "{id}/{case}: no finding");
                assert!(
                    findings.iter().all(|f| f["rule"] == id.as_str()),
                    "{id}/{case}: a finding of another rule\n{}",
                    run.stdout
                );
            } else {
                assert_eq!(run.code, 0, "{id}/{case}: exit code\n{}", run.stdout);
                assert!(
                    findings.is_empty(),
                    "{id}/{case}: unexpected findings\n{}",
                    run.stdout
                );
            }
            insta::assert_snapshot!(format!("{id}__{case}__json"), run.stdout);
            let human = protocheck(["diff", &old, &new, "--rule", &id, "--no-color"]);
            assert_eq!(human.code, run.code, "{id}/{case}: human exit code differs");
            insta::assert_snapshot!(format!("{id}__{case}__human"), human.stdout);
        }
    }
    assert!(
        missing.is_empty(),
        "rules without fires*/near_miss* cases: {missing:?}"
    );
}
