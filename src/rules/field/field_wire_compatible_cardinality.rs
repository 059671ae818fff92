//! FIELD_WIRE_COMPATIBLE_CARDINALITY

use super::shared::{check_cardinality, Strictness};
use crate::pair::Diff;
use crate::rules::{Example, Rule, Sink};

pub const RULE: Rule = Rule {
    id: "FIELD_WIRE_COMPATIBLE_CARDINALITY",
    summary: "The cardinality of a field changed in a way that breaks the binary encoding.",
    what: "Like FIELD_SAME_CARDINALITY, but only across these groups: optional (with explicit or \
           implicit presence), required, and repeated or map. Moves within a group are \
           tolerated. A map's key and value are not compared.",
    why: "A required field must be present for a message to parse, so adding or dropping \
          `required` makes one side reject the other's messages. A single value and a sequence \
          of values are read differently: a singular reader keeps only the last element.",
    fix: "Keep the field's cardinality group. For a new shape, add a new field with a new number.",
    example: Example {
        old: "message Meeting {\n  optional string topic = 1;\n}",
        new: "message Meeting {\n  repeated string topic = 1;\n}",
    },
    check,
};

fn check(diff: &Diff, sink: &mut Sink) {
    check_cardinality(diff, sink, Strictness::Wire);
}
