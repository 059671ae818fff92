//! ENUM_VALUE_NO_DELETE_UNLESS_NUMBER_RESERVED

use super::shared::{self, Unless};
use crate::pair::Diff;
use crate::rules::{Example, Rule, Sink};

pub const RULE: Rule = Rule {
    id: "ENUM_VALUE_NO_DELETE_UNLESS_NUMBER_RESERVED",
    summary: "An enum value was deleted without reserving its number.",
    what: "As ENUM_VALUE_NO_DELETE: every number an enum (matched by full name) defined must \
           still be defined, except that a deleted number is accepted when it lies in one of \
           the NEW enum's reserved ranges.",
    why: "The binary format carries enum values as numbers. If the number is not reserved, a \
           later value may reuse it, and data written by old clients silently takes the new \
           meaning.",
    fix: "Reserve the deleted number (and, for JSON, the name too): `reserved 2; reserved \
           \"ROLE_GUEST\";`.",
    example: Example {
        old: "syntax = \"proto3\";\npackage meeting.v1;\n\nenum Role {\n  ROLE_UNSPECIFIED = 0;\n  ROLE_HOST = 1;\n  ROLE_GUEST = 2;\n}",
        new: "syntax = \"proto3\";\npackage meeting.v1;\n\nenum Role {\n  ROLE_UNSPECIFIED = 0;\n  ROLE_HOST = 1;\n  reserved \"ROLE_GUEST\";\n}",
    },
    check,
};

fn check(diff: &Diff, sink: &mut Sink) {
    shared::deleted_enum_values(diff, sink, Unless::NumberReserved);
}
