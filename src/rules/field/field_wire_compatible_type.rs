//! FIELD_WIRE_COMPATIBLE_TYPE

use super::shared::{check_type, Strictness};
use crate::pair::Diff;
use crate::rules::{Example, Rule, Sink};

pub const RULE: Rule = Rule {
    id: "FIELD_WIRE_COMPATIBLE_TYPE",
    summary: "The type of a field changed in a way that breaks the binary encoding.",
    what: "Like FIELD_SAME_TYPE, but kinds that share a wire encoding may replace each other: \
           int32, int64, uint32, uint64 and bool; sint32 and sint64; fixed32 and sfixed32; \
           fixed64 and sfixed64. string may become bytes, but bytes may not become string. A \
           message or group field must keep its message type. An enum field may switch to \
           another enum with the same short name that still has every old value (same name, \
           same number).",
    why: "Data written with the old type is read with the new one: across encodings the bytes \
          are misparsed or dropped as unknown fields, and values outside the new type's range \
          are truncated. Bytes need not be valid UTF-8, so a string reader may reject them.",
    fix: "Keep the field's type, or move only within a wire-compatible family. For a real type \
          change, add a new field with a new number.",
    example: Example {
        old: "syntax = \"proto3\";\npackage meeting.v1;\n\nmessage Meeting {\n  int32 duration_minutes = 1;\n}",
        new: "syntax = \"proto3\";\npackage meeting.v1;\n\nmessage Meeting {\n  sint32 duration_minutes = 1;\n}",
    },
    check,
};

fn check(diff: &Diff, sink: &mut Sink) {
    check_type(diff, sink, Strictness::Wire);
}
