//! FIELD_SAME_BEHAVIOR

use super::shared::describe;
use crate::model::options::field_behavior::{self, IMMUTABLE, OUTPUT_ONLY};
use crate::pair::Diff;
use crate::rules::{Example, Rule, Sink};

pub const RULE: Rule = Rule {
    id: "FIELD_SAME_BEHAVIOR",
    summary: "A field's `(google.api.field_behavior)` changed: OUTPUT_ONLY added or removed, or \
              IMMUTABLE added.",
    what: "For every field present in both versions (paired by message full name and number), \
           `OUTPUT_ONLY` must be on both sides or on neither, and `IMMUTABLE` must not be \
           added. (A new REQUIRED is FIELD_NO_NEW_REQUIRED's.)",
    why: "An OUTPUT_ONLY field is set by the server only: once it becomes settable, servers \
          start honouring values that old clients echoed back unchanged; once a settable \
          field becomes OUTPUT_ONLY, the values clients send are silently ignored. A field \
          that becomes IMMUTABLE makes every update that changes it fail.",
    fix: "Keep the field's behavior. For a different contract, add a new field with the new \
          behavior and deprecate the old one.",
    example: Example {
        old: "message Meeting {\n  string title = 1;\n}",
        new:
            "message Meeting {\n  string title = 1 [(google.api.field_behavior) = OUTPUT_ONLY];\n}",
    },
    check,
};

fn check(diff: &Diff, sink: &mut Sink) {
    for p in diff.field_pairs() {
        let had = |v: i32| p.old.behavior.contains(&v);
        let has = |v: i32| p.new.behavior.contains(&v);
        let mut changes = Vec::new();
        match (had(OUTPUT_ONLY), has(OUTPUT_ONLY)) {
            (false, true) => changes.push(format!(
                "became {}: values that clients set are now ignored",
                field_behavior::name(OUTPUT_ONLY)
            )),
            (true, false) => changes.push(format!(
                "is no longer {}: values that old clients echo back are now honoured",
                field_behavior::name(OUTPUT_ONLY)
            )),
            _ => {}
        }
        if !had(IMMUTABLE) && has(IMMUTABLE) {
            changes.push(format!(
                "became {}: updates that change it now fail",
                field_behavior::name(IMMUTABLE)
            ));
        }
        for change in changes {
            sink.report(
                format!(
                    "{} on message \"{}\" {change}.",
                    describe(p.new),
                    p.new_message.name
                ),
                Some(diff.new_place(p.new.file, &p.new.spans.decl)),
                Some(diff.old_place(p.old.file, &p.old.spans.decl)),
            )
            .help = Some(format!(
                "keep the field_behavior of `{}`; add a new field for the new behavior",
                p.new.name
            ));
        }
    }
}
