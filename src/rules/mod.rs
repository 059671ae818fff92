//! The rules. Each rule is a [`Rule`] value in its own module: id, docs (what it checks,
//! why it breaks, how to fix, an example) and a check over paired elements. Category
//! membership lives in [`categories`], per config version, not inside the rules.
//!
//! Families: [`deletion`] (things that must not disappear), [`field`] (a field's shape),
//! [`types`] (messages, enums, services), [`file`] (file-level statements and options),
//! [`policy`] (protocheck's own team-contract rules, the POLICY category).

pub mod categories;
pub mod deletion;
pub mod field;
pub mod file;
pub mod policy;
pub mod quote;
pub mod types;

use crate::finding::Finding;
use crate::model::Place;
use crate::pair::Diff;
pub use categories::Category;

/// A before/after pair of `.proto` snippets that the rule reports.
#[derive(Debug, Clone, Copy)]
pub struct Example {
    pub old: &'static str,
    pub new: &'static str,
}

/// One breaking-change rule.
#[derive(Debug)]
pub struct Rule {
    /// buf's id where the meaning is the same.
    pub id: &'static str,
    /// One line: what the rule catches.
    pub summary: &'static str,
    /// What exactly is compared, and how elements are paired.
    pub what: &'static str,
    /// Why the change breaks clients or data.
    pub why: &'static str,
    /// How to make the change safely.
    pub fix: &'static str,
    pub example: Example,
    pub check: fn(&Diff, &mut Sink),
}

impl Rule {
    /// Categories in buf's v2 rule set.
    pub fn categories(&self) -> &'static [Category] {
        categories::v2(self.id)
    }

    /// What the rule's findings do at run time, with the reasoning.
    pub fn effects(&self) -> crate::effects::rules::RuleEffects {
        crate::effects::rules::of(self.id).unwrap_or(crate::effects::rules::RuleEffects {
            worst: crate::effects::Effects::CODE_ONLY,
            per_change: false,
            explain: "",
        })
    }

    /// A rule is a default exactly when it is in FILE.
    pub fn is_default(&self) -> bool {
        self.categories().contains(&Category::File)
    }
}

/// Every rule, in registry order (families in turn).
pub fn all() -> impl Iterator<Item = &'static Rule> {
    deletion::RULES
        .iter()
        .chain(field::RULES)
        .chain(types::RULES)
        .chain(file::RULES)
        .chain(policy::RULES)
        .copied()
}

pub fn find(id: &str) -> Option<&'static Rule> {
    all().find(|r| r.id == id)
}

/// Where a rule puts what it finds; stamps the rule id on each finding.
pub struct Sink {
    rule: &'static str,
    findings: Vec<Finding>,
}

impl Sink {
    pub fn new(rule: &'static str) -> Self {
        Sink {
            rule,
            findings: Vec::new(),
        }
    }

    /// Records a finding and returns it, so the caller can attach a fix hint.
    pub fn report(
        &mut self,
        message: impl Into<String>,
        new: Option<Place>,
        old: Option<Place>,
    ) -> &mut Finding {
        self.findings.push(Finding {
            rule: self.rule,
            message: message.into(),
            new,
            old,
            help: None,
            effects: crate::effects::rules::of(self.rule)
                .map_or(crate::effects::Effects::CODE_ONLY, |e| e.worst),
            fixes: Vec::new(),
            element: None,
        });
        let last = self.findings.len() - 1;
        &mut self.findings[last]
    }

    pub fn into_findings(self) -> Vec<Finding> {
        self.findings
    }
}

/// Runs `rules` over the pair and returns their findings in output order.
pub fn run(diff: &Diff, rules: &[&'static Rule]) -> Vec<Finding> {
    // The rules are independent: on a large diff they run on several threads.
    let threads = crate::parallel::threads_for(diff.new.files.len().max(diff.old.files.len()));
    let found = crate::parallel::map(rules, threads, |rule| {
        let mut sink = Sink::new(rule.id);
        (rule.check)(diff, &mut sink);
        sink.into_findings()
    });
    let mut out = found.concat();
    crate::finding::sort_and_dedup(&mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_rule_is_in_the_v2_table_and_every_v2_rule_exists() {
        let ids: Vec<&str> = all().map(|r| r.id).collect();
        for id in &ids {
            assert!(!categories::v2(id).is_empty(), "{id} has no v2 categories");
        }
        for (id, _) in categories::V2 {
            assert!(ids.contains(id), "v2 rule {id} is not implemented");
        }
        let mut sorted = ids.clone();
        sorted.sort();
        sorted.dedup();
        assert_eq!(sorted.len(), ids.len(), "duplicate rule ids");
    }

    #[test]
    fn every_rule_is_documented() {
        for r in all() {
            for (what, text) in [
                ("summary", r.summary),
                ("what", r.what),
                ("why", r.why),
                ("fix", r.fix),
                ("example.old", r.example.old),
                ("example.new", r.example.new),
            ] {
                assert!(!text.trim().is_empty(), "{}: empty {what}", r.id);
            }
        }
    }
}
