//! FIELD_NEW_WITH_PRESENCE

use super::shared::{added_fields, describe};
use crate::model::{Cardinality, Syntax};
use crate::pair::Diff;
use crate::rules::{Example, Rule, Sink};

pub const RULE: Rule = Rule {
    id: "FIELD_NEW_WITH_PRESENCE",
    summary: "A new proto3 field without `optional` in a message listed as presence-sensitive.",
    what: "For every message present in both versions whose full name is listed in \
           `[breaking.policy] presence_sensitive` of protocheck.toml (`pkg.*` lists a \
           package), a field with a new number in a proto3 file must have explicit presence: \
           `optional`, a message type, or a oneof member. Repeated and map fields are \
           exempt. With no list (the default) the rule reports nothing: implicit presence is \
           fine for most teams.",
    why: "An old client never sends the new field. Without presence the server cannot tell \
          \"not sent\" from the zero value, and treats every old client as having chosen \
          `0`, `false` or `\"\"` — in a message where the team decided that difference \
          matters.",
    fix: "Declare the field `optional` (or give it a message type), and treat \"unset\" as \
          \"the client does not know this field\".",
    example: Example {
        old: "message MeetingSettings {\n  int32 max_participants = 1;\n}",
        new:
            "message MeetingSettings {\n  int32 max_participants = 1;\n  bool live_captions = 2;\n}",
    },
    check,
};

fn check(diff: &Diff, sink: &mut Sink) {
    for a in added_fields(diff) {
        if !diff.policy.is_presence_sensitive(&a.new_message.full_name)
            || diff.new.file_of(a.field.file).syntax != Syntax::Proto3
            || a.field.cardinality != Cardinality::OptionalImplicitPresence
        {
            continue;
        }
        sink.report(
            format!(
                "{} on presence-sensitive message \"{}\" was added without explicit presence: \
                 old clients that never send it cannot be told from clients that send the \
                 zero value.",
                describe(a.field),
                a.new_message.name
            ),
            Some(diff.new_place(a.field.file, &a.field.spans.decl)),
            Some(diff.old_place(a.old_message.file, &a.old_message.span)),
        )
        .help = Some(format!("declare it `optional {}`", a.field.type_display()));
    }
}
