//! FIELD_NO_DELETE

use crate::pair::Diff;
use crate::rules::{Example, Rule, Sink};

pub const RULE: Rule = Rule {
    id: "FIELD_NO_DELETE",
    summary: "A field number that a message used to have is gone.",
    what: "For every message present in both versions (matched by full name), each field number \
           of the old message must still be a field of the new message.",
    why: "Old clients keep sending the deleted field, and generated code that used it no longer \
          compiles. Worse, a later field that reuses the number or name silently misreads the old \
          data.",
    fix: "Keep the field (mark it `deprecated = true`), or delete it and reserve both its number \
          and its name so neither can be reused.",
    example: Example {
        old: "message Participant {\n  string id = 1;\n  string nickname = 2;\n}",
        new: "message Participant {\n  string id = 1;\n}",
    },
    check,
};

fn check(diff: &Diff, sink: &mut Sink) {
    for (old, new) in diff.message_pairs() {
        for f in &old.fields {
            if new.field(f.number).is_none() {
                sink.report(
                    format!(
                        "Previously present field \"{}\" with name \"{}\" on message \"{}\" was deleted.",
                        f.number, f.name, new.name
                    ),
                    Some(diff.new_place(new.file, &new.span)),
                    Some(diff.old_place(f.file, &f.spans.decl)),
                )
                .help = Some(format!(
                    "reserve the number and the name: reserved {}; reserved \"{}\";",
                    f.number, f.name
                ));
            }
        }
    }
}
