//! Protobuf's wire format at the byte level, in one place: splitting an encoded message into
//! its fields and writing fields back. The varint and tag codecs are prost's
//! (`prost::encoding`); the readers built on them (descriptor surgery for editions files,
//! post-link checks, option extensions kept as bytes, payload rewriting in `verify`) share
//! this splitter instead of each decoding tags itself.

pub use prost::encoding::WireType;
use prost::encoding::{decode_key, decode_varint, encode_key, encode_varint};

/// One encoded value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Value<'a> {
    Varint(u64),
    Fixed64(u64),
    Fixed32(u32),
    /// A length-delimited payload, without its length.
    Len(&'a [u8]),
}

/// One encoded field: its number, wire type, value, and the bytes it took (tag included).
#[derive(Debug, Clone, Copy)]
pub struct Field<'a> {
    pub number: u32,
    pub wire: WireType,
    pub value: Value<'a>,
    pub raw: &'a [u8],
}

impl<'a> Field<'a> {
    /// The payload: the bytes of a length-delimited value, else the value's own bytes.
    pub fn payload(&self) -> &'a [u8] {
        match self.value {
            Value::Len(p) => p,
            // The raw bytes end with the value; its key comes first.
            _ => &self.raw[key_len(self.raw)..],
        }
    }
}

fn key_len(raw: &[u8]) -> usize {
    raw.iter()
        .position(|b| b & 0x80 == 0)
        .map_or(raw.len(), |i| i + 1)
}

/// Why bytes are not a well-formed field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Malformed {
    /// A bad key or varint (prost's message).
    Varint(String),
    /// A length or fixed-width value running past the end.
    PastTheEnd(&'static str),
    /// A group (descriptors and options have none; callers that read groups walk them
    /// themselves).
    Group,
}

impl std::fmt::Display for Malformed {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Malformed::Varint(m) => f.write_str(m),
            Malformed::PastTheEnd(what) => write!(f, "{what} past the end"),
            Malformed::Group => f.write_str("a group"),
        }
    }
}

/// The next field of `buf`, which moves past it.
pub fn next_field<'a>(buf: &mut &'a [u8]) -> Result<Field<'a>, Malformed> {
    let whole: &'a [u8] = buf;
    let (number, wire) = decode_key(buf).map_err(|e| Malformed::Varint(e.to_string()))?;
    let value = match wire {
        WireType::Varint => {
            Value::Varint(decode_varint(buf).map_err(|e| Malformed::Varint(e.to_string()))?)
        }
        WireType::SixtyFourBit => {
            let (v, rest) = buf
                .split_first_chunk::<8>()
                .ok_or(Malformed::PastTheEnd("a fixed-width value"))?;
            *buf = rest;
            Value::Fixed64(u64::from_le_bytes(*v))
        }
        WireType::ThirtyTwoBit => {
            let (v, rest) = buf
                .split_first_chunk::<4>()
                .ok_or(Malformed::PastTheEnd("a fixed-width value"))?;
            *buf = rest;
            Value::Fixed32(u32::from_le_bytes(*v))
        }
        WireType::LengthDelimited => {
            let len = decode_varint(buf).map_err(|e| Malformed::Varint(e.to_string()))?;
            let (p, rest) = usize::try_from(len)
                .ok()
                .and_then(|len| buf.split_at_checked(len))
                .ok_or(Malformed::PastTheEnd("a length"))?;
            *buf = rest;
            Value::Len(p)
        }
        WireType::StartGroup | WireType::EndGroup => return Err(Malformed::Group),
    };
    Ok(Field {
        number,
        wire,
        value,
        raw: &whole[..whole.len() - buf.len()],
    })
}

/// The fields of an encoded message, in order; `None` if the bytes are malformed.
pub fn fields(mut buf: &[u8]) -> Option<Vec<Field<'_>>> {
    let mut out = Vec::new();
    while !buf.is_empty() {
        out.push(next_field(&mut buf).ok()?);
    }
    Some(out)
}

/// The fields of an encoded message, in order, up to the first malformed byte.
pub fn fields_while_wellformed(mut buf: &[u8]) -> impl Iterator<Item = Field<'_>> {
    std::iter::from_fn(move || {
        if buf.is_empty() {
            return None;
        }
        let f = next_field(&mut buf).ok();
        if f.is_none() {
            buf = &[];
        }
        f
    })
}

/// Writes a length-delimited field.
pub fn put_len(out: &mut Vec<u8>, number: u32, payload: &[u8]) {
    put_len_parts(out, number, &[payload]);
}

/// A length-delimited field `number` whose payload is `parts` one after another.
pub fn put_len_parts(out: &mut Vec<u8>, number: u32, parts: &[&[u8]]) {
    encode_key(number, WireType::LengthDelimited, out);
    encode_varint(parts.iter().map(|p| p.len() as u64).sum(), out);
    for p in parts {
        out.extend_from_slice(p);
    }
}

/// Writes a varint field.
pub fn put_varint_field(out: &mut Vec<u8>, number: u32, value: u64) {
    encode_key(number, WireType::Varint, out);
    encode_varint(value, out);
}

/// Writes a bare varint.
pub fn put_varint(out: &mut Vec<u8>, value: u64) {
    encode_varint(value, out);
}

/// Reads a varint at `pos` leniently (up to ten bytes, bits past the 64th dropped, where
/// prost's decoder refuses a tenth byte above 1), moving `pos` past it; `None` when the bytes
/// end first. For `verify`, which walks payloads byte by byte, groups included.
pub fn read_varint(buf: &[u8], pos: &mut usize) -> Option<u64> {
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
