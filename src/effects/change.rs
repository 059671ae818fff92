//! Effects of one concrete change, decided from both versions of the element: a field's type
//! or cardinality, a field moving into or out of a oneof, an enum turning open or closed, a
//! message read as another message (an RPC's request or response type).
//!
//! Each function answers one question — "a reader with this schema meets bytes (or JSON)
//! written with that schema: what does it get?" — and is asked twice: backward (OLD writes,
//! NEW reads) and forward (NEW writes, OLD reads).
//!
//! The JSON answers are those of a strict proto3 JSON parser (the default of Go's protojson,
//! Java's JsonFormat and C++'s JsonStringToMessage): unknown field names and unknown enum
//! names are errors, numbers out of a field's range are errors, integers are accepted both as
//! numbers and as strings.

use std::collections::HashSet;

use super::{Effect, Effects, PerEncoding};
use crate::model::features::utf8;
use crate::model::{kind, Cardinality, Contract, Enum, Field, Message};

use Effect::{Dropped, Misread, Ok, Rejected};

/// One side of a change: a field of a contract.
#[derive(Clone, Copy)]
pub struct Side<'a> {
    pub contract: &'a Contract,
    pub field: &'a Field,
}

/// A field's type changed (kind or referenced type), everything else equal.
pub fn field_type(old: Side, new: Side) -> Effects {
    let e = Effects::new(value(old, new), value(new, old));
    code_only_if_harmless(e)
}

/// A field's cardinality changed (optional, required, repeated, map).
pub fn cardinality(old: &Field, new: &Field) -> Effects {
    let e = Effects::new(
        read_cardinality(old.cardinality, new.cardinality),
        read_cardinality(new.cardinality, old.cardinality),
    );
    code_only_if_harmless(e)
}

/// A field's oneof membership changed. `old_siblings` and `new_siblings` count the other
/// members of the real oneof the field is in on each side (0 outside any oneof).
pub fn oneof(old_siblings: usize, new_siblings: usize) -> Effects {
    // A writer whose schema has the fields apart may set several of them; a reader that has
    // them in one oneof keeps only the last on the wire, and a strict JSON parser refuses a
    // second member of one oneof.
    let together = PerEncoding::new(Dropped, Rejected);
    let apart = PerEncoding::both(Ok);
    let e = Effects::new(
        if new_siblings > 0 { together } else { apart },
        if old_siblings > 0 { together } else { apart },
    );
    code_only_if_harmless(e)
}

/// How many other members of `f`'s real oneof in `m` the other side's message `other` has too:
/// only those can a writer of the other side set together with `f`.
pub fn oneof_siblings(f: &Field, m: &Message, other: &Message) -> usize {
    let Some(i) = f.oneof_index else { return 0 };
    if m.oneofs.get(i).is_none_or(|o| o.synthetic) {
        return 0;
    }
    m.fields
        .iter()
        .filter(|o| o.oneof_index == Some(i) && o.number != f.number)
        .filter(|o| other.field(o.number).is_some())
        .count()
}

/// An enum turned open or closed. A closed reader puts numbers it does not know into unknown
/// fields (the field reads as its default) and a strict JSON parser refuses them; an open
/// reader keeps them.
pub fn enum_openness(old_closed: bool, new_closed: bool) -> Effects {
    let closed_reader = PerEncoding::new(Dropped, Rejected);
    let fine = PerEncoding::both(Ok);
    let e = Effects::new(
        if new_closed && !old_closed {
            closed_reader
        } else {
            fine
        },
        if old_closed && !new_closed {
            closed_reader
        } else {
            fine
        },
    );
    code_only_if_harmless(e)
}

/// A message written with `writer` (of `writer_c`) read with `reader` (of `reader_c`): the
/// request or response type of an RPC changed, or a message field changed its type.
pub fn message_as(
    writer: &Message,
    writer_c: &Contract,
    reader: &Message,
    reader_c: &Contract,
) -> PerEncoding {
    let mut seen = HashSet::new();
    read_message(writer, writer_c, reader, reader_c, &mut seen, 0)
}

