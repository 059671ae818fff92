//! The seed matrix: the findings of a diff grouped into changes (one row per changed element),
//! plus the additions no rule reports, each with its effects and a recommended rollout.
//!
//! A change is one element: findings whose NEW place starts on the same line and whose OLD
//! place starts on the same line (FIELD_SAME_TYPE and FIELD_WIRE_COMPATIBLE_TYPE on one field,
//! FIELD_NO_DELETE and its `_UNLESS_*` variants on one deleted field) are one row, with the
//! worst of their effects.

use std::collections::{BTreeMap, HashMap};

use super::{Direction, Effect, Effects, Encoding, PerEncoding};
use crate::finding::Finding;
use crate::model::{Place, Span};
use crate::pair::Diff;

/// One row of the matrix.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Change {
    /// What changed, in a sentence (the most telling finding's message, or the addition).
    pub title: String,
    /// Where: `path:line` in NEW (or OLD for an element that is gone).
    pub location: String,
    /// The rules that reported it (none for an addition).
    pub rules: Vec<&'static str>,
    pub effects: Effects,
    pub rollout: Rollout,
    /// Indices into the findings it groups.
    pub findings: Vec<usize>,
    /// Indices into [`Matrix::releases`] of the OLD releases it applies to (empty with one OLD).
    pub releases: Vec<usize>,
}

/// One OLD release of a multi-release check.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Release {
    /// As given (`git:release/v1`, a directory, ...).
    pub label: String,
    /// NEW reads this release's data (in the matrix's encodings).
    pub backward: bool,
    /// This release reads NEW's data.
    pub forward: bool,
}

/// Everything the renderers need about effects: the rows, the gate and the releases.
#[derive(Debug, Clone, Default)]
pub struct Matrix {
    pub changes: Vec<Change>,
    /// `--require`, when given.
    pub require: Option<super::gate::Require>,
    /// The encodings the rollouts (and the release verdicts) consider.
    pub encodings: Vec<Encoding>,
    /// The OLD releases, oldest first; empty when there is one OLD.
    pub releases: Vec<Release>,
    /// For each finding (by index), the releases it applies to.
    pub finding_releases: Vec<Vec<usize>>,
}

impl Matrix {
    /// The rows that fail `--require` (none without it).
    pub fn failing(&self) -> Vec<&Change> {
        match &self.require {
            Some(r) => self
                .changes
                .iter()
                .filter(|c| r.fails(&c.effects))
                .collect(),
            None => Vec::new(),
        }
    }

    /// The oldest release from which on every release is fully compatible with NEW (both
    /// directions), if any.
    pub fn oldest_compatible(&self) -> Option<&Release> {
        let mut oldest = None;
        for r in self.releases.iter().rev() {
            if r.backward && r.forward {
                oldest = Some(r);
            } else {
                break;
            }
        }
        oldest
    }

    /// Fills each release's verdicts from the rows.
    pub fn judge_releases(&mut self) {
        let allow_dropped = self.require.as_ref().is_some_and(|r| r.allow_dropped);
        let judge = |d: Direction| super::gate::Require {
            directions: vec![d],
            encodings: self.encodings.clone(),
            allow_dropped,
        };
        let (back, fwd) = (judge(Direction::Backward), judge(Direction::Forward));
        let mut verdicts = vec![(true, true); self.releases.len()];
        for c in &self.changes {
            for &r in &c.releases {
                if let Some(v) = verdicts.get_mut(r) {
                    v.0 &= !back.fails(&c.effects);
                    v.1 &= !fwd.fails(&c.effects);
                }
            }
        }
        for (r, (b, f)) in self.releases.iter_mut().zip(verdicts) {
            r.backward = b;
            r.forward = f;
        }
    }
}

