//! `--format sarif`: SARIF 2.1.0 for GitHub code scanning (`github/codeql-action/upload-sarif`).
//!
//! One run. `tool.driver.rules` describes the rules that ran, from the rule registry (id,
//! summary, what/why/fix, example, categories as tags). Each result points at the finding's
//! place in NEW (else the OLD file, for a deleted file) and carries OLD's place as a related
//! location. Paths are relative to the repository (see [`Report::ci_location`]); columns are
//! 1-based with the end column exclusive, as SARIF counts them.

use crate::render::Error;
use crate::rules::categories::Version;
use std::collections::BTreeMap;

use serde_sarif::sarif::{
    ArtifactChange, ArtifactContent, Fix as SarifFix, Replacement, Suppression,
};
use serde_sarif::sarif::{
    ArtifactLocation, Location, Message, MultiformatMessageString, PhysicalLocation, PropertyBag,
    Region, ReportingConfiguration, ReportingDescriptor, Result as SarifResult, ResultLevel, Run,
    Sarif, Tool, ToolComponent,
};

use super::{fingerprints, CiLocation, Report};
use crate::finding::Finding;
use crate::fix::Fix;
use crate::rules::{self, Rule};

/// The `$schema` written into the log, as GitHub's own tools write it.
pub const SCHEMA_URI: &str = "https://json.schemastore.org/sarif-2.1.0.json";

/// The key of protocheck's entry in `partialFingerprints`.
pub const FINGERPRINT_KEY: &str = "protocheck/v1";

pub fn render(report: &Report) -> Result<String, Error> {
    let rules_run: Vec<&'static Rule> = report
        .rules
        .iter()
        .filter_map(|id| rules::find(id))
        .collect();
    let descriptors: Vec<ReportingDescriptor> = rules_run
        .iter()
        .map(|r| descriptor(r, report.version))
        .collect();
    let fingerprints = fingerprints(report);
    let result_of = |f: &Finding, fingerprint: String| {
        let mut text = f.message.clone();
        if let Some(help) = &f.help {
            text.push_str("\nFix: ");
            text.push_str(help);
        }
        let mut related = Vec::new();
        if let (Some(old), Some(_)) = (&f.old, &f.new) {
            related.push(location(
                &report.old_location(old),
                Some(1),
                Some(format!(
                    "the element in the old version ({})",
                    report.old_label
                )),
            ));
        }
        let mut result = SarifResult::builder()
            .rule_id(f.rule)
            .level(ResultLevel::Error)
            .message(Message::builder().text(text).build())
            .locations(
                report
                    .ci_location(f)
                    .map(|l| {
                        let note = l.in_old.then(|| {
                            format!(
                                "in the old version ({}): the new version has no place for it",
                                report.old_label
                            )
                        });
                        vec![location(&l, None, note)]
                    })
                    .unwrap_or_default(),
            )
            .partial_fingerprints(BTreeMap::from([(FINGERPRINT_KEY.to_owned(), fingerprint)]))
            .build();
        if let Some(i) = rules_run.iter().position(|r| r.id == f.rule) {
            result.rule_index = i64::try_from(i).ok();
        }
        if !related.is_empty() {
            result.related_locations = Some(related);
        }
        if !f.fixes.is_empty() {
            result.fixes = Some(f.fixes.iter().map(|x| fix(report, x)).collect());
        }
        let mut props = BTreeMap::from([(
            "effects".to_owned(),
            serde_json::to_value(f.effects).unwrap_or_default(),
        )]);
        if let Some(releases) = report.releases_of(f) {
            props.insert("releases".to_owned(), serde_json::json!(releases));
        }
        if let Some(e) = report.evidence_of(f) {
            props.insert(
                "evidence".to_owned(),
                serde_json::to_value(e).unwrap_or_default(),
            );
        }
        result.properties = Some(PropertyBag::builder().additional_properties(props).build());
        result
    };
    let mut results: Vec<SarifResult> = report
        .findings
        .iter()
        .zip(fingerprints)
        .map(|(f, fingerprint)| result_of(f, fingerprint))
        .collect();
    // Suppressed findings are listed with their suppression, as SARIF viewers expect.
    for s in report.suppressed {
        let fingerprint = format!(
            "suppressed:{}:{}",
            s.finding.rule,
            s.finding.element.as_deref().unwrap_or("")
        );
        let mut result = result_of(s.finding, fingerprint);
        let mut suppression = Suppression::builder()
            .kind(serde_json::json!(s.kind))
            .build();
        suppression.justification = Some(s.reason.to_owned());
        result.suppressions = Some(vec![suppression]);
        results.push(result);
    }

    let driver = ToolComponent::builder()
        .name("protocheck")
        .version(env!("CARGO_PKG_VERSION"))
        .semantic_version(env!("CARGO_PKG_VERSION"))
        .rules(descriptors)
        .build();
    let run = Run::builder()
        .tool(Tool::builder().driver(driver).build())
        .results(results)
        .column_kind(serde_json::json!("unicodeCodePoints"))
        .build();
    let log = Sarif::builder()
        .schema(SCHEMA_URI)
        .version(serde_json::json!("2.1.0"))
        .runs(vec![run])
        .build();
    super::to_json("SARIF", &log)
}

