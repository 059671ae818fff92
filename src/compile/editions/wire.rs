//! Field-level surgery on encoded descriptors: restores what prost-reflect cannot hold for an
//! editions file (`syntax = "editions"`, `edition`, option imports, symbol visibility) without
//! decoding and re-encoding anything else.

use std::collections::BTreeMap;

use prost::encoding::decode_varint;

use super::Patch;
use crate::model::descriptor::tag;
use crate::wire::{fields, put_len, put_varint_field as put_varint, Field, WireType};

const SET_FILE: u32 = tag::file_set::FILE as u32;
const FILE_NAME: u32 = tag::file::NAME as u32;
const FILE_DEPENDENCY: u32 = tag::file::DEPENDENCY as u32;
#[cfg(test)]
const FILE_MESSAGE: u32 = tag::file::MESSAGE_TYPE as u32;
const FILE_ENUM: u32 = tag::file::ENUM_TYPE as u32;
const FILE_PUBLIC_DEPENDENCY: u32 = tag::file::PUBLIC_DEPENDENCY as u32;
const FILE_WEAK_DEPENDENCY: u32 = tag::file::WEAK_DEPENDENCY as u32;
const FILE_SYNTAX: u32 = tag::file::SYNTAX as u32;
const FILE_EDITION: u32 = tag::file::EDITION as u32;
const FILE_OPTION_DEPENDENCY: u32 = tag::file::OPTION_DEPENDENCY as u32;
const MESSAGE_ENUM: u32 = tag::message::ENUM_TYPE as u32;
const MESSAGE_VISIBILITY: u32 = tag::message::VISIBILITY as u32;
const ENUM_VISIBILITY: u32 = tag::enum_::VISIBILITY as u32;

/// Edits below one message: sub-messages by (field, occurrence), and varint fields to set.
#[derive(Default)]
struct Node {
    children: BTreeMap<(u32, usize), Node>,
    set_varint: Vec<(u32, u64)>,
}

impl Node {
    fn apply(&self, bytes: &[u8]) -> Vec<u8> {
        let Some(fs) = fields(bytes) else {
            return bytes.to_vec();
        };
        let mut out = Vec::with_capacity(bytes.len() + 8);
        let mut seen: BTreeMap<u32, usize> = BTreeMap::new();
        for f in fs {
            let occ = seen.entry(f.number).or_insert(0);
            let child = self.children.get(&(f.number, *occ));
            *occ += 1;
            if self.set_varint.iter().any(|(n, _)| *n == f.number) {
                continue;
            }
            match child {
                Some(node) if f.wire == WireType::LengthDelimited => {
                    put_len(&mut out, f.number, &node.apply(f.payload()));
                }
                _ => out.extend_from_slice(f.raw),
            }
        }
        for &(n, v) in &self.set_varint {
            put_varint(&mut out, n, v);
        }
        out
    }

    /// The node at a descriptor path of messages/enums (`[4, i, 3, j, 4, k]`).
    fn at(&mut self, path: &[i32]) -> &mut Node {
        let mut node = self;
        for pair in path.chunks(2) {
            if let [f, i] = *pair {
                let key = (
                    u32::try_from(f).unwrap_or(0),
                    usize::try_from(i).unwrap_or(0),
                );
                node = node.children.entry(key).or_default();
            }
        }
        node
    }
}

/// Decodes the varints of a repeated int32 field (packed or not).
fn varints(f: &Field<'_>) -> Vec<u64> {
    let mut out = Vec::new();
    let mut buf = f.payload();
    if f.wire == WireType::LengthDelimited {
        while !buf.is_empty() {
            match decode_varint(&mut buf) {
                Ok(v) => out.push(v),
                Err(_) => break,
            }
        }
    } else if let Ok(v) = decode_varint(&mut buf) {
        out.push(v);
    }
    out
}

fn patch_file(bytes: &[u8], patch: &Patch) -> Vec<u8> {
    let Some(fs) = fields(bytes) else {
        return bytes.to_vec();
    };
    let mut tree = Node::default();
    for (path, value) in &patch.visibility {
        // [5, i] is a top-level enum, [.., 4, j] a nested one; everything else a message.
        let is_enum = match path.as_slice() {
            [f, _] => *f as u32 == FILE_ENUM,
            [.., f, _] => *f as u32 == MESSAGE_ENUM,
            _ => false,
        };
        let field = if is_enum {
            ENUM_VISIBILITY
        } else {
            MESSAGE_VISIBILITY
        };
        tree.at(path)
            .set_varint
            .push((field, u64::try_from(*value).unwrap_or(0)));
    }

    let deps: Vec<&Field<'_>> = fs.iter().filter(|f| f.number == FILE_DEPENDENCY).collect();
    let hidden = patch
        .hidden_dependency
        .then(|| deps.len().saturating_sub(1));
    // New index of each kept dependency.
    let mut new_index: Vec<Option<u64>> = Vec::with_capacity(deps.len());
    let mut next = 0u64;
    for k in 0..deps.len() {
        if Some(k) == hidden || patch.option_imports.contains(&k) {
            new_index.push(None);
        } else {
            new_index.push(Some(next));
            next += 1;
        }
    }

    let mut out = Vec::with_capacity(bytes.len() + 16);
    let mut dep_k = 0;
    let mut option_deps = Vec::new();
    let mut seen: BTreeMap<u32, usize> = BTreeMap::new();
    for f in &fs {
        let occ = seen.entry(f.number).or_insert(0);
        let this = *occ;
        *occ += 1;
        match f.number {
            FILE_SYNTAX | FILE_EDITION => {}
            FILE_DEPENDENCY => {
                let k = dep_k;
                dep_k += 1;
                if patch.option_imports.contains(&k) {
                    option_deps.push(f.payload());
                } else if Some(k) != hidden {
                    out.extend_from_slice(f.raw);
                }
            }
            FILE_PUBLIC_DEPENDENCY | FILE_WEAK_DEPENDENCY => {
                for v in varints(f) {
                    let mapped = usize::try_from(v)
                        .ok()
                        .and_then(|k| new_index.get(k).copied().flatten());
                    if let Some(n) = mapped {
                        put_varint(&mut out, f.number, n);
                    }
                }
            }
            n => match tree.children.get(&(n, this)) {
                Some(node) if f.wire == WireType::LengthDelimited => {
                    put_len(&mut out, n, &node.apply(f.payload()));
                }
                _ => out.extend_from_slice(f.raw),
            },
        }
    }
    for d in option_deps {
        put_len(&mut out, FILE_OPTION_DEPENDENCY, d);
    }
    put_len(&mut out, FILE_SYNTAX, b"editions");
    put_varint(
        &mut out,
        FILE_EDITION,
        u64::try_from(patch.edition).unwrap_or(0),
    );
    out
}