/// Both directions of a message type change (OLD's `old` replaced by NEW's `new`).
pub fn message_type(old: &Message, old_c: &Contract, new: &Message, new_c: &Contract) -> Effects {
    let e = Effects::new(
        message_as(old, old_c, new, new_c),
        message_as(new, new_c, old, old_c),
    );
    code_only_if_harmless(e)
}

/// A field or enum value deleted. `renumbered`: NEW still has the name under another number.
pub fn deleted(renumbered: bool) -> Effects {
    if renumbered {
        // JSON goes by name and finds it; the wire goes by number and each side skips the
        // other's.
        Effects::new(PerEncoding::new(Dropped, Ok), PerEncoding::new(Dropped, Ok))
    } else {
        Effects::new(PerEncoding::new(Dropped, Rejected), PerEncoding::both(Ok))
    }
}

/// UTF-8 validation of a string field turned on or off: a validating reader refuses strings a
/// non-validating writer filled with other bytes. JSON text is always valid Unicode.
pub fn utf8_validation(old_verifies: bool, new_verifies: bool) -> Effects {
    let refuses = PerEncoding::new(Rejected, Ok);
    let fine = PerEncoding::both(Ok);
    Effects::new(
        if new_verifies && !old_verifies {
            refuses
        } else {
            fine
        },
        if old_verifies && !new_verifies {
            refuses
        } else {
            fine
        },
    )
}

/// A change that leaves every value readable still breaks generated code: it is `code-only`.
fn code_only_if_harmless(e: Effects) -> Effects {
    if e.iter().all(|(_, _, x)| x == Ok) {
        Effects::CODE_ONLY
    } else {
        e
    }
}

// ---------------------------------------------------------------------------------------------
// Values

/// How a scalar kind is written on the wire.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Wire {
    Varint,
    ZigZag,
    Fixed32,
    Fixed64,
    Len,
    Group,
}

/// What a kind holds, for range questions.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Class {
    /// An integer in `lo..=hi`.
    Int(i128, i128),
    Bool,
    Float,
    Double,
    String,
    Bytes,
    Message,
    Enum,
}

const I32: (i128, i128) = (i32::MIN as i128, i32::MAX as i128);
const U32: (i128, i128) = (0, u32::MAX as i128);
const I64: (i128, i128) = (i64::MIN as i128, i64::MAX as i128);
const U64: (i128, i128) = (0, u64::MAX as i128);

fn wire(k: i32) -> Wire {
    match k {
        kind::SINT32 | kind::SINT64 => Wire::ZigZag,
        kind::FIXED32 | kind::SFIXED32 | kind::FLOAT => Wire::Fixed32,
        kind::FIXED64 | kind::SFIXED64 | kind::DOUBLE => Wire::Fixed64,
        kind::STRING | kind::BYTES | kind::MESSAGE => Wire::Len,
        kind::GROUP => Wire::Group,
        _ => Wire::Varint,
    }
}

fn class(k: i32) -> Class {
    let int = |(lo, hi): (i128, i128)| Class::Int(lo, hi);
    match k {
        kind::INT32 | kind::SINT32 | kind::SFIXED32 => int(I32),
        kind::UINT32 | kind::FIXED32 => int(U32),
        kind::INT64 | kind::SINT64 | kind::SFIXED64 => int(I64),
        kind::UINT64 | kind::FIXED64 => int(U64),
        kind::BOOL => Class::Bool,
        kind::FLOAT => Class::Float,
        kind::DOUBLE => Class::Double,
        kind::STRING => Class::String,
        kind::BYTES => Class::Bytes,
        kind::ENUM => Class::Enum,
        _ => Class::Message,
    }
}

/// The value of a field written by `w` read by `r` (types only; cardinality apart).
fn value(w: Side, r: Side) -> PerEncoding {
    let mut seen = HashSet::new();
    field_value(w, r, &mut seen, 0)
}

