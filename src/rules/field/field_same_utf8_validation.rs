//! FIELD_SAME_UTF8_VALIDATION

use super::shared::{anchor, pairs, utf8_name};
use crate::model::features::utf8;
use crate::model::kind;
use crate::pair::Diff;
use crate::rules::{Example, Rule, Sink};

pub const RULE: Rule = Rule {
    id: "FIELD_SAME_UTF8_VALIDATION",
    summary: "UTF-8 validation of a string field changed.",
    what: "For every string field present in both versions (paired by message full name and \
           number, extensions by extendee and number; map keys and values included), the \
           resolved `features.utf8_validation` must be the same: VERIFY (proto3 and editions \
           by default) or NONE (proto2). Changing the syntax of a file between proto2 and \
           proto3 changes it for every string field.",
    why: "With VERIFY, parsers reject a message whose string holds invalid UTF-8; with NONE they \
          accept it. Turning validation on makes data that was accepted fail to parse; turning \
          it off lets invalid text reach code that relies on it being valid.",
    fix: "Keep the old validation, setting `features.utf8_validation` on the field (or file) \
          explicitly if the syntax or edition changes.",
    example: Example {
        old: "syntax = \"proto2\";\nmessage Note {\n  optional string text = 1;\n}",
        new: "syntax = \"proto3\";\nmessage Note {\n  string text = 1;\n}",
    },
    check,
};

fn check(diff: &Diff, sink: &mut Sink) {
    for p in pairs(diff) {
        if p.old.kind != kind::STRING || p.new.kind != kind::STRING {
            continue;
        }
        let (old, new) = (
            p.old.features.utf8_validation,
            p.new.features.utf8_validation,
        );
        if old == new {
            continue;
        }
        let finding = p.report(
            diff,
            sink,
            format!(
                "{} changed UTF8 validation from {} to {}.",
                p.description(),
                utf8_name(old),
                utf8_name(new)
            ),
            anchor(&[&p.new.spans.utf8_validation], p.new),
            anchor(&[&p.old.spans.utf8_validation], p.old),
        );
        finding.effects =
            crate::effects::change::utf8_validation(old == utf8::VERIFY, new == utf8::VERIFY);
    }
}
