//! `diff --verify`: the payloads behind each finding. A finding is tied to what it is about (a
//! field on each side, or a message, or the fields that use an enum) through its places in the
//! two models; only those messages are verified, and the payloads that had a problem with that
//! field are counted. The finding itself is never changed: the evidence sits next to it.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use super::{MessageReport, Options, Pair};
use crate::effects::{Direction, Effect, Encoding};
use crate::finding::Finding;
use crate::model::{Contract, Place, Span};

/// What a finding is about, in terms `verify` counts: the messages whose payloads show it and
/// the writer fields (full names) on each side.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Subject {
    /// (message, OLD fields, NEW fields): an empty field list on both sides means the whole
    /// message.
    pub parts: Vec<(String, Vec<String>, Vec<String>)>,
}

impl Subject {
    pub fn is_empty(&self) -> bool {
        self.parts.is_empty()
    }
}

fn contains(outer: &Span, inner: &Span) -> bool {
    outer.path == inner.path
        && (outer.start_line, outer.start_col) <= (inner.start_line, inner.start_col)
        && (inner.end_line, inner.end_col) <= (outer.end_line, outer.end_col)
}

fn size(s: &Span) -> (u32, u32) {
    (
        s.end_line - s.start_line,
        s.end_col.wrapping_sub(s.start_col),
    )
}

/// What one place points at in a model.
enum Target {
    Field(String, String),
    Message(String),
    Enum(String),
    None,
}

fn target(c: &Contract, place: Option<&Place>) -> Target {
    let Some(span) = place.and_then(|p| p.span.as_ref()) else {
        return Target::None;
    };
    let mut best: Option<((u32, u32), Target)> = None;
    let mut consider = |s: &Span, t: Target| {
        if contains(s, span) && best.as_ref().is_none_or(|(b, _)| size(s) <= *b) {
            best = Some((size(s), t));
        }
    };
    for m in &c.messages {
        if m.map_entry {
            continue;
        }
        if let Some(s) = &m.span {
            consider(s, Target::Message(m.full_name.clone()));
        }
        for f in &m.fields {
            if let Some(s) = &f.spans.decl {
                consider(s, Target::Field(m.full_name.clone(), f.full_name.clone()));
            }
        }
    }
    for e in &c.enums {
        if let Some(s) = &e.span {
            consider(s, Target::Enum(e.full_name.clone()));
        }
    }
    best.map_or(Target::None, |(_, t)| t)
}

/// The fields of a model that use an enum, by (message, field).
fn enum_users(c: &Contract, full_name: &str) -> Vec<(String, String)> {
    let dotted = format!(".{full_name}");
    let mut out = Vec::new();
    for m in &c.messages {
        for f in &m.fields {
            if f.type_name.as_deref() == Some(&dotted) || f.type_name.as_deref() == Some(full_name)
            {
                // A map's value field belongs to its entry: count the map field instead.
                let owner = if m.map_entry {
                    c.messages
                        .iter()
                        .find_map(|o| {
                            o.fields
                                .iter()
                                .find(|mf| {
                                    mf.type_name.as_deref().map(|t| t.trim_start_matches('.'))
                                        == Some(m.full_name.as_str())
                                })
                                .map(|mf| (o.full_name.clone(), mf.full_name.clone()))
                        })
                        .unwrap_or_default()
                } else {
                    (m.full_name.clone(), f.full_name.clone())
                };
                if !owner.0.is_empty() {
                    out.push(owner);
                }
            }
        }
    }
    out
}

/// The counterpart of a field on the other side: same message, same number.
fn counterpart(c: &Contract, message: &str, other: &Contract, field: &str) -> Option<String> {
    let f = other
        .message(message)?
        .fields
        .iter()
        .find(|f| f.full_name == field)?;
    c.message(message)?
        .field(f.number)
        .map(|x| x.full_name.clone())
}

