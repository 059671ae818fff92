//! Renderers: one module per output format, all over the same [`Report`].

pub mod buf;
mod error;
pub mod github;
pub mod gitlab;
pub mod human;
pub mod json;
pub mod junit;
pub mod markdown;
pub mod sarif;

use std::collections::HashMap;
use std::sync::Arc;

use crate::finding::Finding;
use crate::input::RepoPaths;
use crate::model::{Place, Span};
use crate::rules::categories::Version;
pub use error::Error;

/// `value` as pretty JSON with a final newline; a serializer failure is an error, never an
/// empty or placeholder document.
pub(crate) fn to_json<T: serde::Serialize>(
    format: &'static str,
    value: &T,
) -> Result<String, Error> {
    let mut out = serde_json::to_string_pretty(value).map_err(|e| Error::Render {
        format,
        message: e.to_string(),
    })?;
    out.push('\n');
    Ok(out)
}

/// An output format of a report (also the CLI's `--format` values: the doc lines are its help).
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Code frames and fix hints, for people.
    Human,
    /// One JSON document (the product contract's schema).
    Json,
    /// SARIF 2.1.0, for GitHub code scanning (`github/codeql-action/upload-sarif`).
    Sarif,
    /// GitHub Actions workflow commands: one `::error` annotation per finding.
    Github,
    /// JUnit XML: a test suite per file, a failing test case per finding.
    Junit,
    /// GitLab Code Quality JSON (`artifacts:reports:codequality`).
    Gitlab,
    /// The compatibility matrix and the findings as Markdown, for a pull-request comment.
    Markdown,
}

/// `report` in `format`; `color` applies to the human format.
pub fn render(report: &Report<'_>, format: Format, color: bool) -> Result<String, Error> {
    Ok(match format {
        Format::Json => json::render(report)?,
        Format::Sarif => sarif::render(report)?,
        Format::Github => github::render(report),
        Format::Junit => junit::render(report)?,
        Format::Gitlab => gitlab::render(report)?,
        Format::Markdown => markdown::render(report),
        Format::Human => human::render(report, &human::Style { color }),
    })
}

/// Everything a renderer may show about one diff.
pub struct Report<'a> {
    pub old_label: &'a str,
    pub new_label: &'a str,
    /// The rule table findings' categories are read from (the config's version).
    pub version: Version,
    /// The categories selected, by id.
    pub categories: Vec<&'static str>,
    /// Rule ids run.
    pub rules: Vec<&'static str>,
    pub findings: &'a [Finding],
    pub old_files: usize,
    pub new_files: usize,
    /// Source text of compared files, for code frames (empty for descriptor sets).
    pub old_sources: &'a HashMap<String, Arc<str>>,
    pub new_sources: &'a HashMap<String, Arc<str>>,
    /// How each side's file names map to repository paths: CI formats use those so that
    /// annotations land on repository files.
    pub old_paths: &'a RepoPaths,
    pub new_paths: &'a RepoPaths,
    /// Run-time effects: the matrix rows, `--require` and the releases checked.
    pub matrix: &'a crate::effects::matrix::Matrix,
    /// `diff --verify`: the payloads behind each finding (same order as `findings`), or empty.
    pub evidence: &'a [Option<crate::verify::evidence::Evidence>],
    /// Findings dropped by a suppression comment or a baseline entry, for the formats that
    /// list them (JSON `suppressed`, SARIF `suppressions`).
    pub suppressed: &'a [SuppressedFinding<'a>],
}

/// A finding that was not reported, and why.
pub struct SuppressedFinding<'a> {
    pub finding: &'a Finding,
    /// SARIF's suppression kind: `inSource` (a `protocheck:ignore` comment) or `external`
    /// (a baseline entry).
    pub kind: &'static str,
    pub reason: &'a str,
}

