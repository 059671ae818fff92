//! Fixes as data: for findings whose fix is mechanical, text edits of NEW's files that make the
//! finding go away without touching anything else. They are attached after the rules ran, from
//! the finding's rule and the elements its places point at:
//!
//! - a deleted field or enum value whose deletion must not happen (FIELD_NO_DELETE,
//!   ENUM_VALUE_NO_DELETE, and the POLICY rules when OLD had not deprecated it): restore OLD's
//!   declaration, marked `deprecated = true`;
//! - a deleted field or enum value whose number or name must be reserved (the
//!   `*_UNLESS_NUMBER_RESERVED`/`*_UNLESS_NAME_RESERVED` rules, and the POLICY rules for a
//!   deprecated one): add `reserved` statements;
//! - a changed JSON name (FIELD_SAME_JSON_NAME): restore OLD's `json_name`.
//!
//! `protocheck fix` applies them (see [`apply`]).

use std::collections::HashMap;
use std::sync::Arc;

use crate::finding::Finding;
use crate::model::{Contract, ElementKind, Span};
use crate::position::{display_position, line_text, offset_of_display};

/// One alternative way to fix a finding: edits applied together.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Fix {
    /// What the fix does, for people ("reserve 7 and \"nickname\" in Participant").
    pub description: String,
    pub kind: FixKind,
    /// The element the fix is about (a deleted field's full name, …).
    pub element: String,
    pub edits: Vec<Edit>,
}

/// What a fix does; `protocheck fix` prefers restoring over reserving for the same element.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum FixKind {
    RestoreDeprecated,
    Reserve,
    RestoreJsonName,
}

/// Replace the text between two 1-based positions of a NEW file (`end_col` exclusive, columns
/// counted as spans count them) by `new_text`; an insertion when both ends are equal.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Edit {
    pub path: Arc<str>,
    pub start_line: u32,
    pub start_col: u32,
    pub end_line: u32,
    pub end_col: u32,
    pub new_text: String,
}

/// The sources of both sides, by file path.
pub struct Sources<'a> {
    pub old: &'a HashMap<String, Arc<str>>,
    pub new: &'a HashMap<String, Arc<str>>,
}

/// Attaches the mechanical fixes to `findings` (from one module's pair of contracts).
pub fn attach(findings: &mut [Finding], old: &Contract, new: &Contract, sources: &Sources) {
    for f in findings.iter_mut() {
        if let Some(fix) = fix_for(f, old, new, sources) {
            f.fixes.push(fix);
        }
    }
}

/// The OLD element a finding's OLD place declares, when it is exactly that element.
fn old_element<'c>(f: &Finding, old: &'c Contract, kind: ElementKind) -> Option<&'c str> {
    let span = f.old.as_ref()?.span.as_ref()?;
    old.elements
        .iter()
        .find(|e| e.kind == kind && e.span.as_ref() == Some(span))
        .map(|e| e.full_name.as_str())
}

fn fix_for(f: &Finding, old: &Contract, new: &Contract, sources: &Sources) -> Option<Fix> {
    let not_deprecated = f.message.contains("without being deprecated first");
    match f.rule {
        "FIELD_NO_DELETE" => restore_field(f, old, new, sources),
        "FIELD_NO_DELETE_UNLESS_DEPRECATED" if not_deprecated => {
            restore_field(f, old, new, sources)
        }
        "FIELD_NO_DELETE_UNLESS_DEPRECATED" => reserve_field(f, old, new, sources, true, true),
        "FIELD_NO_DELETE_UNLESS_NUMBER_RESERVED" => {
            reserve_field(f, old, new, sources, true, false)
        }
        "FIELD_NO_DELETE_UNLESS_NAME_RESERVED" => reserve_field(f, old, new, sources, false, true),
        "ENUM_VALUE_NO_DELETE" => restore_value(f, old, new, sources),
        "ENUM_VALUE_NO_DELETE_UNLESS_DEPRECATED" if not_deprecated => {
            restore_value(f, old, new, sources)
        }
        "ENUM_VALUE_NO_DELETE_UNLESS_DEPRECATED" => reserve_value(f, old, new, sources, true, true),
        "ENUM_VALUE_NO_DELETE_UNLESS_NUMBER_RESERVED" => {
            reserve_value(f, old, new, sources, true, false)
        }
        "ENUM_VALUE_NO_DELETE_UNLESS_NAME_RESERVED" => {
            reserve_value(f, old, new, sources, false, true)
        }
        "FIELD_SAME_JSON_NAME" => restore_json_name(f, old, new, sources),
        _ => None,
    }
}

