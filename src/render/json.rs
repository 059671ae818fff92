//! `--format json`: the document described in the product contract.

use crate::error::Error;
use serde::Serialize;

use super::Report;
use crate::model::{Place, Span};

#[derive(Serialize)]
struct Document<'a> {
    version: u32,
    old: &'a str,
    new: &'a str,
    categories: &'a [&'static str],
    findings: Vec<JsonFinding<'a>>,
    summary: Summary,
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

pub fn render(report: &Report) -> Result<String, Error> {
    let findings = report
        .findings
        .iter()
        .map(|f| {
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
            }
        })
        .collect();
    let doc = Document {
        version: 1,
        old: report.old_label,
        new: report.new_label,
        categories: &report.categories,
        findings,
        summary: Summary {
            old_files: report.old_files,
            new_files: report.new_files,
            rules: report.rules.len(),
            findings: report.findings.len(),
        },
    };
    super::to_json("JSON", &doc)
}
