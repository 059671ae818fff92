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

/// The findings of one rule in a JSON report, as (rule, path, line, column, message).
fn of_rule(doc: &serde_json::Value, id: &str) -> Vec<(String, String, u64, u64, String)> {
    doc["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .filter(|f| f["rule"] == id)
        .map(|f| {
            (
                f["rule"].as_str().unwrap_or("").to_owned(),
                f["path"].as_str().unwrap_or("").to_owned(),
                f["start_line"].as_u64().unwrap_or(0),
                f["start_column"].as_u64().unwrap_or(0),
                f["message"].as_str().unwrap_or("").to_owned(),
            )
        })
        .collect()
}

/// Checks one case; panics (an assertion or a snapshot) on the first thing wrong with it.
fn check_case(id: &str, rel: &str, case: &str) {
    let old = format!("{rel}/{case}/old");
    let new = format!("{rel}/{case}/new");
    let run = protocheck(["diff", &old, &new, "--rule", id, "--format", "json"]);
    let doc = json(&run);
    let findings = doc["findings"].as_array().expect("findings");
    // Selected through every category instead of by id: the rule is registered in a category
    // and finds the same there (a rule selected by id alone cannot report another rule, so
    // this is what tells the findings apart).
    let mut all = vec!["diff", &old, &new, "--format", "json"];
    let categories: &[&str] = if protocheck::rules::categories::policy(id).is_some() {
        &["POLICY"]
    } else {
        &["FILE", "PACKAGE", "WIRE_JSON", "WIRE"]
    };
    for c in categories {
        all.extend(["--category", c]);
    }
    let wide = json(&protocheck(&all));
    if case.starts_with("fires") {
        assert_eq!(run.code, 1, "{id}/{case}: exit code\n{}", run.stdout);
        assert!(!findings.is_empty(), "{id}/{case}: no finding");
        assert_eq!(
            of_rule(&doc, id).len(),
            findings.len(),
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
    assert_eq!(
        of_rule(&wide, id),
        of_rule(&doc, id),
        "{id}/{case}: selected by every category, {id} finds otherwise than by --rule"
    );
    insta::assert_snapshot!(format!("{id}__{case}__json"), run.stdout);
    let human = protocheck(["diff", &old, &new, "--rule", id, "--no-color"]);
    assert_eq!(human.code, run.code, "{id}/{case}: human exit code differs");
    insta::assert_snapshot!(format!("{id}__{case}__human"), human.stdout);
}

#[test]
fn every_rule_fires_on_its_case_and_not_on_its_near_miss() {
    let ids = rule_ids();
    let (policy, buf): (Vec<&String>, Vec<&String>) = ids
        .iter()
        .partition(|id| protocheck::rules::categories::policy(id).is_some());
    assert_eq!(buf.len(), 64, "buf 1.75's v2 breaking rules: {buf:?}");
    assert_eq!(policy.len(), 13, "protocheck's POLICY rules: {policy:?}");
    // Every directory under testdata/rules is a rule's.
    let dirs = cases(&common::root().join("testdata/rules"), "");
    let mut sorted = ids.clone();
    sorted.sort();
    assert_eq!(dirs, sorted, "testdata/rules/* vs the registered rule ids");
    let mut missing = Vec::new();
    let mut failed = Vec::new();
    let mut checked = 0;
    for id in &ids {
        let rel = format!("testdata/rules/{id}");
        let dir = common::root().join(&rel);
        let fires = cases(&dir, "fires");
        let near = cases(&dir, "near_miss");
        if fires.is_empty() || near.is_empty() {
            missing.push(id.clone());
        }
        for case in fires.iter().chain(&near) {
            // One failing case must not hide the others: each is checked on its own and the
            // failures are reported together.
            let outcome = std::panic::catch_unwind(|| check_case(id, &rel, case));
            checked += 1;
            if let Err(panic) = outcome {
                let why = panic
                    .downcast_ref::<String>()
                    .cloned()
                    .or_else(|| panic.downcast_ref::<&str>().map(|s| s.to_string()))
                    .unwrap_or_else(|| "a snapshot differs (see above)".into());
                failed.push(format!("{id}/{case}: {why}"));
            }
        }
    }
    assert!(
        missing.is_empty(),
        "rules without fires*/near_miss* cases: {missing:?}"
    );
    assert!(
        failed.is_empty(),
        "{} of {checked} rule cases fail:\n{}",
        failed.len(),
        failed.join("\n\n")
    );
}