impl Report<'_> {
    /// The evidence `diff --verify` gathered for a finding.
    pub fn evidence_of(&self, f: &Finding) -> Option<&crate::verify::evidence::Evidence> {
        let i = self.index_of(f)?;
        self.evidence.get(i)?.as_ref()
    }

    /// Where a finding of `findings` stands in it, from its address: O(1), where a search
    /// made rendering quadratic in the number of findings.
    fn index_of(&self, f: &Finding) -> Option<usize> {
        let size = std::mem::size_of::<Finding>().max(1);
        let offset = (f as *const Finding as usize).checked_sub(self.findings.as_ptr() as usize)?;
        let i = offset / size;
        (offset % size == 0 && self.findings.get(i).is_some_and(|x| std::ptr::eq(x, f)))
            .then_some(i)
    }

    /// The labels of the OLD releases a finding applies to, when several were checked.
    pub fn releases_of(&self, f: &Finding) -> Option<Vec<&str>> {
        if self.matrix.releases.is_empty() {
            return None;
        }
        let i = self.index_of(f)?;
        let of = self.matrix.finding_releases.get(i)?;
        Some(
            of.iter()
                .filter_map(|&r| self.matrix.releases.get(r).map(|r| &*r.label))
                .collect(),
        )
    }

    /// Number of distinct files (NEW side, else OLD) that have findings.
    pub fn files_with_findings(&self) -> usize {
        let mut paths: Vec<&str> = self.findings.iter().filter_map(|f| f.path()).collect();
        paths.sort_unstable();
        paths.dedup();
        paths.len()
    }

    /// Where a finding is, for CI formats: NEW's place with its path relative to the
    /// repository, else OLD's (a deleted file). `None` when neither side has a place.
    pub fn ci_location<'f>(&self, f: &'f Finding) -> Option<CiLocation<'f>> {
        match (&f.new, &f.old) {
            (Some(p), _) => Some(CiLocation {
                path: self.new_paths.of(&p.path),
                span: p.span.as_ref(),
                in_old: false,
            }),
            (None, Some(p)) => Some(self.old_location(p)),
            (None, None) => None,
        }
    }

    /// OLD's place of a finding, with its path relative to the repository.
    pub fn old_location<'f>(&self, p: &'f Place) -> CiLocation<'f> {
        CiLocation {
            path: self.old_paths.of(&p.path),
            span: p.span.as_ref(),
            in_old: true,
        }
    }
}

/// A finding's place as CI formats show it.
pub struct CiLocation<'f> {
    /// Relative to the repository (the import root's prefix and the file's path).
    pub path: String,
    pub span: Option<&'f Span>,
    /// Whether this is a place in OLD (the finding has none in NEW).
    pub in_old: bool,
}

