//! ONEOF_NO_DELETE

use crate::pair::Diff;
use crate::rules::{Example, Rule, Sink};

pub const RULE: Rule = Rule {
    id: "ONEOF_NO_DELETE",
    summary: "A oneof that a message used to have is gone.",
    what: "For every message present in both versions (matched by full name), each oneof of \
           the OLD message must still exist, by name, in the NEW message. The synthetic \
           oneofs that proto3 `optional` fields create are not compared \
           (FIELD_SAME_CARDINALITY covers those fields).",
    why: "Generated code exposes a oneof as its own type or accessor (an enum of cases, a \
           `which_*` method, a Rust enum); code using it stops compiling. If its fields \
           survived outside the oneof, setting two of them no longer clears the other, which \
           changes behaviour for readers that relied on only one being set.",
    fix: "Keep the oneof. To stop using one of its cases, deprecate that field or delete it \
           and reserve its number and name; to retire the whole oneof, keep it with \
           deprecated fields.",
    example: Example {
        old: "syntax = \"proto3\";\npackage meeting.v1;\n\nmessage Invite {\n  oneof target {\n    string email = 1;\n    string user_id = 2;\n  }\n}",
        new: "syntax = \"proto3\";\npackage meeting.v1;\n\nmessage Invite {\n  string email = 1;\n  string user_id = 2;\n}",
    },
    check,
};

fn check(diff: &Diff, sink: &mut Sink) {
    for (old, new) in diff.message_pairs() {
        for o in old.oneofs.iter().filter(|o| !o.synthetic) {
            if new.oneofs.iter().any(|n| n.name == o.name) {
                continue;
            }
            sink.report(
                format!(
                    "Previously present oneof \"{}\" on message \"{}\" was deleted.",
                    o.name, new.name
                ),
                Some(diff.new_place(new.file, &new.span)),
                Some(diff.old_place(old.file, &o.span)),
            )
            .help = Some(format!(
                "keep `oneof {} {{ ... }}` in message `{}`; deprecate or reserve its fields \
                 instead of removing the oneof",
                o.name, new.name
            ));
        }
    }
}