/// How to ship a change.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Rollout {
    /// Nothing breaks at run time.
    AnyOrder,
    /// Only generated code breaks.
    RegenerateCode,
    /// OLD cannot read NEW's data: every reader must run NEW before any writer does.
    ReadersFirst,
    /// NEW cannot read OLD's data: every writer must run NEW before any reader does.
    WritersFirst,
    /// A deletion: stop every OLD writer (client) from sending it before NEW goes live, and
    /// reserve the number and name so they are never reused.
    RetireThenDelete { reserved: Reserved },
    /// Both directions break: keep the element and add a new field or message beside it.
    NewFieldInstead,
    /// A reservation was dropped: keep it.
    KeepReservation,
}

/// Whether a deleted element's number is reserved in NEW.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Reserved {
    Yes,
    No,
    /// The `_UNLESS_NUMBER_RESERVED` rule did not run, so it is not known.
    Unknown,
    /// An RPC, a service or an extension: there is no number to reserve.
    NoNumber,
}

impl Rollout {
    /// The recommendation as a short phrase.
    pub fn text(self) -> &'static str {
        match self {
            Rollout::AnyOrder => "any order",
            Rollout::RegenerateCode => "any order; update code that uses the generated names",
            Rollout::ReadersFirst => {
                "readers first: upgrade every reader before a writer sends NEW data"
            }
            Rollout::WritersFirst => "writers first: upgrade every writer before a reader runs NEW",
            Rollout::RetireThenDelete {
                reserved: Reserved::Yes,
            } => "retire old clients before deleting (the number is reserved)",
            Rollout::RetireThenDelete {
                reserved: Reserved::No,
            } => "retire old clients before deleting; reserve the number and name",
            Rollout::RetireThenDelete {
                reserved: Reserved::Unknown,
            } => "retire old clients before deleting; keep the number and name reserved",
            Rollout::RetireThenDelete {
                reserved: Reserved::NoNumber,
            } => "retire old clients before deleting",
            Rollout::NewFieldInstead => "introduce a new field/message instead",
            Rollout::KeepReservation => "keep the reservation (reserve the number)",
        }
    }
}

/// A change no rule reports: a field or an enum value added.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Addition {
    pub title: String,
    pub place: Place,
    pub effects: Effects,
    /// Indices of the OLD releases it is an addition to.
    pub releases: Vec<usize>,
}

/// Fields and enum values NEW adds to elements present in both versions. A name that moved
/// to a new number is not listed (the deletion of its old number tells that story), nor an
/// alias of a number OLD already had, nor a required field (MESSAGE_SAME_REQUIRED_FIELDS
/// reports it).
pub fn additions(diff: &Diff) -> Vec<Addition> {
    use Effect::{Dropped, Ok, Rejected};
    let mut out = Vec::new();
    for (old, new) in diff.message_pairs() {
        for f in &new.fields {
            if old.field(f.number).is_some()
                || old.fields.iter().any(|o| o.name == f.name)
                || f.cardinality == crate::model::Cardinality::Required
            {
                continue;
            }
            out.push(Addition {
                title: format!(
                    "Field \"{}\" with name \"{}\" was added to message \"{}\".",
                    f.number, f.name, new.name
                ),
                place: diff.new_place(f.file, &f.spans.decl),
                // OLD's messages lack it: NEW reads its default. NEW's messages carry it: OLD
                // keeps it as an unknown field on the wire, but a strict JSON parser refuses
                // the name.
                effects: Effects::new(PerEncoding::both(Ok), PerEncoding::new(Ok, Rejected)),
                releases: Vec::new(),
            });
        }
    }
    for (old, new) in diff.enum_pairs() {
        for v in &new.values {
            if old
                .values
                .iter()
                .any(|o| o.number == v.number || o.name == v.name)
            {
                continue;
            }
            out.push(Addition {
                title: format!(
                    "Enum value \"{}\" with name \"{}\" was added to enum \"{}\".",
                    v.number, v.name, new.name
                ),
                place: diff.new_place(new.file, &v.span),
                // OLD does not know the number (an open enum keeps it unnamed, a closed one
                // moves it to unknown fields) nor the name in JSON.
                effects: Effects::new(PerEncoding::both(Ok), PerEncoding::new(Dropped, Rejected)),
                releases: Vec::new(),
            });
        }
    }
    out
}

