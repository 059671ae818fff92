//! FIELD_NO_DELETE_UNLESS_NAME_RESERVED

use super::shared::{self, Unless};
use crate::pair::Diff;
use crate::rules::{Example, Rule, Sink};

pub const RULE: Rule = Rule {
    id: "FIELD_NO_DELETE_UNLESS_NAME_RESERVED",
    summary: "A field was deleted without reserving its name.",
    what: "As FIELD_NO_DELETE: every field number of a message (matched by full name) must \
           still be a field, except that a deleted field is accepted when the NEW message \
           lists its name in `reserved`.",
    why: "The JSON form of a message uses field names. If the name is not reserved, a later \
           field may take it and read old JSON data of a different shape; and the old field's \
           data is silently dropped by new readers.",
    fix: "Reserve the deleted field's name (and, for the binary format, its number too): \
           `reserved 2; reserved \"nickname\";` (in editions: `reserved nickname;`).",
    example: Example {
        old: "syntax = \"proto3\";\npackage meeting.v1;\n\nmessage Participant {\n  string id = 1;\n  string nickname = 2;\n}",
        new: "syntax = \"proto3\";\npackage meeting.v1;\n\nmessage Participant {\n  string id = 1;\n  reserved 2;\n}",
    },
    check,
};

fn check(diff: &Diff, sink: &mut Sink) {
    shared::deleted_fields(diff, sink, Unless::NameReserved);
}
