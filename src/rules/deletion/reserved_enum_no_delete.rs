//! RESERVED_ENUM_NO_DELETE

use super::shared::{self, Reserved};
use crate::pair::Diff;
use crate::rules::{Example, Rule, Sink};

pub const RULE: Rule = Rule {
    id: "RESERVED_ENUM_NO_DELETE",
    summary: "An enum no longer reserves a number or a name it used to reserve.",
    what: "For every enum present in both versions (matched by full name), every number an \
           OLD `reserved` range covered must still be reserved (ranges may be split or \
           merged), and every reserved name must still be reserved. There is one finding per \
           OLD range that lost numbers and one per dropped name.",
    why: "Numbers and names are reserved because a value that used them was deleted and old \
           data may still carry them. Once the reservation is gone, a new value can take the \
           number or the name and old data silently changes meaning.",
    fix: "Keep the reservation. Reserved ranges may be rearranged freely as long as every \
           old number and name stays reserved.",
    example: Example {
        old: "syntax = \"proto3\";\npackage meeting.v1;\n\nenum Role {\n  ROLE_UNSPECIFIED = 0;\n  reserved 1, 3 to 5;\n  reserved \"ROLE_ADMIN\";\n}",
        new: "syntax = \"proto3\";\npackage meeting.v1;\n\nenum Role {\n  ROLE_UNSPECIFIED = 0;\n  reserved 1;\n}",
    },
    check,
};

fn check(diff: &Diff, sink: &mut Sink) {
    for (old, new) in diff.enum_pairs() {
        shared::lost_reservations(diff, sink, Reserved::of_enum(old), Reserved::of_enum(new));
    }
}
