//! Rename and move hints, attached after the rules ran: when a message, enum or file is deleted
//! and a structurally identical one appears in NEW — a message with the same field numbers and
//! types, an enum with the same numbers, a file declaring the same types — the finding says
//! so ("looks renamed to X", "looks moved to file Y") with the fix that keeps compatibility.

use std::cell::OnceCell;
use std::collections::HashMap;

use crate::finding::Finding;
use crate::model::{Cardinality, Contract, ElementKind, Enum, Message};

/// Attaches hints to the deletion findings of one module's pair of contracts.
pub fn attach(findings: &mut [Finding], old: &Contract, new: &Contract) {
    let twins = Twins::new(old, new);
    for f in findings.iter_mut() {
        let hint = match f.rule {
            "MESSAGE_NO_DELETE"
            | "PACKAGE_MESSAGE_NO_DELETE"
            | "MESSAGE_NO_DELETE_UNLESS_DEPRECATED" => twins
                .old_named(f, ElementKind::Message)
                .and_then(|name| old.message(name))
                .and_then(|m| message_hint(m, &twins)),
            "ENUM_NO_DELETE" | "PACKAGE_ENUM_NO_DELETE" | "ENUM_NO_DELETE_UNLESS_DEPRECATED" => {
                twins
                    .old_named(f, ElementKind::Enum)
                    .and_then(|name| old.enum_(name))
                    .and_then(|e| enum_hint(e, &twins))
            }
            "FILE_NO_DELETE" => f.old.as_ref().and_then(|p| file_hint(&p.path, &twins)),
            _ => None,
        };
        if let Some(hint) = hint {
            f.help = Some(match f.help.take() {
                Some(help) => format!("{hint}; {help}"),
                None => hint,
            });
        }
    }
}

/// A file's declared types, sorted: what a moved file keeps.
type Declared<'c> = Vec<&'c str>;

/// A message's shape: its fields by number, with kind, type and cardinality.
type Shape<'c> = Vec<(i32, i32, &'c str, Cardinality)>;

/// The lookups the hints need, each built once, on first use: a diff that deletes thousands
/// of elements asks thousands of times, and a scan of NEW per question made that quadratic.
/// Each map keeps the first NEW candidate in the contract's order, as a linear search would.
struct Twins<'c> {
    old: &'c Contract,
    new: &'c Contract,
    /// NEW messages whose names OLD lacks (map entries aside), by shape.
    new_messages: OnceCell<HashMap<Shape<'c>, &'c str>>,
    /// NEW enums whose names OLD lacks, by their numbers.
    new_enums: OnceCell<HashMap<Vec<i32>, &'c str>>,
    /// NEW files whose paths OLD lacks, by their declared types.
    new_files: OnceCell<HashMap<Declared<'c>, &'c str>>,
}

impl<'c> Twins<'c> {
    fn new(old: &'c Contract, new: &'c Contract) -> Self {
        Twins {
            old,
            new,
            new_messages: OnceCell::new(),
            new_enums: OnceCell::new(),
            new_files: OnceCell::new(),
        }
    }

    /// The OLD element of `kind` declared exactly at the finding's OLD place (the first one,
    /// should several be).
    fn old_named(&self, f: &Finding, kind: ElementKind) -> Option<&'c str> {
        let span = f.old.as_ref()?.span.as_ref()?;
        self.old
            .elements_in(&span.path)
            .find(|e| e.kind == kind && e.span.as_ref() == Some(span))
            .map(|e| e.full_name.as_str())
    }

    fn message_twin(&self, shape: &Shape<'c>) -> Option<&'c str> {
        let (old, new) = (self.old, self.new);
        let index = self.new_messages.get_or_init(|| {
            let mut index = HashMap::new();
            for n in new.target_messages() {
                if old.message(&n.full_name).is_none() && !n.map_entry {
                    index.entry(self::shape(n)).or_insert(n.full_name.as_str());
                }
            }
            index
        });
        index.get(shape).copied()
    }

    fn enum_twin(&self, nums: &[i32]) -> Option<&'c str> {
        let (old, new) = (self.old, self.new);
        let index = self.new_enums.get_or_init(|| {
            let mut index = HashMap::new();
            for n in new.target_enums() {
                if old.enum_(&n.full_name).is_none() {
                    index.entry(numbers(n)).or_insert(n.full_name.as_str());
                }
            }
            index
        });
        index.get(nums).copied()
    }

    fn file_twin(&self, declared: &Declared<'_>) -> Option<&'c str> {
        let (old, new) = (self.old, self.new);
        let index = self.new_files.get_or_init(|| {
            let mut index = HashMap::new();
            for n in new.target_files() {
                if old.file(&n.path).is_none() {
                    index.entry(declared_by(new, n)).or_insert(n.path.as_ref());
                }
            }
            index
        });
        index.get(declared).copied()
    }
}

