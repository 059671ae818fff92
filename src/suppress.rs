//! Reasoned suppressions, applied in the filter stage after the config's ignores: a comment on
//! an element in NEW,
//!
//! ```proto
//! // protocheck:ignore FIELD_NO_DELETE,FIELD_SAME_NAME the mobile app 4.x never read it
//! message Participant { … }
//! ```
//!
//! drops the findings of those rules reported at that element or inside it (a field's
//! findings, or a deletion reported at its message). The reason is mandatory. A suppression
//! that no finding uses, names an unknown rule or gives no reason is reported back as a
//! [`Problem`] (a warning; an error under `--strict`).

use crate::finding::Finding;
use crate::model::{Contract, Place};

pub use crate::model::SUPPRESS_MARKER as MARKER;

/// One `protocheck:ignore` comment on an element of NEW.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Suppression {
    /// The rule ids it names.
    pub rules: Vec<String>,
    pub reason: String,
    /// The full name of the element the comment is on.
    pub element: String,
    /// The element's place in NEW.
    pub place: Place,
}

/// A finding that a suppression dropped, with the reason given.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Suppressed {
    pub finding: Finding,
    pub reason: String,
    /// The element whose comment suppressed it.
    pub element: String,
}

/// A suppression comment that is wrong or not needed.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Problem {
    pub place: Place,
    pub message: String,
}

impl Problem {
    /// `path:line:col: message`, as warnings are printed.
    pub fn display(&self) -> String {
        match &self.place.span {
            Some(s) => format!(
                "{}:{}:{}: {}",
                self.place.path, s.start_line, s.start_col, self.message
            ),
            None => format!("{}: {}", self.place.path, self.message),
        }
    }
}

/// The result of applying the suppressions of one NEW contract.
#[derive(Debug, Default)]
pub struct Applied {
    pub kept: Vec<Finding>,
    pub suppressed: Vec<Suppressed>,
    pub problems: Vec<Problem>,
}

/// Every suppression written in `new`'s compared files, and the comments that are malformed.
pub fn collect(new: &Contract) -> (Vec<Suppression>, Vec<Problem>) {
    let mut out = Vec::new();
    let mut problems = Vec::new();
    for e in &new.elements {
        let Some(span) = &e.span else { continue };
        if !new.file(&span.path).is_some_and(|f| f.target) {
            continue;
        }
        let place = Place::at(&span.path, Some(span.clone()));
        let comments = [&e.leading_comments, &e.trailing_comments];
        for line in comments.into_iter().flatten().flat_map(|c| c.lines()) {
            let Some(at) = line.find(MARKER) else {
                continue;
            };
            let rest = line[at + MARKER.len()..].trim();
            let (ids, reason) = match rest.split_once(char::is_whitespace) {
                Some((ids, reason)) => (ids, reason.trim()),
                None => (rest, ""),
            };
            let rules: Vec<String> = ids
                .split(',')
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_owned)
                .collect();
            if rules.is_empty() {
                problems.push(Problem {
                    place: place.clone(),
                    message: format!(
                        "`{MARKER}` on {} names no rule: write `{MARKER} RULE_ID reason`",
                        e.full_name
                    ),
                });
                continue;
            }
            if reason.is_empty() {
                problems.push(Problem {
                    place: place.clone(),
                    message: format!(
                        "`{MARKER} {}` on {} gives no reason, so it suppresses nothing: write \
                         why the change is accepted after the rule ids",
                        rules.join(","),
                        e.full_name
                    ),
                });
                continue;
            }
            for r in &rules {
                if crate::rules::find(r).is_none() {
                    problems.push(Problem {
                        place: place.clone(),
                        message: format!(
                            "`{MARKER}` on {} names {r}, which is not a rule id (`protocheck \
                             rules` lists them)",
                            e.full_name
                        ),
                    });
                }
            }
            out.push(Suppression {
                rules,
                reason: reason.to_owned(),
                element: e.full_name.clone(),
                place: place.clone(),
            });
        }
    }
    (out, problems)
}

/// Drops the findings that a suppression in `new` covers. With `enabled` false (`--no-suppress`)
/// nothing is dropped and nothing is reported as unused.
pub fn apply(findings: Vec<Finding>, new: &Contract, enabled: bool) -> Applied {
    if !enabled {
        return Applied {
            kept: findings,
            ..Applied::default()
        };
    }
    let (suppressions, mut problems) = collect(new);
    if suppressions.is_empty() {
        return Applied {
            kept: findings,
            suppressed: Vec::new(),
            problems,
        };
    }
    // Per suppression, per rule it names: whether a finding used it.
    let mut used: Vec<Vec<bool>> = suppressions
        .iter()
        .map(|s| vec![false; s.rules.len()])
        .collect();
    let mut applied = Applied::default();
    for f in findings {
        let hit = f
            .new
            .as_ref()
            .and_then(|p| p.span.as_ref())
            .and_then(|span| {
                new.elements_at(span).into_iter().find_map(|e| {
                    suppressions.iter().enumerate().find_map(|(i, s)| {
                        let r = s.rules.iter().position(|r| r == f.rule)?;
                        (s.element == e.full_name && s.place.span == e.span).then_some((i, r))
                    })
                })
            });
        match hit {
            Some((i, r)) => {
                used[i][r] = true;
                applied.suppressed.push(Suppressed {
                    reason: suppressions[i].reason.clone(),
                    element: suppressions[i].element.clone(),
                    finding: f,
                });
            }
            None => applied.kept.push(f),
        }
    }
    for (s, used) in suppressions.iter().zip(used) {
        let unused: Vec<&str> = s
            .rules
            .iter()
            .zip(used)
            .filter(|(r, used)| !used && crate::rules::find(r).is_some())
            .map(|(r, _)| r.as_str())
            .collect();
        if !unused.is_empty() {
            problems.push(Problem {
                place: s.place.clone(),
                message: format!(
                    "unused suppression of {} on {}: no finding of {} is reported there",
                    unused.join(", "),
                    s.element,
                    if unused.len() == 1 {
                        "that rule"
                    } else {
                        "those rules"
                    }
                ),
            });
        }
    }
    problems.sort();
    problems.dedup();
    applied.problems = problems;
    applied
}
