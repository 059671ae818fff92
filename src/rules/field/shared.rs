//! What the field rules share: the field pairs they run over (message fields and extensions,
//! as buf does), buf's way of naming a field in a message, anchoring at an option or the whole
//! field, the type and cardinality compatibility tables, and Go's formatting of the values
//! that buf quotes.

use crate::finding::Finding;
use crate::model::features::utf8;
use crate::model::{kind, Cardinality, Field, File, Message, Span, Syntax};
use crate::pair::Diff;
pub use crate::rules::quote::go_quote;
use crate::rules::Sink;

/// A field present in both versions: a message field (paired by message full name and number)
/// or an extension (paired by extendee and number).
#[derive(Clone, Copy)]
pub struct Pair<'a> {
    pub old: &'a Field,
    pub new: &'a Field,
    /// The messages that declare the fields; `None` for extensions.
    pub old_message: Option<&'a Message>,
    pub new_message: Option<&'a Message>,
}

/// Every field pair the field rules look at: fields of paired messages (map entries included),
/// then paired extensions.
pub fn pairs<'d, 'a: 'd>(diff: &'d Diff<'a>) -> impl Iterator<Item = Pair<'a>> + 'd {
    let fields = diff.field_pairs().map(|p| Pair {
        old: p.old,
        new: p.new,
        old_message: Some(p.old_message),
        new_message: Some(p.new_message),
    });
    let extensions = diff.extension_pairs().map(|(old, new)| Pair {
        old,
        new,
        old_message: None,
        new_message: None,
    });
    fields.chain(extensions)
}

impl<'a> Pair<'a> {
    pub fn is_extension(&self) -> bool {
        self.old.is_extension()
    }

    /// Both fields are the key or value of a map's synthetic entry message.
    pub fn in_map_entries(&self) -> bool {
        self.old_message.is_some_and(|m| m.map_entry)
            && self.new_message.is_some_and(|m| m.map_entry)
    }

    pub fn old_file(&self, diff: &Diff<'a>) -> &'a File {
        diff.old.file_of(self.old.file)
    }

    pub fn new_file(&self, diff: &Diff<'a>) -> &'a File {
        diff.new.file_of(self.new.file)
    }

    /// buf's name for the new field: `Field "2" with name "id" on message "User"`, or for an
    /// extension `Extension "100" with name "pkg.ext" on message "pkg.Extended"`.
    pub fn description(&self) -> String {
        describe(self.new, self.new_message, Some(&display_name(self.new)))
    }

    /// As [`Pair::description`] without the name part.
    pub fn description_without_name(&self) -> String {
        describe(self.new, self.new_message, None)
    }

    /// Reports a finding at `new` in NEW, with `old` as the place in OLD.
    pub fn report<'s>(
        &self,
        diff: &Diff,
        sink: &'s mut Sink,
        message: String,
        new: Option<Span>,
        old: Option<Span>,
    ) -> &'s mut Finding {
        sink.report(
            message,
            Some(diff.new_place(self.new.file, &new)),
            Some(diff.old_place(self.old.file, &old)),
        )
    }
}

/// The name buf gives a field in messages: its short name, or an extension's full name.
pub fn display_name(f: &Field) -> String {
    if f.is_extension() {
        f.full_name.clone()
    } else {
        f.name.clone()
    }
}

fn describe(f: &Field, message: Option<&Message>, name: Option<&str>) -> String {
    let (what, on) = match &f.extendee {
        Some(extendee) => ("Extension", extendee.as_str()),
        None => ("Field", message.map_or("", |m| m.name.as_str())),
    };
    let name = name.map_or(String::new(), |n| format!(" with name {}", go_quote(n)));
    format!("{what} \"{}\"{name} on message {}", f.number, go_quote(on))
}

/// The first place that exists: an option written in the field's brackets (or elsewhere), else
/// the whole field declaration (for a map's key or value: the `map<…>` type).
pub fn anchor(options: &[&Option<Span>], field: &Field) -> Option<Span> {
    options
        .iter()
        .find_map(|s| (*s).clone())
        .or_else(|| field.spans.decl.clone())
}

/// How strictly a type or cardinality change is judged.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Strictness {
    /// Any change (generated code).
    Same,
    /// Only changes that break the binary encoding.
    Wire,
    /// Only changes that break the binary or the JSON encoding.
    WireJson,
}

/// A `FeatureSet.Utf8Validation` value by name.
pub fn utf8_name(v: i32) -> String {
    match v {
        0 => "UTF8_VALIDATION_UNKNOWN".into(),
        utf8::VERIFY => "VERIFY".into(),
        utf8::NONE => "NONE".into(),
        other => other.to_string(),
    }
}

// ---------------------------------------------------------------------------------------------
// Cardinality

