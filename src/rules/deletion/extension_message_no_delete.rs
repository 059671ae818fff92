//! EXTENSION_MESSAGE_NO_DELETE

use super::shared::{self, Ranged};
use crate::pair::Diff;
use crate::rules::{Example, Rule, Sink};

pub const RULE: Rule = Rule {
    id: "EXTENSION_MESSAGE_NO_DELETE",
    summary: "A message's extension ranges now cover fewer numbers.",
    what: "For every message present in both versions (matched by full name), every number \
           that an OLD `extensions` range covered must still be covered by the NEW ranges, \
           however they are split or merged. There is one finding per OLD range that lost \
           numbers, listing the numbers it lost.",
    why: "Other files, often in other repositories, declare extensions with numbers from \
           these ranges. Once a number leaves the ranges, those `extend` blocks no longer \
           compile, and data that carries those extensions is no longer recognised.",
    fix: "Put the numbers back into an `extensions` range. Ranges may be split, merged or \
           widened freely, as long as every old number stays covered.",
    example: Example {
        old: "syntax = \"proto2\";\npackage meeting.v1;\n\nmessage Meeting {\n  extensions 100 to 199;\n}",
        new: "syntax = \"proto2\";\npackage meeting.v1;\n\nmessage Meeting {\n  extensions 100 to 149;\n}",
    },
    check,
};

fn check(diff: &Diff, sink: &mut Sink) {
    for (old, new) in diff.message_pairs() {
        shared::lost_range_numbers(
            diff,
            sink,
            "extension",
            "extensions",
            &Ranged::message(old, &old.extension_ranges, &old.extension_range_spans),
            &Ranged::message(new, &new.extension_ranges, &new.extension_range_spans),
        );
    }
}