fn line(p: &Option<Place>) -> Option<(&str, Option<u32>)> {
    p.as_ref()
        .map(|p| (&*p.path, p.span.as_ref().map(|s: &Span| s.start_line)))
}

fn location(p: &Option<Place>, old: &Option<Place>) -> String {
    let show = |p: &Place, suffix: &str| match &p.span {
        Some(s) => format!("{}:{}{suffix}", p.path, s.start_line),
        None => format!("{}{suffix}", p.path),
    };
    match (p, old) {
        (Some(p), _) => show(p, ""),
        (None, Some(o)) => show(o, " (OLD)"),
        (None, None) => String::new(),
    }
}

/// The rows for `findings` and `additions`. `rules_run` tells whether a deleted number's
/// reservation is known; `encodings` are the encodings the rollout must keep working.
pub fn rows(
    findings: &[Finding],
    finding_releases: &[Vec<usize>],
    additions: &[Addition],
    rules_run: &[&str],
    encodings: &[Encoding],
) -> Vec<Change> {
    let mut groups: BTreeMap<_, Vec<usize>> = BTreeMap::new();
    for (i, f) in findings.iter().enumerate() {
        groups
            .entry((line(&f.new), line(&f.old)))
            .or_default()
            .push(i);
    }
    let mut out: Vec<Change> = Vec::new();
    for (_, members) in groups {
        let effects = members
            .iter()
            .map(|&i| findings[i].effects)
            .reduce(Effects::worst)
            .unwrap_or(Effects::OK);
        // The title: the finding with the worst effects, the first of equals.
        let lead = members
            .iter()
            .copied()
            .max_by(|&a, &b| {
                findings[a]
                    .effects
                    .cmp(&findings[b].effects)
                    .then(b.cmp(&a))
            })
            .unwrap_or(members[0]);
        let mut rules: Vec<&'static str> = members.iter().map(|&i| findings[i].rule).collect();
        rules.dedup();
        let f = &findings[lead];
        let mut releases: Vec<usize> = members
            .iter()
            .filter_map(|&i| finding_releases.get(i))
            .flatten()
            .copied()
            .collect();
        releases.sort_unstable();
        releases.dedup();
        out.push(Change {
            title: f.message.clone(),
            location: location(&f.new, &f.old),
            rollout: rollout(&rules, &effects, rules_run, encodings),
            rules,
            effects,
            findings: members,
            releases,
        });
    }
    // The first change holding a finding at each NEW line, for the additions to join.
    let mut at_line: HashMap<(&str, Option<u32>), usize> = HashMap::new();
    for (ci, c) in out.iter().enumerate() {
        for &i in &c.findings {
            if let Some(here) = line(&findings[i].new) {
                at_line.entry(here).or_insert(ci);
            }
        }
    }
    for a in additions {
        // A finding on the added field itself (a POLICY rule on a field added as required):
        // one change, one row, with the effects of both.
        let here = (&*a.place.path, a.place.span.as_ref().map(|s| s.start_line));
        if let Some(c) = at_line.get(&here).map(|&ci| &mut out[ci]) {
            c.effects = c.effects.worst(a.effects);
            c.rollout = rollout(&c.rules, &c.effects, rules_run, encodings);
            c.releases.extend(a.releases.iter().copied());
            c.releases.sort_unstable();
            c.releases.dedup();
            continue;
        }
        out.push(Change {
            title: a.title.clone(),
            location: location(&Some(a.place.clone()), &None),
            rules: Vec::new(),
            effects: a.effects,
            rollout: rollout(&[], &a.effects, rules_run, encodings),
            findings: Vec::new(),
            releases: a.releases.clone(),
        });
    }
    // By file, then line as a number, then title.
    let key = |c: &Change| {
        let (path, line) = match c.location.trim_end_matches(" (OLD)").rsplit_once(':') {
            Some((p, l)) => (p.to_owned(), l.parse::<u32>().ok()),
            None => (c.location.clone(), None),
        };
        (path, line, c.title.clone())
    };
    out.sort_by_cached_key(key);
    out
}