/// The encoded `FileDescriptorProto`s of an encoded `FileDescriptorSet`.
pub fn file_messages(set: &[u8]) -> Vec<&[u8]> {
    fields(set)
        .unwrap_or_default()
        .into_iter()
        .filter(|f| f.number == SET_FILE && f.wire == WireType::LengthDelimited)
        .map(|f| f.payload())
        .collect()
}

/// The name of an encoded `FileDescriptorProto`.
pub fn file_name(bytes: &[u8]) -> Option<&str> {
    fields(bytes)?
        .into_iter()
        .find(|f| f.number == FILE_NAME && f.wire == WireType::LengthDelimited)
        .and_then(|f| std::str::from_utf8(f.payload()).ok())
}

/// Patches every file of an encoded `FileDescriptorSet` that `patch_for` knows.
pub fn patch_set<'p>(set: &[u8], patch_for: &dyn Fn(&str) -> Option<&'p Patch>) -> Vec<u8> {
    let Some(fs) = fields(set) else {
        return set.to_vec();
    };
    let mut out = Vec::with_capacity(set.len() + 64);
    for f in fs {
        let patch = (f.number == SET_FILE && f.wire == WireType::LengthDelimited)
            .then(|| file_name(f.payload()).and_then(patch_for))
            .flatten();
        match patch {
            Some(p) => put_len(&mut out, SET_FILE, &patch_file(f.payload(), p)),
            None => out.extend_from_slice(f.raw),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::descriptor as d;
    use prost::Message;

    #[test]
    fn restores_editions_facts() {
        let file = d::FileDescriptorProto {
            name: Some("a.proto".into()),
            dependency: vec![
                "b.proto".into(),
                "opt.proto".into(),
                "c.proto".into(),
                "google/protobuf/descriptor.proto".into(),
            ],
            message_type: vec![d::DescriptorProto {
                name: Some("M".into()),
                enum_type: vec![d::EnumDescriptorProto {
                    name: Some("E".into()),
                    ..Default::default()
                }],
                ..Default::default()
            }],
            ..Default::default()
        };
        let mut bytes = file.encode_to_vec();
        // public_dependency: c.proto (index 2).
        put_varint(&mut bytes, FILE_PUBLIC_DEPENDENCY, 2);
        let set = d::FileDescriptorSet { file: vec![] }.encode_to_vec();
        let mut set = set;
        put_len(&mut set, SET_FILE, &bytes);
        let patch = Patch {
            edition: 1001,
            hidden_dependency: true,
            option_imports: vec![1],
            visibility: vec![(vec![4, 0], 2), (vec![4, 0, 4, 0], 1)],
        };
        let out = patch_set(&set, &|n| (n == "a.proto").then_some(&patch));
        let decoded = d::FileDescriptorSet::decode(out.as_slice()).expect("decodes");
        let f = &decoded.file[0];
        assert_eq!(f.syntax.as_deref(), Some("editions"));
        assert_eq!(f.edition, Some(1001));
        assert_eq!(f.dependency, ["b.proto", "c.proto"]);
        let fs = fields(&out).expect("set");
        let file_fields = fields(fs[0].payload()).expect("file");
        let public: Vec<u64> = file_fields
            .iter()
            .filter(|f| f.number == FILE_PUBLIC_DEPENDENCY)
            .flat_map(varints)
            .collect();
        assert_eq!(public, [1]);
        let opt: Vec<&[u8]> = file_fields
            .iter()
            .filter(|f| f.number == FILE_OPTION_DEPENDENCY)
            .map(|f| f.payload())
            .collect();
        assert_eq!(opt, [b"opt.proto".as_slice()]);
        let msg = file_fields
            .iter()
            .find(|f| f.number == FILE_MESSAGE)
            .expect("message");
        let mf = fields(msg.payload()).expect("message fields");
        assert!(mf
            .iter()
            .any(|f| f.number == MESSAGE_VISIBILITY && varints(f) == [2]));
        let e = mf.iter().find(|f| f.number == MESSAGE_ENUM).expect("enum");
        assert!(fields(e.payload())
            .expect("enum fields")
            .iter()
            .any(|f| f.number == ENUM_VISIBILITY && varints(f) == [1]));
    }
}
