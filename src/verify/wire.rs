//! What a conformant binary parser does with a field whose wire type is not the one its schema
//! expects: C++, Java and Go keep it as an unknown field, and the field reads as if it were not
//! there. prost-reflect fails the whole decode instead, so before it decodes, such fields are
//! taken out of the payload (recursively, through the messages, groups and map entries the
//! reader knows). A payload that is not well-formed protobuf is left as it is, for the decoder
//! to reject.

use prost_reflect::{Kind, MessageDescriptor};

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

fn varint(buf: &[u8], pos: &mut usize) -> Option<u64> {
    let mut v: u64 = 0;
    for shift in (0..70).step_by(7) {
        let b = *buf.get(*pos)?;
        *pos += 1;
        if shift < 64 {
            v |= u64::from(b & 0x7f) << shift;
        }
        if b & 0x80 == 0 {
            return Some(v);
        }
    }
    None
}

fn put_varint(out: &mut Vec<u8>, mut v: u64) {
    while v >= 0x80 {
        out.push((v as u8) | 0x80);
        v >>= 7;
    }
    out.push(v as u8);
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
