//! Checks protoc makes after linking that protox does not, for every syntax: one pass over the
//! encoded `FileDescriptorSet`, reading only enums (field descriptors, source info and
//! everything else are skipped by length, never decoded).
//!
//! - `option allow_alias = true;` on an enum whose values all have distinct numbers.

use miette::{NamedSource, SourceSpan};
use prost::Message as _;

use super::located::Located;
use crate::model::descriptor::{self as d, tag};
use crate::position::LineIndex;
use crate::wire::{fields_while_wellformed, Value};

const SET_FILE: u32 = tag::file_set::FILE as u32;
const FILE_NAME: u32 = tag::file::NAME as u32;
const FILE_MESSAGE: u32 = tag::file::MESSAGE_TYPE as u32;
const FILE_ENUM: u32 = tag::file::ENUM_TYPE as u32;
const FILE_SOURCE_INFO: u32 = tag::file::SOURCE_CODE_INFO as u32;
const MESSAGE_NESTED: u32 = tag::message::NESTED_TYPE as u32;
const MESSAGE_ENUM: u32 = tag::message::ENUM_TYPE as u32;
const ENUM_NAME: u32 = tag::enum_::NAME as u32;
const ENUM_VALUE: u32 = tag::enum_::VALUE as u32;
const ENUM_OPTIONS: u32 = tag::enum_::OPTIONS as u32;
const VALUE_NUMBER: u32 = tag::enum_value::NUMBER as u32;
const OPTIONS_ALLOW_ALIAS: u32 = tag::enum_options::ALLOW_ALIAS as u32;

/// The fields of an encoded message as (number, value), in order; stops at the first
/// malformed byte.
fn fields(bytes: &[u8]) -> impl Iterator<Item = (u32, Value<'_>)> {
    fields_while_wellformed(bytes).map(|f| (f.number, f.value))
}

fn len_fields(bytes: &[u8], number: u32) -> impl Iterator<Item = &[u8]> {
    fields(bytes).filter_map(move |(n, v)| match v {
        Value::Len(p) if n == number => Some(p),
        _ => None,
    })
}

/// An enum with `allow_alias = true` and no aliases: its descriptor path and name.
struct Unaliased {
    path: Vec<i32>,
    name: String,
}

fn walk_message(bytes: &[u8], path: &mut Vec<i32>, out: &mut Vec<Unaliased>) {
    let (mut nested, mut enums) = (0, 0);
    for (n, v) in fields(bytes) {
        let Value::Len(p) = v else { continue };
        match n {
            MESSAGE_NESTED => {
                path.extend([MESSAGE_NESTED as i32, nested]);
                walk_message(p, path, out);
                path.truncate(path.len() - 2);
                nested += 1;
            }
            MESSAGE_ENUM => {
                path.extend([MESSAGE_ENUM as i32, enums]);
                check_enum(p, path, out);
                path.truncate(path.len() - 2);
                enums += 1;
            }
            _ => {}
        }
    }
}

fn check_enum(bytes: &[u8], path: &[i32], out: &mut Vec<Unaliased>) {
    let allow_alias = len_fields(bytes, ENUM_OPTIONS)
        .flat_map(fields)
        .filter_map(|(n, v)| match v {
            Value::Varint(b) if n == OPTIONS_ALLOW_ALIAS => Some(b != 0),
            _ => None,
        })
        .last();
    if allow_alias != Some(true) {
        return;
    }
    let mut numbers: Vec<i32> = len_fields(bytes, ENUM_VALUE)
        .filter_map(|value| {
            fields(value).find_map(|(n, v)| match v {
                // int32: negative numbers are sign-extended to 64 bits.
                Value::Varint(x) if n == VALUE_NUMBER => Some(x as i64 as i32),
                _ => None,
            })
        })
        .collect();
    numbers.sort_unstable();
    if numbers.windows(2).any(|w| w[0] == w[1]) {
        return;
    }
    let name = len_fields(bytes, ENUM_NAME)
        .next()
        .map(|n| String::from_utf8_lossy(n).into_owned())
        .unwrap_or_default();
    out.push(Unaliased {
        path: path.to_vec(),
        name,
    });
}

/// Checks every file of an encoded, linked `FileDescriptorSet`. `text` gives a file's source
/// text by name, for locating; it is only asked about files with a problem.
pub fn check(set: &[u8], text: &dyn Fn(&str) -> Option<String>) -> Vec<Located> {
    let mut errors = Vec::new();
    for file in len_fields(set, SET_FILE) {
        let mut found = Vec::new();
        let mut path = Vec::with_capacity(8);
        let (mut messages, mut enums) = (0, 0);
        for (n, v) in fields(file) {
            let Value::Len(p) = v else { continue };
            match n {
                FILE_MESSAGE => {
                    path.extend([FILE_MESSAGE as i32, messages]);
                    walk_message(p, &mut path, &mut found);
                    path.clear();
                    messages += 1;
                }
                FILE_ENUM => {
                    path.extend([FILE_ENUM as i32, enums]);
                    check_enum(p, &path, &mut found);
                    path.clear();
                    enums += 1;
                }
                _ => {}
            }
        }
        if !found.is_empty() {
            errors.extend(locate(file, found, text));
        }
    }
    errors
}

