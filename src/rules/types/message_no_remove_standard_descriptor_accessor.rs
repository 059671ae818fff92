//! MESSAGE_NO_REMOVE_STANDARD_DESCRIPTOR_ACCESSOR

use crate::pair::Diff;
use crate::rules::{Example, Rule, Sink};

pub const RULE: Rule = Rule {
    id: "MESSAGE_NO_REMOVE_STANDARD_DESCRIPTOR_ACCESSOR",
    summary: "A message turned on `no_standard_descriptor_accessor`.",
    what: "For every message present in both versions (matched by full name), the message \
           option `no_standard_descriptor_accessor` must not go from false (or unset) to true. \
           Turning it off again is fine.",
    why: "The option removes the generated `descriptor()` accessor from the message class (in \
          C++ and Java among others), so code that calls it stops compiling.",
    fix: "Remove `option no_standard_descriptor_accessor = true;` from the message, or set it to \
          false.",
    example: Example {
        old: "syntax = \"proto3\";\npackage meeting.v1;\n\nmessage Meeting {\n  string id = 1;\n}",
        new: "syntax = \"proto3\";\npackage meeting.v1;\n\nmessage Meeting {\n  option no_standard_descriptor_accessor = true;\n  string id = 1;\n}",
    },
    check,
};

fn check(diff: &Diff, sink: &mut Sink) {
    for (old, new) in diff.message_pairs() {
        if old.no_standard_descriptor_accessor || !new.no_standard_descriptor_accessor {
            continue;
        }
        sink.report(
            "Message option \"no_standard_descriptor_accessor\" changed from \"false\" to \"true\".",
            Some(diff.new_place(new.file, &new.no_standard_descriptor_accessor_span)),
            // The old `= false` statement, if it was spelled out.
            old.no_standard_descriptor_accessor_span
                .is_some()
                .then(|| diff.old_place(old.file, &old.no_standard_descriptor_accessor_span)),
        )
        .help = Some("remove `option no_standard_descriptor_accessor = true;`".to_owned());
    }
}