/// The compatibility group of a cardinality: changes within a group are tolerated.
fn cardinality_group(c: Cardinality, strictness: Strictness) -> u8 {
    use Cardinality::*;
    match (strictness, c) {
        (Strictness::Same, OptionalExplicitPresence) => 1,
        (Strictness::Same, OptionalImplicitPresence) => 2,
        (Strictness::Same, Required) => 3,
        (Strictness::Same, Repeated) => 4,
        (Strictness::Same, Map) => 5,
        // Both optional kinds encode alike; repeated and map fields are both sequences of
        // records on the wire, but JSON writes a map as an object and a list as an array.
        (_, OptionalExplicitPresence | OptionalImplicitPresence) => 1,
        (_, Required) => 2,
        (_, Repeated) => 3,
        (Strictness::Wire, Map) => 3,
        (Strictness::WireJson, Map) => 4,
    }
}

/// The three cardinality rules. Map entries' key and value are skipped: they are generated and
/// may only appear to change presence with the file's syntax.
pub fn check_cardinality(diff: &Diff, sink: &mut Sink, strictness: Strictness) {
    for p in pairs(diff) {
        if p.in_map_entries() {
            continue;
        }
        let (old, new) = (p.old.cardinality, p.new.cardinality);
        if cardinality_group(old, strictness) == cardinality_group(new, strictness) {
            continue;
        }
        let finding = p.report(
            diff,
            sink,
            format!(
                "{} changed cardinality from \"{old}\" to \"{new}\".",
                p.description()
            ),
            p.new.spans.decl.clone(),
            p.old.spans.decl.clone(),
        );
        finding.help = Some(format!(
            "keep {} as {old}; give the new cardinality to a new field with a new number",
            subject(&p)
        ));
        finding.effects = crate::effects::change::cardinality(p.old, p.new);
    }
}

// ---------------------------------------------------------------------------------------------
// Types

/// Kinds that encode alike on the wire (protobuf's "updating a message type" rules). string and
/// bytes are apart: string → bytes is allowed separately, bytes → string is not.
fn wire_group(k: i32) -> u8 {
    match k {
        kind::INT32 | kind::INT64 | kind::UINT32 | kind::UINT64 | kind::BOOL => 1,
        kind::SINT32 | kind::SINT64 => 2,
        kind::STRING => 3,
        kind::BYTES => 4,
        kind::FIXED32 | kind::SFIXED32 => 5,
        kind::FIXED64 | kind::SFIXED64 => 6,
        kind::DOUBLE => 7,
        kind::FLOAT => 8,
        kind::GROUP => 9,
        kind::MESSAGE => 10,
        kind::ENUM => 11,
        _ => 0,
    }
}

/// Kinds that are compatible both on the wire and in JSON (a 64-bit integer is a JSON string,
/// a 32-bit one a JSON number, so int32 and int64 are apart).
fn wire_json_group(k: i32) -> u8 {
    match k {
        kind::INT32 | kind::UINT32 => 1,
        kind::INT64 | kind::UINT64 => 2,
        kind::FIXED32 | kind::SFIXED32 => 3,
        kind::FIXED64 | kind::SFIXED64 => 4,
        kind::BOOL => 5,
        kind::SINT32 => 6,
        kind::SINT64 => 7,
        kind::STRING => 8,
        kind::BYTES => 9,
        kind::DOUBLE => 10,
        kind::FLOAT => 11,
        kind::GROUP => 12,
        kind::MESSAGE => 13,
        kind::ENUM => 14,
        _ => 0,
    }
}

const WIRE_RULES: &str =
    "See https://developers.google.com/protocol-buffers/docs/proto3#updating for wire compatibility rules.";
const WIRE_JSON_RULES: &str = "See https://developers.google.com/protocol-buffers/docs/proto3#updating for wire compatibility rules and https://developers.google.com/protocol-buffers/docs/proto3#json for JSON compatibility rules.";
const BYTES_TO_STRING: &str = "Note that while string and bytes are compatible if the data is valid UTF-8, there is no way to enforce that a bytes field is UTF-8, so these fields may be incompatible.";

/// A field's kind as buf prints it; a delimited message field outside proto2 is not a group.
fn kind_display(f: &Field, file: &File) -> &'static str {
    if f.kind == kind::GROUP && file.syntax != Syntax::Proto2 {
        "message (delimited encoding)"
    } else {
        kind::name(f.kind)
    }
}

