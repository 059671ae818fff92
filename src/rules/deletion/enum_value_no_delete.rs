//! ENUM_VALUE_NO_DELETE

use super::shared::{self, Unless};
use crate::pair::Diff;
use crate::rules::{Example, Rule, Sink};

pub const RULE: Rule = Rule {
    id: "ENUM_VALUE_NO_DELETE",
    summary: "A number that an enum used to define is gone.",
    what: "For every enum present in both versions (matched by full name), each number the \
           OLD enum defined must still be defined by some value of the NEW enum. Values are \
           matched by number: aliases share one number, so removing one alias of a number \
           that stays is not a deletion (ENUM_VALUE_SAME_NAME covers renames). Reserving the \
           number or the name does not make the deletion acceptable here; the \
           `_UNLESS_*_RESERVED` variants allow that.",
    why: "Generated code that names the value no longer compiles. Data that carries the \
           number is still sent by old clients: open enums keep it as an unrecognised number, \
           closed enums turn it into an unknown field, and a later value reusing the number \
           silently changes its meaning.",
    fix: "Keep the value and mark it `[deprecated = true]`. If it has to go, reserve both \
           its number and its name so neither can be reused.",
    example: Example {
        old: "syntax = \"proto3\";\npackage meeting.v1;\n\nenum Role {\n  ROLE_UNSPECIFIED = 0;\n  ROLE_HOST = 1;\n  ROLE_GUEST = 2;\n}",
        new: "syntax = \"proto3\";\npackage meeting.v1;\n\nenum Role {\n  ROLE_UNSPECIFIED = 0;\n  ROLE_HOST = 1;\n}",
    },
    check,
};

fn check(diff: &Diff, sink: &mut Sink) {
    shared::deleted_enum_values(diff, sink, Unless::Never);
}