/// What a finding is about.
pub fn subject(old: &Contract, new: &Contract, f: &Finding) -> Subject {
    let mut parts: BTreeMap<String, (BTreeSet<String>, BTreeSet<String>)> = BTreeMap::new();
    let o = target(old, f.old.as_ref());
    let n = target(new, f.new.as_ref());
    let mut add = |m: &str, of: Option<String>, nf: Option<String>| {
        let e = parts.entry(m.to_owned()).or_default();
        e.0.extend(of);
        e.1.extend(nf);
    };
    match (&o, &n) {
        (Target::Enum(e), _) | (_, Target::Enum(e)) => {
            for (m, fld) in enum_users(old, e) {
                let other = counterpart(new, &m, old, &fld);
                add(&m, Some(fld), other);
            }
            for (m, fld) in enum_users(new, e) {
                let other = counterpart(old, &m, new, &fld);
                add(&m, other, Some(fld));
            }
        }
        (Target::Field(m, of), Target::Field(m2, nf)) if m == m2 => {
            add(m, Some(of.clone()), Some(nf.clone()));
        }
        (Target::Field(m, of), _) => {
            let nf = counterpart(new, m, old, of);
            add(m, Some(of.clone()), nf);
        }
        (_, Target::Field(m, nf)) => {
            let of = counterpart(old, m, new, nf);
            add(m, of, Some(nf.clone()));
        }
        (Target::Message(m), _) | (_, Target::Message(m)) => add(m, None, None),
        _ => {}
    }
    Subject {
        parts: parts
            .into_iter()
            .filter(|(m, _)| old.message(m).is_some() && new.message(m).is_some())
            .map(|(m, (o, n))| (m, o.into_iter().collect(), n.into_iter().collect()))
            .collect(),
    }
}

