//! `--format gitlab`: a GitLab Code Quality report (`artifacts:reports:codequality`), a JSON
//! array with one issue per finding. The fingerprint hashes the rule, the file and the message
//! (never a line number), so an unrelated edit that moves the element keeps the same issue.

use crate::render::Error;
use serde::Serialize;

use super::{fingerprints, Report};

#[derive(Serialize)]
struct Issue<'a> {
    #[serde(rename = "type")]
    kind: &'static str,
    check_name: &'static str,
    description: String,
    categories: [&'static str; 1],
    fingerprint: String,
    severity: &'static str,
    location: Location,
    #[serde(skip_serializing_if = "Option::is_none")]
    content: Option<Content<'a>>,
}

#[derive(Serialize)]
struct Location {
    path: String,
    lines: Lines,
}

#[derive(Serialize)]
struct Lines {
    begin: u32,
    end: u32,
}

#[derive(Serialize)]
struct Content<'a> {
    body: &'a str,
}

pub fn render(report: &Report) -> Result<String, Error> {
    let issues: Vec<Issue> = report
        .findings
        .iter()
        .zip(fingerprints(report))
        .map(|(f, fingerprint)| {
            let loc = report.ci_location(f);
            // GitLab needs a line: a finding with no line (a deleted file) is put on line 1.
            let (begin, end) = loc
                .as_ref()
                .and_then(|l| l.span)
                .map_or((1, 1), |s| (s.start_line, s.end_line));
            let mut description = format!("{}: {}", f.rule, f.message);
            if f.new.is_none() {
                description.push_str(&format!(" (in the old version, {})", report.old_label));
            }
            Issue {
                kind: "issue",
                check_name: f.rule,
                description,
                categories: ["Compatibility"],
                fingerprint,
                severity: "major",
                location: Location {
                    path: loc.map(|l| l.path).unwrap_or_default(),
                    lines: Lines { begin, end },
                },
                content: f.help.as_deref().map(|body| Content { body }),
            }
        })
        .collect();
    super::to_json("GitLab Code Quality", &issues)
}
