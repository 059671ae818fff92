//! `--format json`: the document described in the product contract.

use crate::render::Error;
use serde::Serialize;

use super::Report;
use crate::effects::Effects;
use crate::finding::Finding;
use crate::model::{Place, Span};

#[derive(Serialize)]
struct Document<'a> {
    version: u32,
    old: &'a str,
    new: &'a str,
    categories: &'a [&'static str],
    findings: Vec<JsonFinding<'a>>,
    /// The matrix: findings grouped into changes, plus additions, with a rollout each.
    changes: Vec<JsonChange<'a>>,
    /// The OLD releases, oldest first, when several were checked.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    releases: Vec<JsonRelease<'a>>,
    /// `--require`, when given.
    #[serde(skip_serializing_if = "Option::is_none")]
    require: Option<JsonRequire>,
    /// Findings dropped by a suppression comment or a baseline entry (absent when none).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    suppressed: Vec<JsonSuppressed<'a>>,
    summary: Summary,
}

#[derive(Serialize)]
struct JsonChange<'a> {
    title: &'a str,
    location: &'a str,
    rules: &'a [&'static str],
    effects: Effects,
    rollout: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    releases: Option<Vec<&'a str>>,
}

#[derive(Serialize)]
struct JsonRelease<'a> {
    old: &'a str,
    backward: bool,
    forward: bool,
}

#[derive(Serialize)]
struct JsonRequire {
    directions: Vec<&'static str>,
    encodings: Vec<&'static str>,
    allow_dropped: bool,
    passed: bool,
}

#[derive(Serialize)]
struct JsonSuppressed<'a> {
    #[serde(flatten)]
    finding: JsonFinding<'a>,
    /// `comment` (a `protocheck:ignore` comment) or `baseline`.
    suppressed_by: &'static str,
    reason: &'a str,
}

#[derive(Serialize)]
struct JsonFix<'a> {
    description: &'a str,
    edits: Vec<JsonEdit<'a>>,
}

#[derive(Serialize)]
struct JsonEdit<'a> {
    path: &'a str,
    start_line: u32,
    start_column: u32,
    end_line: u32,
    end_column: u32,
    new_text: &'a str,
}

#[derive(Serialize)]
struct Summary {
    old_files: usize,
    new_files: usize,
    rules: usize,
    findings: usize,
}

#[derive(Serialize)]
struct JsonFinding<'a> {
    rule: &'static str,
    categories: Vec<&'static str>,
    severity: &'static str,
    path: Option<&'a str>,
    start_line: Option<u32>,
    start_column: Option<u32>,
    end_line: Option<u32>,
    end_column: Option<u32>,
    message: &'a str,
    help: Option<&'a str>,
    old: Option<JsonPlace<'a>>,
    effects: Effects,
    /// The OLD releases it applies to, when several were checked.
    #[serde(skip_serializing_if = "Option::is_none")]
    releases: Option<Vec<&'a str>>,
    /// `--verify`: the payloads behind it.
    #[serde(skip_serializing_if = "Option::is_none")]
    evidence: Option<&'a crate::verify::evidence::Evidence>,
    /// Mechanical fixes as text edits of NEW (absent when none).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    fixes: Vec<JsonFix<'a>>,
}

#[derive(Serialize)]
struct JsonPlace<'a> {
    path: &'a str,
    start_line: Option<u32>,
    start_column: Option<u32>,
    end_line: Option<u32>,
    end_column: Option<u32>,
}

fn lines(span: Option<&Span>) -> [Option<u32>; 4] {
    match span {
        Some(s) => [
            Some(s.start_line),
            Some(s.start_col),
            Some(s.end_line),
            Some(s.end_col),
        ],
        None => [None; 4],
    }
}

fn place(p: &Place) -> JsonPlace<'_> {
    let [start_line, start_column, end_line, end_column] = lines(p.span.as_ref());
    JsonPlace {
        path: &p.path,
        start_line,
        start_column,
        end_line,
        end_column,
    }
}

fn fixes(f: &Finding) -> Vec<JsonFix<'_>> {
    f.fixes
        .iter()
        .map(|x| JsonFix {
            description: &x.description,
            edits: x
                .edits
                .iter()
                .map(|e| JsonEdit {
                    path: &e.path,
                    start_line: e.start_line,
                    start_column: e.start_col,
                    end_line: e.end_line,
                    end_column: e.end_col,
                    new_text: &e.new_text,
                })
                .collect(),
        })
        .collect()
}

pub fn render(report: &Report) -> Result<String, Error> {
    let findings = report.findings.iter().map(|f| finding(report, f)).collect();
    let suppressed = report
        .suppressed
        .iter()
        .map(|s| JsonSuppressed {
            finding: finding(report, s.finding),
            suppressed_by: if s.kind == "inSource" {
                "comment"
            } else {
                "baseline"
            },
            reason: s.reason,
        })
        .collect();
    let doc = Document {
        version: 1,
        old: report.old_label,
        new: report.new_label,
        categories: &report.categories,
        findings,
        changes: changes(report),
        releases: report
            .matrix
            .releases
            .iter()
            .map(|r| JsonRelease {
                old: &r.label,
                backward: r.backward,
                forward: r.forward,
            })
            .collect(),
        require: report.matrix.require.as_ref().map(|r| JsonRequire {
            directions: r.directions.iter().map(|d| d.id()).collect(),
            encodings: r.encodings.iter().map(|e| e.id()).collect(),
            allow_dropped: r.allow_dropped,
            passed: report.matrix.failing().is_empty(),
        }),
        suppressed,
        summary: Summary {
            old_files: report.old_files,
            new_files: report.new_files,
            rules: report.rules.len(),
            findings: report.findings.len(),
        },
    };
    super::to_json("JSON", &doc)
}

fn changes<'a>(report: &Report<'a>) -> Vec<JsonChange<'a>> {
    let m = report.matrix;
    m.changes
        .iter()
        .map(|c| JsonChange {
            title: &c.title,
            location: &c.location,
            rules: &c.rules,
            effects: c.effects,
            rollout: c.rollout.text(),
            releases: (!m.releases.is_empty()).then(|| {
                c.releases
                    .iter()
                    .filter_map(|&r| m.releases.get(r).map(|r| &*r.label))
                    .collect()
            }),
        })
        .collect()
}

fn finding<'a>(report: &'a Report<'a>, f: &'a Finding) -> JsonFinding<'a> {
    let [start_line, start_column, end_line, end_column] =
        lines(f.new.as_ref().and_then(|p| p.span.as_ref()));
    JsonFinding {
        rule: f.rule,
        categories: report
            .version
            .categories_of(f.rule)
            .iter()
            .map(|c| c.id())
            .collect(),
        severity: "error",
        path: f.path(),
        start_line,
        start_column,
        end_line,
        end_column,
        message: &f.message,
        help: f.help.as_deref(),
        old: f.old.as_ref().map(place),
        effects: f.effects,
        releases: report.releases_of(f),
        evidence: report.evidence_of(f),
        fixes: fixes(f),
    }
}
