//! RESERVED_MESSAGE_NO_DELETE

use super::shared::{self, Reserved};
use crate::pair::Diff;
use crate::rules::{Example, Rule, Sink};

pub const RULE: Rule = Rule {
    id: "RESERVED_MESSAGE_NO_DELETE",
    summary: "A message no longer reserves a number or a name it used to reserve.",
    what: "For every message present in both versions (matched by full name), every number an \
           OLD `reserved` range covered must still be reserved (ranges may be split or \
           merged), and every reserved name must still be reserved. There is one finding per \
           OLD range that lost numbers and one per dropped name.",
    why: "Numbers and names are reserved because a field that used them was deleted and old \
           data may still carry them. Once the reservation is gone, a new field can take the \
           number or the name and silently misread that data, in binary or in JSON.",
    fix: "Keep the reservation. Reserved ranges may be rearranged freely as long as every \
           old number and name stays reserved.",
    example: Example {
        old: "syntax = \"proto3\";\npackage meeting.v1;\n\nmessage Participant {\n  string id = 1;\n  reserved 2, 5 to 9;\n  reserved \"nickname\";\n}",
        new: "syntax = \"proto3\";\npackage meeting.v1;\n\nmessage Participant {\n  string id = 1;\n  reserved 2, 5 to 7;\n}",
    },
    check,
};

fn check(diff: &Diff, sink: &mut Sink) {
    for (old, new) in diff.message_pairs() {
        shared::lost_reservations(
            diff,
            sink,
            Reserved::of_message(old),
            Reserved::of_message(new),
        );
    }
}
