//! One payload across versions: the writer encodes it, the reader decodes it, re-encodes it,
//! and the writer decodes that again. What the reader saw is compared with what the writer
//! wrote, field by field (by number in binary, by JSON name in JSON), and the round trip with
//! the original:
//!
//! - `rejected`: the reader's parse fails (a wire or JSON error, a required field missing, a
//!   closed enum meeting an unknown number in JSON); the writer failing to read the reader's
//!   re-encoding is the other direction's read, measured there, and not counted;
//! - `misread`: the reader holds a different value than the writer wrote (zig-zag, a reused
//!   number, a truncated integer, another enum value, a different default for an unset field);
//! - `dropped`: the value is lost to the reader: its field is unknown (even if the bytes come
//!   back in the round trip as an unknown field), of another wire type (conformant parsers keep
//!   it as an unknown field), read as its default, a closed enum's unknown number, the earlier
//!   values of a repeated field read by a singular one, or lost in the round trip;
//! - `ok`: the reader has every value the writer wrote, and the round trip gives it back.

use prost_reflect::{
    DynamicMessage, FieldDescriptor, Kind, MapKey, MessageDescriptor, ReflectMessage, Value,
};

use super::schema::Schema;
use super::wire;
use crate::effects::{Effect, Encoding};

/// What went wrong with one value.
#[derive(Debug, Clone)]
pub struct Issue {
    pub effect: Effect,
    /// The writer's fields from the top message down to the value (full names).
    pub path: Vec<String>,
    pub detail: String,
}

/// The verdict on one payload.
#[derive(Debug, Clone)]
pub struct Verdict {
    pub effect: Effect,
    pub issues: Vec<Issue>,
    /// The payload as the writer encoded it (binary bytes, or JSON text as bytes).
    pub payload: Vec<u8>,
    /// What the reader read, in its JSON form (when it could read it).
    pub read: Option<String>,
}

impl Verdict {
    /// The first issue with the payload's effect.
    pub fn main_issue(&self) -> Option<&Issue> {
        self.issues.iter().find(|i| i.effect == self.effect)
    }
}

pub struct Check<'a> {
    pub writer: &'a Schema,
    pub reader: &'a Schema,
    pub encoding: Encoding,
}