fn field_value<'a>(
    w: Side<'a>,
    r: Side<'a>,
    seen: &mut HashSet<(&'a str, &'a str)>,
    depth: usize,
) -> PerEncoding {
    let (wk, rk) = (w.field.kind, r.field.kind);
    let (wc, rc) = (class(wk), class(rk));
    let binary = binary_value(w, r);
    let json = json_value(w, r);
    // Message and enum fields of the same kind: the referenced types decide.
    match (wc, rc) {
        (Class::Message, Class::Message) if wk == rk => {
            let (Some(wm), Some(rm)) = (message_of(w), message_of(r)) else {
                return PerEncoding::both(Misread);
            };
            if wm.full_name == rm.full_name {
                // The same message in both versions: its own changes are findings of their own.
                return PerEncoding::both(Ok);
            }
            read_message(wm, w.contract, rm, r.contract, seen, depth + 1)
        }
        // A group and a message field: another wire type, the same JSON object.
        (Class::Message, Class::Message) => {
            let (Some(wm), Some(rm)) = (message_of(w), message_of(r)) else {
                return PerEncoding::both(Misread);
            };
            let json = if wm.full_name == rm.full_name {
                Ok
            } else {
                read_message(wm, w.contract, rm, r.contract, seen, depth + 1).json
            };
            PerEncoding::new(binary, json)
        }
        (Class::Enum, Class::Enum) => match (enum_of(w), enum_of(r)) {
            (Some(we), Some(re)) if we.full_name != re.full_name => {
                // Zero is never written for a singular field without presence.
                let zero = w.field.cardinality != Cardinality::OptionalImplicitPresence;
                enum_as(we, re, zero)
            }
            (Some(_), Some(_)) => PerEncoding::both(Ok),
            _ => PerEncoding::both(Misread),
        },
        _ => PerEncoding::new(binary, json),
    }
}

fn message_of<'a>(s: Side<'a>) -> Option<&'a Message> {
    s.contract.message(s.field.type_name.as_deref()?)
}

fn enum_of<'a>(s: Side<'a>) -> Option<&'a Enum> {
    s.contract.enum_(s.field.type_name.as_deref()?)
}

fn within(w: (i128, i128), r: (i128, i128)) -> bool {
    r.0 <= w.0 && w.1 <= r.1
}

/// The binary effect of reading a `w` field's bytes as an `r` field.
fn binary_value(w: Side, r: Side) -> Effect {
    let (wk, rk) = (w.field.kind, r.field.kind);
    if wk == rk {
        return Ok;
    }
    let (ww, rw) = (wire(wk), wire(rk));
    // A field whose wire type the reader does not expect is kept as an unknown field: the
    // reader sees its default.
    let same_wire_type = ww == rw
        || matches!(
            (ww, rw),
            (Wire::Varint, Wire::ZigZag) | (Wire::ZigZag, Wire::Varint)
        );
    if !same_wire_type {
        return Dropped;
    }
    if ww != rw {
        // Zig-zag against a plain varint: every negative number and every positive one is
        // read as another number.
        return Misread;
    }
    let range = |c: Class, s: Side| match c {
        Class::Int(lo, hi) => Some((lo, hi)),
        Class::Bool => Some((0, 1)),
        Class::Enum => enum_of(s).map(|_| I32),
        _ => None,
    };
    match (class(wk), class(rk)) {
        (Class::String, Class::Bytes) => Ok,
        (Class::Bytes, Class::String) => {
            // Bytes need not be UTF-8; a reader that validates strings refuses them.
            if r.field.features.utf8_validation == utf8::VERIFY {
                Rejected
            } else {
                Misread
            }
        }
        // A serialized message handed over as raw bytes or text.
        (Class::Message, Class::String | Class::Bytes) => Misread,
        // Text or bytes parsed as a message: almost never a valid message.
        (Class::String | Class::Bytes, Class::Message) => Rejected,
        (_, Class::Bool) => Misread,
        (Class::Int(..) | Class::Bool | Class::Enum, Class::Enum) => {
            let closed = enum_of(r).is_some_and(Enum::is_closed);
            match range(class(wk), w) {
                // Numbers the enum does not name: an open enum keeps them, a closed one moves
                // them to unknown fields.
                Some(wr) if within(wr, I32) && !closed => Ok,
                Some(wr) if within(wr, I32) => Dropped,
                _ => Misread,
            }
        }
        (wc, rc) => match (range(wc, w), range(rc, r)) {
            (Some(wr), Some(rr)) if within(wr, rr) => Ok,
            _ => Misread,
        },
    }
}

