//! What a conformant binary parser does with a field whose wire type is not the one its schema
//! expects: C++, Java and Go keep it as an unknown field, and the field reads as if it were not
//! there. prost-reflect fails the whole decode instead, so before it decodes, such fields are
//! taken out of the payload (recursively, through the messages, groups and map entries the
//! reader knows). A payload that is not well-formed protobuf is left as it is, for the decoder
//! to reject.

use prost_reflect::{Kind, MessageDescriptor};

use crate::wire::{put_varint, read_varint as varint};

const VARINT: u8 = 0;
const I64: u8 = 1;
const LEN: u8 = 2;
const SGROUP: u8 = 3;
const EGROUP: u8 = 4;
const I32: u8 = 5;

/// The payload as the reader's parser sees it, and whether a field was set aside.
pub fn as_reader_sees(buf: &[u8], desc: &MessageDescriptor) -> (Vec<u8>, bool) {
    let mut out = Vec::with_capacity(buf.len());
    let mut pos = 0;
    let mut stripped = false;
    match walk(buf, &mut pos, desc, None, &mut out, &mut stripped, 0) {
        Some(()) if pos == buf.len() => (out, stripped),
        _ => (buf.to_vec(), false),
    }
}

/// The wire types a reader's field accepts.
fn accepts(kind: &Kind, repeated: bool, group: bool, wire: u8) -> bool {
    let scalar = match kind {
        Kind::Double | Kind::Fixed64 | Kind::Sfixed64 => I64,
        Kind::Float | Kind::Fixed32 | Kind::Sfixed32 => I32,
        Kind::String | Kind::Bytes => return wire == LEN,
        Kind::Message(_) => return wire == if group { SGROUP } else { LEN },
        _ => VARINT,
    };
    wire == scalar || (repeated && wire == LEN)
}

/// Skips one value of `wire` type (a group up to its end tag); `None` if malformed.
fn skip(buf: &[u8], pos: &mut usize, number: u64, wire: u8, depth: usize) -> Option<()> {
    match wire {
        VARINT => {
            varint(buf, pos)?;
        }
        I64 => *pos = pos.checked_add(8).filter(|p| *p <= buf.len())?,
        I32 => *pos = pos.checked_add(4).filter(|p| *p <= buf.len())?,
        LEN => {
            let n = usize::try_from(varint(buf, pos)?).ok()?;
            *pos = pos.checked_add(n).filter(|p| *p <= buf.len())?;
        }
        SGROUP => {
            if depth > 100 {
                return None;
            }
            loop {
                let tag = varint(buf, pos)?;
                let (n, w) = (tag >> 3, (tag & 7) as u8);
                if w == EGROUP {
                    return (n == number).then_some(());
                }
                skip(buf, pos, n, w, depth + 1)?;
            }
        }
        _ => return None,
    }
    Some(())
}