impl Check<'_> {
    /// Runs one payload across; `None` when the writer itself cannot encode it (a JSON-only
    /// limit of the message, never a compatibility matter).
    pub fn run(&self, msg: &DynamicMessage, reader_desc: &MessageDescriptor) -> Option<Verdict> {
        let writer_desc = msg.descriptor();
        let mut issues = Vec::new();
        let (payload, read) = match self.encoding {
            Encoding::Binary => {
                let bytes = wire::encode(msg);
                let read = self.decode_binary(&bytes, reader_desc);
                (bytes, read)
            }
            Encoding::Json => {
                // Keys sorted: a map's entries come out in the order it holds them in memory.
                let text = super::canonical_json(&serde_json::to_string(msg).ok()?);
                let read = self.decode_json(&text, reader_desc, self.reader);
                (text.into_bytes(), read)
            }
        };
        let read = match read {
            Ok(r) => r,
            Err(e) => {
                // A required field the writer left out is that field's doing.
                let path = e
                    .strip_prefix("required field `")
                    .and_then(|r| r.split_once('`'))
                    .map(|(name, _)| vec![name.to_owned()])
                    .unwrap_or_default();
                issues.push(Issue {
                    effect: Effect::Rejected,
                    path,
                    detail: format!("the reader rejects it: {e}"),
                });
                return Some(finish(issues, payload, None));
            }
        };
        let read_json = serde_json::to_string(&read).ok();
        let mut path = Vec::new();
        Compare {
            reader_schema: self.reader,
            by_name: self.encoding == Encoding::Json,
        }
        .messages(msg, &read, &mut path, &mut issues);

        // The round trip: the reader writes what it read, the writer reads that back.
        let back = match self.encoding {
            Encoding::Binary => self.decode_binary(&wire::encode(&read), &writer_desc),
            Encoding::Json => match serde_json::to_string(&read) {
                Ok(t) => self.decode_json(&t, &writer_desc, self.writer),
                Err(e) => Err(e.to_string()),
            },
        };
        // The writer failing to parse the reader's re-encoding is the other direction's read
        // (the reader writing what it knows), measured there: it is not counted here.
        match back {
            Err(_) => {}
            Ok(back) if issues.is_empty() => {
                let mut rt = Vec::new();
                Compare {
                    reader_schema: self.writer,
                    by_name: false,
                }
                .messages(msg, &back, &mut path, &mut rt);
                for mut i in rt {
                    // The reader had the value; a round trip that changes it loses data.
                    i.effect = Effect::Dropped;
                    i.detail = format!("lost in the reader's round trip: {}", i.detail);
                    issues.push(i);
                }
            }
            Ok(_) => {}
        }
        Some(finish(issues, payload, read_json))
    }

    fn decode_binary(
        &self,
        bytes: &[u8],
        desc: &MessageDescriptor,
    ) -> Result<DynamicMessage, String> {
        let (seen, _) = wire::as_reader_sees(bytes, desc);
        let msg =
            DynamicMessage::decode(desc.clone(), seen.as_slice()).map_err(|e| e.to_string())?;
        missing_required(&msg)?;
        Ok(msg)
    }

    fn decode_json(
        &self,
        text: &str,
        desc: &MessageDescriptor,
        schema: &Schema,
    ) -> Result<DynamicMessage, String> {
        if let Ok(doc) = serde_json::from_str::<serde_json::Value>(text) {
            oneof_members(&doc, desc, 0)?;
        }
        let mut de = serde_json::Deserializer::from_str(text);
        let msg = DynamicMessage::deserialize(desc.clone(), &mut de).map_err(|e| e.to_string())?;
        de.end().map_err(|e| e.to_string())?;
        missing_required(&msg)?;
        closed_enum_numbers(&msg, schema)?;
        Ok(msg)
    }
}

/// A strict JSON parser (Java's JsonFormat, Go's protojson) refuses two members of one oneof
/// in one object; prost-reflect keeps the last, so the check is made here.
fn oneof_members(
    doc: &serde_json::Value,
    desc: &MessageDescriptor,
    depth: usize,
) -> Result<(), String> {
    let serde_json::Value::Object(obj) = doc else {
        return Ok(());
    };
    if depth > 100 {
        return Ok(());
    }
    let field = |key: &str| {
        desc.get_field_by_json_name(key)
            .or_else(|| desc.get_field_by_name(key))
    };
    for oneof in desc.oneofs().filter(|o| !o.is_synthetic()) {
        let set: Vec<&String> = obj
            .iter()
            .filter(|(k, v)| {
                !v.is_null()
                    && field(k).is_some_and(|f| {
                        f.containing_oneof()
                            .is_some_and(|o| o.name() == oneof.name())
                    })
            })
            .map(|(k, _)| k)
            .collect();
        if set.len() > 1 {
            return Err(format!(
                "more than one member of oneof `{}` is set: {}",
                oneof.name(),
                set.iter()
                    .map(|k| k.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            ));
        }
    }
    for (k, v) in obj {
        let Some(f) = field(k) else { continue };
        let Kind::Message(m) = f.kind() else { continue };
        let inner: Vec<&serde_json::Value> = match v {
            serde_json::Value::Array(a) => a.iter().collect(),
            serde_json::Value::Object(o) if f.is_map() => o.values().collect(),
            v => vec![v],
        };
        let m = if f.is_map() {
            match m.map_entry_value_field().kind() {
                Kind::Message(vm) => vm,
                _ => continue,
            }
        } else {
            m
        };
        for x in inner {
            oneof_members(x, &m, depth + 1)?;
        }
    }
    Ok(())
}

fn finish(issues: Vec<Issue>, payload: Vec<u8>, read: Option<String>) -> Verdict {
    let effect = issues.iter().map(|i| i.effect).max().unwrap_or(Effect::Ok);
    Verdict {
        effect,
        issues,
        payload,
        read,
    }
}

/// A parser that meets a message without one of its required fields fails.
fn missing_required(msg: &DynamicMessage) -> Result<(), String> {
    for f in msg.descriptor().fields() {
        if f.is_required() && !msg.has_field(&f) {
            return Err(format!("required field `{}` is missing", f.full_name()));
        }
    }
    each_message(msg, &mut missing_required)
}

/// A JSON parser refuses a number that a closed enum does not name.
fn closed_enum_numbers(msg: &DynamicMessage, schema: &Schema) -> Result<(), String> {
    for (f, v) in msg.fields() {
        if let Kind::Enum(e) = f.kind() {
            if schema.is_closed_enum(e.full_name()) {
                let values: Vec<&Value> = match v {
                    Value::List(l) => l.iter().collect(),
                    v => vec![v],
                };
                for v in values {
                    if let Value::EnumNumber(n) = v {
                        if e.get_value(*n).is_none() {
                            return Err(format!(
                                "{n} is not a value of the closed enum `{}`",
                                e.full_name()
                            ));
                        }
                    }
                }
            }
        }
    }
    each_message(msg, &mut |m| closed_enum_numbers(m, schema))
}

fn each_message(
    msg: &DynamicMessage,
    f: &mut dyn FnMut(&DynamicMessage) -> Result<(), String>,
) -> Result<(), String> {
    for (_, v) in msg.fields() {
        match v {
            Value::Message(m) => f(m)?,
            Value::List(l) => {
                for v in l {
                    if let Value::Message(m) = v {
                        f(m)?;
                    }
                }
            }
            Value::Map(map) => {
                for v in map.values() {
                    if let Value::Message(m) = v {
                        f(m)?;
                    }
                }
            }
            _ => {}
        }
    }
    Ok(())
}

struct Compare<'a> {
    reader_schema: &'a Schema,
    /// JSON matches fields by name and enums by value name.
    by_name: bool,
}

