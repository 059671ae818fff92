//! ENUM_VALUE_NO_DELETE_UNLESS_DEPRECATED

use super::shared::message_deprecated;
use crate::pair::Diff;
use crate::rules::{Example, Rule, Sink};

pub const RULE: Rule = Rule {
    id: "ENUM_VALUE_NO_DELETE_UNLESS_DEPRECATED",
    summary: "An enum value was deleted without first being deprecated, or without reserving \
              its number and name.",
    what: "For every enum present in both versions (by full name), each number of the OLD enum \
           that is gone from the NEW one must have had its value(s) `deprecated = true` in OLD \
           (or the enum, or a message around it), and the NEW enum must reserve the number and \
           the name. With `[breaking.policy] deprecate_then_reserve = true` this rule \
           replaces ENUM_VALUE_NO_DELETE.",
    why: "Clients still send and switch on the value: deleting it without a deprecation period \
          breaks them unannounced. A number that is not reserved can be reused with another \
          meaning (old data then misreads), a name that is not reserved can come back in \
          JSON with another number.",
    fix: "First release the value with `[deprecated = true]`; later delete it and add \
          `reserved <number>;` and `reserved \"<NAME>\";` to the enum.",
    example: Example {
        old: "enum Role {\n  ROLE_UNSPECIFIED = 0;\n  ROLE_GUEST = 5;\n}",
        new: "enum Role {\n  ROLE_UNSPECIFIED = 0;\n}",
    },
    check,
};

fn check(diff: &Diff, sink: &mut Sink) {
    for (oe, ne) in diff.enum_pairs() {
        let enum_deprecated = oe.deprecated
            || oe
                .full_name
                .rsplit_once('.')
                .is_some_and(|(parent, _)| message_deprecated(diff.old, parent));
        for (i, v) in oe.values.iter().enumerate() {
            // An alias: the number's first value speaks for it.
            if oe.values[..i].iter().any(|o| o.number == v.number)
                || ne.values.iter().any(|n| n.number == v.number)
            {
                continue;
            }
            let deprecated = enum_deprecated || v.deprecated;
            let (message, help) = if !deprecated {
                (
                    format!(
                        "Enum value \"{}\" (number {}) on enum \"{}\" was deleted without being \
                         deprecated first.",
                        v.name, v.number, ne.name
                    ),
                    format!(
                        "restore `{} = {}` with `[deprecated = true]`; delete it (reserving it) \
                         in a later release",
                        v.name, v.number
                    ),
                )
            } else if !(ne.is_reserved_number(v.number) && ne.is_reserved_name(&v.name)) {
                (
                    format!(
                        "Deprecated enum value \"{}\" (number {}) on enum \"{}\" was deleted, but \
                         its number and name are not both reserved.",
                        v.name, v.number, ne.name
                    ),
                    format!(
                        "add `reserved {};` and `reserved \"{}\";` to enum {}",
                        v.number, v.name, ne.name
                    ),
                )
            } else {
                continue;
            };
            sink.report(
                message,
                Some(diff.new_place(ne.file, &ne.span)),
                Some(diff.old_place(oe.file, &v.span)),
            )
            .help = Some(help);
        }
    }
}
