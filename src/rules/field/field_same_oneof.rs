//! FIELD_SAME_ONEOF

use super::shared::{go_quote, pairs};
use crate::model::{Field, Message};
use crate::pair::Diff;
use crate::rules::{Example, Rule, Sink};

pub const RULE: Rule = Rule {
    id: "FIELD_SAME_ONEOF",
    summary: "A field moved into, out of, or between oneofs.",
    what: "For every field present in both versions (paired by message full name and number), \
           membership in a oneof must not change: a field outside any oneof stays outside, and \
           a field in a oneof stays in a oneof of the same name. The synthetic oneof of a proto3 \
           `optional` field does not count (FIELD_SAME_CARDINALITY sees that change). \
           Extensions are skipped.",
    why: "Setting one member of a oneof clears the others. Moving a field into a oneof makes \
          messages that set it together with another member lose one of them; moving it out \
          changes generated code (the oneof case enum and accessors) and how JSON is validated.",
    fix: "Keep the field where it was. For a new layout, add new fields with new numbers.",
    example: Example {
        old: "syntax = \"proto3\";\npackage meeting.v1;\n\nmessage Meeting {\n  string room = 1;\n  string link = 2;\n}",
        new: "syntax = \"proto3\";\npackage meeting.v1;\n\nmessage Meeting {\n  oneof place {\n    string room = 1;\n    string link = 2;\n  }\n}",
    },
    check,
};

/// The name of the real (non-synthetic) oneof the field belongs to.
fn real_oneof<'a>(f: &Field, m: Option<&'a Message>) -> Option<&'a str> {
    let o = m?.oneofs.get(f.oneof_index?)?;
    (!o.synthetic).then_some(o.name.as_str())
}

/// The effects of a field's oneof membership changing: only members both sides have can be
/// set together by a writer of one and collide in the other.
pub(crate) fn oneof_effects(
    old: &Field,
    old_message: Option<&Message>,
    new: &Field,
    new_message: Option<&Message>,
) -> crate::effects::Effects {
    use crate::effects::change;
    let (o, n) = match (old_message, new_message) {
        (Some(om), Some(nm)) => (
            change::oneof_siblings(old, om, nm),
            change::oneof_siblings(new, nm, om),
        ),
        _ => (0, 0),
    };
    change::oneof(o, n)
}

fn check(diff: &Diff, sink: &mut Sink) {
    for p in pairs(diff) {
        if p.is_extension() {
            continue;
        }
        let message = match (
            real_oneof(p.old, p.old_message),
            real_oneof(p.new, p.new_message),
        ) {
            (None, None) => continue,
            (Some(old), Some(new)) if old == new => continue,
            // buf 1.75 prints a stray `q` after the field description here (a format-string
            // slip); protocheck prints the sentence buf meant.
            (Some(old), Some(new)) => format!(
                "{} moved from oneof {} to oneof {}.",
                p.description(),
                go_quote(old),
                go_quote(new)
            ),
            (Some(_), None) => format!("{} moved from inside to outside a oneof.", p.description()),
            (None, Some(_)) => format!("{} moved from outside to inside a oneof.", p.description()),
        };
        let finding = p.report(
            diff,
            sink,
            message,
            p.new.spans.decl.clone(),
            p.old.spans.decl.clone(),
        );
        finding.effects = oneof_effects(p.old, p.old_message, p.new, p.new_message);
    }
}