/// A value reduced to what it means on the wire or in JSON.
#[derive(Debug, PartialEq)]
enum Meaning {
    Int(i128),
    Float(f64),
    Float32(f32),
    Bytes(Vec<u8>),
    Name(String),
}

impl Compare<'_> {
    fn reader_field(&self, r: &MessageDescriptor, wf: &FieldDescriptor) -> Option<FieldDescriptor> {
        if self.by_name {
            r.get_field_by_json_name(wf.json_name())
                .or_else(|| r.get_field_by_name(wf.json_name()))
                .or_else(|| r.get_field_by_name(wf.name()))
        } else {
            r.get_field(wf.number())
        }
    }

    fn messages(
        &self,
        w: &DynamicMessage,
        r: &DynamicMessage,
        path: &mut Vec<String>,
        out: &mut Vec<Issue>,
    ) {
        let rdesc = r.descriptor();
        for wf in w.descriptor().fields() {
            path.push(wf.full_name().to_owned());
            let wset = w.has_field(&wf);
            match self.reader_field(&rdesc, &wf) {
                None if wset => {
                    let kept = if self.by_name {
                        ""
                    } else {
                        " (its bytes stay in the unknown fields)"
                    };
                    out.push(Issue {
                        effect: Effect::Dropped,
                        path: path.clone(),
                        detail: format!(
                            "field {} `{}` is unknown to the reader{kept}",
                            wf.number(),
                            wf.name()
                        ),
                    });
                }
                None => {}
                Some(rf) if !wset => {
                    if r.has_field(&rf) && !is_default(&r.get_field(&rf), &rf) {
                        out.push(Issue {
                            effect: Effect::Misread,
                            path: path.clone(),
                            detail: format!(
                                "the writer left `{}` unset, the reader's `{}` holds {}",
                                wf.name(),
                                rf.name(),
                                show(&r.get_field(&rf), &rf.kind())
                            ),
                        });
                    } else if !wf.is_list() && !wf.is_map() && !rf.is_list() && !rf.is_map() {
                        let (wd, rd) = (wf.default_value(), r.get_field(&rf).into_owned());
                        // Defaults never travel: compare the values, not enum names.
                        let numeric = Compare {
                            reader_schema: self.reader_schema,
                            by_name: false,
                        };
                        let (wm, rm) = (
                            numeric.meaning(&wd, &wf.kind(), true),
                            numeric.meaning(&rd, &rf.kind(), false),
                        );
                        let comparable = matches!(
                            (&wm, &rm),
                            (Some(Meaning::Int(_)), Some(Meaning::Int(_)))
                                | (
                                    Some(Meaning::Float(_) | Meaning::Float32(_)),
                                    Some(Meaning::Float(_) | Meaning::Float32(_))
                                )
                                | (Some(Meaning::Bytes(_)), Some(Meaning::Bytes(_)))
                                | (Some(Meaning::Name(_)), Some(Meaning::Name(_)))
                        );
                        if comparable && !same(&wm, &rm) {
                            out.push(Issue {
                                effect: Effect::Misread,
                                path: path.clone(),
                                detail: format!(
                                    "unset `{}` reads as {} where the writer's default is {}",
                                    rf.name(),
                                    show(&rd, &rf.kind()),
                                    show(&wd, &wf.kind())
                                ),
                            });
                        }
                    }
                }
                Some(rf) => self.field(&wf, &w.get_field(&wf), &rf, r, path, out),
            }
            path.pop();
        }
    }

    fn field(
        &self,
        wf: &FieldDescriptor,
        wv: &Value,
        rf: &FieldDescriptor,
        r: &DynamicMessage,
        path: &mut Vec<String>,
        out: &mut Vec<Issue>,
    ) {
        let rv = r.get_field(rf);
        let (wk, rk) = (wf.kind(), rf.kind());
        if let (Value::Map(wm), Value::Map(rm)) = (wv, &*rv) {
            let (Kind::Message(we), Kind::Message(re)) = (&wk, &rk) else {
                return;
            };
            let (wvf, rvf) = (we.map_entry_value_field(), re.map_entry_value_field());
            for (k, v) in wm {
                let found = rm.iter().find(|(rk2, _)| same_key(k, rk2));
                match found {
                    None => out.push(mk(
                        path,
                        Effect::Dropped,
                        format!("map `{}`: key {} is lost", wf.name(), show_key(k)),
                    )),
                    Some((_, rv2)) => {
                        self.single(&wvf.kind(), v, &rvf, rv2, wf.name(), path, out);
                    }
                }
            }
            if rm.len() > wm.len() {
                out.push(mk(
                    path,
                    Effect::Misread,
                    format!("map `{}` has keys the writer did not write", wf.name()),
                ));
            }
            return;
        }
        // A map is a repeated entry message on the wire: one side's map is compared as such.
        let entries = |v: &Value, k: &Kind| -> Option<Vec<Value>> {
            let (Value::Map(m), Kind::Message(entry)) = (v, k) else {
                return None;
            };
            let mut keys: Vec<&MapKey> = m.keys().collect();
            keys.sort_by_key(|k| show_key(k));
            Some(
                keys.into_iter()
                    .map(|key| {
                        let mut e = DynamicMessage::new(entry.clone());
                        e.set_field(&entry.map_entry_key_field(), Value::from(key.clone()));
                        e.set_field(&entry.map_entry_value_field(), m[key].clone());
                        Value::Message(e)
                    })
                    .collect(),
            )
        };
        // The other side's entry messages, as a map holds them: by key, the last one winning.
        let by_key = |v: &Value| -> Option<Vec<Value>> {
            let Value::List(l) = v else { return None };
            let mut by: std::collections::BTreeMap<String, Value> = Default::default();
            for item in l {
                let Value::Message(m) = item else { return None };
                let key = m
                    .get_field_by_number(1)
                    .and_then(|k| k.into_owned().into_map_key())
                    .map(|k| show_key(&k))
                    .unwrap_or_default();
                by.insert(key, item.clone());
            }
            Some(by.into_values().collect())
        };
        let (mut w_entries, mut r_entries) = (entries(wv, &wk), entries(&rv, &rk));
        if w_entries.is_some() && r_entries.is_none() {
            r_entries = by_key(&rv);
        } else if r_entries.is_some() && w_entries.is_none() {
            w_entries = by_key(wv);
        }
        let ws: Vec<&Value> = match (&w_entries, wv) {
            (Some(e), _) => e.iter().collect(),
            (None, Value::List(l)) => l.iter().collect(),
            (None, v) => vec![v],
        };
        // A closed enum keeps an unknown number out of the field (in the unknown fields).
        let closed = |v: &Value| match (&rk, v) {
            (Kind::Enum(e), Value::EnumNumber(n)) => {
                self.reader_schema.is_closed_enum(e.full_name()) && e.get_value(*n).is_none()
            }
            _ => false,
        };
        let rs: Vec<&Value> = match (&r_entries, &*rv) {
            (Some(e), _) => e.iter().collect(),
            (None, Value::List(l)) => l.iter().filter(|v| !closed(v)).collect(),
            (None, v) if r.has_field(rf) && !closed(v) => vec![v],
            _ => Vec::new(),
        };
        if ws.is_empty() {
            if !rs.is_empty() {
                out.push(mk(
                    path,
                    Effect::Misread,
                    format!("`{}` holds values the writer did not write", rf.name()),
                ));
            }
            return;
        }
        if rs.is_empty() {
            // The writer wrote its field's default explicitly: nothing is lost if the reader's
            // default is that value.
            if ws.len() == 1 && !rf.is_list() {
                let rd = rf.default_value();
                if same(
                    &self.meaning(ws[0], &wk, true),
                    &self.meaning(&rd, &rk, false),
                ) {
                    return;
                }
            }
            let what = if ws.iter().any(|v| closed(v)) {
                "is not a value of the reader's closed enum".to_owned()
            } else if rf.is_list() {
                "reaches the reader as an empty list".to_owned()
            } else {
                format!("reads as its default {}", show(&rf.default_value(), &rk))
            };
            out.push(mk(
                path,
                Effect::Dropped,
                format!("`{}` = {} {what}", wf.name(), show_all(&ws, &wk)),
            ));
            return;
        }
        if !rf.is_list() && !rf.is_map() && ws.len() > 1 {
            // A singular reader keeps the last value (merges messages).
            let before = out.len();
            self.single(&wk, ws[ws.len() - 1], rf, rs[0], wf.name(), path, out);
            if out.len() == before {
                out.push(mk(
                    path,
                    Effect::Dropped,
                    format!(
                        "`{}`: only the last of {} values is kept",
                        rf.name(),
                        ws.len()
                    ),
                ));
            }
            return;
        }
        if rs.len() != ws.len() {
            let effect = if rs.len() < ws.len() {
                Effect::Dropped
            } else {
                Effect::Misread
            };
            out.push(mk(
                path,
                effect,
                format!(
                    "`{}`: {} values written, {} read",
                    wf.name(),
                    ws.len(),
                    rs.len()
                ),
            ));
            return;
        }
        for (w1, r1) in ws.iter().zip(&rs) {
            self.single(&wk, w1, rf, r1, wf.name(), path, out);
        }
    }

    /// Compares one value with what the reader holds for it.
    #[allow(clippy::too_many_arguments)]
    fn single(
        &self,
        wk: &Kind,
        wv: &Value,
        rf: &FieldDescriptor,
        rv: &Value,
        name: &str,
        path: &mut Vec<String>,
        out: &mut Vec<Issue>,
    ) {
        let rk = rf.kind();
        match (wv, rv) {
            (Value::Message(wm), Value::Message(rm)) => {
                self.messages(wm, rm, path, out);
            }
            (Value::Message(wm), Value::Bytes(b)) | (Value::Bytes(b), Value::Message(wm))
                if !self.by_name =>
            {
                if wire::encode(wm) != b.as_ref() {
                    out.push(Issue {
                        effect: Effect::Misread,
                        path: path.clone(),
                        detail: format!("`{name}`: message and bytes differ"),
                    });
                }
            }
            // A number the writer's enum does not name travels as a number in JSON too.
            (Value::EnumNumber(a), Value::EnumNumber(b)) if matches!(wk, Kind::Enum(e) if e.get_value(*a).is_none()) => {
                if a != b {
                    out.push(Issue {
                        effect: Effect::Misread,
                        path: path.clone(),
                        detail: format!("`{name}`: wrote {a}, read as {}", show(rv, &rk)),
                    });
                }
            }
            // A value the writer names, read as a number the reader's enum does not name: an
            // open enum keeps the number, but what it meant is lost to the reader.
            (Value::EnumNumber(a), Value::EnumNumber(b))
                if !self.by_name
                    && a == b
                    && matches!(&rk, Kind::Enum(e) if e.get_value(*b).is_none()) =>
            {
                out.push(Issue {
                    effect: Effect::Dropped,
                    path: path.clone(),
                    detail: format!(
                        "`{name}`: wrote {}, a number the reader's enum does not name",
                        show(wv, wk)
                    ),
                });
            }
            // A number the reader names as another of the writer's values: swapped.
            (Value::EnumNumber(a), Value::EnumNumber(b))
                if !self.by_name && a == b && swapped(wk, &rk, *a) =>
            {
                out.push(Issue {
                    effect: Effect::Misread,
                    path: path.clone(),
                    detail: format!(
                        "`{name}`: wrote {}, read as {}",
                        show(wv, wk),
                        show(rv, &rk)
                    ),
                });
            }
            _ => {
                let (wm, rm) = (self.meaning(wv, wk, true), self.meaning(rv, &rk, false));
                if !same(&wm, &rm) {
                    let effect = if is_default(rv, rf) {
                        Effect::Dropped
                    } else {
                        Effect::Misread
                    };
                    let verb = if effect == Effect::Dropped {
                        "read as its default"
                    } else {
                        "read as"
                    };
                    out.push(Issue {
                        effect,
                        path: path.clone(),
                        detail: format!(
                            "`{name}`: wrote {}, {verb} {}",
                            show(wv, wk),
                            show(rv, &rk)
                        ),
                    });
                }
            }
        }
    }

    /// What a value means to its side: in JSON an enum is its value's name.
    fn meaning(&self, v: &Value, kind: &Kind, _writer: bool) -> Option<Meaning> {
        Some(match v {
            Value::Bool(b) => Meaning::Int(i128::from(*b)),
            Value::I32(n) => Meaning::Int(i128::from(*n)),
            Value::I64(n) => Meaning::Int(i128::from(*n)),
            Value::U32(n) => Meaning::Int(i128::from(*n)),
            Value::U64(n) => Meaning::Int(i128::from(*n)),
            Value::F32(f) => Meaning::Float32(*f),
            Value::F64(f) => Meaning::Float(*f),
            Value::String(s) => Meaning::Bytes(s.as_bytes().to_vec()),
            Value::Bytes(b) => Meaning::Bytes(b.to_vec()),
            Value::EnumNumber(n) => match kind {
                Kind::Enum(e) if self.by_name => match e.get_value(*n) {
                    Some(v) => Meaning::Name(v.name().to_owned()),
                    None => Meaning::Int(i128::from(*n)),
                },
                _ => Meaning::Int(i128::from(*n)),
            },
            _ => return None,
        })
    }
}