/// The OLD field a deletion finding is about, with its message's full name.
fn deleted_field<'c>(
    f: &Finding,
    old: &'c Contract,
) -> Option<(&'c crate::model::Message, &'c crate::model::Field)> {
    let name = old_element(f, old, ElementKind::Field)?;
    let (message, field) = name.rsplit_once('.')?;
    let m = old.message(message)?;
    Some((m, m.fields.iter().find(|x| x.name == field)?))
}

/// The text of `span` in `text` (1-based display columns, end exclusive).
fn slice<'t>(text: &'t str, span: &Span) -> Option<&'t str> {
    let start = offset_of_display(text, span.start_line, span.start_col)?;
    let end = offset_of_display(text, span.end_line, span.end_col)?;
    text.get(start..end)
}

/// The leading white space of line `line` (1-based).
fn indent_of(text: &str, line: u32) -> String {
    let l = (line as usize)
        .checked_sub(1)
        .and_then(|line| line_text(text, line))
        .unwrap_or("");
    l.chars().take_while(|c| c.is_whitespace()).collect()
}

/// An edit that inserts `lines` (each a statement) just before the closing `}` of the element
/// declared at `span` in NEW, indented one level deeper than the element.
fn insert_before_close(span: &Span, text: &str, lines: &[String]) -> Option<Edit> {
    let close = offset_of_display(text, span.end_line, span.end_col)?.checked_sub(1)?;
    if text.as_bytes().get(close) != Some(&b'}') {
        return None;
    }
    let outer = indent_of(text, span.start_line);
    let inner = format!("{outer}  ");
    let line_start = crate::position::line_start_of(text, close);
    let before_brace_blank = text[line_start..close].trim().is_empty();
    let body: String = lines.iter().map(|l| format!("{inner}{l}\n")).collect();
    let (col, new_text) = if before_brace_blank {
        (1, body)
    } else {
        (span.end_col - 1, format!("\n{body}{outer}"))
    };
    Some(Edit {
        path: span.path.clone(),
        start_line: span.end_line,
        start_col: col,
        end_line: span.end_line,
        end_col: col,
        new_text,
    })
}

/// OLD's declaration text with `deprecated = true` added to its options, on one line.
fn deprecated_text(decl: &str) -> Option<String> {
    let one_line = decl
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join(" ");
    let body = one_line.strip_suffix(';')?.trim_end();
    Some(match body.strip_suffix(']') {
        Some(inner) => {
            let open = inner.find('[')?;
            let (head, options) = inner.split_at(open + 1);
            format!("{head}deprecated = true, {}];", options.trim())
        }
        None => format!("{body} [deprecated = true];"),
    })
}

fn restore_field(f: &Finding, old: &Contract, new: &Contract, s: &Sources) -> Option<Fix> {
    let (om, field) = deleted_field(f, old)?;
    // A oneof member cannot be put back outside its oneof; a group has a body.
    if field.oneof_index.is_some() && !field.proto3_optional {
        return None;
    }
    let nm = new.message(&om.full_name)?;
    let span = nm.span.as_ref()?;
    let decl = slice(
        s.old.get(&*field.spans.decl.as_ref()?.path)?,
        field.spans.decl.as_ref()?,
    )?;
    let text = deprecated_text(decl)?;
    let edit = insert_before_close(span, s.new.get(&*span.path)?, std::slice::from_ref(&text))?;
    Some(Fix {
        description: format!("restore `{text}` in message {}", nm.name),
        kind: FixKind::RestoreDeprecated,
        element: field.full_name.clone(),
        edits: vec![edit],
    })
}

