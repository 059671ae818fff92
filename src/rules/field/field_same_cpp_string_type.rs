//! FIELD_SAME_CPP_STRING_TYPE

use super::shared::{anchor, pairs};
use crate::model::features::{cpp_string_type, EDITION_2024};
use crate::model::{kind, Field, File, Syntax};
use crate::pair::Diff;
use crate::rules::{Example, Rule, Sink};

pub const RULE: Rule = Rule {
    id: "FIELD_SAME_CPP_STRING_TYPE",
    summary: "The C++ representation of a string or bytes field changed.",
    what: "For every string or bytes field present in both versions (paired by message full \
           name and number, extensions by extendee and number; map keys and values are not \
           compared), the C++ string type must be the same. It comes from the `ctype` option \
           (STRING, CORD, STRING_PIECE) before edition 2024, else from the resolved \
           `features.(pb.cpp).string_type` (VIEW, CORD, STRING). Going from STRING_PIECE to \
           STRING is allowed.",
    why: "The string type decides the C++ accessors' signatures (std::string, absl::Cord, \
          absl::string_view): changing it breaks C++ code that uses the field.",
    fix: "Restore the old `ctype` or `features.(pb.cpp).string_type`.",
    example: Example {
        old: "message Doc {\n  optional string body = 1 [ctype = CORD];\n}",
        new: "message Doc {\n  optional string body = 1;\n}",
    },
    check,
};

/// The C++ string type (a `cpp_string_type` value) and whether it is the legacy STRING_PIECE.
fn string_type(f: &Field, file: &File) -> (i32, bool) {
    const STRING: i32 = 0;
    const CORD: i32 = 1;
    const STRING_PIECE: i32 = 2;
    if file.syntax.edition() < EDITION_2024 {
        match f.ctype {
            Some(CORD) => return (cpp_string_type::CORD, false),
            Some(STRING_PIECE) => return (cpp_string_type::STRING, true),
            Some(STRING) => return (cpp_string_type::STRING, false),
            // An unknown ctype: proto2/proto3 read it as STRING; edition 2023 falls back to the
            // feature below.
            Some(_) if !matches!(file.syntax, Syntax::Editions(_)) => {
                return (cpp_string_type::STRING, false)
            }
            _ => {}
        }
    }
    (f.features.cpp_string_type, false)
}

fn name((t, piece): (i32, bool)) -> String {
    match (t, piece) {
        (_, true) => "STRING_PIECE".into(),
        (cpp_string_type::VIEW, _) => "VIEW".into(),
        (cpp_string_type::CORD, _) => "CORD".into(),
        (cpp_string_type::STRING, _) => "STRING".into(),
        (other, _) => other.to_string(),
    }
}

fn check(diff: &Diff, sink: &mut Sink) {
    for p in pairs(diff) {
        // Map entries cannot configure their string type.
        if p.in_map_entries() {
            continue;
        }
        let stringy = |f: &Field| matches!(f.kind, kind::STRING | kind::BYTES);
        if !stringy(p.old) || !stringy(p.new) {
            continue;
        }
        let old = string_type(p.old, p.old_file(diff));
        let new = string_type(p.new, p.new_file(diff));
        // STRING_PIECE was always stored as a std::string: moving to STRING is not a change.
        if old == new || (old.1 && new.0 == cpp_string_type::STRING) {
            continue;
        }
        p.report(
            diff,
            sink,
            format!(
                "{} changed C++ string type from \"{}\" to \"{}\".",
                p.description(),
                name(old),
                name(new)
            ),
            anchor(&[&p.new.spans.ctype, &p.new.spans.cpp_string_type], p.new),
            anchor(&[&p.old.spans.ctype, &p.old.spans.cpp_string_type], p.old),
        );
    }
}