/// Whether number `n` names one value in the writer's enum and, in the reader's, a value the
/// writer has under another number.
fn swapped(wk: &Kind, rk: &Kind, n: i32) -> bool {
    let (Kind::Enum(w), Kind::Enum(r)) = (wk, rk) else {
        return false;
    };
    match (w.get_value(n), r.get_value(n)) {
        (Some(wv), Some(rv)) => wv.name() != rv.name() && w.get_value_by_name(rv.name()).is_some(),
        _ => false,
    }
}

fn mk(path: &[String], effect: Effect, detail: String) -> Issue {
    Issue {
        effect,
        path: path.to_vec(),
        detail,
    }
}

fn same(a: &Option<Meaning>, b: &Option<Meaning>) -> bool {
    match (a, b) {
        (Some(Meaning::Float(x)), Some(Meaning::Float(y))) => x == y || (x.is_nan() && y.is_nan()),
        // A float written and read as a double (in JSON, through its shortest decimal form)
        // means the same value if it rounds back to the float.
        (Some(Meaning::Float32(x)), Some(Meaning::Float(y))) => {
            f64::from(*x) == *y || *x == (*y as f32) || (x.is_nan() && y.is_nan())
        }
        (Some(Meaning::Float32(x)), Some(Meaning::Float32(y))) => {
            x == y || (x.is_nan() && y.is_nan())
        }
        (Some(Meaning::Float(x)), Some(Meaning::Float32(y))) => {
            *x == f64::from(*y) || (x.is_nan() && y.is_nan())
        }
        (Some(x), Some(y)) => x == y,
        _ => false,
    }
}

