//! Rename and move hints, attached after the rules ran: when a message, enum or file is deleted
//! and a structurally identical one appears in NEW — a message with the same field numbers and
//! types, an enum with the same numbers, a file declaring the same types — the finding says
//! so ("looks renamed to X", "looks moved to file Y") with the fix that keeps compatibility.

use crate::finding::Finding;
use crate::model::{Contract, ElementKind, Enum, Message};

/// Attaches hints to the deletion findings of one module's pair of contracts.
pub fn attach(findings: &mut [Finding], old: &Contract, new: &Contract) {
    for f in findings.iter_mut() {
        let hint = match f.rule {
            "MESSAGE_NO_DELETE"
            | "PACKAGE_MESSAGE_NO_DELETE"
            | "MESSAGE_NO_DELETE_UNLESS_DEPRECATED" => old_named(f, old, ElementKind::Message)
                .and_then(|name| old.message(&name))
                .and_then(|m| message_hint(m, old, new)),
            "ENUM_NO_DELETE" | "PACKAGE_ENUM_NO_DELETE" | "ENUM_NO_DELETE_UNLESS_DEPRECATED" => {
                old_named(f, old, ElementKind::Enum)
                    .and_then(|name| old.enum_(&name))
                    .and_then(|e| enum_hint(e, old, new))
            }
            "FILE_NO_DELETE" => f.old.as_ref().and_then(|p| file_hint(&p.path, old, new)),
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

/// The OLD element of `kind` declared exactly at the finding's OLD place.
fn old_named(f: &Finding, old: &Contract, kind: ElementKind) -> Option<String> {
    let span = f.old.as_ref()?.span.as_ref()?;
    old.elements
        .iter()
        .find(|e| e.kind == kind && e.span.as_ref() == Some(span))
        .map(|e| e.full_name.clone())
}

/// A message's shape: its fields by number, with kind, type and cardinality.
fn shape(m: &Message) -> Vec<(i32, i32, String, String)> {
    let mut v: Vec<_> = m
        .fields
        .iter()
        .map(|f| {
            // Nested types are compared by their name inside the message.
            let t = f
                .type_name
                .as_deref()
                .map(|t| t.strip_prefix(&format!("{}.", m.full_name)).unwrap_or(t))
                .map(|t| t.rsplit('.').next().unwrap_or(t).to_owned())
                .unwrap_or_default();
            (f.number, f.kind, t, f.cardinality.to_string())
        })
        .collect();
    v.sort();
    v
}

fn message_hint(m: &Message, old: &Contract, new: &Contract) -> Option<String> {
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
    let twin = new
        .target_messages()
        .find(|n| old.message(&n.full_name).is_none() && !n.map_entry && shape(n) == s)?;
    Some(format!(
        "message {} looks renamed to {} (same field numbers and types): keep the old name, \
         which generated code and `Any` type URLs use",
        m.full_name, twin.full_name
    ))
}

fn numbers(e: &Enum) -> Vec<i32> {
    let mut v: Vec<i32> = e.values.iter().map(|v| v.number).collect();
    v.sort_unstable();
    v.dedup();
    v
}

fn enum_hint(e: &Enum, old: &Contract, new: &Contract) -> Option<String> {
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
    let twin = new
        .target_enums()
        .find(|n| old.enum_(&n.full_name).is_none() && numbers(n) == nums)?;
    Some(format!(
        "enum {} looks renamed to {} (same numbers): keep the old name, which generated code \
         uses",
        e.full_name, twin.full_name
    ))
}

fn file_hint(path: &str, old: &Contract, new: &Contract) -> Option<String> {
    let file = old.file(path)?;
    let mut names: Vec<&str> = file
        .messages
        .iter()
        .map(|&i| old.messages[i].full_name.as_str())
        .chain(file.enums.iter().map(|&i| old.enums[i].full_name.as_str()))
        .collect();
    if names.is_empty() {
        return None;
    }
    names.sort_unstable();
    let twin = new.target_files().find(|n| {
        old.file(&n.path).is_none() && {
            let mut theirs: Vec<&str> = n
                .messages
                .iter()
                .map(|&i| new.messages[i].full_name.as_str())
                .chain(n.enums.iter().map(|&i| new.enums[i].full_name.as_str()))
                .collect();
            theirs.sort_unstable();
            theirs == names
        }
    })?;
    Some(format!(
        "{path} looks moved to file {} (it declares the same types): keep the old path, which \
         imports and generated code use",
        twin.path
    ))
}
