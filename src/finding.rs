//! What a rule reports.

use crate::effects::Effects;
use crate::fix::Fix;
use crate::model::Place;

/// One breaking change. The order (`Ord`) is derived from every field, so that sorting and
/// removing duplicates ([`sort_and_dedup`]) sees every field, fields added later included.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Finding {
    /// The rule id (buf's id where the meaning is the same).
    pub rule: &'static str,
    pub message: String,
    /// Where it is reported in NEW; `None` when NEW has no place for it (a deleted file or
    /// package). A `Place` with no span means "this file, no line".
    pub new: Option<Place>,
    /// The element in OLD, where there is one.
    pub old: Option<Place>,
    /// A one-line fix, where one exists.
    pub help: Option<String>,
    /// What the change does at run time, per direction and encoding: the rule's worst case,
    /// or what the rule decided from the concrete change (see `effects::change`).
    pub effects: Effects,
    /// Mechanical fixes as text edits of NEW (filled after the rules ran, see [`crate::fix`]).
    pub fixes: Vec<Fix>,
    /// The full name of the element the finding is about (filled after the rules ran, see
    /// [`crate::baseline::element_of`]); a baseline's stable fingerprint is rule + element.
    pub element: Option<String>,
}

impl Finding {
    /// The file a reader should look at: NEW's if there is one, else OLD's.
    pub fn path(&self) -> Option<&str> {
        self.new.as_ref().or(self.old.as_ref()).map(|p| &*p.path)
    }

    /// Order of output: by file, then position, then rule, then message.
    pub fn sort_key(&self) -> impl Ord + '_ {
        let span = self.new.as_ref().and_then(|p| p.span.as_ref());
        (
            self.path().unwrap_or(""),
            span.map(|s| (s.start_line, s.start_col, s.end_line, s.end_col)),
            self.rule,
            &self.message,
        )
    }
}

/// Puts findings in output order ([`Finding::sort_key`], then every other field) and drops
/// exact duplicates. Ordering by every field makes equal findings adjacent, which `dedup`
/// needs: two copies split by a finding with the same key but another fix hint are merged.
pub fn sort_and_dedup(findings: &mut Vec<Finding>) {
    findings.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()).then_with(|| a.cmp(b)));
    findings.dedup();
}

#[cfg(test)]
mod tests {
    use super::*;

    fn finding(help: &str) -> Finding {
        Finding {
            rule: "FIELD_NO_DELETE",
            message: "gone".into(),
            new: Some(Place::file(&"a.proto".into())),
            old: None,
            help: Some(help.into()),
            effects: crate::effects::Effects::CODE_ONLY,
            fixes: Vec::new(),
            element: None,
        }
    }

    #[test]
    fn duplicates_split_by_a_finding_with_the_same_key_are_dropped() {
        let mut list = vec![finding("x"), finding("y"), finding("x"), finding("y")];
        sort_and_dedup(&mut list);
        assert_eq!(list, [finding("x"), finding("y")]);
    }
}