/// The payloads behind one finding, per direction and encoding.
#[derive(Debug, Clone, Serialize)]
pub struct Evidence {
    /// The messages whose payloads were sent.
    pub messages: Vec<String>,
    pub cells: Vec<Cell>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Cell {
    pub direction: Direction,
    pub encoding: Encoding,
    /// What the finding says.
    #[serde(rename = "static")]
    pub stated: Effect,
    /// The worst outcome among the payloads that touched the subject.
    pub measured: Effect,
    /// How many payloads had that outcome, of how many sent.
    pub count: usize,
    pub payloads: usize,
    /// `confirmed` (some payloads show a failing effect the finding states), `contradicted` (the
    /// finding says ok, some payloads fail), `not-seen` (the finding states a failure, no
    /// payload showed one), `agrees` (ok, and every payload survived), `another-change` (the
    /// finding says ok, the payloads fail, and another finding on the same element says why).
    pub verdict: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub example: Option<String>,
}

impl Evidence {
    /// One line for people: "confirmed: 37 of 100 NEW payloads misread by OLD (binary), e.g. …".
    pub fn describe(&self) -> Vec<String> {
        self.cells
            .iter()
            .filter(|c| c.verdict != "agrees")
            .map(|c| {
                let (writer, reader) = match c.direction {
                    Direction::Backward => ("OLD", "NEW"),
                    Direction::Forward => ("NEW", "OLD"),
                };
                let what = if c.measured == Effect::Ok {
                    format!("all {} {writer} payloads read fine by {reader}", c.payloads)
                } else {
                    format!(
                        "{} of {} {writer} payloads {} by {reader}",
                        c.count,
                        c.payloads,
                        c.measured.id()
                    )
                };
                let eg = c
                    .example
                    .as_deref()
                    .map(|e| format!(", e.g. {e}"))
                    .unwrap_or_default();
                format!(
                    "{} ({} {}): {what}{eg}",
                    c.verdict,
                    c.direction.id(),
                    c.encoding.id()
                )
            })
            .collect()
    }
}

/// Verifies the messages the subjects name (each once) and builds each finding's evidence.
pub fn gather(
    pair: &Pair,
    findings: &[(&Finding, &Subject)],
    opts: &Options,
) -> Vec<Option<Evidence>> {
    let names: BTreeSet<&str> = findings
        .iter()
        .flat_map(|(_, s)| s.parts.iter().map(|p| p.0.as_str()))
        .collect();
    let reports: BTreeMap<&str, MessageReport> = names
        .into_iter()
        .map(|n| (n, pair.verify_message(n, opts)))
        .collect();
    findings
        .iter()
        .map(|(f, s)| {
            // Other findings on the same element (a type and a cardinality change of one
            // field): their effects explain failing payloads too.
            let siblings: Vec<&Finding> = findings
                .iter()
                .filter(|(g, t)| !std::ptr::eq(*g, *f) && related(s, t))
                .map(|(g, _)| *g)
                .collect();
            evidence(f, s, &siblings, &reports, opts)
        })
        .collect()
}

/// Whether two findings' subjects overlap: the same fields, or, for a whole-message subject,
/// any finding in that message.
fn related(a: &Subject, b: &Subject) -> bool {
    if a == b {
        return true;
    }
    let whole = |s: &Subject| s.parts.iter().any(|(_, o, n)| o.is_empty() && n.is_empty());
    let shared = a
        .parts
        .iter()
        .any(|(m, _, _)| b.parts.iter().any(|(m2, _, _)| m == m2));
    shared && (whole(a) || whole(b))
}

fn evidence(
    f: &Finding,
    s: &Subject,
    siblings: &[&Finding],
    reports: &BTreeMap<&str, MessageReport>,
    opts: &Options,
) -> Option<Evidence> {
    if s.is_empty() {
        return None;
    }
    let mut cells = Vec::new();
    for &d in &opts.directions {
        for &e in &opts.encodings {
            let mut tally: BTreeMap<Effect, usize> = BTreeMap::new();
            let mut payloads = 0;
            let mut example = None;
            for (m, old_fields, new_fields) in &s.parts {
                let o = reports.get(m.as_str())?.outcome(d, e)?;
                payloads += o.payloads;
                let (writer_fields, reader_fields) = match d {
                    Direction::Backward => (old_fields, new_fields),
                    Direction::Forward => (new_fields, old_fields),
                };
                // A field only the reader has (a new required field) is named by the payloads
                // it makes the reader reject.
                let writer_empty = writer_fields.is_empty();
                let writer_fields = if writer_empty {
                    reader_fields
                } else {
                    writer_fields
                };
                if old_fields.is_empty() && new_fields.is_empty() {
                    for x in [Effect::Dropped, Effect::Misread, Effect::Rejected] {
                        *tally.entry(x).or_default() += o.count(x);
                    }
                } else {
                    if writer_empty {
                        for (x, n) in &o.whole {
                            *tally.entry(*x).or_default() += n;
                        }
                    }
                    for wf in writer_fields {
                        for (x, n) in o.field(wf).into_iter().flatten() {
                            *tally.entry(*x).or_default() += n;
                        }
                    }
                }
                let field_example = writer_fields
                    .iter()
                    .filter_map(|wf| o.field_examples.get(wf))
                    .max_by_key(|(x, size, _)| (*x, std::cmp::Reverse(*size)));
                match field_example {
                    Some((x, _, text)) if example.as_ref().is_none_or(|(y, _)| x > y) => {
                        example = Some((*x, text.clone()));
                    }
                    _ => {}
                }
                if example.is_none() && old_fields.is_empty() && new_fields.is_empty() {
                    if let Some(x) = o.examples.get(&o.worst()) {
                        let payload = match e {
                            Encoding::Binary if x.payload.is_empty() => "(empty)".to_owned(),
                            Encoding::Binary => format!("hex {}", x.payload),
                            Encoding::Json => x.payload.clone(),
                        };
                        example = Some((o.worst(), format!("{} [{payload}]", x.detail)));
                    }
                }
            }
            let (measured, count) = tally
                .iter()
                .filter(|(_, n)| **n > 0)
                .max_by_key(|(x, _)| **x)
                .map_or((Effect::Ok, 0), |(x, n)| (*x, *n));
            let stated = f.effects.get(d, e);
            let failing =
                |x: Effect| matches!(x, Effect::Dropped | Effect::Misread | Effect::Rejected);
            let explained = siblings.iter().any(|g| failing(g.effects.get(d, e)));
            let verdict = match (failing(stated), measured != Effect::Ok) {
                (true, true) => "confirmed",
                (true, false) => "not-seen",
                (false, true) if explained => "another-change",
                (false, true) => "contradicted",
                (false, false) => "agrees",
            };
            cells.push(Cell {
                direction: d,
                encoding: e,
                stated,
                measured,
                count,
                payloads,
                verdict,
                example: if measured == Effect::Ok {
                    None
                } else {
                    example.map(|(_, t)| t)
                },
            });
        }
    }
    Some(Evidence {
        messages: s.parts.iter().map(|p| p.0.clone()).collect(),
        cells,
    })
}
