//! MESSAGE_SAME_REQUIRED_FIELDS

use crate::effects::{Effect, Effects, PerEncoding};
use crate::model::{Cardinality, Field, Message};
use crate::pair::Diff;
use crate::rules::{Example, Rule, Sink};

pub const RULE: Rule = Rule {
    id: "MESSAGE_SAME_REQUIRED_FIELDS",
    summary: "A required field was added to or removed from a message.",
    what: "For every message present in both versions (matched by full name), the set of field \
           numbers that are required (proto2 `required`, or \
           `features.field_presence = LEGACY_REQUIRED` in editions) must stay the same. A field \
           that stops being required counts as removed, one that becomes required as added.",
    why: "A parser rejects a message that lacks a required field it knows about. A required \
          field that is new to one side makes that side reject everything the other side sends \
          without it; a required field that one side dropped is no longer sent, so the side that \
          still requires it rejects the messages.",
    fix: "Leave required fields as they are. Add new fields as optional (and validate them in \
          application code); to retire a required field, keep it declared and sent for as long \
          as any peer still requires it.",
    example: Example {
        old: "message Participant {\n  required string id = 1;\n}",
        new: "message Participant {\n  required string id = 1;\n  required string room = 2;\n}",
    },
    check,
};

fn required(m: &Message) -> impl Iterator<Item = &Field> {
    m.fields
        .iter()
        .filter(|f| f.cardinality == Cardinality::Required)
}

fn is_required(m: &Message, number: i32) -> bool {
    m.field(number)
        .is_some_and(|f| f.cardinality == Cardinality::Required)
}

const CONSEQUENCE: &str = "Required fields must always be sent, so if one side does not know \
                           about the required field, this will result in a breakage.";

/// A required field added: NEW refuses what OLD writes without it.
fn required_effects() -> Effects {
    Effects::new(
        PerEncoding::both(Effect::Rejected),
        PerEncoding::both(Effect::Ok),
    )
}

fn check(diff: &Diff, sink: &mut Sink) {
    for (old, new) in diff.message_pairs() {
        for f in required(old) {
            if is_required(new, f.number) {
                continue;
            }
            // The field is gone or no longer required: reported at the message.
            let finding = sink.report(
                format!(
                    "Message \"{}\" had required field \"{}\" deleted. {CONSEQUENCE}",
                    old.name, f.number
                ),
                Some(diff.new_place(new.file, &new.span)),
                Some(diff.old_place(old.file, &old.span)),
            );
            // NEW may leave the field out, and OLD refuses a message without it.
            finding.effects = required_effects().swapped();
            finding.help = Some(format!(
                "keep field {} (\"{}\") declared as required",
                f.number, f.name
            ));
        }
        for f in required(new) {
            if is_required(old, f.number) {
                continue;
            }
            let finding = sink.report(
                format!(
                    "Message \"{}\" had required field \"{}\" added. {CONSEQUENCE}",
                    new.name, f.number
                ),
                Some(diff.new_place(new.file, &f.spans.decl)),
                // The same field when it was optional; nothing when it is new.
                old.field(f.number)
                    .map(|of| diff.old_place(old.file, &of.spans.decl)),
            );
            // OLD may leave the field out, and NEW refuses a message without it.
            finding.effects = required_effects();
            finding.help = Some(format!(
                "declare field {} (\"{}\") as optional and check its presence in code",
                f.number, f.name
            ));
        }
    }
}
