//! Proof by real cross-version serialization: for every message present in both versions,
//! random payloads written with one version's schema are read with the other's, in both
//! directions and both encodings, and each payload is classified with the shared vocabulary of
//! [`crate::effects`]. This is evidence next to what the rules found; it never changes it.
//!
//! Memory stays bounded: payloads are generated, checked and dropped one at a time; per
//! message only the counts, one smallest example per outcome and per-field tallies are kept.

mod classify;
pub mod evidence;
mod generate;
pub mod report;
mod schema;
mod wire;

use std::collections::BTreeMap;
use std::panic::{catch_unwind, AssertUnwindSafe};

use prost_reflect::{
    DynamicMessage, FieldDescriptor, MapKey, MessageDescriptor, ReflectMessage, Value,
};
use serde::Serialize;

pub use schema::Schema;

use crate::compile::Compiled;
use crate::effects::{Direction, Effect, Encoding};
use classify::{Check, Verdict};

/// What to check.
#[derive(Debug, Clone)]
pub struct Options {
    pub seed: u64,
    /// Payloads per message and direction (each is sent in every encoding checked).
    pub count: usize,
    pub directions: Vec<Direction>,
    pub encodings: Vec<Encoding>,
    /// How deep nested messages are generated.
    pub max_depth: usize,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            seed: 1,
            count: 100,
            directions: Direction::ALL.to_vec(),
            encodings: Encoding::ALL.to_vec(),
            max_depth: 3,
        }
    }
}

/// Both sides' schemas.
pub struct Pair {
    pub old: Schema,
    pub new: Schema,
}

impl Pair {
    pub fn new(old: &Compiled, new: &Compiled) -> Result<Pair, (&'static str, String)> {
        Ok(Pair {
            old: schema::build(old).map_err(|e| ("old", e))?,
            new: schema::build(new).map_err(|e| ("new", e))?,
        })
    }

    /// The messages present in both versions (by full name) and defined in a compared file of
    /// either, map entries left out; sorted.
    pub fn messages(&self) -> Vec<String> {
        let mut names: Vec<String> = self
            .new
            .pool
            .all_messages()
            .filter(|m| !m.is_map_entry())
            .map(|m| m.full_name().to_owned())
            .filter(|n| self.new.targets.contains(n) || self.old.targets.contains(n))
            .filter(|n| {
                self.old
                    .pool
                    .get_message_by_name(n)
                    .is_some_and(|m| !m.is_map_entry())
            })
            .collect();
        names.sort();
        names
    }

    /// Checks one message in every direction and encoding of `opts`. A panic inside a library
    /// becomes an internal error for this message.
    pub fn verify_message(&self, name: &str, opts: &Options) -> MessageReport {
        let run = catch_unwind(AssertUnwindSafe(|| self.verify_inner(name, opts)));
        match run {
            Ok(Ok(results)) => MessageReport {
                name: name.to_owned(),
                results,
                internal_error: None,
            },
            Ok(Err(e)) => MessageReport {
                name: name.to_owned(),
                results: Vec::new(),
                internal_error: Some(e),
            },
            Err(panic) => {
                let what = panic
                    .downcast_ref::<String>()
                    .cloned()
                    .or_else(|| panic.downcast_ref::<&str>().map(|s| (*s).to_owned()))
                    .unwrap_or_else(|| "a panic".to_owned());
                MessageReport {
                    name: name.to_owned(),
                    results: Vec::new(),
                    internal_error: Some(format!("internal error (please report it): {what}")),
                }
            }
        }
    }

    fn verify_inner(&self, name: &str, opts: &Options) -> Result<Vec<Outcome>, String> {
        let get = |s: &Schema, side: &str| -> Result<MessageDescriptor, String> {
            s.pool
                .get_message_by_name(name)
                .ok_or_else(|| format!("`{name}` is not in {side}"))
        };
        let (old, new) = (get(&self.old, "OLD")?, get(&self.new, "NEW")?);
        let mut results = Vec::new();
        for &direction in &opts.directions {
            let (writer, reader, wdesc, rdesc) = match direction {
                Direction::Backward => (&self.old, &self.new, &old, &new),
                Direction::Forward => (&self.new, &self.old, &new, &old),
            };
            let mut gen = generate::Generator::new(
                writer,
                opts.seed,
                &[name, direction.id()],
                opts.max_depth,
            );
            let checks: Vec<Check> = opts
                .encodings
                .iter()
                .map(|&encoding| Check {
                    writer,
                    reader,
                    encoding,
                })
                .collect();
            let mut tallies: Vec<Outcome> = opts
                .encodings
                .iter()
                .map(|&encoding| Outcome::new(direction, encoding))
                .collect();
            for _ in 0..opts.count {
                let msg = gen.message(wdesc);
                for (check, tally) in checks.iter().zip(&mut tallies) {
                    match check.run(&msg, rdesc) {
                        Some(v) => tally.add(&msg, v, check, rdesc),
                        None => tally.unencodable += 1,
                    }
                }
            }
            results.extend(tallies);
        }
        Ok(results)
    }
}

