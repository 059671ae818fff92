//! Renderers: one module per output format, all over the same [`Report`].

pub mod human;
pub mod json;

use std::collections::HashMap;
use std::sync::Arc;

use crate::finding::Finding;
use crate::rules::categories::Version;

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
}

impl Report<'_> {
    /// Number of distinct files (NEW side, else OLD) that have findings.
    pub fn files_with_findings(&self) -> usize {
        let mut paths: Vec<&str> = self.findings.iter().filter_map(|f| f.path()).collect();
        paths.sort_unstable();
        paths.dedup();
        paths.len()
    }
}