fn is_default(v: &Value, f: &FieldDescriptor) -> bool {
    match v {
        Value::List(l) => l.is_empty(),
        Value::Map(m) => m.is_empty(),
        Value::Message(m) => m.fields().next().is_none(),
        Value::F32(x) => f.default_value().as_f32() == Some(*x),
        Value::F64(x) => f.default_value().as_f64() == Some(*x),
        v => *v == f.default_value(),
    }
}

fn same_key(a: &MapKey, b: &MapKey) -> bool {
    fn n(k: &MapKey) -> Option<i128> {
        Some(match k {
            MapKey::Bool(b) => i128::from(*b),
            MapKey::I32(x) => i128::from(*x),
            MapKey::I64(x) => i128::from(*x),
            MapKey::U32(x) => i128::from(*x),
            MapKey::U64(x) => i128::from(*x),
            MapKey::String(_) => return None,
        })
    }
    match (a, b) {
        (MapKey::String(x), MapKey::String(y)) => x == y,
        _ => n(a).is_some() && n(a) == n(b),
    }
}

fn show_key(k: &MapKey) -> String {
    match k {
        MapKey::String(s) => format!("{s:?}"),
        MapKey::Bool(b) => b.to_string(),
        MapKey::I32(x) => x.to_string(),
        MapKey::I64(x) => x.to_string(),
        MapKey::U32(x) => x.to_string(),
        MapKey::U64(x) => x.to_string(),
    }
}

