//! FIELD_NO_NEW_REQUIRED

use super::shared::{added_fields, describe, required_by};
use crate::pair::Diff;
use crate::rules::{Example, Rule, Sink};

pub const RULE: Rule = Rule {
    id: "FIELD_NO_NEW_REQUIRED",
    summary: "A field added to an existing message is required, or an existing field became \
              REQUIRED.",
    what: "For every message present in both versions (by full name), a field whose number is \
           new must not be proto2 `required`, editions `LEGACY_REQUIRED`, or annotated \
           `(google.api.field_behavior) = REQUIRED`; and a field present in both versions \
           (by number) must not gain any of these. Map entries and extensions are skipped.",
    why: "A caller built against OLD does not know the field and never sets it: a proto2 \
          parser rejects its messages outright, and a server that enforces REQUIRED \
          (AIP-203) rejects every request of every client that was not updated (AIP-180 \
          calls this a breaking change).",
    fix: "Add the field as optional (proto3 `optional`, or with a default the server applies \
          when it is unset). Make a field REQUIRED only in a new message or a new API \
          version.",
    example: Example {
        old: "import \"google/api/field_behavior.proto\";\n\nmessage CreateMeetingRequest {\n  string title = 1;\n}",
        new: "import \"google/api/field_behavior.proto\";\n\nmessage CreateMeetingRequest {\n  string title = 1;\n  string room = 2 [(google.api.field_behavior) = REQUIRED];\n}",
    },
    check,
};

fn check(diff: &Diff, sink: &mut Sink) {
    for a in added_fields(diff) {
        if let Some(why) = required_by(a.field) {
            sink.report(
                format!(
                    "{} on message \"{}\" was added and {why}: every caller built against the \
                     previous version leaves it unset and is rejected.",
                    describe(a.field),
                    a.new_message.name
                ),
                Some(diff.new_place(a.field.file, &a.field.spans.decl)),
                Some(diff.old_place(a.old_message.file, &a.old_message.span)),
            )
            .help = Some(format!(
                "make `{}` optional (and let the server apply a default), or require it only \
                 in a new message",
                a.field.name
            ));
        }
    }
    for p in diff.field_pairs() {
        if p.new_message.map_entry {
            continue;
        }
        let (Some(why), None) = (required_by(p.new), required_by(p.old)) else {
            continue;
        };
        let anchor = p.new.spans.decl.clone();
        let finding = sink.report(
            format!(
                "{} on message \"{}\" now {why}: callers that do not set it were valid before \
                 and are rejected now.",
                describe(p.new),
                p.new_message.name
            ),
            Some(diff.new_place(p.new.file, &anchor)),
            Some(diff.old_place(p.old.file, &p.old.spans.decl)),
        );
        finding.help = Some(format!(
            "keep `{}` optional; validate it in the server for new callers only",
            p.new.name
        ));
        // OLD knows the field: what NEW writes reads as before.
        finding.effects = crate::effects::Effects::new(
            crate::effects::PerEncoding::both(crate::effects::Effect::Rejected),
            crate::effects::PerEncoding::both(crate::effects::Effect::Ok),
        );
    }
}