/// Copies the fields of one message (or group body, up to its end tag) from `buf` to `out`,
/// leaving out those of the wrong wire type.
fn walk(
    buf: &[u8],
    pos: &mut usize,
    desc: &MessageDescriptor,
    group: Option<u64>,
    out: &mut Vec<u8>,
    stripped: &mut bool,
    depth: usize,
) -> Option<()> {
    if depth > 100 {
        return None;
    }
    while *pos < buf.len() {
        let start = *pos;
        let tag = varint(buf, pos)?;
        let (number, wire) = (tag >> 3, (tag & 7) as u8);
        if wire == EGROUP {
            if group == Some(number) {
                out.extend_from_slice(&buf[start..*pos]);
                return Some(());
            }
            return None;
        }
        let field = u32::try_from(number).ok().and_then(|n| desc.get_field(n));
        let Some(field) = field else {
            skip(buf, pos, number, wire, depth)?;
            out.extend_from_slice(&buf[start..*pos]);
            continue;
        };
        let kind = field.kind();
        let repeated = field.is_list() || field.is_map();
        if !accepts(&kind, repeated, field.is_group(), wire) {
            skip(buf, pos, number, wire, depth)?;
            *stripped = true;
            continue;
        }
        match (&kind, wire) {
            (Kind::Message(m), LEN) => {
                let n = usize::try_from(varint(buf, pos)?).ok()?;
                let end = pos.checked_add(n).filter(|p| *p <= buf.len())?;
                let body = &buf[*pos..end];
                let mut inner = Vec::with_capacity(n);
                let mut p = 0;
                let mut s = false;
                match walk(body, &mut p, m, None, &mut inner, &mut s, depth + 1) {
                    Some(()) if p == body.len() => {
                        *stripped |= s;
                        put_varint(out, tag);
                        put_varint(out, inner.len() as u64);
                        out.extend_from_slice(&inner);
                    }
                    // Not a message the reader can parse: the decoder will say so.
                    _ => out.extend_from_slice(&buf[start..end]),
                }
                *pos = end;
            }
            (Kind::Message(m), SGROUP) => {
                put_varint(out, tag);
                walk(buf, pos, m, Some(number), out, stripped, depth + 1)?;
            }
            _ => {
                skip(buf, pos, number, wire, depth)?;
                out.extend_from_slice(&buf[start..*pos]);
            }
        }
    }
    if group.is_some() {
        return None;
    }
    Some(())
}

/// A message's binary encoding with every map's entries in one order (sorted by their encoded
/// bytes, at every depth), so that a payload does not depend on the order a map holds its
/// entries in memory (prost-reflect keeps them in a `HashMap`): the same seed gives the same
/// bytes, counts and examples on every run.
pub fn encode(msg: &prost_reflect::DynamicMessage) -> Vec<u8> {
    use prost::Message;
    use prost_reflect::ReflectMessage;
    let bytes = msg.encode_to_vec();
    canonical(&bytes, &msg.descriptor(), 0).unwrap_or(bytes)
}

/// The fields of one message body with each run of a map field's entries sorted; `None` if the
/// body is not well-formed (left to the caller as it was).
fn canonical(buf: &[u8], desc: &MessageDescriptor, depth: usize) -> Option<Vec<u8>> {
    if depth > 100 {
        return None;
    }
    let mut out = Vec::with_capacity(buf.len());
    // The entries of the map field being read: (field number, encoded records).
    let mut run: Option<(u64, Vec<Vec<u8>>)> = None;
    let flush = |run: &mut Option<(u64, Vec<Vec<u8>>)>, out: &mut Vec<u8>| {
        if let Some((_, mut records)) = run.take() {
            records.sort();
            for r in records {
                out.extend_from_slice(&r);
            }
        }
    };
    let mut pos = 0;
    while pos < buf.len() {
        let start = pos;
        let tag = varint(buf, &mut pos)?;
        let (number, wire) = (tag >> 3, (tag & 7) as u8);
        let field = u32::try_from(number).ok().and_then(|n| desc.get_field(n));
        let mut record = Vec::new();
        match (field.as_ref().map(|f| f.kind()), wire) {
            (Some(Kind::Message(m)), LEN) => {
                let n = usize::try_from(varint(buf, &mut pos)?).ok()?;
                let end = pos.checked_add(n).filter(|p| *p <= buf.len())?;
                let inner = canonical(&buf[pos..end], &m, depth + 1)?;
                put_varint(&mut record, tag);
                put_varint(&mut record, inner.len() as u64);
                record.extend_from_slice(&inner);
                pos = end;
            }
            _ => {
                skip(buf, &mut pos, number, wire, depth)?;
                record.extend_from_slice(&buf[start..pos]);
            }
        }
        let is_map = field.as_ref().is_some_and(|f| f.is_map()) && wire == LEN;
        if run.as_ref().is_some_and(|(n, _)| !is_map || *n != number) {
            flush(&mut run, &mut out);
        }
        if is_map {
            run.get_or_insert_with(|| (number, Vec::new()))
                .1
                .push(record);
        } else {
            out.extend_from_slice(&record);
        }
    }
    flush(&mut run, &mut out);
    Some(out)
}
