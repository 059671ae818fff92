//! FIELD_SAME_TYPE

use super::shared::{check_type, Strictness};
use crate::pair::Diff;
use crate::rules::{Example, Rule, Sink};

pub const RULE: Rule = Rule {
    id: "FIELD_SAME_TYPE",
    summary: "The type of a field changed.",
    what: "For every field present in both versions (paired by message full name and number, \
           extensions by extendee and number), the kind must be the same (int32, string, \
           message, group, …; a delimited message field counts as a group), and a message, \
           group or enum field must refer to the same fully-qualified type. A map's key and \
           value are compared through the map's entry message and reported at `map<…>`.",
    why: "Generated code exposes the field with its type: any change breaks code that reads or \
          writes it. Most changes also break the binary or JSON encoding.",
    fix: "Keep the field's type. Add a new field with a new number and the new type, deprecate \
          the old one, migrate, then delete it and reserve its number and name.",
    example: Example {
        old: "syntax = \"proto3\";\npackage meeting.v1;\n\nmessage Meeting {\n  int32 duration_minutes = 1;\n}",
        new: "syntax = \"proto3\";\npackage meeting.v1;\n\nmessage Meeting {\n  int64 duration_minutes = 1;\n}",
    },
    check,
};

fn check(diff: &Diff, sink: &mut Sink) {
    check_type(diff, sink, Strictness::Same);
}