/// One message's results.
#[derive(Debug, Clone, Serialize)]
pub struct MessageReport {
    pub name: String,
    pub results: Vec<Outcome>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub internal_error: Option<String>,
}

impl MessageReport {
    /// Keeps only what `verify`'s report prints (the counts and one example per outcome): the
    /// per-field tallies and examples are for `diff --verify`'s evidence. A run over thousands
    /// of messages then holds a few hundred bytes per message that survives.
    pub fn without_fields(mut self) -> MessageReport {
        for o in &mut self.results {
            o.fields = BTreeMap::new();
            o.whole = BTreeMap::new();
            o.field_examples = BTreeMap::new();
        }
        self
    }

    pub fn outcome(&self, direction: Direction, encoding: Encoding) -> Option<&Outcome> {
        self.results
            .iter()
            .find(|o| o.direction == direction && o.encoding == encoding)
    }
}

/// The payloads of one message, one direction, one encoding.
#[derive(Debug, Clone, Serialize)]
pub struct Outcome {
    pub direction: Direction,
    pub encoding: Encoding,
    pub payloads: usize,
    pub ok: usize,
    pub dropped: usize,
    pub misread: usize,
    pub rejected: usize,
    /// Payloads the writer could not encode in this encoding (never counted above).
    #[serde(skip_serializing_if = "is_zero")]
    pub unencodable: usize,
    /// The smallest payload of each failing outcome.
    pub examples: BTreeMap<Effect, Example>,
    /// Per writer field (full name): how many payloads had a problem with it, by effect.
    #[serde(skip)]
    pub fields: BTreeMap<String, BTreeMap<Effect, usize>>,
    /// Payloads whose problem belongs to no field the writer set (a required field only the
    /// reader has), by effect.
    #[serde(skip)]
    pub whole: BTreeMap<Effect, usize>,
    /// Per writer field: the smallest payload with its worst effect (effect, size, text).
    #[serde(skip)]
    pub field_examples: BTreeMap<String, (Effect, usize, String)>,
}

fn is_zero(n: &usize) -> bool {
    *n == 0
}

/// One payload that shows an outcome.
#[derive(Debug, Clone, Serialize)]
pub struct Example {
    /// The writer's payload: binary as hex, JSON as text.
    pub payload: String,
    /// The writer's message in JSON, for reading (binary payloads).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub json: Option<String>,
    /// What the reader read, in JSON (absent when it could not read it).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub read: Option<String>,
    pub detail: String,
    #[serde(skip)]
    size: usize,
}

impl Outcome {
    fn new(direction: Direction, encoding: Encoding) -> Outcome {
        Outcome {
            direction,
            encoding,
            payloads: 0,
            ok: 0,
            dropped: 0,
            misread: 0,
            rejected: 0,
            unencodable: 0,
            examples: BTreeMap::new(),
            fields: BTreeMap::new(),
            whole: BTreeMap::new(),
            field_examples: BTreeMap::new(),
        }
    }

    pub fn count(&self, effect: Effect) -> usize {
        match effect {
            Effect::Ok | Effect::CodeOnly => self.ok,
            Effect::Dropped => self.dropped,
            Effect::Misread => self.misread,
            Effect::Rejected => self.rejected,
        }
    }

    pub fn worst(&self) -> Effect {
        [Effect::Misread, Effect::Rejected, Effect::Dropped]
            .into_iter()
            .find(|e| self.count(*e) > 0)
            .unwrap_or(Effect::Ok)
    }

    /// Per effect, how many payloads had a problem with this writer field (or a value inside
    /// it).
    pub fn field(&self, full_name: &str) -> Option<&BTreeMap<Effect, usize>> {
        self.fields.get(full_name)
    }

