//! Renderers: one module per output format, all over the same [`Report`].

pub mod github;
pub mod gitlab;
pub mod human;
pub mod json;
pub mod junit;
pub mod sarif;

use std::collections::HashMap;
use std::sync::Arc;

use crate::finding::Finding;
use crate::model::{Place, Span};

/// Everything a renderer may show about one diff.
pub struct Report<'a> {
    pub old_label: &'a str,
    pub new_label: &'a str,
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
    /// Where each side's import root lies in the repository (`proto/`, or empty): CI formats
    /// put it before paths so that annotations land on repository files.
    pub old_prefix: &'a str,
    pub new_prefix: &'a str,
}

impl Report<'_> {
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
                path: format!("{}{}", self.new_prefix, p.path),
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
            path: format!("{}{}", self.old_prefix, p.path),
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