fn reserve_field(
    f: &Finding,
    old: &Contract,
    new: &Contract,
    s: &Sources,
    number: bool,
    name: bool,
) -> Option<Fix> {
    let (om, field) = deleted_field(f, old)?;
    let nm = new.message(&om.full_name)?;
    let lines = reserved_lines(
        (number && !nm.is_reserved_number(field.number)).then_some(field.number),
        (name && !nm.is_reserved_name(&field.name)).then_some(&field.name),
    );
    reserve(nm.span.as_ref()?, &nm.name, &field.full_name, lines, s)
}

/// The `reserved` statements for a number and a name that are not reserved yet.
fn reserved_lines(number: Option<i32>, name: Option<&str>) -> Vec<String> {
    let mut lines = Vec::new();
    if let Some(n) = number {
        lines.push(format!("reserved {n};"));
    }
    if let Some(name) = name {
        lines.push(format!("reserved \"{name}\";"));
    }
    lines
}

fn reserve(
    span: &Span,
    owner: &str,
    element: &str,
    lines: Vec<String>,
    s: &Sources,
) -> Option<Fix> {
    if lines.is_empty() {
        return None;
    }
    let edit = insert_before_close(span, s.new.get(&*span.path)?, &lines)?;
    Some(Fix {
        description: format!("add `{}` to {owner}", lines.join(" ")),
        kind: FixKind::Reserve,
        element: element.to_owned(),
        edits: vec![edit],
    })
}

/// The OLD enum and value a deletion finding is about.
fn deleted_value<'c>(
    f: &Finding,
    old: &'c Contract,
) -> Option<(&'c crate::model::Enum, &'c crate::model::EnumValue)> {
    let name = old_element(f, old, ElementKind::EnumValue)?;
    let (e, value) = name.rsplit_once('.')?;
    let e = old.enum_(e)?;
    Some((e, e.values.iter().find(|v| v.name == value)?))
}

fn restore_value(f: &Finding, old: &Contract, new: &Contract, s: &Sources) -> Option<Fix> {
    let (oe, v) = deleted_value(f, old)?;
    let ne = new.enum_(&oe.full_name)?;
    let span = ne.span.as_ref()?;
    let decl = slice(s.old.get(&*v.span.as_ref()?.path)?, v.span.as_ref()?)?;
    let text = deprecated_text(decl)?;
    let edit = insert_before_close(span, s.new.get(&*span.path)?, std::slice::from_ref(&text))?;
    Some(Fix {
        description: format!("restore `{text}` in enum {}", ne.name),
        kind: FixKind::RestoreDeprecated,
        element: format!("{}.{}", oe.full_name, v.name),
        edits: vec![edit],
    })
}

fn reserve_value(
    f: &Finding,
    old: &Contract,
    new: &Contract,
    s: &Sources,
    number: bool,
    name: bool,
) -> Option<Fix> {
    let (oe, v) = deleted_value(f, old)?;
    let ne = new.enum_(&oe.full_name)?;
    let lines = reserved_lines(
        (number && !ne.is_reserved_number(v.number)).then_some(v.number),
        (name && !ne.is_reserved_name(&v.name)).then_some(&v.name),
    );
    let element = format!("{}.{}", oe.full_name, v.name);
    reserve(ne.span.as_ref()?, &ne.name, &element, lines, s)
}