fn show_all(vs: &[&Value], kind: &Kind) -> String {
    if vs.len() == 1 {
        return show(vs[0], kind);
    }
    let items: Vec<String> = vs.iter().take(4).map(|v| show(v, kind)).collect();
    let more = if vs.len() > 4 { ", …" } else { "" };
    format!("[{}{more}]", items.join(", "))
}

/// A short display of a value.
pub fn show(v: &Value, kind: &Kind) -> String {
    match v {
        Value::Bool(b) => b.to_string(),
        Value::I32(x) => x.to_string(),
        Value::I64(x) => x.to_string(),
        Value::U32(x) => x.to_string(),
        Value::U64(x) => x.to_string(),
        Value::F32(x) => format!("{x:?}"),
        Value::F64(x) => format!("{x:?}"),
        Value::String(s) => {
            let s: String = s.chars().take(24).collect();
            format!("{s:?}")
        }
        Value::Bytes(b) => {
            let hex: String = b.iter().take(12).map(|x| format!("{x:02x}")).collect();
            format!("0x{hex}")
        }
        Value::EnumNumber(n) => match kind {
            Kind::Enum(e) => match e.get_value(*n) {
                Some(v) => format!("{} ({n})", v.name()),
                None => format!("{n} (unnamed)"),
            },
            _ => n.to_string(),
        },
        Value::Message(m) => format!("a {}", m.descriptor().name()),
        Value::List(l) => format!("{} values", l.len()),
        Value::Map(m) => format!("{} entries", m.len()),
    }
}