/// The three type rules. Kinds are compared first (within compatibility groups for the wire
/// rules); for message, group and enum fields of the same kind, the referenced type next. The
/// wire rules accept a different enum with the same short name whose values (name → number)
/// include all the old enum's values.
pub fn check_type(diff: &Diff, sink: &mut Sink, strictness: Strictness) {
    for p in pairs(diff) {
        let (ok, nk) = (p.old.kind, p.new.kind);
        let kind_changed = match strictness {
            Strictness::Same => ok != nk,
            Strictness::Wire => wire_group(ok) != wire_group(nk),
            Strictness::WireJson => wire_json_group(ok) != wire_json_group(nk),
        };
        if kind_changed {
            let extra = match strictness {
                Strictness::Same => String::new(),
                Strictness::Wire if ok == kind::STRING && nk == kind::BYTES => continue,
                Strictness::Wire if ok == kind::BYTES && nk == kind::STRING => {
                    format!(" {WIRE_RULES} {BYTES_TO_STRING}")
                }
                Strictness::Wire => format!(" {WIRE_RULES}"),
                Strictness::WireJson => format!(" {WIRE_JSON_RULES}"),
            };
            let finding = p.report(
                diff,
                sink,
                format!(
                    "{} changed type from \"{}\" to \"{}\".{extra}",
                    p.description(),
                    kind_display(p.old, p.old_file(diff)),
                    kind_display(p.new, p.new_file(diff)),
                ),
                p.new.spans.type_token.clone(),
                p.old.spans.type_token.clone(),
            );
            finding.help = Some(type_help(&p));
            finding.effects = type_effects(diff, &p);
            continue;
        }
        if !matches!(nk, kind::MESSAGE | kind::GROUP | kind::ENUM)
            || p.old.type_name == p.new.type_name
        {
            continue;
        }
        if nk == kind::ENUM && strictness != Strictness::Same && enum_wire_compatible(diff, &p) {
            continue;
        }
        let old_name = p.old.type_name.as_deref().unwrap_or("");
        let new_name = p.new.type_name.as_deref().unwrap_or("");
        let finding = p.report(
            diff,
            sink,
            format!(
                "{} changed type from {} to {}.",
                p.description(),
                go_quote(old_name),
                go_quote(new_name)
            ),
            p.new.spans.type_token.clone(),
            p.old.spans.type_token.clone(),
        );
        finding.help = Some(type_help(&p));
        finding.effects = type_effects(diff, &p);
    }
}

fn type_help(p: &Pair) -> String {
    let fix = if p.in_map_entries() {
        "give the new type to a new map field with a new number"
    } else {
        "give the new type to a new field with a new number"
    };
    format!("keep {} as {}; {fix}", subject(p), p.old.type_display())
}

/// How a fix hint names the field: `field 2 "id"`, or a map's key or value.
fn subject(p: &Pair) -> String {
    match (p.in_map_entries(), p.old.number) {
        (true, 1) => "the map's key".to_owned(),
        (true, _) => "the map's value".to_owned(),
        (false, n) => format!("field {n} {}", go_quote(&display_name(p.old))),
    }
}

/// The run-time effects of a field's type change, both ways.
fn type_effects(diff: &Diff, p: &Pair) -> crate::effects::Effects {
    use crate::effects::change::{field_type, Side};
    field_type(
        Side {
            contract: diff.old,
            field: p.old,
        },
        Side {
            contract: diff.new,
            field: p.new,
        },
    )
}

/// A different enum is wire compatible when it has the same short name and every old value
/// still exists under the same name with the same number.
fn enum_wire_compatible(diff: &Diff, p: &Pair) -> bool {
    let old = p.old.type_name.as_deref().and_then(|n| diff.old.enum_(n));
    let new = p.new.type_name.as_deref().and_then(|n| diff.new.enum_(n));
    let (Some(old), Some(new)) = (old, new) else {
        return false;
    };
    old.name == new.name
        && old.values.iter().all(|ov| {
            new.values
                .iter()
                .find(|nv| nv.name == ov.name)
                .is_some_and(|nv| nv.number == ov.number)
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strings_quote_like_go_q() {
        assert_eq!(go_quote("h\"o"), r#""h\"o""#);
        assert_eq!(go_quote("a\\b\n\t"), r#""a\\b\n\t""#);
        assert_eq!(go_quote("\u{1}\u{7f}"), r#""\x01\x7f""#);
        assert_eq!(go_quote("héllo ✓"), "\"héllo ✓\"");
        assert_eq!(go_quote("\u{a0}\u{200b}"), r#""\u00a0\u200b""#);
    }

    #[test]
    fn wire_groups_tolerate_what_protobuf_allows() {
        assert_eq!(wire_group(kind::INT32), wire_group(kind::UINT64));
        assert_ne!(wire_group(kind::INT32), wire_group(kind::SINT32));
        assert_eq!(wire_json_group(kind::INT32), wire_json_group(kind::UINT32));
        assert_ne!(wire_json_group(kind::INT32), wire_json_group(kind::INT64));
        let c = |c, s| cardinality_group(c, s);
        use Cardinality::*;
        assert_eq!(c(Repeated, Strictness::Wire), c(Map, Strictness::Wire));
        assert_ne!(
            c(Repeated, Strictness::WireJson),
            c(Map, Strictness::WireJson)
        );
        assert_eq!(
            c(OptionalExplicitPresence, Strictness::WireJson),
            c(OptionalImplicitPresence, Strictness::WireJson)
        );
        assert_ne!(
            c(OptionalExplicitPresence, Strictness::Same),
            c(OptionalImplicitPresence, Strictness::Same)
        );
    }
}