/// A rule's metadata; its categories are those of the config's version, as in JSON.
fn descriptor(rule: &Rule, version: Version) -> ReportingDescriptor {
    let categories: Vec<String> = version
        .categories_of(rule.id)
        .iter()
        .map(|c| c.id().to_owned())
        .collect();
    let effects = rule.effects();
    let help_text = format!(
        "{}\n\nWhy it breaks: {}\n\nAt run time: {}\n\nHow to fix: {}\n\nExample, before:\n{}\n\n\
         after:\n{}\n\n`protocheck explain {}` prints this again.",
        rule.what, rule.why, effects.explain, rule.fix, rule.example.old, rule.example.new, rule.id
    );
    let help_markdown = format!(
        "{}\n\n**Why it breaks.** {}\n\n**At run time.** {}\n\n**How to fix.** {}\n\n\
         **Example.** Before:\n\n```proto\n{}\n```\n\nAfter (reported):\n\n```proto\n{}\n```\n",
        rule.what, rule.why, effects.explain, rule.fix, rule.example.old, rule.example.new
    );
    let mut tags = vec!["protobuf".to_owned(), "breaking-change".to_owned()];
    tags.extend(categories.iter().cloned());
    ReportingDescriptor::builder()
        .id(rule.id)
        .name(pascal_case(rule.id))
        .short_description(
            MultiformatMessageString::builder()
                .text(rule.summary)
                .build(),
        )
        .full_description(MultiformatMessageString::builder().text(rule.what).build())
        .help(
            MultiformatMessageString::builder()
                .text(help_text)
                .markdown(help_markdown)
                .build(),
        )
        .default_configuration(
            ReportingConfiguration::builder()
                .level(serde_json::json!("error"))
                .build(),
        )
        .properties(
            PropertyBag::builder()
                .tags(tags)
                .additional_properties(BTreeMap::from([
                    ("categories".to_owned(), serde_json::json!(categories)),
                    (
                        "effects".to_owned(),
                        serde_json::json!({
                            "worst": effects.worst,
                            "per_change": effects.per_change,
                            "explanation": effects.explain,
                        }),
                    ),
                ]))
                .build(),
        )
        .build()
}

fn location(l: &CiLocation, id: Option<i64>, note: Option<String>) -> Location {
    let artifact = ArtifactLocation::builder().uri(l.path.clone()).build();
    let mut physical = PhysicalLocation::builder()
        .artifact_location(artifact)
        .build();
    if let Some(s) = l.span {
        physical.region = Some(
            Region::builder()
                .start_line(i64::from(s.start_line))
                .start_column(i64::from(s.start_col))
                .end_line(i64::from(s.end_line))
                .end_column(i64::from(s.end_col))
                .build(),
        );
    }
    let mut loc = Location::builder().physical_location(physical).build();
    loc.id = id;
    loc.message = note.map(|n| Message::builder().text(n).build());
    loc
}

/// A fix as SARIF writes it: one artifact change per edit, paths relative to the repository.
fn fix(report: &Report, x: &Fix) -> SarifFix {
    let changes = x
        .edits
        .iter()
        .map(|e| {
            let region = Region::builder()
                .start_line(i64::from(e.start_line))
                .start_column(i64::from(e.start_col))
                .end_line(i64::from(e.end_line))
                .end_column(i64::from(e.end_col))
                .build();
            let mut replacement = Replacement::builder().deleted_region(region).build();
            replacement.inserted_content =
                Some(ArtifactContent::builder().text(e.new_text.clone()).build());
            ArtifactChange::builder()
                .artifact_location(
                    ArtifactLocation::builder()
                        .uri(report.new_paths.of(&e.path))
                        .build(),
                )
                .replacements(vec![replacement])
                .build()
        })
        .collect::<Vec<_>>();
    let mut out = SarifFix::builder().artifact_changes(changes).build();
    out.description = Some(Message::builder().text(x.description.clone()).build());
    out
}

/// `FIELD_NO_DELETE` → `FieldNoDelete` (SARIF's `name` is meant to be an identifier).
fn pascal_case(id: &str) -> String {
    id.split('_')
        .map(|w| {
            let mut cs = w.chars();
            match cs.next() {
                Some(c) => c.to_ascii_uppercase().to_string() + &cs.as_str().to_ascii_lowercase(),
                None => String::new(),
            }
        })
        .collect()
}
