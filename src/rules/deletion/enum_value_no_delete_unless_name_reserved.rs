//! ENUM_VALUE_NO_DELETE_UNLESS_NAME_RESERVED

use super::shared::{self, Unless};
use crate::pair::Diff;
use crate::rules::{Example, Rule, Sink};

pub const RULE: Rule = Rule {
    id: "ENUM_VALUE_NO_DELETE_UNLESS_NAME_RESERVED",
    summary: "An enum value was deleted without reserving its name.",
    what: "As ENUM_VALUE_NO_DELETE: every number an enum (matched by full name) defined must \
           still be defined, except that a deleted number is accepted when every name it had \
           (all its aliases) is now in the enum's `reserved` names.",
    why: "The JSON form of an enum value is its name. If the name is not reserved, a later \
           value may take it, and old JSON data then parses as the new value.",
    fix: "Reserve every name of the deleted number (and, for the binary format, the number \
           too): `reserved 2; reserved \"ROLE_GUEST\";` (in editions: `reserved \
           ROLE_GUEST;`).",
    example: Example {
        old: "syntax = \"proto3\";\npackage meeting.v1;\n\nenum Role {\n  ROLE_UNSPECIFIED = 0;\n  ROLE_HOST = 1;\n  ROLE_GUEST = 2;\n}",
        new: "syntax = \"proto3\";\npackage meeting.v1;\n\nenum Role {\n  ROLE_UNSPECIFIED = 0;\n  ROLE_HOST = 1;\n  reserved 2;\n}",
    },
    check,
};

fn check(diff: &Diff, sink: &mut Sink) {
    shared::deleted_enum_values(diff, sink, Unless::NameReserved);
}