fn shape(m: &Message) -> Shape<'_> {
    let mut v: Vec<_> = m
        .fields
        .iter()
        .map(|f| {
            // Nested types are compared by their name inside the message.
            let t = f
                .type_name
                .as_deref()
                .map(|t| {
                    t.strip_prefix(m.full_name.as_str())
                        .and_then(|rest| rest.strip_prefix('.'))
                        .unwrap_or(t)
                })
                .map(|t| t.rsplit('.').next().unwrap_or(t))
                .unwrap_or_default();
            (f.number, f.kind, t, f.cardinality)
        })
        .collect();
    v.sort();
    v
}

fn message_hint<'c>(m: &'c Message, twins: &Twins<'c>) -> Option<String> {
    let (old, new) = (twins.old, twins.new);
    let old_path = &old.file_of(m.file).path;
    // The same full name in another NEW file: moved (buf pairs messages per file).
    if let Some(n) = new.message(&m.full_name) {
        let path = &new.file_of(n.file).path;
        if path != old_path && new.file_of(n.file).target {
            return Some(format!(
                "message {} looks moved to file {path}: move it back to {old_path} (generated \
                 code in some languages is organised by file)",
                m.name
            ));
        }
    }
    let s = shape(m);
    if s.is_empty() {
        return None;
    }
    let twin = twins.message_twin(&s)?;
    Some(format!(
        "message {} looks renamed to {twin} (same field numbers and types): keep the old name, \
         which generated code and `Any` type URLs use",
        m.full_name
    ))
}

fn numbers(e: &Enum) -> Vec<i32> {
    let mut v: Vec<i32> = e.values.iter().map(|v| v.number).collect();
    v.sort_unstable();
    v.dedup();
    v
}

fn enum_hint(e: &Enum, twins: &Twins<'_>) -> Option<String> {
    let (old, new) = (twins.old, twins.new);
    let old_path = &old.file_of(e.file).path;
    if let Some(n) = new.enum_(&e.full_name) {
        let path = &new.file_of(n.file).path;
        if path != old_path && new.file_of(n.file).target {
            return Some(format!(
                "enum {} looks moved to file {path}: move it back to {old_path}",
                e.name
            ));
        }
    }
    let nums = numbers(e);
    if nums.len() < 2 {
        return None;
    }
    let twin = twins.enum_twin(&nums)?;
    Some(format!(
        "enum {} looks renamed to {twin} (same numbers): keep the old name, which generated code \
         uses",
        e.full_name
    ))
}

/// The types a file declares (top-level messages and enums), sorted.
fn declared_by<'c>(c: &'c Contract, file: &'c crate::model::File) -> Declared<'c> {
    let mut names: Vec<&str> = file
        .messages
        .iter()
        .map(|&i| c.messages[i].full_name.as_str())
        .chain(file.enums.iter().map(|&i| c.enums[i].full_name.as_str()))
        .collect();
    names.sort_unstable();
    names
}

fn file_hint(path: &str, twins: &Twins<'_>) -> Option<String> {
    let file = twins.old.file(path)?;
    let names = declared_by(twins.old, file);
    if names.is_empty() {
        return None;
    }
    let twin = twins.file_twin(&names)?;
    Some(format!(
        "{path} looks moved to file {twin} (it declares the same types): keep the old path, \
         which imports and generated code use"
    ))
}