    fn add(&mut self, msg: &DynamicMessage, v: Verdict, check: &Check, rdesc: &MessageDescriptor) {
        self.payloads += 1;
        match v.effect {
            Effect::Ok | Effect::CodeOnly => self.ok += 1,
            Effect::Dropped => self.dropped += 1,
            Effect::Misread => self.misread += 1,
            Effect::Rejected => self.rejected += 1,
        }
        let mut per_field: BTreeMap<&str, Effect> = BTreeMap::new();
        for i in &v.issues {
            for f in &i.path {
                let e = per_field.entry(f).or_insert(i.effect);
                *e = (*e).max(i.effect);
            }
        }
        // A payload rejected as a whole names no field. Each field it sets is left out in
        // turn: one without which the reader accepts the payload or refuses it for another
        // reason is to blame. Those are then left out and the rest tried again, so that a
        // problem the first one hid (a required field only the reader has, a second unknown
        // name) is found too. What no field explains is the message's.
        let mut blamed = Vec::new();
        let mut rest: Option<Verdict> = None;
        let whole = v.issues.iter().any(|i| i.path.is_empty());
        if whole {
            // Why the reader refuses a payload, without the parser's position, and the field
            // it names.
            let why = |m: &DynamicMessage| {
                let a = check
                    .run(m, rdesc)
                    .filter(|a| a.effect == Effect::Rejected)?;
                let i = a.main_issue()?;
                Some((unplaced(&i.detail).to_owned(), i.path.first().cloned()))
            };
            let mut current = msg.clone();
            let mut reason = why(&current);
            for _ in 0..3 {
                let Some((text, named)) = &reason else { break };
                if let Some(f) = named {
                    blamed.push(f.clone());
                    break;
                }
                let mut found = Vec::new();
                for (f, _) in current.fields() {
                    let mut without = current.clone();
                    without.clear_field(&f);
                    if why(&without).is_none_or(|(t, _)| t != *text) {
                        found.push(f.clone());
                    }
                }
                if found.is_empty() {
                    break;
                }
                for f in &found {
                    blamed.push(f.full_name().to_owned());
                    current.clear_field(f);
                }
                reason = why(&current);
            }
            // What is left the reader accepts: its other problems are those fields' own.
            if reason.is_none() && !blamed.is_empty() {
                rest = check.run(&current, rdesc);
            }
        }
        if whole && blamed.is_empty() {
            *self.whole.entry(Effect::Rejected).or_default() += 1;
        }
        for f in &blamed {
            let e = per_field.entry(f).or_insert(Effect::Rejected);
            *e = (*e).max(Effect::Rejected);
        }
        self.record(&per_field, &v, check.encoding);
        if let Some(rest) = &rest {
            let mut more: BTreeMap<&str, Effect> = BTreeMap::new();
            for i in &rest.issues {
                for f in i
                    .path
                    .iter()
                    .filter(|f| !per_field.contains_key(f.as_str()))
                {
                    let e = more.entry(f).or_insert(i.effect);
                    *e = (*e).max(i.effect);
                }
            }
            self.record(&more, rest, check.encoding);
        }
        if v.effect == Effect::Ok {
            return;
        }
        let better = self
            .examples
            .get(&v.effect)
            .is_none_or(|e| v.payload.len() < e.size);
        if better {
            let (msg, v) = shrink(msg, v, check, rdesc);
            self.examples
                .insert(v.effect, example(&msg, &v, check.encoding));
        }
    }

    /// Counts one payload against each field it had a problem with, keeping the smallest
    /// example of each field's worst effect.
    fn record(&mut self, per_field: &BTreeMap<&str, Effect>, v: &Verdict, encoding: Encoding) {
        for (f, e) in per_field {
            let better = self
                .field_examples
                .get(*f)
                .is_none_or(|(old, size, _)| *e > *old || (*e == *old && v.payload.len() < *size));
            if better {
                let detail = v
                    .issues
                    .iter()
                    .find(|i| i.effect == *e && i.path.iter().any(|p| p == f))
                    .or_else(|| v.main_issue())
                    .map(|i| i.detail.clone())
                    .unwrap_or_default();
                let payload = match encoding {
                    Encoding::Binary if v.payload.is_empty() => "(empty)".to_owned(),
                    Encoding::Binary => {
                        let hex: String = v.payload.iter().map(|b| format!("{b:02x}")).collect();
                        format!("hex {hex}")
                    }
                    Encoding::Json => canonical_json(&String::from_utf8_lossy(&v.payload)),
                };
                self.field_examples.insert(
                    (*f).to_owned(),
                    (*e, v.payload.len(), format!("{detail} [{payload}]")),
                );
            }
            *self
                .fields
                .entry((*f).to_owned())
                .or_default()
                .entry(*e)
                .or_default() += 1;
        }
    }
}

/// A parser's message without its position ("… at line 1 column 27").
fn unplaced(detail: &str) -> &str {
    detail.rfind(" at line ").map_or(detail, |i| &detail[..i])
}

