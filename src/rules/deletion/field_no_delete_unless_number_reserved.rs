//! FIELD_NO_DELETE_UNLESS_NUMBER_RESERVED

use super::shared::{self, Unless};
use crate::pair::Diff;
use crate::rules::{Example, Rule, Sink};

pub const RULE: Rule = Rule {
    id: "FIELD_NO_DELETE_UNLESS_NUMBER_RESERVED",
    summary: "A field was deleted without reserving its number.",
    what: "As FIELD_NO_DELETE: every field number of a message (matched by full name) must \
           still be a field, except that a deleted field is accepted when its number lies in \
           one of the NEW message's reserved ranges.",
    why: "The binary format identifies fields by number. If the number is not reserved, a \
           later field may reuse it with another type, and data written by old clients is \
           then misread or fails to parse.",
    fix: "Reserve the deleted field's number (and, for JSON, its name too): `reserved 2; \
           reserved \"nickname\";`.",
    example: Example {
        old: "syntax = \"proto3\";\npackage meeting.v1;\n\nmessage Participant {\n  string id = 1;\n  string nickname = 2;\n}",
        new: "syntax = \"proto3\";\npackage meeting.v1;\n\nmessage Participant {\n  string id = 1;\n  reserved \"nickname\";\n}",
    },
    check,
};

fn check(diff: &Diff, sink: &mut Sink) {
    shared::deleted_fields(diff, sink, Unless::NumberReserved);
}