/// Whether a direction breaks in any of `encodings` (dropped counts: it is silent loss).
fn breaks(effects: &Effects, d: Direction, encodings: &[Encoding]) -> bool {
    encodings
        .iter()
        .any(|&e| effects.get(d, e) >= Effect::Dropped)
}

fn rollout(
    rules: &[&str],
    effects: &Effects,
    rules_run: &[&str],
    encodings: &[Encoding],
) -> Rollout {
    let back = breaks(effects, Direction::Backward, encodings);
    let fwd = breaks(effects, Direction::Forward, encodings);
    let deletion = rules.iter().any(|r| {
        matches!(
            *r,
            "FIELD_NO_DELETE"
                | "FIELD_NO_DELETE_UNLESS_NUMBER_RESERVED"
                | "FIELD_NO_DELETE_UNLESS_NAME_RESERVED"
                | "ENUM_VALUE_NO_DELETE"
                | "ENUM_VALUE_NO_DELETE_UNLESS_NUMBER_RESERVED"
                | "ENUM_VALUE_NO_DELETE_UNLESS_NAME_RESERVED"
                | "EXTENSION_NO_DELETE"
                | "RPC_NO_DELETE"
                | "SERVICE_NO_DELETE"
                | "PACKAGE_SERVICE_NO_DELETE"
        )
    });
    if rules
        .iter()
        .any(|r| matches!(*r, "RESERVED_MESSAGE_NO_DELETE" | "RESERVED_ENUM_NO_DELETE"))
    {
        return Rollout::KeepReservation;
    }
    if deletion && back && !fwd {
        let reserved = |variant: &str| {
            let field = rules.iter().any(|r| r.starts_with("FIELD_"));
            let enum_value = rules.iter().any(|r| r.starts_with("ENUM_VALUE_"));
            let id = match (field, enum_value) {
                (true, _) => format!("FIELD_{variant}"),
                (_, true) => format!("ENUM_VALUE_{variant}"),
                _ => return None,
            };
            Some((
                rules.contains(&id.as_str()),
                rules_run.contains(&id.as_str()),
            ))
        };
        let reserved = match reserved("NO_DELETE_UNLESS_NUMBER_RESERVED") {
            Some((true, _)) => Reserved::No,
            Some((false, true)) => Reserved::Yes,
            Some((false, false)) => Reserved::Unknown,
            // RPCs and services have no numbers to reserve; an extension's number lives in
            // its extendee's range.
            None => Reserved::NoNumber,
        };
        return Rollout::RetireThenDelete { reserved };
    }
    match (back, fwd) {
        (true, true) => Rollout::NewFieldInstead,
        (true, false) => Rollout::WritersFirst,
        (false, true) => Rollout::ReadersFirst,
        (false, false) if effects.has_runtime_effect() => Rollout::AnyOrder,
        (false, false) if effects.iter().any(|(_, _, e)| e == Effect::CodeOnly) => {
            Rollout::RegenerateCode
        }
        (false, false) => Rollout::AnyOrder,
    }
}

/// ✅ or ❌ for one cell: ❌ when the reader loses, misreads or refuses the value.
pub fn mark(effect: Effect) -> &'static str {
    if effect >= Effect::Dropped {
        "❌"
    } else {
        "✅"
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_deletion_retires_clients_and_reserves() {
        let e = crate::effects::change::deleted(false);
        let run = ["FIELD_NO_DELETE", "FIELD_NO_DELETE_UNLESS_NUMBER_RESERVED"];
        let bin = [Encoding::Binary];
        assert_eq!(
            rollout(&["FIELD_NO_DELETE"], &e, &run, &bin),
            Rollout::RetireThenDelete {
                reserved: Reserved::Yes
            }
        );
        assert_eq!(
            rollout(&run, &e, &run, &bin),
            Rollout::RetireThenDelete {
                reserved: Reserved::No
            }
        );
        // A renumbering breaks both ways on the wire.
        let e = crate::effects::change::deleted(true);
        assert_eq!(
            rollout(&["FIELD_NO_DELETE"], &e, &run, &bin),
            Rollout::NewFieldInstead
        );
    }
}
