//! `--format json`: the document described in the product contract.

use serde::Serialize;

use super::Report;
use crate::finding::Finding;
use crate::model::{Place, Span};

#[derive(Serialize)]
struct Document<'a> {
    version: u32,
    old: &'a str,
    new: &'a str,
    categories: &'a [&'static str],
    findings: Vec<JsonFinding<'a>>,
    /// Findings dropped by a suppression comment or a baseline entry (absent when none).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    suppressed: Vec<JsonSuppressed<'a>>,
    summary: Summary,
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

pub fn render(report: &Report) -> String {
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
        suppressed,
        summary: Summary {
            old_files: report.old_files,
            new_files: report.new_files,
            rules: report.rules.len(),
            findings: report.findings.len(),
        },
    };
    let mut out = serde_json::to_string_pretty(&doc).unwrap_or_default();
    out.push('\n');
    out
}

fn finding<'a>(report: &Report<'a>, f: &'a Finding) -> JsonFinding<'a> {
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
        fixes: fixes(f),
    }
}
