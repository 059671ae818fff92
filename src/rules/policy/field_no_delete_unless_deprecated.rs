//! FIELD_NO_DELETE_UNLESS_DEPRECATED

use super::shared::{describe, message_deprecated};
use crate::pair::Diff;
use crate::rules::{Example, Rule, Sink};

pub const RULE: Rule = Rule {
    id: "FIELD_NO_DELETE_UNLESS_DEPRECATED",
    summary: "A field was deleted without first being deprecated, or without reserving its \
              number and name.",
    what: "For every message present in both versions (by full name), each field of the OLD \
           message whose number is gone from the NEW one must have been `deprecated = true` \
           in OLD (on the field or an enclosing message), and the NEW message must reserve \
           both its number and its name. Map entries are skipped. With `[breaking.policy] \
           deprecate_then_reserve = true` this rule replaces FIELD_NO_DELETE.",
    why: "Deprecation is how clients learn that a field is going away: deleting a field that \
          was never deprecated surprises everyone who still reads or writes it. Once it is \
          gone, a number that is not reserved can be reused with another type (old data \
          then misreads), and a name that is not reserved can come back with another \
          meaning in JSON.",
    fix: "First release the field with `[deprecated = true]`; later delete it and add \
          `reserved <number>;` and `reserved \"<name>\";` to the message.",
    example: Example {
        old: "message Participant {\n  string user_id = 2;\n  string nickname = 7;\n}",
        new: "message Participant {\n  string user_id = 2;\n}",
    },
    check,
};

fn check(diff: &Diff, sink: &mut Sink) {
    for (om, nm) in diff.message_pairs() {
        if om.map_entry {
            continue;
        }
        for f in &om.fields {
            if nm.field(f.number).is_some() {
                continue;
            }
            let deprecated = f.deprecated || message_deprecated(diff.old, &om.full_name);
            let (message, help) = if !deprecated {
                (
                    format!(
                        "{} on message \"{}\" was deleted without being deprecated first.",
                        describe(f),
                        nm.name
                    ),
                    format!(
                        "restore `{}` with `[deprecated = true]`; delete it (reserving {} and \
                         \"{}\") in a later release",
                        f.name, f.number, f.name
                    ),
                )
            } else if !(nm.is_reserved_number(f.number) && nm.is_reserved_name(&f.name)) {
                let missing = match (
                    nm.is_reserved_number(f.number),
                    nm.is_reserved_name(&f.name),
                ) {
                    (false, false) => "its number and name are",
                    (false, true) => "its number is",
                    _ => "its name is",
                };
                (
                    format!(
                        "Deprecated {} on message \"{}\" was deleted, but {missing} not \
                         reserved.",
                        describe(f).replacen("Field", "field", 1),
                        nm.name
                    ),
                    format!(
                        "add `reserved {};` and `reserved \"{}\";` to message {}",
                        f.number, f.name, nm.name
                    ),
                )
            } else {
                continue;
            };
            sink.report(
                message,
                Some(diff.new_place(nm.file, &nm.span)),
                Some(diff.old_place(f.file, &f.spans.decl)),
            )
            .help = Some(help);
        }
    }
}