/// The JSON effect of reading a `w` field's JSON value as an `r` field.
fn json_value(w: Side, r: Side) -> Effect {
    let (wc, rc) = (class(w.field.kind), class(r.field.kind));
    if w.field.kind == r.field.kind {
        return Ok;
    }
    match (wc, rc) {
        // Integers are numbers (32-bit) or strings (64-bit); parsers take both forms but
        // refuse a value out of the field's range.
        (Class::Int(wl, wh), Class::Int(rl, rh)) => {
            if within((wl, wh), (rl, rh)) {
                Ok
            } else {
                Rejected
            }
        }
        (Class::Bool, Class::Bool) => Ok,
        (Class::Int(wl, wh), Class::Float | Class::Double) => {
            let exact: i128 = if rc == Class::Float { 1 << 24 } else { 1 << 53 };
            if within((wl, wh), (-exact, exact)) {
                Ok
            } else {
                Misread
            }
        }
        (Class::Float, Class::Double) => Ok,
        (Class::Double, Class::Float) => Misread,
        // Numbers with fractions are refused by integer fields.
        (Class::Float | Class::Double, Class::Int(..)) => Rejected,
        // Base64 read as text, or text decoded as base64.
        (Class::String, Class::Bytes) | (Class::Bytes, Class::String) => Misread,
        // An enum's name read as a string.
        (Class::Enum, Class::String) => Misread,
        // A number accepted by an open enum; a closed enum refuses numbers it does not name.
        (Class::Int(wl, wh), Class::Enum) => {
            let closed = enum_of(r).is_some_and(Enum::is_closed);
            if within((wl, wh), I32) && !closed {
                Ok
            } else {
                Rejected
            }
        }
        // Objects, strings, numbers and booleans do not stand in for one another.
        _ => Rejected,
    }
}

/// Values of enum `w` read as enum `r`: numbers on the wire, names in JSON. A number the
/// reader's enum does not name is kept as a bare number by an open enum and set aside as an
/// unknown field by a closed one: either way the reader has lost what it meant (`dropped`).
/// JSON carries the name, so a value that kept its name under another number reads the same.
/// `zero`: whether the value 0 travels (not for a singular field without presence).
fn enum_as(w: &Enum, r: &Enum, zero: bool) -> PerEncoding {
    let mut binary = Ok;
    let mut json = Ok;
    for v in w.values.iter().filter(|v| zero || v.number != 0) {
        match r.values.iter().find(|x| x.number == v.number) {
            // The reader's name for the number is another value of the writer's: swapped. A
            // name the writer does not have is a rename, which the wire does not see.
            Some(x) if x.name != v.name && w.values.iter().any(|y| y.name == x.name) => {
                binary = binary.max(Misread)
            }
            Some(_) => {}
            None => binary = binary.max(Dropped),
        }
        if !r.values.iter().any(|x| x.name == v.name) {
            json = json.max(Rejected);
        }
    }
    PerEncoding::new(binary, json)
}