fn example(msg: &DynamicMessage, v: &Verdict, encoding: Encoding) -> Example {
    let detail = v.main_issue().map(|i| i.detail.clone()).unwrap_or_default();
    match encoding {
        Encoding::Binary => Example {
            payload: v.payload.iter().map(|b| format!("{b:02x}")).collect(),
            json: serde_json::to_string(msg).ok().map(|j| canonical_json(&j)),
            read: v.read.as_deref().map(canonical_json),
            detail,
            size: v.payload.len(),
        },
        Encoding::Json => Example {
            payload: canonical_json(&String::from_utf8_lossy(&v.payload)),
            json: None,
            read: v.read.as_deref().map(canonical_json),
            detail,
            size: v.payload.len(),
        },
    }
}

/// Makes an example smaller while it keeps its outcome: fields are cleared one at a time,
/// repeated fields and maps cut to one element, then the same inside each nested message that
/// is left.
fn shrink(
    msg: &DynamicMessage,
    v: Verdict,
    check: &Check,
    rdesc: &MessageDescriptor,
) -> (DynamicMessage, Verdict) {
    let mut best = (msg.clone(), v);
    let mut todo: Vec<Vec<FieldDescriptor>> = vec![Vec::new()];
    let mut budget = 200usize;
    while let Some(path) = todo.pop() {
        let Some(inner) = at(&best.0, &path) else {
            continue;
        };
        let fields: Vec<FieldDescriptor> = inner.descriptor().fields().collect();
        for f in &fields {
            let Some(current) = at(&best.0, &path) else {
                break;
            };
            if !current.has_field(f) {
                continue;
            }
            let value = current.get_field(f).into_owned();
            let mut options = vec![None];
            match &value {
                Value::List(l) if l.len() > 1 => {
                    options.extend(l.iter().map(|i| Some(Value::List(vec![i.clone()]))));
                }
                Value::Map(m) if m.len() > 1 => {
                    let mut keys: Vec<&MapKey> = m.keys().collect();
                    keys.sort_by_key(|k| format!("{k:?}"));
                    options.extend(keys.into_iter().map(|k| {
                        Some(Value::Map(
                            std::iter::once((k.clone(), m[k].clone())).collect(),
                        ))
                    }));
                }
                _ => {}
            }
            for option in options {
                if budget == 0 {
                    return best;
                }
                budget -= 1;
                let mut candidate = best.0.clone();
                let Some(target) = at_mut(&mut candidate, &path) else {
                    break;
                };
                match option {
                    None => target.clear_field(f),
                    Some(v) => target.set_field(f, v),
                }
                if let Some(cv) = check.run(&candidate, rdesc) {
                    if cv.effect == best.1.effect {
                        best = (candidate, cv);
                        break;
                    }
                }
            }
            let nested = at(&best.0, &path)
                .is_some_and(|m| m.has_field(f) && matches!(*m.get_field(f), Value::Message(_)));
            if nested {
                let mut p = path.clone();
                p.push(f.clone());
                todo.push(p);
            }
        }
    }
    best
}

/// The nested message at a path of singular message fields.
fn at<'a>(msg: &'a DynamicMessage, path: &[FieldDescriptor]) -> Option<&'a DynamicMessage> {
    let mut m = msg;
    for f in path {
        m = match m.get_field(f) {
            std::borrow::Cow::Borrowed(Value::Message(inner)) => inner,
            _ => return None,
        };
    }
    Some(m)
}

fn at_mut<'a>(
    msg: &'a mut DynamicMessage,
    path: &[FieldDescriptor],
) -> Option<&'a mut DynamicMessage> {
    let mut m = msg;
    for f in path {
        m = m.get_field_mut(f).as_message_mut()?;
    }
    Some(m)
}

/// JSON with the keys of every object sorted, so that output does not depend on the order of
/// a map's entries in memory.
fn canonical_json(text: &str) -> String {
    fn sort(v: serde_json::Value) -> serde_json::Value {
        match v {
            serde_json::Value::Object(o) => {
                let mut entries: Vec<(String, serde_json::Value)> = o.into_iter().collect();
                entries.sort_by(|a, b| a.0.cmp(&b.0));
                serde_json::Value::Object(entries.into_iter().map(|(k, v)| (k, sort(v))).collect())
            }
            serde_json::Value::Array(a) => {
                serde_json::Value::Array(a.into_iter().map(sort).collect())
            }
            v => v,
        }
    }
    match serde_json::from_str::<serde_json::Value>(text) {
        Ok(v) => sort(v).to_string(),
        Err(_) => text.to_owned(),
    }
}

#[cfg(test)]
mod tests;