fn restore_json_name(f: &Finding, old: &Contract, new: &Contract, s: &Sources) -> Option<Fix> {
    // The finding is at the NEW field (or its json_name option); pair by number.
    let span = f.new.as_ref()?.span.as_ref()?;
    let nf = new
        .elements_at(span)
        .into_iter()
        .find(|e| e.kind == ElementKind::Field)?;
    let (message, field) = nf.full_name.rsplit_once('.')?;
    let nm = new.message(message)?;
    let nfield = nm.fields.iter().find(|x| x.name == field)?;
    let ofield = old.message(message)?.field(nfield.number)?;
    let text = s.new.get(&*span.path)?;
    let option = format!("json_name = \"{}\"", ofield.json_name);
    let edit = if let Some(js) = &nfield.spans.json_name {
        // Replace `json_name = "…"` as written.
        let written = slice(text, js)?;
        let end = if written.starts_with("json_name") {
            js.clone()
        } else {
            return None;
        };
        Edit {
            path: js.path.clone(),
            start_line: js.start_line,
            start_col: js.start_col,
            end_line: end.end_line,
            end_col: end.end_col,
            new_text: option.clone(),
        }
    } else {
        let decl = nfield.spans.decl.as_ref()?;
        let written = slice(text, decl)?;
        let body = written.trim_end().strip_suffix(';')?.trim_end();
        // Insert before the `]` of existing options, or a new option list before `;`.
        let (insert_at, new_text) = if body.ends_with(']') {
            (body.len() - 1, format!(", {option}"))
        } else {
            (body.len(), format!(" [{option}]"))
        };
        let start = offset_of_display(text, decl.start_line, decl.start_col)? + insert_at;
        let (line, col) = display_position(text, start);
        Edit {
            path: decl.path.clone(),
            start_line: line,
            start_col: col,
            end_line: line,
            end_col: col,
            new_text,
        }
    };
    Some(Fix {
        description: format!("restore `{option}` on field {}", nfield.name),
        kind: FixKind::RestoreJsonName,
        element: nfield.full_name.clone(),
        edits: vec![edit],
    })
}

/// The fixes `protocheck fix` applies: the first fix of each finding, restoring preferred over
/// reserving for the same element, identical edits once.
pub fn chosen(findings: &[Finding]) -> Vec<&Fix> {
    let restored: Vec<&str> = findings
        .iter()
        .flat_map(|f| &f.fixes)
        .filter(|x| x.kind == FixKind::RestoreDeprecated)
        .map(|x| x.element.as_str())
        .collect();
    let mut out: Vec<&Fix> = Vec::new();
    for f in findings {
        let Some(fix) = f.fixes.first() else { continue };
        if fix.kind == FixKind::Reserve && restored.contains(&fix.element.as_str()) {
            continue;
        }
        if !out.iter().any(|o| o.edits == fix.edits) {
            out.push(fix);
        }
    }
    out
}

/// Applies `edits` (all of one file) to `text`. Edits that overlap an earlier one are skipped;
/// insertions at the same place keep their order.
pub fn apply(text: &str, edits: &[&Edit]) -> String {
    let mut ranges: Vec<(usize, usize, usize, &str)> = edits
        .iter()
        .enumerate()
        .filter_map(|(i, e)| {
            let start = offset_of_display(text, e.start_line, e.start_col)?;
            let end = offset_of_display(text, e.end_line, e.end_col)?;
            (start <= end && end <= text.len()).then_some((start, end, i, e.new_text.as_str()))
        })
        .collect();
    ranges.sort();
    let mut out = String::with_capacity(text.len());
    let mut at = 0usize;
    for (start, end, _, new_text) in ranges {
        if start < at {
            continue;
        }
        out.push_str(&text[at..start]);
        out.push_str(new_text);
        at = end;
    }
    out.push_str(&text[at..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deprecated_is_added_to_the_options() {
        assert_eq!(
            deprecated_text("string nickname = 7;").as_deref(),
            Some("string nickname = 7 [deprecated = true];")
        );
        assert_eq!(
            deprecated_text("string a = 1 [json_name = \"b\"];").as_deref(),
            Some("string a = 1 [deprecated = true, json_name = \"b\"];")
        );
    }

    #[test]
    fn edits_insert_and_replace_by_position() {
        let text = "message A {\n  int32 a = 1;\n}\n";
        let edits = [
            Edit {
                path: "a.proto".into(),
                start_line: 3,
                start_col: 1,
                end_line: 3,
                end_col: 1,
                new_text: "  reserved 2;\n".into(),
            },
            Edit {
                path: "a.proto".into(),
                start_line: 2,
                start_col: 9,
                end_line: 2,
                end_col: 10,
                new_text: "b".into(),
            },
        ];
        let refs: Vec<&Edit> = edits.iter().collect();
        assert_eq!(
            apply(text, &refs),
            "message A {\n  int32 b = 1;\n  reserved 2;\n}\n"
        );
    }
}