/// Every field of `w` read with `r`: by number on the wire, by name in JSON.
fn read_message<'a>(
    w: &'a Message,
    wc: &'a Contract,
    r: &'a Message,
    rc: &'a Contract,
    seen: &mut HashSet<(&'a str, &'a str)>,
    depth: usize,
) -> PerEncoding {
    if depth > 16 || !seen.insert((&w.full_name, &r.full_name)) {
        // A recursive pair already being compared: its fields are counted once.
        return PerEncoding::both(Ok);
    }
    let mut out = PerEncoding::both(Ok);
    for wf in &w.fields {
        let ws = Side {
            contract: wc,
            field: wf,
        };
        out.binary = out.binary.max(match r.field(wf.number) {
            Some(rf) => {
                let rs = Side {
                    contract: rc,
                    field: rf,
                };
                let card = read_cardinality(wf.cardinality, rf.cardinality).binary;
                card.max(field_value(ws, rs, seen, depth).binary)
            }
            None => Dropped,
        });
        let by_name = r
            .fields
            .iter()
            .find(|rf| rf.json_name == wf.json_name || rf.name == wf.json_name);
        out.json = out.json.max(match by_name {
            Some(rf) => {
                let rs = Side {
                    contract: rc,
                    field: rf,
                };
                let card = read_cardinality(wf.cardinality, rf.cardinality).json;
                card.max(field_value(ws, rs, seen, depth).json)
            }
            None => Rejected,
        });
    }
    // A required field the writer does not have: the reader refuses every message.
    for rf in &r.fields {
        if rf.cardinality == Cardinality::Required {
            let has = |f: &Field| f.number == rf.number && f.cardinality == Cardinality::Required;
            if !w.fields.iter().any(has) {
                out.binary = out.binary.max(Rejected);
            }
            let named = |f: &Field| f.json_name == rf.json_name;
            if !w.fields.iter().any(named) {
                out.json = out.json.max(Rejected);
            }
        }
    }
    out
}

// ---------------------------------------------------------------------------------------------
// Cardinality

/// A field written with cardinality `w`, read with cardinality `r`.
fn read_cardinality(w: Cardinality, r: Cardinality) -> PerEncoding {
    use Cardinality::*;
    match (w, r) {
        _ if w == r => PerEncoding::both(Ok),
        // Presence only changes generated code and whether zero values are written.
        (
            OptionalExplicitPresence | OptionalImplicitPresence,
            OptionalExplicitPresence | OptionalImplicitPresence,
        ) => PerEncoding::both(Ok),
        // A reader that requires the field refuses messages without it.
        (_, Required) => PerEncoding::both(Rejected),
        (Required, OptionalExplicitPresence | OptionalImplicitPresence) => PerEncoding::both(Ok),
        // One value read as a list of one: fine on the wire; JSON has a value, not an array.
        (OptionalExplicitPresence | OptionalImplicitPresence | Required, Repeated) => {
            PerEncoding::new(Ok, Rejected)
        }
        // A map is a list of entry messages on the wire; in JSON an object, not an array. A
        // map keeps one entry per key, in no order: a list's repeated keys and its order are
        // lost.
        (Map, Repeated) => PerEncoding::new(Ok, Rejected),
        (Repeated, Map) => PerEncoding::new(Dropped, Rejected),
        // A list read as one value: all but the last element are lost (packed lists are
        // skipped entirely).
        (Repeated | Map, _) => PerEncoding::new(Dropped, Rejected),
        // One value read as a map of one entry: the types decide whether the entry makes
        // sense (a scalar is another wire type); JSON has a value, not an object.
        (_, Map) => PerEncoding::new(Ok, Rejected),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cardinality_both_ways() {
        use Cardinality::*;
        let e = read_cardinality(OptionalExplicitPresence, Repeated);
        assert_eq!((e.binary, e.json), (Ok, Rejected));
        let e = read_cardinality(Repeated, OptionalExplicitPresence);
        assert_eq!((e.binary, e.json), (Dropped, Rejected));
        let e = read_cardinality(OptionalExplicitPresence, Required);
        assert_eq!((e.binary, e.json), (Rejected, Rejected));
    }

    #[test]
    fn oneof_membership() {
        assert_eq!(oneof(0, 0), Effects::CODE_ONLY);
        let into = oneof(0, 1);
        assert_eq!(into.backward, PerEncoding::new(Dropped, Rejected));
        assert_eq!(into.forward, PerEncoding::both(Ok));
        assert_eq!(oneof(1, 0), into.swapped());
    }
}
