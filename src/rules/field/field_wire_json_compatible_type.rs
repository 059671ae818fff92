//! FIELD_WIRE_JSON_COMPATIBLE_TYPE

use super::shared::{check_type, Strictness};
use crate::pair::Diff;
use crate::rules::{Example, Rule, Sink};

pub const RULE: Rule = Rule {
    id: "FIELD_WIRE_JSON_COMPATIBLE_TYPE",
    summary: "The type of a field changed in a way that breaks the binary or the JSON encoding.",
    what: "Like FIELD_WIRE_COMPATIBLE_TYPE, with the narrower families that also keep their JSON \
           form: int32 and uint32; int64 and uint64; fixed32 and sfixed32; fixed64 and \
           sfixed64. Every other kind stands alone (string and bytes too). A message or group \
           field must keep its message type; an enum field may switch to another enum with the \
           same short name that still has every old value.",
    why: "JSON writes 64-bit integers as strings and 32-bit ones as numbers, bools as \
          true/false, bytes as base64 and enums by value name: a reader of the new type \
          rejects or misreads what a writer of the old type produced.",
    fix: "Keep the field's type, or move only within a family above. For a real type change, add \
          a new field with a new number.",
    example: Example {
        old: "syntax = \"proto3\";\npackage meeting.v1;\n\nmessage Meeting {\n  int32 duration_minutes = 1;\n}",
        new: "syntax = \"proto3\";\npackage meeting.v1;\n\nmessage Meeting {\n  int64 duration_minutes = 1;\n}",
    },
    check,
};

fn check(diff: &Diff, sink: &mut Sink) {
    check_type(diff, sink, Strictness::WireJson);
}
