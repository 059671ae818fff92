//! The meeting contracts' evolution: every step in `testdata/evolution/<dir>/{old,new}` must get
//! exactly the rule ids `testdata/evolution/expected.toml` lists, in every category, and the
//! README's "Evolving the meeting contracts" table must be that file rendered.

mod common;

use std::collections::BTreeSet;

use common::{json, protocheck, root};
use serde::Deserialize;

const CATEGORIES: [&str; 4] = ["FILE", "PACKAGE", "WIRE_JSON", "WIRE"];
const EXPECTED: &str = "testdata/evolution/expected.toml";

#[derive(Deserialize)]
struct Expected {
    step: Vec<Step>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Step {
    dir: String,
    change: String,
    #[serde(rename = "FILE")]
    file: Vec<String>,
    #[serde(rename = "PACKAGE")]
    package: Vec<String>,
    #[serde(rename = "WIRE_JSON")]
    wire_json: Vec<String>,
    #[serde(rename = "WIRE")]
    wire: Vec<String>,
}

impl Step {
    fn expected(&self, category: &str) -> &[String] {
        match category {
            "FILE" => &self.file,
            "PACKAGE" => &self.package,
            "WIRE_JSON" => &self.wire_json,
            _ => &self.wire,
        }
    }
}

fn load() -> Expected {
    let text = std::fs::read_to_string(root().join(EXPECTED)).expect("expected.toml is readable");
    toml::from_str(&text).unwrap_or_else(|e| panic!("{EXPECTED}: {e}"))
}

#[test]
fn every_step_gets_the_expected_rule_ids_in_every_category() {
    let expected = load();
    let mut wrong = Vec::new();
    for step in &expected.step {
        let old = format!("testdata/evolution/{}/old", step.dir);
        let new = format!("testdata/evolution/{}/new", step.dir);
        for category in CATEGORIES {
            let run = protocheck([
                "diff",
                &old,
                &new,
                "--category",
                category,
                "--format",
                "json",
            ]);
            let doc = json(&run);
            let mut got: Vec<String> = doc["findings"]
                .as_array()
                .expect("findings")
                .iter()
                .map(|f| f["rule"].as_str().expect("rule id").to_owned())
                .collect();
            got.sort();
            let mut want = step.expected(category).to_vec();
            want.sort();
            let want_code = if want.is_empty() { 0 } else { 1 };
            if got != want || run.code != want_code {
                wrong.push(format!(
                    "{} {category}: expected {want:?} (exit {want_code}), got {got:?} (exit {})",
                    step.dir, run.code
                ));
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "{} of {} verdicts differ:\n{}",
        wrong.len(),
        expected.step.len() * CATEGORIES.len(),
        wrong.join("\n")
    );
}

#[test]
fn every_step_directory_is_listed_once() {
    let listed: Vec<String> = load().step.into_iter().map(|s| s.dir).collect();
    let unique: BTreeSet<&String> = listed.iter().collect();
    assert_eq!(unique.len(), listed.len(), "a step is listed twice");
    let on_disk: BTreeSet<String> = std::fs::read_dir(root().join("testdata/evolution"))
        .expect("testdata/evolution")
        .filter_map(|e| e.ok())
        .filter(|e| e.path().is_dir())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(
        on_disk,
        unique.into_iter().cloned().collect::<BTreeSet<_>>(),
        "directories in testdata/evolution vs steps in {EXPECTED}"
    );
    for dir in &on_disk {
        for side in ["old", "new"] {
            let path = root().join("testdata/evolution").join(dir).join(side);
            assert!(path.is_dir(), "{} is missing", path.display());
        }
    }
}

/// The README table, rendered from expected.toml.
fn table(expected: &Expected) -> String {
    let mut out = String::from(
        "| change | `protocheck diff` OLD NEW | FILE | PACKAGE | WIRE_JSON | WIRE |\n\
         | --- | --- | --- | --- | --- | --- |\n",
    );
    for step in &expected.step {
        let verdicts: Vec<String> = CATEGORIES
            .iter()
            .map(|c| verdict(step.expected(c)))
            .collect();
        out.push_str(&format!(
            "| {} | `testdata/evolution/{}/{{old,new}}` | {} |\n",
            step.change,
            step.dir,
            verdicts.join(" | ")
        ));
    }
    out
}

/// "compatible", or the rule ids, one per line, with a count where a rule fires more than once.
fn verdict(rules: &[String]) -> String {
    if rules.is_empty() {
        return "compatible".into();
    }
    let mut sorted = rules.to_vec();
    sorted.sort();
    let mut parts: Vec<String> = Vec::new();
    let mut i = 0;
    while i < sorted.len() {
        let n = sorted[i..].iter().take_while(|r| **r == sorted[i]).count();
        parts.push(if n == 1 {
            format!("`{}`", sorted[i])
        } else {
            format!("`{}` ×{n}", sorted[i])
        });
        i += n;
    }
    parts.join("<br>")
}

#[test]
fn readme_table_is_expected_toml_rendered() {
    let readme = std::fs::read_to_string(root().join("README.md")).expect("README.md");
    let table = table(&load());
    assert!(
        readme.contains(&table),
        "README.md's \"Evolving the meeting contracts\" table differs from {EXPECTED}; \
         it should read:\n\n{table}"
    );
}
