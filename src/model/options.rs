//! Options that are extensions of descriptor.proto's option messages (`google.api.*`,
//! protovalidate, protoc-gen-validate): the descriptors keep them as encoded bytes, read here
//! with a small generic wire reader, so no definition of those packages is compiled in.

use crate::wire::{self, Value};

/// One encoded value of a field.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum WireValue {
    Varint(u64),
    Fixed64(u64),
    Fixed32(u32),
    Bytes(Vec<u8>),
}

/// An encoded message as its fields in wire order (tag, value); unknown structure is kept.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct WireMessage(pub Vec<(u32, WireValue)>);

impl WireMessage {
    /// Decodes `bytes`; `None` when they are not a well-formed message.
    pub fn decode(bytes: &[u8]) -> Option<WireMessage> {
        let fields = wire::fields(bytes)?;
        Some(WireMessage(
            fields
                .into_iter()
                .map(|f| {
                    let value = match f.value {
                        Value::Varint(v) => WireValue::Varint(v),
                        Value::Fixed64(v) => WireValue::Fixed64(v),
                        Value::Fixed32(v) => WireValue::Fixed32(v),
                        Value::Len(v) => WireValue::Bytes(v.to_vec()),
                    };
                    (f.number, value)
                })
                .collect(),
        ))
    }

    /// Occurrences of several option statements merged (concatenated encodings merge).
    pub fn decode_merged(chunks: &[Vec<u8>]) -> Option<WireMessage> {
        if chunks.is_empty() {
            return None;
        }
        WireMessage::decode(&chunks.concat())
    }

    pub fn values(&self, tag: u32) -> impl Iterator<Item = &WireValue> {
        self.0
            .iter()
            .filter(move |(t, _)| *t == tag)
            .map(|(_, v)| v)
    }

    /// The last value of a singular field.
    pub fn last(&self, tag: u32) -> Option<&WireValue> {
        self.values(tag).last()
    }

    pub fn string(&self, tag: u32) -> Option<String> {
        match self.last(tag)? {
            WireValue::Bytes(b) => Some(String::from_utf8_lossy(b).into_owned()),
            _ => None,
        }
    }

    pub fn strings(&self, tag: u32) -> Vec<String> {
        self.values(tag)
            .filter_map(|v| match v {
                WireValue::Bytes(b) => Some(String::from_utf8_lossy(b).into_owned()),
                _ => None,
            })
            .collect()
    }

    /// A singular message field, its occurrences merged.
    pub fn message(&self, tag: u32) -> Option<WireMessage> {
        let chunks: Vec<Vec<u8>> = self
            .values(tag)
            .filter_map(|v| match v {
                WireValue::Bytes(b) => Some(b.clone()),
                _ => None,
            })
            .collect();
        WireMessage::decode_merged(&chunks)
    }

    /// The tags present, in first-seen order, without repeats.
    pub fn tags(&self) -> Vec<u32> {
        let mut out: Vec<u32> = Vec::new();
        for (t, _) in &self.0 {
            if !out.contains(t) {
                out.push(*t);
            }
        }
        out
    }
}

/// `google.api.FieldBehavior` values.
pub mod field_behavior {
    pub const OPTIONAL: i32 = 1;
    pub const REQUIRED: i32 = 2;
    pub const OUTPUT_ONLY: i32 = 3;
    pub const INPUT_ONLY: i32 = 4;
    pub const IMMUTABLE: i32 = 5;

    pub fn name(v: i32) -> String {
        match v {
            1 => "OPTIONAL".into(),
            2 => "REQUIRED".into(),
            3 => "OUTPUT_ONLY".into(),
            4 => "INPUT_ONLY".into(),
            5 => "IMMUTABLE".into(),
            6 => "UNORDERED_LIST".into(),
            7 => "NON_EMPTY_DEFAULT".into(),
            8 => "IDENTIFIER".into(),
            n => n.to_string(),
        }
    }
}

/// One HTTP binding of `google.api.HttpRule`: a verb and a path template.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct HttpBinding {
    /// `GET`, `PUT`, `POST`, `DELETE`, `PATCH`, or a custom verb.
    pub verb: String,
    pub path: String,
    pub body: String,
}

/// `(google.api.http)` on a method: the main binding and `additional_bindings`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct HttpRule {
    pub main: Option<HttpBinding>,
    pub additional: Vec<HttpBinding>,
}

impl HttpRule {
    pub fn decode(chunks: &[Vec<u8>]) -> Option<HttpRule> {
        let m = WireMessage::decode_merged(chunks)?;
        Some(HttpRule {
            main: binding(&m),
            additional: m
                .values(11)
                .filter_map(|v| match v {
                    WireValue::Bytes(b) => WireMessage::decode(b).and_then(|m| binding(&m)),
                    _ => None,
                })
                .collect(),
        })
    }
}

fn binding(m: &WireMessage) -> Option<HttpBinding> {
    // The pattern oneof: get=2, put=3, post=4, delete=5, patch=6, custom=8.
    let body = m.string(7).unwrap_or_default();
    for (tag, verb) in [
        (2, "GET"),
        (3, "PUT"),
        (4, "POST"),
        (5, "DELETE"),
        (6, "PATCH"),
    ] {
        if let Some(path) = m.string(tag) {
            return Some(HttpBinding {
                verb: verb.into(),
                path,
                body,
            });
        }
    }
    let custom = m.message(8)?;
    Some(HttpBinding {
        verb: custom.string(1).unwrap_or_default(),
        path: custom.string(2).unwrap_or_default(),
        body,
    })
}

/// `(google.api.resource)` on a message: its type and path patterns.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Resource {
    pub type_: String,
    pub patterns: Vec<String>,
}

impl Resource {
    pub fn decode(chunks: &[Vec<u8>]) -> Option<Resource> {
        let m = WireMessage::decode_merged(chunks)?;
        Some(Resource {
            type_: m.string(1).unwrap_or_default(),
            patterns: m.strings(2),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_an_http_rule() {
        // get: "/v1/{name}" (2), body: "*" (7), additional_bindings { post: "/v1:x" } (11)
        let mut b = vec![0x12, 10];
        b.extend_from_slice(b"/v1/{name}");
        b.extend_from_slice(&[0x3a, 1, b'*']);
        let mut inner = vec![0x22, 5];
        inner.extend_from_slice(b"/v1:x");
        b.push(0x5a);
        b.push(inner.len() as u8);
        b.extend_from_slice(&inner);
        let r = HttpRule::decode(&[b]).expect("decodes");
        let main = r.main.expect("main binding");
        assert_eq!(
            (main.verb.as_str(), main.path.as_str()),
            ("GET", "/v1/{name}")
        );
        assert_eq!(main.body, "*");
        assert_eq!(r.additional[0].verb, "POST");
        assert_eq!(WireMessage::decode(&[0x0a, 5, 1]), None);
    }
}