fn locate(
    file: &[u8],
    found: Vec<Unaliased>,
    text: &dyn Fn(&str) -> Option<String>,
) -> Vec<Located> {
    let name = len_fields(file, FILE_NAME)
        .next()
        .map(|n| String::from_utf8_lossy(n).into_owned())
        .unwrap_or_default();
    let info = len_fields(file, FILE_SOURCE_INFO)
        .next()
        .and_then(|p| d::SourceCodeInfo::decode(p).ok())
        .unwrap_or_default();
    let source = text(&name);
    let lines = source.as_deref().map(LineIndex::new);
    let mut errors: Vec<Located> = found
        .into_iter()
        .map(|u| {
            let candidates = [
                [
                    u.path.as_slice(),
                    &[ENUM_OPTIONS as i32, OPTIONS_ALLOW_ALIAS as i32],
                ]
                .concat(),
                [u.path.as_slice(), &[ENUM_OPTIONS as i32]].concat(),
                u.path.clone(),
            ];
            let span = candidates.iter().find_map(|p| {
                let loc = info.location.iter().find(|l| &l.path == p)?;
                let (start, end) = lines.as_ref()?.range(&loc.span)?;
                let text = source.as_deref()?;
                let start = floor_char_boundary(text, start);
                let end = floor_char_boundary(text, end).max(start);
                Some(SourceSpan::from((start, end - start)))
            });
            Located::new(
                "protocheck::compile",
                format!(
                    "{name}: \"{}\" declares support for enum aliases but no enum values share \
                     field numbers. Please remove the unnecessary 'option allow_alias = true;' \
                     declaration.",
                    u.name
                ),
                span.and(source.clone()).map(|s| NamedSource::new(&name, s)),
                span,
                "no value of this enum is an alias".to_owned(),
            )
        })
        .collect();
    // Nested enums are met first (messages precede enums in a file): report in text order.
    errors.sort_by_key(|e| e.span.map(|s| s.offset()));
    errors
}

fn floor_char_boundary(text: &str, i: usize) -> usize {
    let mut i = i.min(text.len());
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

#[cfg(test)]
mod tests {
    use super::*;

    fn enum_(name: &str, allow_alias: Option<bool>, numbers: &[i32]) -> d::EnumDescriptorProto {
        d::EnumDescriptorProto {
            name: Some(name.into()),
            value: numbers
                .iter()
                .enumerate()
                .map(|(i, n)| d::EnumValueDescriptorProto {
                    name: Some(format!("{name}_{i}")),
                    number: Some(*n),
                    ..Default::default()
                })
                .collect(),
            options: allow_alias.map(|a| d::EnumOptions {
                allow_alias: Some(a),
                ..Default::default()
            }),
            ..Default::default()
        }
    }

    #[test]
    fn finds_unaliased_enums_at_any_depth_and_nothing_else() {
        let file = d::FileDescriptorProto {
            name: Some("a.proto".into()),
            enum_type: vec![
                enum_("Aliased", Some(true), &[0, -1, 2, -1]),
                enum_("Plain", None, &[0, 1]),
                enum_("Off", Some(false), &[0, 1]),
                enum_("Lonely", Some(true), &[0, -1, 1]),
            ],
            message_type: vec![
                d::DescriptorProto {
                    name: Some("M".into()),
                    ..Default::default()
                },
                d::DescriptorProto {
                    name: Some("N".into()),
                    nested_type: vec![d::DescriptorProto {
                        name: Some("Deep".into()),
                        enum_type: vec![
                            enum_("Aliased", Some(true), &[3, 3]),
                            enum_("Inner", Some(true), &[3]),
                        ],
                        ..Default::default()
                    }],
                    ..Default::default()
                },
            ],
            ..Default::default()
        };
        let set = d::FileDescriptorSet { file: vec![file] }.encode_to_vec();
        let errors = check(&set, &|_| None);
        let messages: Vec<String> = errors.iter().map(|e| e.message.clone()).collect();
        assert_eq!(messages.len(), 2, "{messages:?}");
        // Unlocated: in encoding order, messages (field 4) before enums (field 5).
        assert!(messages[0].starts_with("a.proto: \"Inner\" declares"));
        assert!(messages[1].starts_with("a.proto: \"Lonely\" declares"));
        assert!(errors.iter().all(|e| e.span.is_none() && e.src.is_none()));
    }

    #[test]
    fn malformed_bytes_find_nothing() {
        assert!(check(&[0x0a, 0xff, 0xff], &|_| None).is_empty());
        assert!(check(&[0x0a, 0x02, 0x2a, 0x05], &|_| None).is_empty());
    }
}
