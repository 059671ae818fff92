//! FIELD_WIRE_JSON_COMPATIBLE_CARDINALITY

use super::shared::{check_cardinality, Strictness};
use crate::pair::Diff;
use crate::rules::{Example, Rule, Sink};

pub const RULE: Rule = Rule {
    id: "FIELD_WIRE_JSON_COMPATIBLE_CARDINALITY",
    summary: "The cardinality of a field changed in a way that breaks the binary or the JSON \
              encoding.",
    what: "Like FIELD_WIRE_COMPATIBLE_CARDINALITY, but repeated and map are also apart: the \
           groups are optional (with explicit or implicit presence), required, repeated, and \
           map. A map's key and value are not compared.",
    why: "On top of the binary breaks, JSON writes a repeated field as an array and a map as an \
          object: a reader expecting one rejects the other.",
    fix: "Keep the field's cardinality group. For a new shape, add a new field with a new number.",
    example: Example {
        old: "syntax = \"proto3\";\npackage meeting.v1;\n\nmessage Meeting {\n  message LabelsEntry {\n    string key = 1;\n    string value = 2;\n  }\n  repeated LabelsEntry labels = 1;\n}",
        new: "syntax = \"proto3\";\npackage meeting.v1;\n\nmessage Meeting {\n  map<string, string> labels = 1;\n}",
    },
    check,
};

fn check(diff: &Diff, sink: &mut Sink) {
    check_cardinality(diff, sink, Strictness::WireJson);
}