/// A fingerprint per finding that stays the same across unrelated edits: it hashes the rule,
/// the file and the message (which names the element), never line numbers. Identical
/// findings in one file get distinct fingerprints by their order.
pub fn fingerprints(report: &Report) -> Vec<String> {
    use sha2::{Digest, Sha256};
    let mut seen: HashMap<(String, &str, &str), usize> = HashMap::new();
    report
        .findings
        .iter()
        .map(|f| {
            let path = report.ci_location(f).map(|l| l.path).unwrap_or_default();
            let n = seen.entry((path.clone(), f.rule, &f.message)).or_insert(0);
            let mut h = Sha256::new();
            for part in [f.rule, &path, &f.message, &n.to_string()] {
                h.update(part.as_bytes());
                h.update([0]);
            }
            *n += 1;
            h.finalize()
                .iter()
                .take(16)
                .map(|b| format!("{b:02x}"))
                .collect()
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn place(path: &str, line: Option<u32>) -> Place {
        let path: Arc<str> = Arc::from(path);
        Place {
            span: line.map(|l| Span {
                path: path.clone(),
                start_line: l,
                start_col: 3,
                end_line: l,
                end_col: 9,
            }),
            path,
        }
    }

    /// Findings without a place in NEW (a deleted file) or anywhere, which no rule of this
    /// branch produces yet.
    fn findings() -> Vec<Finding> {
        vec![
            Finding {
                rule: "FILE_NO_DELETE",
                message: "Previously present file \"a/b.proto\" was deleted.".into(),
                new: None,
                old: Some(place("a/b.proto", None)),
                help: None,
                effects: crate::effects::Effects::CODE_ONLY,
                fixes: Vec::new(),
                element: None,
            },
            Finding {
                rule: "PACKAGE_NO_DELETE",
                message: "Previously present package \"x\" was deleted.".into(),
                new: None,
                old: None,
                help: None,
                effects: crate::effects::Effects::CODE_ONLY,
                fixes: Vec::new(),
                element: None,
            },
            Finding {
                rule: "FIELD_NO_DELETE",
                message: "a, b: 100% \"gone\"\nsecond line".into(),
                new: Some(place("a/c.proto", Some(4))),
                old: Some(place("a/c.proto", Some(6))),
                help: Some("reserve it".into()),
                effects: crate::effects::Effects::CODE_ONLY,
                fixes: Vec::new(),
                element: None,
            },
        ]
    }

    fn with_report<T>(f: impl FnOnce(&Report) -> T) -> T {
        let findings = findings();
        let sources = HashMap::new();
        let proto = RepoPaths {
            prefix: "proto/".into(),
            renamed: HashMap::new(),
        };
        let report = Report {
            version: Version::V2,
            old_label: "git:main:proto",
            new_label: "proto",
            categories: vec!["FILE"],
            rules: vec!["FIELD_NO_DELETE"],
            findings: &findings,
            old_files: 2,
            new_files: 1,
            old_sources: &sources,
            new_sources: &sources,
            old_paths: &proto,
            new_paths: &proto,
            matrix: &Default::default(),
            evidence: &[],
            suppressed: &[],
        };
        f(&report)
    }

    #[test]
    fn ci_formats_handle_findings_without_a_place_in_new() {
        let github = with_report(github::render);
        let lines: Vec<&str> = github.lines().collect();
        assert_eq!(
            lines[0],
            "::error file=proto/a/b.proto,title=FILE_NO_DELETE::Previously present file \
             \"a/b.proto\" was deleted.%0A(in the old version, git:main:proto)"
        );
        assert!(lines[1].starts_with("::error title=PACKAGE_NO_DELETE::"));
        assert_eq!(
            lines[2],
            "::error file=proto/a/c.proto,line=4,col=3,endLine=4,endColumn=9,\
             title=FIELD_NO_DELETE::a, b: 100%25 \"gone\"%0Asecond line%0AFix: reserve it"
        );

        let sarif: serde_json::Value =
            serde_json::from_str(&with_report(sarif::render).expect("renders"))
                .expect("SARIF is JSON");
        let results = &sarif["runs"][0]["results"];
        let deleted_file = &results[0]["locations"][0]["physicalLocation"];
        assert_eq!(deleted_file["artifactLocation"]["uri"], "proto/a/b.proto");
        assert!(deleted_file.get("region").is_none());
        assert!(results[0].get("relatedLocations").is_none());
        assert!(results[0].get("ruleIndex").is_none(), "not a rule that ran");
        assert_eq!(results[1]["locations"], serde_json::json!([]));
        assert_eq!(results[2]["ruleIndex"], 0);

        let gitlab: serde_json::Value =
            serde_json::from_str(&with_report(gitlab::render).expect("renders")).expect("JSON");
        assert_eq!(gitlab[0]["location"]["path"], "proto/a/b.proto");
        assert_eq!(gitlab[0]["location"]["lines"]["begin"], 1);
        assert_eq!(gitlab[1]["location"]["path"], "");

        let junit = with_report(junit::render).expect("renders");
        let parsed = quick_junit::Report::deserialize_from_str(&junit).expect("JUnit XML");
        assert_eq!(parsed.failures, 3);
        assert!(junit.contains("in the old version"), "{junit}");
    }

    /// A value whose serialization fails, as a broken serializer would.
    struct Unserializable;

    impl serde::Serialize for Unserializable {
        fn serialize<S: serde::Serializer>(&self, _: S) -> Result<S::Ok, S::Error> {
            Err(serde::ser::Error::custom("no way"))
        }
    }

    #[test]
    fn a_serializer_failure_is_an_error_not_an_empty_document() {
        match to_json("GitLab Code Quality", &Unserializable) {
            Err(Error::Render { format, message }) => {
                assert_eq!(format, "GitLab Code Quality");
                assert!(message.contains("no way"), "{message}");
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn identical_findings_get_distinct_fingerprints() {
        let mut list = findings();
        list.push(list[2].clone());
        let sources = HashMap::new();
        let report = Report {
            version: Version::V2,
            old_label: "a",
            new_label: "b",
            categories: vec![],
            rules: vec![],
            findings: &list,
            old_files: 0,
            new_files: 0,
            old_sources: &sources,
            new_sources: &sources,
            old_paths: &RepoPaths::default(),
            new_paths: &RepoPaths::default(),
            matrix: &Default::default(),
            evidence: &[],
            suppressed: &[],
        };
        let fps = fingerprints(&report);
        assert_eq!(fps.len(), 4);
        assert_ne!(fps[2], fps[3]);
        assert!(fps.iter().all(|f| f.len() == 32));
    }
}
