//! `--format junit`: JUnit XML for CI dashboards. One test suite per file; each finding is a
//! failing test case (named by rule and message, its failure typed by the rule id); a compared
//! file without findings holds one passing case, so dashboards count what was checked.

use crate::render::Error;
use std::collections::BTreeMap;

use quick_junit::{NonSuccessKind, Report as JunitReport, TestCase, TestCaseStatus, TestSuite};

use super::Report;

/// The name of the passing case of a file without findings.
const PASSED: &str = "no breaking changes";

pub fn render(report: &Report) -> Result<String, Error> {
    let mut suites: BTreeMap<String, Vec<TestCase>> = BTreeMap::new();
    for path in report.new_sources.keys() {
        suites.entry(report.new_paths.of(path)).or_default();
    }
    for f in report.findings {
        let loc = report.ci_location(f);
        let path = loc.as_ref().map(|l| l.path.clone()).unwrap_or_default();
        let mut status = TestCaseStatus::non_success(NonSuccessKind::Failure);
        status.set_type(f.rule).set_message(f.message.clone());
        let mut body = Vec::new();
        match loc.as_ref() {
            Some(l) => body.push(format!(
                "at {}{}{}",
                l.path,
                l.span
                    .map(|s| format!(":{}:{}", s.start_line, s.start_col))
                    .unwrap_or_default(),
                if l.in_old {
                    " (in the old version)"
                } else {
                    ""
                }
            )),
            None => body.push("no place in either version".to_owned()),
        }
        if let (Some(old), Some(_)) = (&f.old, &f.new) {
            let l = report.old_location(old);
            body.push(format!(
                "was at {}{} in the old version",
                l.path,
                l.span
                    .map(|s| format!(":{}:{}", s.start_line, s.start_col))
                    .unwrap_or_default()
            ));
        }
        if let Some(help) = &f.help {
            body.push(format!("fix: {help}"));
        }
        body.push(format!(
            "`protocheck explain {}` tells why it breaks",
            f.rule
        ));
        status.set_description(body.join("\n"));
        let mut case = TestCase::new(format!("{}: {}", f.rule, f.message), status);
        case.set_classname(path.clone());
        suites.entry(path).or_default().push(case);
    }

    let mut junit = JunitReport::new("protocheck");
    if suites.is_empty() {
        suites.insert("protocheck".to_owned(), Vec::new());
    }
    for (path, mut cases) in suites {
        if cases.is_empty() {
            let mut case = TestCase::new(PASSED, TestCaseStatus::success());
            case.set_classname(path.clone());
            cases.push(case);
        }
        let mut suite = TestSuite::new(path);
        suite.add_test_cases(cases);
        junit.add_test_suite(suite);
    }
    let mut out = junit.to_string().map_err(|e| Error::Render {
        format: "JUnit",
        message: e.to_string(),
    })?;
    if !out.ends_with('\n') {
        out.push('\n');
    }
    Ok(out)
}
