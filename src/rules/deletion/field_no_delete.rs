//! FIELD_NO_DELETE

use super::shared::{self, Unless};
use crate::pair::Diff;
use crate::rules::{Example, Rule, Sink};

pub const RULE: Rule = Rule {
    id: "FIELD_NO_DELETE",
    summary: "A field number that a message used to have is gone.",
    what: "For every message present in both versions (matched by full name), each field \
           number of the OLD message must still be a field of the NEW message. Fields are \
           matched by number, so a renamed field is not a deletion (FIELD_SAME_NAME covers \
           that). Reserving the number or the name does not make a deletion acceptable here; \
           the `_UNLESS_*_RESERVED` variants allow that.",
    why: "Generated code that used the field no longer compiles. On the wire, data written \
           with the field becomes an unknown field that new readers drop, and a later field \
           that reuses the number or name silently misreads it.",
    fix: "Keep the field (mark it `deprecated = true`). If it has to go, accept the break \
           knowingly and reserve both its number and its name so that neither can be reused.",
    example: Example {
        old: "syntax = \"proto3\";\npackage meeting.v1;\n\nmessage Participant {\n  string id = 1;\n  string nickname = 2;\n}",
        new: "syntax = \"proto3\";\npackage meeting.v1;\n\nmessage Participant {\n  string id = 1;\n}",
    },
    check,
};

fn check(diff: &Diff, sink: &mut Sink) {
    shared::deleted_fields(diff, sink, Unless::Never);
}
