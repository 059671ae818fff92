//! FIELD_SAME_CARDINALITY

use super::shared::{check_cardinality, Strictness};
use crate::pair::Diff;
use crate::rules::{Example, Rule, Sink};

pub const RULE: Rule = Rule {
    id: "FIELD_SAME_CARDINALITY",
    summary: "The cardinality of a field changed.",
    what: "For every field present in both versions (paired by message full name and number, \
           extensions by extendee and number), the cardinality must be the same: optional with \
           explicit presence (proto2 optional, proto3 `optional`, message fields, oneof members, \
           extensions), optional with implicit presence (plain proto3 scalars), required, \
           repeated, or map. A map's key and value are not compared.",
    why: "Generated code differs for each: has-methods exist only with explicit presence, \
          repeated fields are lists and maps are maps. Switching between them breaks callers, \
          and several switches also change how values are encoded or validated.",
    fix: "Keep the field's cardinality. For a new shape, add a new field with a new number.",
    example: Example {
        old: "syntax = \"proto3\";\npackage meeting.v1;\n\nmessage Meeting {\n  string topic = 1;\n}",
        new: "syntax = \"proto3\";\npackage meeting.v1;\n\nmessage Meeting {\n  repeated string topic = 1;\n}",
    },
    check,
};

fn check(diff: &Diff, sink: &mut Sink) {
    check_cardinality(diff, sink, Strictness::Same);
}
